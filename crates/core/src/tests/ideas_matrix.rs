//! Who may do what with feedback and ideas: every action (add, link and dismiss feedback;
//! propose, edit, score and add evidence to an idea; sponsor, return, submit, decide, place; edit
//! after submission) × every relation of the actor to a junior PM's idea (leadership, the
//! proposer, the proposer's senior — who also owns the idea's product —, another senior PM,
//! another junior of the same senior, another senior's junior, a removed member) is tried twice,
//! as `delegation_matrix.rs` does: as a local command through the API (refused in the present
//! tense with `permission_denied`, changing nothing) and as ops made on the actor's laptop and
//! received by another replica (refused in the past tense, kept in the log, holding no field) —
//! and must get the same verdict both ways.
//!
//! Named cases follow: a decision that arrives before the submission it answers (re-judged
//! when the submission arrives, and then found by the log's search), a forged decision that
//! never reaches the search index, and a submission racing a return.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::{json, Value};

use super::delegation::{act_as, world};
use super::delegation_matrix::{laptop, refused};
use super::matrix;
use crate::api::{self, handlers as h, IdReq};
use crate::ideas::decisions::{self, Outcome};
use crate::ideas::feedback::Source;
use crate::ideas::{self, Stage};
use crate::oplog::{self, Op};
use crate::workspace::{self, Role};
use crate::Core;

#[derive(Clone)]
struct Ids {
    workspace: String,
    lee: String,
    sue: String,
    ola: String,
    jo: String,
    kim: String,
    max: String,
    rex: String,
    product: String,
    idea: String,
    feedback: String,
}

const RELATIONS: [&str; 7] = [
    "leadership",
    "the proposer",
    "the proposer's senior",
    "another senior",
    "another junior",
    "another's junior",
    "removed member",
];

impl Ids {
    fn actor(&self, i: usize) -> &str {
        match i {
            0 => &self.lee,
            1 => &self.jo,
            2 => &self.sue,
            3 => &self.ola,
            4 => &self.kim,
            5 => &self.max,
            _ => &self.rex,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum St {
    /// Nothing proposed yet.
    Fresh,
    /// Jo's draft idea for Checkout, and feedback Kim added.
    Drafted,
    /// Jo sent it to Sue for sponsorship.
    Asked,
    /// Sue sponsored it.
    Sponsored,
    /// Jo submitted it.
    Submitted,
    /// Lee gave it the go-ahead.
    Approved,
}

type Built = matrix::Built<Ids>;
type Action = matrix::Action<Ids, St>;

fn build(st: St) -> Built {
    let w = world();
    let c = &w.core;
    let lee = workspace::me(c).unwrap();
    let rex = workspace::add_member(c, &lee, "Rex", Role::Leadership, None).unwrap().id;
    workspace::remove_member(c, &lee, &rex).unwrap();
    let mut ids = Ids {
        workspace: workspace::info(c).unwrap().unwrap().id,
        lee: w.lee.clone(),
        sue: w.sue.clone(),
        ola: w.ola.clone(),
        jo: w.jo.clone(),
        kim: w.kim.clone(),
        max: w.max.clone(),
        rex,
        product: super::ideas::product(&w),
        idea: String::new(),
        feedback: String::new(),
    };
    if st != St::Fresh {
        act_as(c, &w.kim);
        ids.feedback = super::ideas::feedback(c, "Carts vanish after login").id;
        act_as(c, &w.jo);
        ids.idea = super::ideas::idea(c, "Saved carts", Some(&ids.product)).id;
    }
    let id = || IdReq { id: ids.idea.clone() };
    if matches!(st, St::Asked | St::Sponsored | St::Submitted | St::Approved) {
        assert_eq!(h::idea_submit(c, id()).unwrap().stage, Stage::AwaitingSponsor);
    }
    if matches!(st, St::Sponsored | St::Submitted | St::Approved) {
        act_as(c, &w.sue);
        h::idea_sponsor(c, id()).unwrap();
    }
    if matches!(st, St::Submitted | St::Approved) {
        act_as(c, &w.jo);
        assert_eq!(h::idea_submit(c, id()).unwrap().stage, Stage::Submitted);
    }
    if st == St::Approved {
        act_as(c, &w.lee);
        super::ideas::decide(c, &ids.idea, Outcome::GoAhead, None, None).unwrap();
    }
    act_as(c, &w.lee);
    let ops = c.read(oplog::all_ops).unwrap();
    assert!(refused(c).is_empty(), "{st:?}: {:?}", refused(c));
    Built { ids, ops, core: w.core }
}

fn dump(core: &Core) -> String {
    core.read(oplog::dump).unwrap()
}

fn now() -> i64 {
    crate::delegation::now_ms()
}

const ANYONE: [bool; 7] = [true, true, true, true, true, true, false];
const PROPOSER: [bool; 7] = [true, true, false, false, false, false, false];
const SENIOR: [bool; 7] = [true, false, true, false, false, false, false];
const SUBMITTERS: [bool; 7] = [true, true, true, false, false, false, false];
const LEADERSHIP: [bool; 7] = [true, false, false, false, false, false, false];
const NOBODY: [bool; 7] = [false; 7];

fn idea(c: &Core, ids: &Ids) -> ideas::Idea {
    c.read(|c| ideas::get(c, &ids.idea)).unwrap()
}

fn the_feedback(c: &Core, ids: &Ids) -> ideas::feedback::Feedback {
    c.read(|c| ideas::feedback::get(c, &ids.feedback)).unwrap()
}

fn edit_req(ids: &Ids) -> api::IdeaUpdateReq {
    api::IdeaUpdateReq {
        id: ids.idea.clone(),
        title: Some("Saved carts v2".into()),
        problem: None,
        proposal: None,
        product_id: None,
    }
}

fn actions() -> Vec<Action> {
    vec![
        Action {
            name: "add feedback",
            from: St::Fresh,
            run: |c, _, _| {
                let req = api::FeedbackAddReq {
                    source: Source::Support,
                    body: "Too slow".into(),
                    customer: None,
                    who: None,
                    heard_on: None,
                    link: None,
                };
                h::feedback_add(c, req).map(drop)
            },
            ops: |_, _, a| {
                let f = || String::from("forged-feedback");
                vec![
                    ("feedback", f(), "by_id", json!(a)),
                    ("feedback", f(), "source", json!("support")),
                    ("feedback", f(), "body", json!("Too slow")),
                    ("feedback", f(), "heard_on", json!("2026-01-01")),
                    ("feedback", f(), "added_ms", json!(now())),
                ]
            },
            took_effect: |c, _| {
                let all = ideas::feedback::ListFilter {
                    show: ideas::feedback::Show::All,
                    idea_id: None,
                    item_id: None,
                    limit: 100,
                };
                c.read(|c| ideas::feedback::list(c, &all)).unwrap().iter().any(|f| f.body == "Too slow")
            },
            allowed: ANYONE,
        },
        Action {
            name: "link feedback",
            from: St::Drafted,
            run: |c, ids, _| {
                let req =
                    api::FeedbackLinkReq { id: ids.feedback.clone(), idea_id: Some(ids.idea.clone()), item_id: None };
                h::feedback_link(c, req).map(drop)
            },
            ops: |_, ids, a| {
                let f = || ids.feedback.clone();
                vec![
                    ("feedback", f(), "idea_id", json!(ids.idea)),
                    ("feedback", f(), "item_id", Value::Null),
                    ("feedback", f(), "dismissed", json!("")),
                    ("feedback", f(), "triaged_by", json!(a)),
                    ("feedback", f(), "triaged_ms", json!(now())),
                ]
            },
            took_effect: |c, ids| the_feedback(c, ids).idea_id.as_deref() == Some(ids.idea.as_str()),
            allowed: ANYONE,
        },
        Action {
            name: "dismiss feedback",
            from: St::Drafted,
            run: |c, ids, _| {
                let req = api::FeedbackDismissReq { id: ids.feedback.clone(), reason: "Duplicate".into() };
                h::feedback_dismiss(c, req).map(drop)
            },
            ops: |_, ids, a| {
                let f = || ids.feedback.clone();
                vec![
                    ("feedback", f(), "idea_id", Value::Null),
                    ("feedback", f(), "item_id", Value::Null),
                    ("feedback", f(), "dismissed", json!("Duplicate")),
                    ("feedback", f(), "triaged_by", json!(a)),
                    ("feedback", f(), "triaged_ms", json!(now())),
                ]
            },
            took_effect: |c, ids| the_feedback(c, ids).dismissed == "Duplicate",
            allowed: ANYONE,
        },
        Action {
            name: "propose an idea",
            from: St::Fresh,
            run: |c, ids, _| {
                let req = api::IdeaAddReq {
                    title: "Guest checkout".into(),
                    problem: Some("Sign-up wall".into()),
                    proposal: None,
                    product_id: Some(ids.product.clone()),
                };
                h::idea_add(c, req).map(drop)
            },
            ops: |_, ids, a| {
                let i = || String::from("forged-idea");
                vec![
                    ("idea", i(), "proposer_id", json!(a)),
                    ("idea", i(), "title", json!("Guest checkout")),
                    ("idea", i(), "problem", json!("Sign-up wall")),
                    ("idea", i(), "product_id", json!(ids.product)),
                    ("idea", i(), "edited_ms", json!(now())),
                ]
            },
            took_effect: |c, _| c.read(|c| ideas::list(c, None)).unwrap().iter().any(|i| i.title == "Guest checkout"),
            allowed: ANYONE,
        },
        Action {
            name: "edit the idea",
            from: St::Drafted,
            run: |c, ids, _| h::idea_update(c, edit_req(ids)).map(drop),
            ops: |_, ids, _| {
                vec![
                    ("idea", ids.idea.clone(), "title", json!("Saved carts v2")),
                    ("idea", ids.idea.clone(), "edited_ms", json!(now())),
                ]
            },
            took_effect: |c, ids| idea(c, ids).title == "Saved carts v2",
            allowed: PROPOSER,
        },
        Action {
            name: "score",
            from: St::Drafted,
            run: |c, ids, _| {
                let req = api::IdeaScoreReq {
                    id: ids.idea.clone(),
                    reach: Some(100),
                    impact: Some(ideas::Impact::Low),
                    confidence: Some(50),
                    effort: Some(2.0),
                };
                h::idea_score(c, req).map(drop)
            },
            ops: |_, ids, _| {
                let i = || ids.idea.clone();
                vec![
                    ("idea", i(), "reach", json!(100)),
                    ("idea", i(), "impact", json!("low")),
                    ("idea", i(), "confidence", json!(50)),
                    ("idea", i(), "effort", json!(20)),
                    ("idea", i(), "edited_ms", json!(now())),
                ]
            },
            took_effect: |c, ids| idea(c, ids).rice.score_tenths().is_some(),
            allowed: PROPOSER,
        },
        Action {
            name: "add evidence",
            from: St::Drafted,
            run: |c, ids, _| {
                let req = api::EvidenceAddReq {
                    idea_id: ids.idea.clone(),
                    kind: ideas::EvidenceKind::Note,
                    body: Some("Interviews: 6 of 8".into()),
                    url: None,
                };
                h::idea_evidence_add(c, req).map(drop)
            },
            ops: |_, ids, _| {
                let e = || String::from("forged-evidence");
                vec![
                    ("evidence", e(), "idea_id", json!(ids.idea)),
                    ("evidence", e(), "kind", json!("note")),
                    ("evidence", e(), "body", json!("Interviews: 6 of 8")),
                    ("evidence", e(), "at_ms", json!(now())),
                ]
            },
            took_effect: |c, ids| idea(c, ids).evidence_count == 1,
            allowed: PROPOSER,
        },
        Action {
            name: "sponsor",
            from: St::Asked,
            run: |c, ids, _| h::idea_sponsor(c, IdReq { id: ids.idea.clone() }).map(drop),
            ops: |_, ids, a| {
                vec![
                    ("idea", ids.idea.clone(), "sponsor_id", json!(a)),
                    ("idea", ids.idea.clone(), "sponsored_ms", json!(now())),
                ]
            },
            took_effect: |c, ids| idea(c, ids).stage() == Stage::Sponsored,
            allowed: SENIOR,
        },
        Action {
            name: "return",
            from: St::Asked,
            run: |c, ids, _| {
                h::idea_return(c, api::IdeaReturnReq { id: ids.idea.clone(), note: "Size it".into() }).map(drop)
            },
            ops: |_, ids, _| {
                vec![
                    ("idea", ids.idea.clone(), "return_note", json!("Size it")),
                    ("idea", ids.idea.clone(), "returned_ms", json!(now())),
                ]
            },
            took_effect: |c, ids| idea(c, ids).stage() == Stage::Returned,
            allowed: SENIOR,
        },
        Action {
            name: "submit",
            from: St::Sponsored,
            run: |c, ids, _| h::idea_submit(c, IdReq { id: ids.idea.clone() }).map(drop),
            ops: |_, ids, _| vec![("idea", ids.idea.clone(), "submitted_ms", json!(now()))],
            took_effect: |c, ids| idea(c, ids).stage() == Stage::Submitted,
            allowed: SUBMITTERS,
        },
        Action {
            name: "decide",
            from: St::Submitted,
            run: |c, ids, _| super::ideas::decide(c, &ids.idea, Outcome::GoAhead, None, None).map(drop),
            ops: |c, ids, a| {
                let pinned = c.read(|c| decisions::pin(c, &ideas::get(c, &ids.idea)?)).unwrap();
                let d = || String::from("forged-decision");
                vec![
                    ("decision", d(), "idea_id", json!(ids.idea)),
                    ("decision", d(), "by_id", json!(a)),
                    ("decision", d(), "outcome", json!("go_ahead")),
                    ("decision", d(), "rationale", json!("Evidence is strong on mobile")),
                    ("decision", d(), "pinned", json!(serde_json::to_string(&pinned).unwrap())),
                    ("decision", d(), "approved_ms", json!(now())),
                    ("decision", d(), "decided_ms", json!(now())),
                    ("idea", ids.idea.clone(), "decision_id", json!("forged-decision")),
                ]
            },
            took_effect: |c, ids| idea(c, ids).outcome == Some(Outcome::GoAhead),
            allowed: LEADERSHIP,
        },
        Action {
            name: "place on the roadmap",
            from: St::Approved,
            run: |c, ids, _| {
                let req = api::IdeaPlaceReq {
                    id: ids.idea.clone(),
                    horizon: crate::roadmap::Horizon::OneYear,
                    period: "2027-Q3".into(),
                    parent_id: None,
                    goal_id: None,
                };
                h::idea_place(c, req).map(drop)
            },
            ops: |_, ids, _| {
                let r = || String::from("forged-item");
                vec![
                    ("roadmap_item", r(), "product_id", json!(ids.product)),
                    ("roadmap_item", r(), "horizon", json!("one_year")),
                    ("roadmap_item", r(), "period", json!("2027-Q3")),
                    ("roadmap_item", r(), "title", json!("Saved carts")),
                    ("roadmap_item", r(), "status", json!("planned")),
                    ("roadmap_item", r(), "requirements", json!("## Problem")),
                    ("idea", ids.idea.clone(), "item_id", json!("forged-item")),
                    ("idea", ids.idea.clone(), "placed_ms", json!(now())),
                ]
            },
            took_effect: |c, ids| idea(c, ids).placed_ms > 0,
            allowed: SENIOR,
        },
        Action {
            name: "edit once submitted",
            from: St::Submitted,
            run: |c, ids, _| h::idea_update(c, edit_req(ids)).map(drop),
            ops: |_, ids, _| {
                vec![
                    ("idea", ids.idea.clone(), "title", json!("Saved carts v2")),
                    ("idea", ids.idea.clone(), "edited_ms", json!(now())),
                ]
            },
            took_effect: |c, ids| idea(c, ids).title == "Saved carts v2",
            allowed: NOBODY,
        },
    ]
}

#[test]
fn every_idea_action_gets_the_same_verdict_locally_and_received() {
    let actions = actions();
    let states = [St::Fresh, St::Drafted, St::Asked, St::Sponsored, St::Submitted, St::Approved];
    let built: Vec<(St, Built)> = states.into_iter().map(|s| (s, build(s))).collect();
    let workspace = built[0].1.ids.workspace.clone();
    let (table, cells) = matrix::check_all(&actions, &built, &RELATIONS, &workspace, |ids, i| ids.actor(i).to_owned());
    assert_eq!(cells, 13 * 7);
    println!("{table}");
}

#[test]
fn refusals_say_what_the_actor_lacks() {
    let actions = actions();
    let cell = |name: &str, who: usize| {
        let a = actions.iter().find(|a| a.name == name).unwrap();
        let b = build(a.from);
        let (actor, rel) = (b.ids.actor(who).to_owned(), RELATIONS[who]);
        (
            matrix::run_locally(a, &b, &b.ids.workspace, &actor, rel).unwrap(),
            matrix::run_received(a, &b, &actor, rel).unwrap(),
        )
    };
    assert_eq!(cell("decide", 2).0, "Sue is a senior PM and may not decide on ideas");
    assert_eq!(cell("sponsor", 3).0, "Ola is a senior PM and may not sponsor ideas of Jo");
    assert_eq!(cell("sponsor", 1).1, "Jo was a junior PM and could not sponsor ideas of Jo");
    assert_eq!(cell("edit the idea", 4).0, "Kim is a junior PM and may not edit the idea Saved carts");
    assert_eq!(cell("submit", 3).0, "Ola is a senior PM and may not submit the idea Saved carts");
    assert_eq!(cell("place on the roadmap", 3).1, "Ola was a senior PM and could not edit the roadmap of Checkout");
    let (now, then) = cell("edit once submitted", 1);
    assert_eq!(now, "Jo may not edit an idea once it is submitted");
    assert_eq!(then, "Jo could not edit an idea once it is submitted");
    assert_eq!(cell("edit once submitted", 0).0, "Lee may not edit an idea once it is submitted");
}

/// The leader's decision reaches a third laptop before the submission it answers: refused on
/// arrival (nothing was submitted there yet), then judged again when the submission arrives —
/// applied, as on every laptop that received them in order, and found by the log's search.
#[test]
fn a_decision_that_arrives_before_its_submission_is_judged_again() {
    let b = build(St::Approved);
    let ops = b.ops.clone();
    let decision_rows: Vec<String> =
        b.core.read(|c| Ok(decisions::of_idea(c, &b.ids.idea)?.into_iter().map(|d| d.id).collect())).unwrap();
    let leaders: Vec<Op> = ops
        .iter()
        .filter(|o| decision_rows.contains(&o.entity_id) || (o.table == "idea" && o.field == "decision_id"))
        .cloned()
        .collect();
    let rest: Vec<Op> = ops.iter().filter(|o| !leaders.iter().any(|l| l.op_id == o.op_id)).cloned().collect();
    let submit: Vec<Op> = rest.iter().filter(|o| o.field == "submitted_ms").cloned().collect();
    let before_submit: Vec<Op> = rest.iter().filter(|o| o.field != "submitted_ms").cloned().collect();

    let late = Core::open_in_memory().unwrap();
    late.apply_remote(&before_submit).unwrap();
    late.apply_remote(&leaders).unwrap();
    assert!(!refused(&late).is_empty(), "nothing was submitted there yet");
    late.apply_remote(&submit).unwrap();
    assert!(refused(&late).is_empty(), "{:?}", refused(&late));

    let in_order = Core::open_in_memory().unwrap();
    in_order.apply_remote(&ops).unwrap();
    assert_eq!(dump(&late), dump(&in_order));
    let found = late
        .read(|c| decisions::log(c, &decisions::LogFilter { search: Some("saved carts"), ..Default::default() }))
        .unwrap();
    assert_eq!(found.len(), 1, "the replayed decision is in the search index");
}

/// A senior PM's laptop forging a decision: refused everywhere, and never in the search index.
#[test]
fn a_refused_decision_is_not_found_by_search() {
    let b = build(St::Submitted);
    let ids = &b.ids;
    let after = b.ops.iter().map(|o| o.hlc).max().unwrap_or(0);
    let forged = [("idea_id", json!(ids.idea)), ("rationale", json!("Zanzibar launch")), ("decided_ms", json!(now()))]
        .into_iter()
        .enumerate()
        .map(|(i, (field, value))| Op {
            op_id: format!("forged-{i}"),
            device_id: "sues-laptop".into(),
            seq: i as i64 + 1,
            hlc: after + 1 + i as i64,
            author_id: ids.sue.clone(),
            table: "decision".into(),
            entity_id: "forged-decision".into(),
            field: field.into(),
            value,
        })
        .collect::<Vec<_>>();
    let replica = Core::open_in_memory().unwrap();
    replica.apply_remote(&b.ops).unwrap();
    replica.apply_remote(&forged).unwrap();
    assert_eq!(refused(&replica).len(), 3);
    let hits: i64 = replica
        .read(|c| {
            Ok(c.query_row("SELECT count(*) FROM decision_text WHERE decision_text MATCH 'zanzibar'", [], |r| {
                r.get(0)
            })?)
        })
        .unwrap();
    assert_eq!(hits, 0);
    let log = replica.read(|c| decisions::log(c, &decisions::LogFilter::default())).unwrap();
    assert!(log.is_empty());
}

/// Jo submits on one laptop while Sue returns the idea on another: whichever clock is earlier
/// wins on every laptop, and the other is refused — never a submitted idea that was returned.
#[test]
fn a_submission_racing_a_return_is_decided_by_clock_order() {
    let b = build(St::Sponsored);
    let ids = &b.ids;
    let after = b.ops.iter().map(|o| o.hlc).max().unwrap_or(0);
    let op = |who: &str, n: i64, field: &str, value: Value| Op {
        op_id: format!("{who}-{n}"),
        device_id: format!("laptop-of-{who}"),
        seq: n,
        hlc: after + n * 2 + i64::from(who == ids.sue),
        author_id: who.to_owned(),
        table: "idea".into(),
        entity_id: ids.idea.clone(),
        field: field.into(),
        value,
    };
    let submit = vec![op(&ids.jo, 1, "submitted_ms", json!(now()))];
    let back = vec![
        op(&ids.sue, 1, "sponsor_id", Value::Null),
        op(&ids.sue, 2, "sponsored_ms", json!(0)),
        op(&ids.sue, 3, "return_note", json!("Wait")),
        op(&ids.sue, 4, "returned_ms", json!(now())),
    ];
    let mut dumps = Vec::new();
    for first in [true, false] {
        let r = Core::open_in_memory().unwrap();
        r.apply_remote(&b.ops).unwrap();
        if first {
            r.apply_remote(&back).unwrap();
            r.apply_remote(&submit).unwrap();
        } else {
            r.apply_remote(&submit).unwrap();
            r.apply_remote(&back).unwrap();
        }
        let i = idea(&r, ids);
        assert_eq!(i.stage(), Stage::Submitted, "Jo's submission came first by clock");
        assert_eq!(refused(&r).len(), 4, "{:?}", refused(&r));
        dumps.push(dump(&r));
    }
    assert_eq!(dumps[0], dumps[1]);
}

/// Sue's placement reaches a third laptop before Lee's go-ahead: refused there at first, then
/// judged again when the go-ahead arrives, so every laptop ends with the same roadmap.
#[test]
fn a_placement_that_arrives_before_its_go_ahead_is_judged_again() {
    let b = build(St::Approved);
    let ids = &b.ids;
    let sue = laptop("sues-laptop", &ids.sue, &ids.workspace, &b.ops);
    let req = api::IdeaPlaceReq {
        id: ids.idea.clone(),
        horizon: crate::roadmap::Horizon::OneYear,
        period: "2027-Q4".into(),
        parent_id: None,
        goal_id: None,
    };
    h::idea_place(&sue, req).unwrap();
    let all = sue.read(oplog::all_ops).unwrap();
    let decision = idea(&b.core, ids).decision_id.unwrap();
    let is_lees = |o: &Op| o.entity_id == decision || (o.table == "idea" && o.field == "decision_id");
    let (lees, others): (Vec<Op>, Vec<Op>) = all.into_iter().partition(is_lees);
    let late = Core::open_in_memory().unwrap();
    late.apply_remote(&others).unwrap();
    assert!(!refused(&late).is_empty(), "no go-ahead there yet");
    late.apply_remote(&lees).unwrap();
    assert!(refused(&late).is_empty(), "{:?}", refused(&late));
    assert!(idea(&late, ids).placed_ms > 0);
    let in_order = Core::open_in_memory().unwrap();
    in_order.apply_remote(&sue.read(oplog::all_ops).unwrap()).unwrap();
    assert_eq!(dump(&late), dump(&in_order));
}

/// The search index holds what the table holds: a decision's text that lost last-writer-wins
/// to a later op is not found, and a rebuild from the log indexes the same.
#[test]
fn the_search_index_follows_the_table_through_lost_writes_and_rebuilds() {
    let b = build(St::Approved);
    let ids = &b.ids;
    let decision = idea(&b.core, ids).decision_id.unwrap();
    // Another laptop of Lee's wrote the rationale too, with an older clock (after the decision
    // named its idea, before the record was closed: allowed): it loses to the one on record.
    let named = b.ops.iter().find(|o| o.entity_id == decision && o.field == "idea_id").unwrap().hlc;
    let older = Op {
        op_id: "older-rationale".into(),
        device_id: "lees-other-laptop".into(),
        seq: 1,
        hlc: named + 1,
        author_id: ids.lee.clone(),
        table: "decision".into(),
        entity_id: decision.clone(),
        field: "rationale".into(),
        value: json!("Quokka pilot first"),
    };
    let r = Core::open_in_memory().unwrap();
    r.apply_remote(&b.ops).unwrap();
    r.apply_remote(&[older]).unwrap();
    assert!(refused(&r).is_empty(), "{:?}", refused(&r));
    let search = |core: &Core, text: &str| {
        core.read(|c| decisions::log(c, &decisions::LogFilter { search: Some(text), ..Default::default() }))
            .unwrap()
            .len()
    };
    assert_eq!(search(&r, "quokka"), 0, "the losing text is not indexed");
    assert_eq!(search(&r, "evidence strong"), 1);
    r.transact(|tx| oplog::rebuild(tx)).unwrap();
    assert_eq!((search(&r, "quokka"), search(&r, "evidence strong"), search(&r, "saved")), (0, 1, 1));
}

/// Journey 2 with its refusals, as one log: Jo's idea sponsored, submitted, approved and placed
/// by Sue; Kim's feedback linked; a second idea of Sue's declined; and, made on other laptops,
/// Jo editing after submission, Ola forging a decision, a later "not now" superseding nothing
/// it may not (on the declined idea).
fn journey_log() -> &'static Vec<Op> {
    static LOG: std::sync::OnceLock<Vec<Op>> = std::sync::OnceLock::new();
    LOG.get_or_init(|| {
        let b = build(St::Approved);
        let (c, ids) = (&b.core, &b.ids);
        act_as(c, &ids.kim);
        let req = api::FeedbackLinkReq { id: ids.feedback.clone(), idea_id: Some(ids.idea.clone()), item_id: None };
        h::feedback_link(c, req).unwrap();
        act_as(c, &ids.sue);
        let place = api::IdeaPlaceReq {
            id: ids.idea.clone(),
            horizon: crate::roadmap::Horizon::OneYear,
            period: "2027-Q3".into(),
            parent_id: None,
            goal_id: None,
        };
        h::idea_place(c, place).unwrap();
        let crypto = super::ideas::idea(c, "Crypto checkout", Some(&ids.product)).id;
        h::idea_submit(c, IdReq { id: crypto.clone() }).unwrap();
        act_as(c, &ids.lee);
        super::ideas::decide(c, &crypto, Outcome::No, None, None).unwrap();
        let mut log = c.read(oplog::all_ops).unwrap();
        let after = log.iter().map(|o| o.hlc).max().unwrap_or(0);
        let forged = [
            (&ids.jo, "idea", ids.idea.clone(), "title", json!("Saved carts v9")),
            (&ids.ola, "decision", "olas-decision".to_owned(), "idea_id", json!(crypto)),
            (&ids.ola, "decision", "olas-decision".to_owned(), "rationale", json!("Zanzibar")),
            (&ids.ola, "decision", "olas-decision".to_owned(), "decided_ms", json!(now())),
            (&ids.ola, "idea", crypto.clone(), "decision_id", json!("olas-decision")),
        ];
        for (i, (who, table, entity, field, value)) in forged.into_iter().enumerate() {
            log.push(Op {
                op_id: format!("forged-{i}"),
                device_id: format!("laptop-of-{who}"),
                seq: i as i64 + 1,
                hlc: after + 1 + i as i64,
                author_id: who.clone(),
                table: table.into(),
                entity_id: entity,
                field: field.into(),
                value,
            });
        }
        log
    })
}

fn searched(core: &Core, text: &str) -> Vec<(String, String)> {
    let f = decisions::LogFilter { search: Some(text), ..Default::default() };
    core.read(|c| decisions::log(c, &f)).unwrap().into_iter().map(|e| (e.idea_title, e.decision.rationale)).collect()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 48, ..Default::default() })]

    /// Whatever order and batches the journey's ops arrive in, every replica holds the same
    /// tables, refuses the same ops, and its decision log finds the same decisions.
    #[test]
    fn idea_replicas_converge_whatever_the_delivery(
        order in proptest::strategy::Strategy::prop_shuffle(proptest::strategy::Just(journey_log().clone())),
        cuts in proptest::collection::vec(1usize..40, 1..12),
    ) {
        let in_order = Core::open_in_memory().unwrap();
        in_order.apply_remote(journey_log()).unwrap();
        let r = Core::open_in_memory().unwrap();
        let mut rest: &[Op] = &order;
        for cut in cuts.iter().cycle() {
            if rest.is_empty() {
                break;
            }
            let (now, later) = rest.split_at((*cut).min(rest.len()));
            r.apply_remote(now).unwrap();
            rest = later;
        }
        let (got, want) = (dump(&r), dump(&in_order));
        let only = |a: &str, b: &str| a.lines().filter(|l| !b.lines().any(|m| m == *l)).map(str::to_owned).collect::<Vec<_>>();
        proptest::prop_assert!(got == want, "replicas diverged: only here {:?}; only in order {:?}", only(&got, &want), only(&want, &got));
        proptest::prop_assert_eq!(refused(&r).len(), 5);
        for text in ["saved", "crypto", "zanzibar", "evidence strong"] {
            proptest::prop_assert_eq!(searched(&r, text), searched(&in_order, text), "{}", text);
        }
        proptest::prop_assert_eq!(searched(&r, "zanzibar").len(), 0);
    }
}
