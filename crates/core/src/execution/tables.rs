//! The synced tables of execution: sprints, launches with their checklists, the launch
//! checklist template a product keeps, and journal entries.
//!
//! Who writes what is declared per field, so the same rules hold for a local command and for
//! an op arriving from another laptop (judged as the log stood at its clock):
//! - a sprint is its product's: the product's owner (or leadership) makes it, sets its dates and
//!   capacity, and closes it;
//! - a story's sprint is planned by the junior the story's delegation is delegated to or by its
//!   delegator (so the senior closing a sprint carries unfinished stories over);
//! - a launch is set up by the owner of its item's product, who names its owner (usually the
//!   junior the item is delegated to); the rest of the launch and its checklist are its
//!   owner's or the product owner's;
//! - the launch checklist template is the product owner's;
//! - a journal entry is its author's alone, whatever the role (`Relational::Own`).

use crate::access::{Link, Relational, Rule};
use crate::registry::{field, Kind, Restore, Table};

pub(crate) const LAUNCH_STATUSES: &[&str] = &["planned", "launched", "cancelled"];
pub(crate) const JOURNAL_KINDS: &[&str] = &["learning", "achievement", "reflection"];

const TO_PRODUCT: Link = Link { field: "product_id", to: "product" };
const TO_ITEM: Link = Link { field: "item_id", to: "roadmap_item" };
const TO_LAUNCH: Link = Link { field: "launch_id", to: "launch" };
const FIXED: Restore = Restore::Never("it is fixed when the row is made");

/// The owner of the product reached through `path`.
const fn product_owner(path: &'static [Link], what: &'static str) -> Rule {
    Rule::Holds { path, holder: "owner_id", action: Relational::EditRoadmap, what }
}

pub(crate) static SPRINT: Table = Table {
    name: "sprint",
    label: "sprint",
    title: "name",
    fields: &[
        field("product_id", Kind::OptText, "product").restore(FIXED),
        field("name", Kind::Text, "name"),
        field("starts_on", Kind::Text, "starts on"),
        field("ends_on", Kind::Text, "ends on"),
        field("capacity", Kind::Int(0, 100_000), "capacity"),
        field("closed_ms", Kind::Int(0, i64::MAX), "closed at")
            .restore(Restore::Never("a sprint is closed by closing it")),
        field("deleted", Kind::Bool, "deleted"),
    ],
    rule: product_owner(&[TO_PRODUCT], "plan sprints of {}|plan sprints"),
};

/// The owner of the launch's item's product.
const LAUNCH_PRODUCT_OWNER: Rule = product_owner(&[TO_ITEM, TO_PRODUCT], "set up launches of {}|set up launches");

/// The launch's owner, or the owner of its item's product.
const LAUNCH_PARTIES: Rule = Rule::AnyOf(&[
    Rule::Holds {
        path: &[],
        holder: "owner_id",
        action: Relational::Work,
        what: "run launches they do not own|run launches",
    },
    LAUNCH_PRODUCT_OWNER,
]);

pub(crate) static LAUNCH: Table = Table {
    name: "launch",
    label: "launch",
    title: "notes",
    fields: &[
        field("item_id", Kind::OptText, "item").restore(FIXED),
        field("owner_id", Kind::OptText, "owner"),
        field("target_on", Kind::Text, "target date"),
        field("status", Kind::OneOf(LAUNCH_STATUSES), "status")
            .restore(Restore::Never("a launch's status changes through its commands")),
        field("notes", Kind::Text, "launch notes"),
        field("override", Kind::Text, "launched with open entries because"),
        field("launched_ms", Kind::Int(0, i64::MAX), "launched at")
            .restore(Restore::Never("a launch's status changes through its commands")),
        field("deleted", Kind::Bool, "deleted"),
    ],
    rule: Rule::Split(&[(&["item_id", "owner_id", "deleted"], LAUNCH_PRODUCT_OWNER), (&[], LAUNCH_PARTIES)]),
};

pub(crate) static LAUNCH_CHECK: Table = Table {
    name: "launch_check",
    label: "launch checklist entry",
    title: "text",
    fields: &[
        field("launch_id", Kind::OptText, "launch").restore(FIXED),
        field("text", Kind::Text, "entry"),
        field("mandatory", Kind::Bool, "mandatory"),
        field("done", Kind::Bool, "done"),
        field("rank", Kind::Text, "order"),
        field("deleted", Kind::Bool, "deleted"),
    ],
    rule: Rule::AnyOf(&[
        Rule::Holds {
            path: &[TO_LAUNCH],
            holder: "owner_id",
            action: Relational::Work,
            what: "run launches they do not own|run launches",
        },
        product_owner(&[TO_LAUNCH, TO_ITEM, TO_PRODUCT], "set up launches of {}|set up launches"),
    ]),
};

pub(crate) static LAUNCH_TEMPLATE: Table = Table {
    name: "launch_template",
    label: "launch template entry",
    title: "text",
    fields: &[
        field("product_id", Kind::OptText, "product").restore(FIXED),
        field("text", Kind::Text, "entry"),
        field("mandatory", Kind::Bool, "mandatory"),
        field("rank", Kind::Text, "order"),
        field("deleted", Kind::Bool, "deleted"),
    ],
    rule: product_owner(&[TO_PRODUCT], "keep the launch checklist of {}|keep launch checklists"),
};

pub(crate) static JOURNAL_ENTRY: Table = Table {
    name: "journal_entry",
    label: "journal entry",
    title: "body",
    fields: &[
        field("author_id", Kind::OptText, "author").restore(Restore::Never("a journal entry's author is fixed")),
        field("kind", Kind::OneOf(JOURNAL_KINDS), "kind"),
        field("body", Kind::Text, "entry"),
        field("on_day", Kind::Text, "day"),
        field("story_id", Kind::OptText, "story"),
        field("launch_id", Kind::OptText, "launch"),
        field("delegation_id", Kind::OptText, "delegation"),
        field("at_ms", Kind::Int(0, i64::MAX), "written at").restore(FIXED),
        field("deleted", Kind::Bool, "deleted"),
    ],
    rule: Rule::Split(&[
        (&["author_id"], Rule::Claim { what: "write a journal entry" }),
        (
            &[],
            Rule::Holds {
                path: &[],
                holder: "author_id",
                action: Relational::Own,
                what: "write in another's journal|write in journals",
            },
        ),
    ]),
};
