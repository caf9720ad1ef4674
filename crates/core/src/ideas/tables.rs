//! The synced tables of ideas: customer feedback, ideas with their evidence, and leadership's
//! decisions on them.
//!
//! Who writes what is declared per field, so the same rules hold for a local command and for
//! an op arriving from another laptop (judged as the log stood at its clock):
//! - feedback is added by anyone in their own name, its words are its adder's, and anyone
//!   triages it (links it to an idea or an item, or dismisses it);
//! - an idea's content and evidence are its proposer's, and only until it is submitted;
//! - its sponsorship (or its return with a comment) is the proposer's manager's — or the
//!   proposer's own when they are a senior PM or leadership — also only until submission;
//! - it is submitted by its proposer or its sponsor, once it is sponsored, and only once;
//! - decisions are leadership's, on a submitted idea, each written once (a later decision is a
//!   new row: the earlier ones stay);
//! - a go-ahead idea is placed on the roadmap, once, by whoever may edit the roadmap of the
//!   item's product.

use crate::access::{Link, Relational, Rule};
use crate::registry::{field, Kind, Restore, Table};

pub(crate) const SOURCES: &[&str] = &["call", "support", "sales", "analytics", "research", "other"];
pub(crate) const IMPACTS: &[&str] = &["none", "minimal", "low", "medium", "high", "massive"];
pub(crate) const OUTCOMES: &[&str] = &["go_ahead", "go_ahead_with_changes", "not_now", "no"];
pub(crate) const EVIDENCE_KINDS: &[&str] = &["link", "metric", "note"];

const TO_IDEA: Link = Link { field: "idea_id", to: "idea" };
const PIPELINE: Restore = Restore::Never("an idea moves through the pipeline by its commands");
const DECIDED: Restore = Restore::Never("a decision is on record as it was made");
const HEARD: Restore = Restore::Never("feedback is kept as it was heard");

/// The idea's proposer (the row itself, or the idea a row belongs to).
const fn proposer(path: &'static [Link]) -> Rule {
    Rule::Holds { path, holder: "proposer_id", action: Relational::Work, what: "edit the idea {}|edit ideas" }
}

/// Only while the idea is not submitted: what leadership sees is what the proposer sent.
const fn until_submitted(path: &'static [Link], rule: &'static Rule, what: &'static str) -> Rule {
    Rule::State { path, field: "submitted_ms", set: false, rule, what }
}

const PROPOSER: Rule = proposer(&[]);
const PROPOSER_OF_IDEA: Rule = proposer(&[TO_IDEA]);

/// The proposer's manager, or the proposer themselves when their role may sponsor (a senior PM
/// or leadership sponsors their own ideas; a junior PM's need their senior).
const SPONSORS: Rule = Rule::AnyOf(&[
    Rule::Holds {
        path: &[Link { field: "proposer_id", to: "member" }],
        holder: "manager_id",
        action: Relational::Delegate,
        what: "sponsor ideas of {}|sponsor ideas",
    },
    Rule::Holds { path: &[], holder: "proposer_id", action: Relational::Delegate, what: "sponsor ideas" },
]);

/// The proposer, or the sponsor they sent it to.
const SUBMITTERS: Rule = Rule::AnyOf(&[
    Rule::Holds { path: &[], holder: "proposer_id", action: Relational::Work, what: "submit the idea {}|submit ideas" },
    Rule::Holds { path: &[], holder: "sponsor_id", action: Relational::Work, what: "submit the idea {}|submit ideas" },
]);

const SPONSORED_SUBMIT: Rule = Rule::State {
    path: &[],
    field: "sponsored_ms",
    set: true,
    rule: &SUBMITTERS,
    what: "submit an idea before it is sponsored",
};

/// Leadership, whatever the idea (the path says which idea a decision hangs on).
const fn leadership(path: &'static [Link]) -> Rule {
    Rule::Holds { path, holder: "proposer_id", action: Relational::Decide, what: "decide on ideas|decide on ideas" }
}

const LEADERSHIP: Rule = leadership(&[]);
const LEADERSHIP_ON_IDEA: Rule = leadership(&[TO_IDEA]);

const DECIDES_SUBMITTED: Rule = Rule::State {
    path: &[],
    field: "submitted_ms",
    set: true,
    rule: &LEADERSHIP,
    what: "decide on an idea before it is submitted",
};

const DECIDES_SUBMITTED_ROW: Rule = Rule::State {
    path: &[TO_IDEA],
    field: "submitted_ms",
    set: true,
    rule: &LEADERSHIP_ON_IDEA,
    what: "decide on an idea before it is submitted",
};

const ROADMAP_OWNER: Rule = Rule::Holds {
    path: &[Link { field: "item_id", to: "roadmap_item" }, Link { field: "product_id", to: "product" }],
    holder: "owner_id",
    action: Relational::EditRoadmap,
    what: "place ideas on the roadmap of {}|place ideas on roadmaps",
};

const TO_DECISION: Link = Link { field: "decision_id", to: "decision" };

/// The roadmap's owner; the second part never allows anyone the first does not (only
/// leadership decides, and leadership edits every roadmap): it declares the path to the
/// idea's current decision as a relation, so that a decision arriving late re-judges the
/// placements it allows (re-judging follows `Holds` paths).
const PLACERS: Rule = Rule::AnyOf(&[
    ROADMAP_OWNER,
    Rule::Holds { path: &[TO_DECISION], holder: "by_id", action: Relational::Decide, what: "decide on ideas" },
]);

const APPROVED_PLACEMENT: Rule = Rule::State {
    path: &[TO_DECISION],
    field: "approved_ms",
    set: true,
    rule: &PLACERS,
    what: "place an idea leadership has not given the go-ahead",
};

pub(crate) static FEEDBACK: Table = Table {
    name: "feedback",
    label: "feedback",
    title: "body",
    fields: &[
        field("by_id", Kind::OptText, "added by").restore(HEARD),
        field("source", Kind::OneOf(SOURCES), "source"),
        field("body", Kind::Text, "quote or note"),
        field("customer", Kind::Text, "customer or segment"),
        field("who", Kind::Text, "who said it"),
        field("heard_on", Kind::Text, "heard on"),
        field("link", Kind::Text, "link"),
        field("added_ms", Kind::Int(0, i64::MAX), "added at").restore(HEARD),
        field("idea_id", Kind::OptText, "linked idea"),
        field("item_id", Kind::OptText, "linked item"),
        field("dismissed", Kind::Text, "dismissed because"),
        field("triaged_by", Kind::OptText, "triaged by").restore(Restore::Never("it names who triaged it")),
        field("triaged_ms", Kind::Int(0, i64::MAX), "triaged at")
            .restore(Restore::Never("it says when it was triaged")),
    ],
    rule: Rule::Split(&[
        (&["by_id"], Rule::Claim { what: "add feedback" }),
        (
            &["idea_id", "item_id", "dismissed", "triaged_by", "triaged_ms"],
            Rule::Role { action: crate::access::Action::Feedback, what: "triage feedback" },
        ),
        (
            &[],
            Rule::Holds {
                path: &[],
                holder: "by_id",
                action: Relational::Work,
                what: "edit feedback someone else added|edit feedback",
            },
        ),
    ]),
};

/// An idea's content: what leadership decides on, frozen at submission.
pub(crate) const CONTENT: &[&str] =
    &["title", "problem", "proposal", "product_id", "reach", "impact", "confidence", "effort", "edited_ms", "asked_ms"];
const SPONSORSHIP: &[&str] = &["sponsor_id", "sponsored_ms", "returned_ms", "return_note"];

pub(crate) static IDEA: Table = Table {
    name: "idea",
    label: "idea",
    title: "title",
    fields: &[
        field("proposer_id", Kind::OptText, "proposed by").restore(Restore::Never("an idea's proposer is fixed")),
        field("title", Kind::Text, "title"),
        field("problem", Kind::Text, "problem"),
        field("proposal", Kind::Text, "proposal"),
        field("product_id", Kind::OptText, "target product"),
        field("reach", Kind::Int(0, 1_000_000_000_000), "reach"),
        field("impact", Kind::OneOf(IMPACTS), "impact"),
        field("confidence", Kind::Int(0, 100), "confidence"),
        field("effort", Kind::Int(0, 1_000_000), "effort"),
        field("edited_ms", Kind::Int(0, i64::MAX), "edited at").restore(PIPELINE),
        field("asked_ms", Kind::Int(0, i64::MAX), "sent for sponsorship at").restore(PIPELINE),
        field("sponsor_id", Kind::OptText, "sponsor").restore(PIPELINE),
        field("sponsored_ms", Kind::Int(0, i64::MAX), "sponsored at").restore(PIPELINE),
        field("returned_ms", Kind::Int(0, i64::MAX), "returned at").restore(PIPELINE),
        field("return_note", Kind::Text, "returned because").restore(PIPELINE),
        field("submitted_ms", Kind::Int(0, i64::MAX), "submitted at").restore(PIPELINE),
        field("decision_id", Kind::OptText, "current decision").restore(DECIDED),
        field("item_id", Kind::OptText, "roadmap item").restore(PIPELINE),
        field("placed_ms", Kind::Int(0, i64::MAX), "placed at").restore(PIPELINE),
    ],
    rule: Rule::Split(&[
        (&["proposer_id"], Rule::Claim { what: "propose an idea" }),
        (CONTENT, until_submitted(&[], &PROPOSER, "edit an idea once it is submitted")),
        (SPONSORSHIP, until_submitted(&[], &SPONSORS, "sponsor or return an idea once it is submitted")),
        (&["submitted_ms"], until_submitted(&[], &SPONSORED_SUBMIT, "submit an idea again")),
        (&["decision_id"], DECIDES_SUBMITTED),
        (
            &["item_id", "placed_ms"],
            Rule::State {
                path: &[],
                field: "placed_ms",
                set: false,
                rule: &APPROVED_PLACEMENT,
                what: "place an idea on the roadmap twice",
            },
        ),
    ]),
};

pub(crate) static EVIDENCE: Table = Table {
    name: "evidence",
    label: "evidence",
    title: "body",
    fields: &[
        field("idea_id", Kind::OptText, "idea").restore(Restore::Never("evidence stays with its idea")),
        field("kind", Kind::OneOf(EVIDENCE_KINDS), "kind"),
        field("body", Kind::Text, "evidence"),
        field("url", Kind::Text, "link"),
        field("at_ms", Kind::Int(0, i64::MAX), "added at").restore(Restore::Never("it says when it was added")),
        field("deleted", Kind::Bool, "removed"),
    ],
    rule: until_submitted(&[TO_IDEA], &PROPOSER_OF_IDEA, "change the evidence of an idea once it is submitted"),
};

pub(crate) static DECISION: Table = Table {
    name: "decision",
    label: "decision",
    title: "rationale",
    fields: &[
        field("idea_id", Kind::OptText, "idea").restore(DECIDED),
        field("by_id", Kind::OptText, "decided by").restore(DECIDED),
        field("outcome", Kind::OneOf(OUTCOMES), "outcome").restore(DECIDED),
        field("rationale", Kind::Text, "rationale").restore(DECIDED),
        field("changes", Kind::Text, "changes asked for").restore(DECIDED),
        field("revisit", Kind::Text, "revisit on").restore(DECIDED),
        field("pinned", Kind::LongText, "what was decided on").restore(DECIDED),
        field("approved_ms", Kind::Int(0, i64::MAX), "go-ahead at").restore(DECIDED),
        field("decided_ms", Kind::Int(0, i64::MAX), "decided at").restore(DECIDED),
    ],
    // Written once: every field before `decided_ms`, which closes the record.
    rule: Rule::State {
        path: &[],
        field: "decided_ms",
        set: false,
        rule: &DECIDES_SUBMITTED_ROW,
        what: "change a decision once it is on record",
    },
};
