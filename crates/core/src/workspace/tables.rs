//! The synced tables of the workspace and its people.

use crate::access::Rule;
use crate::registry::{field, Kind, Restore, Table, ROLES};

const AUTHORITY: Restore = Restore::Never("a member's role and manager are not changed by restoring");

pub(crate) static WORKSPACE: Table = Table {
    name: "workspace",
    label: "workspace",
    title: "name",
    fields: &[field("name", Kind::Text, "name"), field("deleted", Kind::Bool, "deleted")],
    // Who may rename the workspace or add people is judged once segments are signed.
    rule: Rule::Unjudged,
};

pub(crate) static MEMBER: Table = Table {
    name: "member",
    label: "member",
    title: "name",
    fields: &[
        field("name", Kind::Text, "name"),
        field("role", Kind::OneOf(ROLES), "role").restore(AUTHORITY),
        field("manager_id", Kind::OptText, "manager").restore(AUTHORITY),
        field("deleted", Kind::Bool, "deleted"),
    ],
    rule: Rule::Unjudged,
};
