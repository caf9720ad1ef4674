//! The synced tables of the workspace and its people.

use crate::access::Rule;
use crate::registry::{field, Kind, Restore, Table, ROLES};

pub(crate) static WORKSPACE: Table = Table {
    name: "workspace",
    label: "workspace",
    title: "name",
    fields: &[field("name", Kind::Text, "name"), field("deleted", Kind::Bool, "deleted")],
    // Leadership's, once founded.
    rule: Rule::Workspace,
};

pub(crate) static MEMBER: Table = Table {
    name: "member",
    label: "member",
    title: "name",
    fields: &[
        field("name", Kind::Text, "name"),
        // Restored through the member command, so a restored role or manager obeys today's
        // rules (who may change roles, who may manage).
        field("role", Kind::OneOf(ROLES), "role").restore(Restore::Command),
        field("manager_id", Kind::OptText, "manager").restore(Restore::Command),
        field("mentor_id", Kind::OptText, "mentor").restore(Restore::Command),
        field("deleted", Kind::Bool, "deleted"),
    ],
    // Per field (see the rule): who may add, rename, re-role, manage or remove whom.
    rule: Rule::Member,
};

pub(crate) static DEVICE: Table = Table {
    name: "device",
    label: "laptop",
    title: "id",
    fields: &[
        field("invite_id", Kind::OptText, "invite").restore(Restore::Never("a laptop's enrolment is fixed")),
        field("member_id", Kind::OptText, "member").restore(Restore::Never("a laptop's enrolment is fixed")),
        field("public_key", Kind::Text, "public key").restore(Restore::Never("a laptop's enrolment is fixed")),
        field("enrolled_by", Kind::OptText, "enrolled by").restore(Restore::Never("a laptop's enrolment is fixed")),
    ],
    // A laptop enrols itself, once, for its own member, authorised by founding, an invite, or
    // its changes from before signatures (see the rule).
    rule: Rule::Device,
};

pub(crate) static INVITE: Table = Table {
    name: "invite",
    label: "invite",
    title: "id",
    fields: &[
        field("member_id", Kind::OptText, "member").restore(Restore::Never("an invite names one member")),
        field("created_by", Kind::OptText, "created by").restore(Restore::Never("an invite names one member")),
        field("expires_ms", Kind::Int(0, i64::MAX), "expires").restore(Restore::Never("an invite's expiry is fixed")),
        field("revoked", Kind::Bool, "revoked").restore(Restore::Never("a revoked invite stays revoked")),
    ],
    // Whoever may add the invited member (or the member, for their own laptops).
    rule: Rule::Invite,
};
