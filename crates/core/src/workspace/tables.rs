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
