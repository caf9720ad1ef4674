//! The synced table of organisation goals.

use crate::access::{Action, Rule};
use crate::registry::{field, Kind, Restore, Table};

pub(crate) static GOAL: Table = Table {
    name: "goal",
    label: "goal",
    title: "title",
    fields: &[
        field("title", Kind::Text, "title").restore(Restore::Command),
        field("description", Kind::Text, "description").restore(Restore::Command),
        field("deleted", Kind::Bool, "deleted"),
        field("measure", Kind::Text, "measure").restore(Restore::Command),
    ],
    rule: Rule::Role { action: Action::EditGoals, what: "edit organisation goals" },
};
