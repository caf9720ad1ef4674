//! The synced tables of roadmaps: items on the three horizons, their guardrails, snapshots.
//! Each is written by the owner of the product it belongs to (or leadership).

use crate::access::{Link, Relational, Rule};
use crate::registry::{field, Kind, Restore, Table, CONFIDENCES, GUARDRAIL_KINDS, HORIZONS, STATUSES};

const TO_PRODUCT: Link = Link { field: "product_id", to: "product" };
const EDIT_ROADMAP: Relational = Relational::EditRoadmap;
const WHAT: &str = "edit the roadmap of {}|edit roadmaps";
const CMD: Restore = Restore::Command;
const FROZEN: Restore = Restore::Never("a snapshot is frozen: only its name can change");

pub(crate) static ROADMAP_ITEM: Table = Table {
    name: "roadmap_item",
    label: "roadmap item",
    title: "title",
    fields: &[
        field("product_id", Kind::OptText, "product")
            .restore(Restore::Never("the product of a roadmap item is fixed when it is created")),
        field("horizon", Kind::OneOf(HORIZONS), "horizon")
            .restore(Restore::Never("the horizon of a roadmap item is fixed when it is created")),
        field("period", Kind::Text, "period").restore(CMD),
        field("title", Kind::Text, "title").restore(CMD),
        field("goal_id", Kind::OptText, "goal").restore(CMD),
        field("parent_id", Kind::OptText, "parent").restore(CMD),
        field("deleted", Kind::Bool, "deleted").restore(CMD),
        field("status", Kind::OneOf(STATUSES), "status").restore(CMD),
        field("confidence", Kind::OneOf(CONFIDENCES), "confidence").restore(CMD),
        field("metric", Kind::Text, "success metric").restore(CMD),
        field("impact", Kind::Text, "expected impact").restore(CMD),
        field("rank", Kind::Text, "order"),
        field("requirements", Kind::Text, "requirements").restore(CMD),
    ],
    rule: Rule::Holds { path: &[TO_PRODUCT], holder: "owner_id", action: EDIT_ROADMAP, what: WHAT },
};

pub(crate) static GUARDRAIL: Table = Table {
    name: "guardrail",
    label: "guardrail",
    title: "statement",
    fields: &[
        field("item_id", Kind::OptText, "item")
            .restore(Restore::Never("the item of a guardrail is fixed when it is created")),
        field("kind", Kind::OneOf(GUARDRAIL_KINDS), "kind").restore(CMD),
        field("statement", Kind::Text, "statement").restore(CMD),
        field("deleted", Kind::Bool, "deleted"),
    ],
    rule: Rule::Holds {
        path: &[Link { field: "item_id", to: "roadmap_item" }, TO_PRODUCT],
        holder: "owner_id",
        action: EDIT_ROADMAP,
        what: WHAT,
    },
};

pub(crate) static SNAPSHOT: Table = Table {
    name: "snapshot",
    label: "snapshot",
    title: "name",
    fields: &[
        field("product_id", Kind::OptText, "product").restore(FROZEN),
        field("name", Kind::Text, "name"),
        field("taken_at", Kind::Text, "taken at").restore(FROZEN),
        field("content", Kind::LongText, "content").restore(FROZEN),
        field("deleted", Kind::Bool, "deleted"),
    ],
    rule: Rule::Holds { path: &[TO_PRODUCT], holder: "owner_id", action: EDIT_ROADMAP, what: WHAT },
};
