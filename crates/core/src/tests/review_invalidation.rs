//! A review pins what it saw: after an approval, any sequence of the junior's edits that leaves
//! the reviewed content (title, the sentence's three parts, the criteria's texts, the estimate,
//! the guardrail marks and notes) other than what was approved returns the story to review, and
//! the senior is shown exactly the fields that differ; edits to anything else (ticks on
//! criteria, developer and QA contacts, setting a field to the value it has) keep it approved.
//! And an approval made on one laptop while the junior edits on another ends, once both laptops
//! have each other's ops, with the story in review on both.
//!
//! `BATON_PROPTEST_CASES=10000 cargo test -p baton-core review_invalidation` runs more cases
//! (default 200 per property: each case replays a whole workspace into a fresh file).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;
use serde_json::{json, Value};

use super::delegation_matrix::{build, laptop, refused, Ids, St};
use crate::api::{self, handlers as h};
use crate::delegation::stories::{Mark, StoryStatus, Verdict};
use crate::oplog::{self, Op};
use crate::Core;

fn config() -> ProptestConfig {
    let cases = std::env::var("BATON_PROPTEST_CASES").ok().and_then(|s| s.trim().parse().ok()).unwrap_or(200);
    ProptestConfig { cases, ..ProptestConfig::default() }
}

/// The approved state (Jo's story approved by Sue as it stands), built once.
fn approved() -> &'static (Ids, Vec<Op>) {
    static STATE: OnceLock<(Ids, Vec<Op>)> = OnceLock::new();
    STATE.get_or_init(|| {
        let b = build(St::Approved);
        (b.ids, b.ops)
    })
}

const TEXTS: [&str; 4] = ["shopper", "to Pay with one tap", "I pay faster", "returning customer"];
const TITLES: [&str; 3] = ["Pay with one tap", "Pay with a glance", "One-tap pay"];
const CRITERIA: [&str; 4] = ["works on Safari", "shows a receipt", "emails a receipt", "works offline"];
const NOTES: [&str; 3] = ["", "keeps a token", "needs legal"];
const PEOPLE: [&str; 3] = ["Dee", "Quinn", "Sam"];
const MARKS: [Mark; 3] = [Mark::Respected, Mark::AtRisk, Mark::Violated];
/// The guardrails' statements, in the checklist's order (the item's own comes after the
/// inherited one, see `stories::guardrails_of`).
const STATEMENTS: [&str; 2] = ["No new card data stored", "Ships by June"];

/// One edit the junior makes in the story's panel.
#[derive(Debug, Clone)]
enum Edit {
    Title(usize),
    AsA(usize),
    IWant(usize),
    SoThat(usize),
    /// Change the text of criterion `i % len` (keeping its tick).
    Criterion(usize, usize),
    AddCriterion(usize),
    RemoveCriterion,
    Points(i64),
    /// Mark guardrail `g` with a mark and a note (a violated mark gets a note).
    Mark(usize, usize, usize),
    // Not reviewed:
    Tick(usize, bool),
    Dev(usize),
    Qa(usize),
    /// Set one field to the value it has (an autosave that changed nothing).
    Same(usize),
}

fn reviewed_edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0..TITLES.len()).prop_map(Edit::Title),
        (0..TEXTS.len()).prop_map(Edit::AsA),
        (0..TEXTS.len()).prop_map(Edit::IWant),
        (0..TEXTS.len()).prop_map(Edit::SoThat),
        (0..4usize, 0..CRITERIA.len()).prop_map(|(i, t)| Edit::Criterion(i, t)),
        (0..CRITERIA.len()).prop_map(Edit::AddCriterion),
        Just(Edit::RemoveCriterion),
        (0..6i64).prop_map(Edit::Points),
        (0..2usize, 0..MARKS.len(), 0..NOTES.len()).prop_map(|(g, m, n)| Edit::Mark(g, m, n)),
    ]
}

fn unreviewed_edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0..4usize, any::<bool>()).prop_map(|(i, d)| Edit::Tick(i, d)),
        (0..PEOPLE.len()).prop_map(Edit::Dev),
        (0..PEOPLE.len()).prop_map(Edit::Qa),
        (0..9usize).prop_map(Edit::Same),
    ]
}

/// The story as the model sees it: the reviewed content plus the ticks.
#[derive(Debug, Clone, PartialEq)]
struct Model {
    title: String,
    as_a: String,
    i_want: String,
    so_that: String,
    criteria: Vec<(String, bool)>,
    points: i64,
    /// (mark, note) per guardrail, in [`STATEMENTS`]' order.
    checks: [(Mark, String); 2],
}

impl Model {
    /// The story Sue approved (see `delegation_matrix::build`).
    fn approved() -> Model {
        Model {
            title: "Pay with one tap".into(),
            as_a: "shopper".into(),
            i_want: "to Pay with one tap".into(),
            so_that: "I pay faster".into(),
            criteria: vec![("works on Safari".into(), false), ("shows a receipt".into(), false)],
            points: 3,
            checks: [(Mark::Respected, String::new()), (Mark::Respected, String::new())],
        }
    }

    /// The names `changes_since_review` gives the fields where `self` differs from `pinned`.
    fn changed_from(&self, pinned: &Model) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let mut differ = |name: &str, a: &str, b: &str| {
            if a != b {
                out.insert(name.to_owned());
            }
        };
        differ("title", &self.title, &pinned.title);
        differ("as a", &self.as_a, &pinned.as_a);
        differ("I want", &self.i_want, &pinned.i_want);
        differ("so that", &self.so_that, &pinned.so_that);
        differ("estimate", &self.points.to_string(), &pinned.points.to_string());
        for i in 0..self.criteria.len().max(pinned.criteria.len()) {
            let a = self.criteria.get(i).map_or("", |c| c.0.as_str());
            let b = pinned.criteria.get(i).map_or("", |c| c.0.as_str());
            differ(&format!("criterion {}", i + 1), a, b);
        }
        for (g, statement) in STATEMENTS.iter().enumerate() {
            if self.checks[g] != pinned.checks[g] {
                out.insert(format!("guardrail: {statement}"));
            }
        }
        out
    }
}

fn criteria_json(criteria: &[(String, bool)]) -> Value {
    json!(criteria.iter().map(|(text, done)| json!({"text": text, "done": done})).collect::<Vec<_>>())
}

/// Makes `edit` on Jo's laptop through the API and in the model.
fn apply(core: &Core, ids: &Ids, model: &mut Model, edit: &Edit) {
    let update = |fields: Value| {
        let fields: api::StoryFieldsReq = serde_json::from_value(fields).unwrap();
        h::story_update(core, api::StoryUpdateReq { id: ids.story.clone(), fields }).unwrap();
    };
    let guardrails = [&ids.guardrail, &ids.own_guardrail];
    match edit {
        Edit::Title(i) => {
            model.title = TITLES[*i].into();
            update(json!({"title": TITLES[*i]}));
        }
        Edit::AsA(i) => {
            model.as_a = TEXTS[*i].into();
            update(json!({"asA": TEXTS[*i]}));
        }
        Edit::IWant(i) => {
            model.i_want = TEXTS[*i].into();
            update(json!({"iWant": TEXTS[*i]}));
        }
        Edit::SoThat(i) => {
            model.so_that = TEXTS[*i].into();
            update(json!({"soThat": TEXTS[*i]}));
        }
        Edit::Criterion(i, t) => {
            if model.criteria.is_empty() {
                return;
            }
            let at = i % model.criteria.len();
            model.criteria[at].0 = CRITERIA[*t].into();
            update(json!({"criteria": criteria_json(&model.criteria)}));
        }
        Edit::AddCriterion(t) => {
            model.criteria.push((CRITERIA[*t].into(), false));
            update(json!({"criteria": criteria_json(&model.criteria)}));
        }
        Edit::RemoveCriterion => {
            model.criteria.pop();
            update(json!({"criteria": criteria_json(&model.criteria)}));
        }
        Edit::Points(p) => {
            model.points = *p;
            update(json!({"points": p}));
        }
        Edit::Mark(g, m, n) => {
            let mark = MARKS[*m];
            // A violated mark needs a note.
            let note = if mark == Mark::Violated && NOTES[*n].is_empty() { NOTES[1] } else { NOTES[*n] };
            model.checks[*g] = (mark, note.into());
            let req = api::StoryCheckReq {
                id: ids.story.clone(),
                guardrail_id: guardrails[*g].clone(),
                mark,
                note: Some(note.into()),
            };
            h::story_check(core, req).unwrap();
        }
        Edit::Tick(i, done) => {
            if model.criteria.is_empty() {
                return;
            }
            let at = i % model.criteria.len();
            model.criteria[at].1 = *done;
            update(json!({"criteria": criteria_json(&model.criteria)}));
        }
        Edit::Dev(i) => update(json!({"dev": PEOPLE[*i]})),
        Edit::Qa(i) => update(json!({"qa": PEOPLE[*i]})),
        Edit::Same(field) => match field {
            0 => update(json!({"title": model.title})),
            1 => update(json!({"asA": model.as_a})),
            2 => update(json!({"iWant": model.i_want})),
            3 => update(json!({"soThat": model.so_that})),
            4 => update(json!({"criteria": criteria_json(&model.criteria)})),
            5 => update(json!({"points": model.points})),
            g => {
                let g = g % 2;
                let (mark, note) = model.checks[g].clone();
                let req = api::StoryCheckReq {
                    id: ids.story.clone(),
                    guardrail_id: guardrails[g].clone(),
                    mark,
                    note: Some(note),
                };
                h::story_check(core, req).unwrap();
            }
        },
    }
}

fn story_view(core: &Core, ids: &Ids) -> api::StoryView {
    h::story_get(core, api::IdReq { id: ids.story.clone() }).unwrap()
}

fn names(v: &api::StoryView) -> BTreeSet<String> {
    v.changes_since_review.iter().map(|c| c.field.clone()).collect()
}

/// Runs `edits` on Jo's laptop after the approval; answers the story and the model.
fn edit_after_approval(edits: &[Edit]) -> (api::StoryView, Model) {
    let (ids, ops) = approved();
    let jo = laptop("jos-laptop", &ids.jo, &ids.workspace, ops);
    assert_eq!(story_view(&jo, ids).status, StoryStatus::Ready);
    let mut model = Model::approved();
    for e in edits {
        apply(&jo, ids, &mut model, e);
    }
    assert!(refused(&jo).is_empty(), "{:?}", refused(&jo));
    (story_view(&jo, ids), model)
}

proptest! {
    #![proptest_config(config())]

    /// Reviewed edits (mixed with others) after an approval: in review, showing exactly the
    /// fields that differ from what was approved — unless the edits came back to it.
    #[test]
    fn an_edit_to_reviewed_content_after_an_approval_returns_the_story_to_review(
        first in reviewed_edit(),
        rest in prop::collection::vec(prop_oneof![3 => reviewed_edit(), 1 => unreviewed_edit()], 0..6),
    ) {
        let edits: Vec<Edit> = std::iter::once(first).chain(rest).collect();
        let (story, model) = edit_after_approval(&edits);
        let changed = model.changed_from(&Model::approved());
        prop_assert_eq!(story.verdict, Verdict::Approved);
        if changed.is_empty() {
            // The edits came back to what was approved.
            prop_assert_eq!(story.status, StoryStatus::Ready, "{:?}", edits);
            prop_assert!(story.changes_since_review.is_empty());
        } else {
            prop_assert_eq!(story.status, StoryStatus::InReview, "{:?}", edits);
            prop_assert!(story.waiting_since_ms.is_some());
            prop_assert_eq!(names(&story), changed, "{:?}", edits);
        }
    }

    /// Ticks, contacts and edits that set a field to its value keep the approval.
    #[test]
    fn edits_to_nothing_reviewed_keep_the_story_approved(edits in prop::collection::vec(unreviewed_edit(), 1..8)) {
        let (story, model) = edit_after_approval(&edits);
        prop_assert!(model.changed_from(&Model::approved()).is_empty());
        prop_assert_eq!(story.verdict, Verdict::Approved);
        prop_assert_eq!(story.status, StoryStatus::Ready, "{:?}", edits);
        prop_assert!(story.changes_since_review.is_empty(), "{:?}", story.changes_since_review);
    }
}

/// The ops `core`'s own device made.
fn own_ops(core: &Core, device: &str) -> Vec<Op> {
    core.read(oplog::all_ops).unwrap().into_iter().filter(|o| o.device_id == device).collect()
}

#[test]
fn an_approval_concurrent_with_an_edit_leaves_the_story_in_review_on_both_laptops() {
    let base = build(St::InReview);
    let ids = &base.ids;
    let edits = [
        (Edit::Title(1), "title"),
        (Edit::Points(8), "estimate"),
        (Edit::Criterion(1, 2), "criterion 2"),
        (Edit::AddCriterion(3), "criterion 3"),
        (Edit::Mark(0, 1, 2), "guardrail: No new card data stored"),
    ];
    for (edit, field) in edits {
        for senior_first in [false, true] {
            let jo = laptop("jos-laptop", &ids.jo, &ids.workspace, &base.ops);
            let sue = laptop("sues-laptop", &ids.sue, &ids.workspace, &base.ops);
            let approve = || {
                let req = api::ReviewDecideReq { id: ids.story.clone(), exception: None, comment: None };
                assert_eq!(h::review_approve(&sue, req).unwrap().status, StoryStatus::Ready, "Sue saw the old content");
            };
            if senior_first {
                approve();
            }
            apply(&jo, ids, &mut Model::approved(), &edit);
            if !senior_first {
                approve();
            }
            // Each laptop receives the other's ops.
            let (from_jo, from_sue) = (own_ops(&jo, "jos-laptop"), own_ops(&sue, "sues-laptop"));
            sue.apply_remote(&from_jo).unwrap();
            jo.apply_remote(&from_sue).unwrap();
            for (who, core) in [("Jo", &jo), ("Sue", &sue)] {
                let s = story_view(core, ids);
                assert_eq!(s.verdict, Verdict::Approved, "{edit:?}, {who}");
                assert_eq!(
                    s.status,
                    StoryStatus::InReview,
                    "{edit:?} (senior first: {senior_first}), on {who}'s laptop"
                );
                assert_eq!(names(&s), BTreeSet::from([field.to_owned()]), "{edit:?}, {who}");
                assert!(refused(core).is_empty(), "{:?}", refused(core));
            }
            assert_eq!(jo.read(oplog::dump).unwrap(), sue.read(oplog::dump).unwrap(), "{edit:?}");
            // Sue's queue shows it again.
            let queue = h::review_queue(&sue, api::NoArgs {}).unwrap();
            assert_eq!(queue.len(), 1, "{edit:?}");
        }
    }
}
