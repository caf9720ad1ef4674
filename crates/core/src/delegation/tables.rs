//! The synced tables of delegation: the hand-off of a one-year item to a junior PM (its brief,
//! the junior's answer, check-ins), the stories the junior writes under it, each story's
//! guardrail checklist, and the comments on stories.
//!
//! Who writes what is declared per field, so the same rules hold for a local command and for
//! an op arriving from another laptop (judged as the log stood at its clock):
//! - the delegator — the senior PM who owns the item's product and manages the junior, or
//!   leadership — makes the delegation, writes its brief, answers questions, ends it, and
//!   gives each story its review verdict and any guardrail exception;
//! - the junior it is delegated to answers the offer, checks in, writes the stories and their
//!   guardrail checks, and asks for review;
//! - a comment is written in its author's own name by the delegator, the junior or the junior's
//!   mentor; a mentor comments but gives no verdict.

use crate::access::{Link, Relational, Rule};
use crate::registry::{field, Kind, Restore, Table};

pub(crate) const STAGES: &[&str] = &["draft", "in_progress", "in_qa", "done"];
pub(crate) const VERDICTS: &[&str] = &["none", "approved", "changes"];
pub(crate) const RESPONSES: &[&str] = &["none", "question", "accepted"];
pub(crate) const ENDINGS: &[&str] = &["open", "completed", "withdrawn"];
pub(crate) const MARKS: &[&str] = &["unchecked", "respected", "at_risk", "violated"];

const TO_DELEGATION: Link = Link { field: "delegation_id", to: "delegation" };
const TO_STORY: Link = Link { field: "story_id", to: "story" };
const NEVER: Restore = Restore::Never("it is fixed when the delegation is made");
const STATE: Restore = Restore::Never("a delegation's state changes through its commands");

/// The delegator of the delegation a row belongs to (through `path`).
const fn delegator(path: &'static [Link]) -> Rule {
    Rule::Holds {
        path,
        holder: "from_id",
        action: Relational::Delegate,
        // A delegation's name is its scope: the words name no row where a person belongs.
        what: "manage or review work they did not delegate|manage or review delegated work",
    }
}

/// The junior the delegation a row belongs to is delegated to (through `path`).
const fn delegate(path: &'static [Link]) -> Rule {
    Rule::Holds {
        path,
        holder: "to_id",
        action: Relational::Work,
        what: "work on what is not delegated to them|work on delegated items",
    }
}

pub(crate) static DELEGATION: Table = Table {
    name: "delegation",
    label: "delegation",
    title: "scope",
    fields: &[
        field("item_id", Kind::OptText, "item").restore(NEVER),
        field("from_id", Kind::OptText, "delegated by").restore(NEVER),
        field("to_id", Kind::OptText, "delegated to")
            .restore(Restore::Never("reassign through the delegation command")),
        field("scope", Kind::Text, "scope"),
        field("non_goals", Kind::Text, "non-goals"),
        field("decisions", Kind::Text, "decision rights"),
        field("due", Kind::Text, "due date"),
        field("cadence_days", Kind::Int(0, 365), "check-in cadence"),
        field("offered_ms", Kind::Int(0, i64::MAX), "offered at").restore(NEVER),
        field("assigned_ms", Kind::Int(0, i64::MAX), "assigned at"),
        field("amended_ms", Kind::Int(0, i64::MAX), "brief amended at"),
        field("answer", Kind::Text, "answer"),
        field("answered_ms", Kind::Int(0, i64::MAX), "answered at"),
        field("ended", Kind::OneOf(ENDINGS), "ended").restore(STATE),
        field("response", Kind::OneOf(RESPONSES), "response").restore(STATE),
        field("question", Kind::Text, "question"),
        field("responded_ms", Kind::Int(0, i64::MAX), "responded at"),
    ],
    rule: Rule::Split(&[
        // Only the owner of the item's product delegates it.
        (
            &["item_id"],
            Rule::Holds {
                path: &[Link { field: "item_id", to: "roadmap_item" }, Link { field: "product_id", to: "product" }],
                holder: "owner_id",
                action: Relational::Delegate,
                what: "delegate items of {}|delegate items",
            },
        ),
        (&["from_id"], Rule::Claim { what: "delegate work" }),
        // To a junior who reports to them (reassigning: the manager of both, or leadership).
        // The moment of the assignment goes with it: it is what makes the new junior answer
        // afresh, so whoever may move the delegation writes it (read after `to_id`'s op, the
        // rule then asks for the manager of the junior it now names).
        (
            &["to_id", "assigned_ms"],
            Rule::Holds {
                path: &[Link { field: "to_id", to: "member" }],
                holder: "manager_id",
                action: Relational::Delegate,
                what: "delegate work to {}, who does not report to them|delegate work to them",
            },
        ),
        (&["response", "question", "responded_ms"], delegate(&[])),
        (&[], delegator(&[])),
    ]),
};

pub(crate) static CHECKIN: Table = Table {
    name: "checkin",
    label: "check-in",
    title: "body",
    fields: &[
        field("delegation_id", Kind::OptText, "delegation").restore(NEVER),
        field("body", Kind::Text, "update"),
        field("at_ms", Kind::Int(0, i64::MAX), "posted at").restore(NEVER),
    ],
    rule: delegate(&[TO_DELEGATION]),
};

/// Who plans a story into a sprint (or back to the backlog): its junior, its delegator, or the
/// owner of its item's product (who closes the product's sprints and carries their unfinished
/// stories over, whoever delegated them).
const SPRINT_PLANNERS: Rule = Rule::AnyOf(&[
    delegate(&[TO_DELEGATION]),
    delegator(&[TO_DELEGATION]),
    Rule::Holds {
        path: &[
            TO_DELEGATION,
            Link { field: "item_id", to: "roadmap_item" },
            Link { field: "product_id", to: "product" },
        ],
        holder: "owner_id",
        action: Relational::EditRoadmap,
        what: "plan sprints of {}|plan sprints",
    },
]);

/// The story fields the delegator writes; every other field is the junior's.
pub(crate) const VERDICT_FIELDS: &[&str] = &["verdict", "verdict_ms", "pinned", "exception"];

pub(crate) static STORY: Table = Table {
    name: "story",
    label: "story",
    title: "title",
    fields: &[
        field("delegation_id", Kind::OptText, "delegation")
            .restore(Restore::Never("a story stays under its delegation")),
        field("title", Kind::Text, "title"),
        field("as_a", Kind::Text, "as a"),
        field("i_want", Kind::Text, "I want"),
        field("so_that", Kind::Text, "so that"),
        field("criteria", Kind::Text, "acceptance criteria"),
        field("dev", Kind::Text, "developer"),
        field("qa", Kind::Text, "QA"),
        field("points", Kind::Int(0, 1000), "estimate"),
        field("rank", Kind::Text, "order"),
        field("stage", Kind::OneOf(STAGES), "stage"),
        field("blocked", Kind::Text, "blocked because"),
        field("review_asked_ms", Kind::Int(0, i64::MAX), "review asked at"),
        field("edited_ms", Kind::Int(0, i64::MAX), "edited at"),
        field("deleted", Kind::Bool, "deleted"),
        field("verdict", Kind::OneOf(VERDICTS), "review verdict")
            .restore(Restore::Never("a verdict is given by reviewing")),
        field("verdict_ms", Kind::Int(0, i64::MAX), "reviewed at")
            .restore(Restore::Never("a verdict is given by reviewing")),
        field("pinned", Kind::Text, "reviewed content").restore(Restore::Never("a verdict is given by reviewing")),
        field("exception", Kind::Text, "guardrail exception"),
        field("sprint_id", Kind::OptText, "sprint"),
    ],
    rule: Rule::Split(&[
        (VERDICT_FIELDS, delegator(&[TO_DELEGATION])),
        (&["sprint_id"], SPRINT_PLANNERS),
        (&[], delegate(&[TO_DELEGATION])),
    ]),
};

pub(crate) static GUARDRAIL_CHECK: Table = Table {
    name: "guardrail_check",
    label: "guardrail check",
    title: "note",
    fields: &[
        field("story_id", Kind::OptText, "story").restore(Restore::Never("a check belongs to one story")),
        field("guardrail_id", Kind::OptText, "guardrail").restore(Restore::Never("a check is about one guardrail")),
        field("mark", Kind::OneOf(MARKS), "mark"),
        field("note", Kind::Text, "note"),
    ],
    rule: delegate(&[TO_STORY, TO_DELEGATION]),
};

/// The parties to a delegation a comment belongs to: the junior's mentor, its delegator, its
/// junior. (The mentor's rule comes first: its refusal is the one said, "may not comment on the
/// work of Jo".)
const PARTIES: Rule = Rule::AnyOf(&[
    Rule::Holds {
        path: &[TO_DELEGATION, Link { field: "to_id", to: "member" }],
        holder: "mentor_id",
        action: Relational::Mentor,
        what: "comment on the work of {}|comment on delegated work",
    },
    delegator(&[TO_DELEGATION]),
    delegate(&[TO_DELEGATION]),
]);

pub(crate) static COMMENT: Table = Table {
    name: "comment",
    label: "comment",
    title: "body",
    fields: &[
        field("author_id", Kind::OptText, "author").restore(Restore::Never("a comment's author is fixed")),
        field("delegation_id", Kind::OptText, "delegation")
            .restore(Restore::Never("a comment stays where it was made")),
        field("story_id", Kind::OptText, "story").restore(Restore::Never("a comment stays where it was made")),
        field("parent_id", Kind::OptText, "reply to").restore(Restore::Never("a comment stays where it was made")),
        field("body", Kind::Text, "comment"),
        field("at_ms", Kind::Int(0, i64::MAX), "written at").restore(Restore::Never("a comment's time is fixed")),
        field("resolved", Kind::Bool, "resolved"),
        field("deleted", Kind::Bool, "deleted"),
    ],
    rule: Rule::Split(&[
        (&["author_id"], Rule::Claim { what: "write a comment" }),
        (&["delegation_id", "resolved"], PARTIES),
        // The rest is its author's (the row's `author_id`).
        (
            &[],
            Rule::Holds {
                path: &[],
                holder: "author_id",
                action: Relational::Work,
                what: "edit a comment by {}|edit comments",
            },
        ),
    ]),
};
