//! Who may do what with a delegation: every action (offer, amend, answer, withdraw, complete,
//! reassign, accept, ask, check in, add and edit a story, mark a guardrail, ask for review,
//! approve, approve with an exception, ask for changes, comment, reply, resolve) × every
//! relation of the actor to it (leadership, the delegator, another senior PM, the junior's
//! mentor, the delegated junior, another junior of the same manager, another senior's junior, a
//! removed member) is tried twice, as `people.rs` does for the workspace — as a local command
//! through the API (refused in the present tense with `permission_denied`, changing nothing)
//! and as ops made on the actor's laptop and received by another replica (refused in the past
//! tense, kept in the log, holding no field) — and must get the same verdict both ways.
//!
//! Each cell starts from a state built once and replayed into a fresh replica (the state's ops,
//! received), set up so that only the permission decides: the delegation in the state the
//! action needs, the story waiting for review when it is reviewed, and so on.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::{json, Value};

use super::delegation::{act_as, offer, story, world};
use crate::api::{self, handlers as h, IdReq};
use crate::delegation::stories::{self, check_id, Mark, StoryStatus};
use crate::delegation::{self, reviews, State};
use crate::oplog::{self, Op};
use crate::workspace::{self, Role};
use crate::{Core, ErrorCode};

/// The people and rows of one state of the world.
#[derive(Clone)]
pub(crate) struct Ids {
    pub(crate) workspace: String,
    pub(crate) lee: String,
    pub(crate) sue: String,
    pub(crate) ola: String,
    pub(crate) pat: String,
    pub(crate) jo: String,
    pub(crate) kim: String,
    pub(crate) max: String,
    pub(crate) rex: String,
    pub(crate) guardrail: String,
    pub(crate) own_guardrail: String,
    pub(crate) item: String,
    pub(crate) delegation: String,
    pub(crate) story: String,
    pub(crate) comment: String,
}

/// The relations of the matrix's rows, in order.
const RELATIONS: [&str; 8] = [
    "leadership",
    "the delegator",
    "another senior",
    "the mentor",
    "the junior",
    "another junior",
    "another's junior",
    "removed member",
];

impl Ids {
    /// The member in relation `i` (see [`RELATIONS`]) to Sue's delegation of Apple Pay to Jo.
    fn actor(&self, i: usize) -> &str {
        match i {
            0 => &self.lee,
            1 => &self.sue,
            2 => &self.pat,
            3 => &self.ola,
            4 => &self.jo,
            5 => &self.kim,
            6 => &self.max,
            _ => &self.rex,
        }
    }
}

/// The state an action starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum St {
    /// Nothing delegated yet.
    Fresh,
    /// Sue offered Apple Pay to Jo.
    Offered,
    /// Jo asked a question about it.
    Questioned,
    /// Jo accepted it.
    Accepted,
    /// Jo wrote a draft story under it.
    Drafted,
    /// The story, its guardrails marked respected, waits for Sue's review.
    InReview,
    /// The story violates a guardrail (with a note) and waits for review.
    Violated,
    /// Sue commented on the draft story.
    Commented,
    /// Sue approved the story in review.
    Approved,
}

/// A state of the world: its ids, every op that made it, and the file that made it.
pub(crate) struct Built {
    pub(crate) ids: Ids,
    pub(crate) ops: Vec<Op>,
    pub(crate) core: Core,
}

/// The delegation fixture, plus Pat (a senior PM with no relation to Jo or the product) and
/// Rex (leadership, removed), brought to `st`.
pub(crate) fn build(st: St) -> Built {
    let w = world();
    let c = &w.core;
    let lee = workspace::me(c).unwrap();
    let pat = workspace::add_member(c, &lee, "Pat", Role::Senior, None).unwrap().id;
    let rex = workspace::add_member(c, &lee, "Rex", Role::Leadership, None).unwrap().id;
    workspace::remove_member(c, &lee, &rex).unwrap();
    let mut ids = Ids {
        workspace: workspace::info(c).unwrap().unwrap().id,
        lee: w.lee.clone(),
        sue: w.sue.clone(),
        ola: w.ola.clone(),
        pat,
        jo: w.jo.clone(),
        kim: w.kim.clone(),
        max: w.max.clone(),
        rex,
        guardrail: w.guardrail.clone(),
        own_guardrail: w.own_guardrail.clone(),
        item: w.item.clone(),
        delegation: String::new(),
        story: String::new(),
        comment: String::new(),
    };
    if st != St::Fresh {
        act_as(c, &w.sue);
        ids.delegation = offer(&w, &w.jo).unwrap().id;
        act_as(c, &w.jo);
        let d = IdReq { id: ids.delegation.clone() };
        match st {
            St::Offered | St::Fresh => {}
            St::Questioned => {
                h::delegate_ask(c, api::TextReq { id: d.id, text: "Web only?".into() }).unwrap();
            }
            _ => {
                h::delegate_accept(c, d).unwrap();
            }
        }
    }
    if matches!(st, St::Drafted | St::InReview | St::Violated | St::Commented | St::Approved) {
        let fields = story("Pay with one tap", &["works on Safari", "shows a receipt"]);
        ids.story = h::story_add(c, api::StoryAddReq { delegation_id: ids.delegation.clone(), fields }).unwrap().id;
    }
    if matches!(st, St::InReview | St::Violated | St::Approved) {
        let violated = st == St::Violated;
        for g in [&ids.guardrail, &ids.own_guardrail] {
            let (mark, note) = if violated && *g == ids.guardrail {
                (Mark::Violated, Some("keeps a token".into()))
            } else {
                (Mark::Respected, None)
            };
            h::story_check(c, api::StoryCheckReq { id: ids.story.clone(), guardrail_id: g.clone(), mark, note })
                .unwrap();
        }
        h::review_request(c, api::ReviewRequestReq { ids: vec![ids.story.clone()] }).unwrap();
    }
    if st == St::Commented {
        act_as(c, &w.sue);
        let req = api::CommentAddReq {
            story_id: Some(ids.story.clone()),
            parent_id: None,
            delegation_id: None,
            body: "Which receipt?".into(),
        };
        ids.comment = h::comment_add(c, req).unwrap().id;
    }
    if st == St::Approved {
        act_as(c, &w.sue);
        let req = api::ReviewDecideReq { id: ids.story.clone(), exception: None, comment: None };
        assert_eq!(h::review_approve(c, req).unwrap().status, StoryStatus::Ready);
    }
    act_as(c, &w.lee);
    let ops = c.read(oplog::all_ops).unwrap();
    assert!(refused(c).is_empty(), "{st:?}: {:?}", refused(c));
    Built { ids, ops, core: w.core }
}

/// A laptop (device `device`) acting as `member`, holding `ops` as received.
pub(crate) fn laptop(device: &str, member: &str, workspace: &str, ops: &[Op]) -> Core {
    let core = Core::open_in_memory().unwrap();
    core.transact(|tx| {
        tx.execute(
            "INSERT INTO local_device (singleton, device_id, workspace_id, member_id, next_seq, hlc)
             VALUES (1, ?1, ?2, ?3, 1, 0)",
            [device, workspace, member],
        )?;
        Ok(())
    })
    .unwrap();
    core.apply_remote(ops).unwrap();
    core
}

/// (op id, reason) of every refused op.
pub(crate) fn refused(core: &Core) -> Vec<(String, String)> {
    let mut out: Vec<_> = oplog::judge::refused(core).unwrap().into_iter().map(|r| (r.op_id, r.reason)).collect();
    out.sort();
    out
}

fn dump(core: &Core) -> String {
    core.read(oplog::dump).unwrap()
}

fn now() -> i64 {
    delegation::now_ms()
}

/// One op an action writes: (table, entity, field, value).
use super::matrix::Edit;

/// One column of the matrix: the state it starts from, the command a person runs, the ops that
/// command writes (made by hand on the actor's laptop for the received side), whether it took
/// effect, and who may.
struct Action {
    name: &'static str,
    from: St,
    run: fn(&Core, &Ids, &str) -> crate::Result<()>,
    /// The ops, given the state's file (to read what a verdict pins).
    ops: fn(&Core, &Ids, &str) -> Vec<Edit>,
    took_effect: fn(&Core, &Ids) -> bool,
    /// Allowed for each of [`RELATIONS`].
    allowed: [bool; 8],
}

const DELEGATOR: [bool; 8] = [true, true, false, false, false, false, false, false];
const JUNIOR: [bool; 8] = [true, false, false, false, true, false, false, false];
const PARTIES: [bool; 8] = [true, true, false, true, true, false, false, false];

fn del(c: &Core, ids: &Ids) -> delegation::Delegation {
    c.read(|c| delegation::get(c, &ids.delegation)).unwrap()
}

fn the_story(c: &Core, ids: &Ids) -> stories::Story {
    c.read(|c| stories::get(c, &ids.story)).unwrap()
}

fn comments(c: &Core, ids: &Ids) -> Vec<reviews::Comment> {
    c.read(|c| reviews::for_delegation(c, &ids.delegation)).unwrap()
}

/// The junior an offer goes to: Jo, unless Jo is the one offering (to Kim, then).
fn offered_to<'a>(ids: &'a Ids, actor: &str) -> &'a str {
    if actor == ids.jo {
        &ids.kim
    } else {
        &ids.jo
    }
}

/// What a verdict on the story pins: its content in the state it was reviewed in.
fn pinned(c: &Core, ids: &Ids) -> String {
    serde_json::to_string(&the_story(c, ids).content()).unwrap()
}

fn fields(v: Value) -> api::StoryFieldsReq {
    serde_json::from_value(v).unwrap()
}

fn decide(id: &str, exception: Option<&str>, comment: Option<&str>) -> api::ReviewDecideReq {
    api::ReviewDecideReq { id: id.into(), exception: exception.map(Into::into), comment: comment.map(Into::into) }
}

fn comment_req(ids: &Ids, parent: bool, body: &str) -> api::CommentAddReq {
    api::CommentAddReq {
        story_id: Some(ids.story.clone()),
        parent_id: parent.then(|| ids.comment.clone()),
        delegation_id: None,
        body: body.into(),
    }
}

fn comment_ops(ids: &Ids, actor: &str, entity: &str, parent: bool, body: &str) -> Vec<Edit> {
    let mut ops = vec![
        ("comment", entity.into(), "author_id", json!(actor)),
        ("comment", entity.into(), "delegation_id", json!(ids.delegation)),
        ("comment", entity.into(), "story_id", json!(ids.story)),
    ];
    if parent {
        ops.push(("comment", entity.into(), "parent_id", json!(ids.comment)));
    }
    ops.push(("comment", entity.into(), "body", json!(body)));
    ops.push(("comment", entity.into(), "at_ms", json!(now())));
    ops
}

fn actions() -> Vec<Action> {
    vec![
        Action {
            name: "offer",
            from: St::Fresh,
            run: |c, ids, a| {
                let req = api::DelegateOfferReq {
                    item_id: ids.item.clone(),
                    to_id: offered_to(ids, a).into(),
                    brief: super::delegation::brief("Apple Pay in checkout"),
                };
                h::delegate_offer(c, req).map(drop)
            },
            ops: |_, ids, a| {
                let d = || String::from("forged-delegation");
                vec![
                    ("delegation", d(), "from_id", json!(a)),
                    ("delegation", d(), "item_id", json!(ids.item)),
                    ("delegation", d(), "to_id", json!(offered_to(ids, a))),
                    ("delegation", d(), "offered_ms", json!(now())),
                    ("delegation", d(), "assigned_ms", json!(now())),
                    ("delegation", d(), "scope", json!("Apple Pay in checkout")),
                ]
            },
            took_effect: |c, ids| c.read(|c| delegation::open_for_item(c, &ids.item)).unwrap().is_some(),
            allowed: DELEGATOR,
        },
        Action {
            name: "amend the brief",
            from: St::Offered,
            run: |c, ids, _| {
                let brief = api::BriefReq {
                    scope: Some("Amended scope".into()),
                    non_goals: None,
                    decisions: None,
                    due: None,
                    cadence_days: None,
                };
                h::delegate_amend(c, api::DelegateAmendReq { id: ids.delegation.clone(), brief }).map(drop)
            },
            ops: |_, ids, _| {
                vec![
                    ("delegation", ids.delegation.clone(), "scope", json!("Amended scope")),
                    ("delegation", ids.delegation.clone(), "amended_ms", json!(now())),
                ]
            },
            took_effect: |c, ids| del(c, ids).scope == "Amended scope",
            allowed: DELEGATOR,
        },
        Action {
            name: "answer a question",
            from: St::Questioned,
            run: |c, ids, _| {
                h::delegate_answer(c, api::TextReq { id: ids.delegation.clone(), text: "Web only".into() }).map(drop)
            },
            ops: |_, ids, _| {
                vec![
                    ("delegation", ids.delegation.clone(), "answer", json!("Web only")),
                    ("delegation", ids.delegation.clone(), "answered_ms", json!(now())),
                ]
            },
            took_effect: |c, ids| del(c, ids).answer == "Web only",
            allowed: DELEGATOR,
        },
        Action {
            name: "withdraw",
            from: St::Offered,
            run: |c, ids, _| h::delegate_withdraw(c, IdReq { id: ids.delegation.clone() }).map(drop),
            ops: |_, ids, _| vec![("delegation", ids.delegation.clone(), "ended", json!("withdrawn"))],
            took_effect: |c, ids| del(c, ids).state == State::Withdrawn,
            allowed: DELEGATOR,
        },
        Action {
            name: "complete",
            from: St::Accepted,
            run: |c, ids, _| h::delegate_complete(c, IdReq { id: ids.delegation.clone() }).map(drop),
            ops: |_, ids, _| vec![("delegation", ids.delegation.clone(), "ended", json!("completed"))],
            took_effect: |c, ids| del(c, ids).state == State::Completed,
            allowed: DELEGATOR,
        },
        Action {
            name: "reassign to Kim",
            from: St::Accepted,
            run: |c, ids, _| {
                let req = api::DelegateReassignReq { id: ids.delegation.clone(), to_id: ids.kim.clone() };
                h::delegate_reassign(c, req).map(drop)
            },
            ops: |_, ids, _| {
                vec![
                    ("delegation", ids.delegation.clone(), "to_id", json!(ids.kim)),
                    ("delegation", ids.delegation.clone(), "assigned_ms", json!(now())),
                ]
            },
            // Kim answers afresh: Jo's acceptance is not hers.
            took_effect: |c, ids| {
                let d = del(c, ids);
                d.to_id == ids.kim && d.state == State::Offered
            },
            allowed: DELEGATOR,
        },
        Action {
            name: "accept",
            from: St::Offered,
            run: |c, ids, _| h::delegate_accept(c, IdReq { id: ids.delegation.clone() }).map(drop),
            ops: |_, ids, _| {
                vec![
                    ("delegation", ids.delegation.clone(), "response", json!("accepted")),
                    ("delegation", ids.delegation.clone(), "responded_ms", json!(now())),
                ]
            },
            took_effect: |c, ids| del(c, ids).state == State::Accepted,
            allowed: JUNIOR,
        },
        Action {
            name: "ask",
            from: St::Offered,
            run: |c, ids, _| {
                h::delegate_ask(c, api::TextReq { id: ids.delegation.clone(), text: "Web too?".into() }).map(drop)
            },
            ops: |_, ids, _| {
                vec![
                    ("delegation", ids.delegation.clone(), "response", json!("question")),
                    ("delegation", ids.delegation.clone(), "question", json!("Web too?")),
                    ("delegation", ids.delegation.clone(), "responded_ms", json!(now())),
                ]
            },
            took_effect: |c, ids| del(c, ids).state == State::Questioned,
            allowed: JUNIOR,
        },
        Action {
            name: "check in",
            from: St::Accepted,
            run: |c, ids, _| {
                h::delegate_checkin(c, api::TextReq { id: ids.delegation.clone(), text: "On track".into() }).map(drop)
            },
            ops: |_, ids, _| {
                vec![
                    ("checkin", "forged-checkin".into(), "delegation_id", json!(ids.delegation)),
                    ("checkin", "forged-checkin".into(), "body", json!("On track")),
                    ("checkin", "forged-checkin".into(), "at_ms", json!(now())),
                ]
            },
            took_effect: |c, ids| {
                c.read(|c| delegation::checkins(c, &ids.delegation)).unwrap().iter().any(|k| k.body == "On track")
            },
            allowed: JUNIOR,
        },
        Action {
            name: "add a story",
            from: St::Accepted,
            run: |c, ids, _| {
                let fields = story("Added story", &["works"]);
                h::story_add(c, api::StoryAddReq { delegation_id: ids.delegation.clone(), fields }).map(drop)
            },
            ops: |_, ids, _| {
                let s = || String::from("forged-story");
                vec![
                    ("story", s(), "delegation_id", json!(ids.delegation)),
                    ("story", s(), "rank", json!("V")),
                    ("story", s(), "title", json!("Added story")),
                    ("story", s(), "edited_ms", json!(now())),
                ]
            },
            took_effect: |c, ids| {
                let d = del(c, ids);
                c.read(|c| stories::list(c, &d)).unwrap().iter().any(|s| s.title == "Added story")
            },
            allowed: JUNIOR,
        },
        Action {
            name: "edit a story",
            from: St::Drafted,
            run: |c, ids, _| {
                let req = api::StoryUpdateReq { id: ids.story.clone(), fields: fields(json!({"title": "Edited"})) };
                h::story_update(c, req).map(drop)
            },
            ops: |_, ids, _| {
                vec![
                    ("story", ids.story.clone(), "title", json!("Edited")),
                    ("story", ids.story.clone(), "edited_ms", json!(now())),
                ]
            },
            took_effect: |c, ids| the_story(c, ids).title == "Edited",
            allowed: JUNIOR,
        },
        Action {
            name: "mark a guardrail",
            from: St::Drafted,
            run: |c, ids, _| {
                let req = api::StoryCheckReq {
                    id: ids.story.clone(),
                    guardrail_id: ids.guardrail.clone(),
                    mark: Mark::AtRisk,
                    note: Some("Tight".into()),
                };
                h::story_check(c, req).map(drop)
            },
            ops: |_, ids, _| {
                let gc = || check_id(&ids.story, &ids.guardrail);
                vec![
                    ("guardrail_check", gc(), "story_id", json!(ids.story)),
                    ("guardrail_check", gc(), "guardrail_id", json!(ids.guardrail)),
                    ("guardrail_check", gc(), "mark", json!("at_risk")),
                    ("guardrail_check", gc(), "note", json!("Tight")),
                    ("story", ids.story.clone(), "edited_ms", json!(now())),
                ]
            },
            took_effect: |c, ids| the_story(c, ids).at_risk() == 1,
            allowed: JUNIOR,
        },
        Action {
            name: "ask for review",
            from: St::Drafted,
            run: |c, ids, _| h::review_request(c, api::ReviewRequestReq { ids: vec![ids.story.clone()] }).map(drop),
            ops: |_, ids, _| vec![("story", ids.story.clone(), "review_asked_ms", json!(now()))],
            took_effect: |c, ids| the_story(c, ids).status() == StoryStatus::InReview,
            allowed: JUNIOR,
        },
        Action {
            name: "approve",
            from: St::InReview,
            run: |c, ids, _| h::review_approve(c, decide(&ids.story, None, None)).map(drop),
            ops: |c, ids, _| {
                vec![
                    ("story", ids.story.clone(), "verdict", json!("approved")),
                    ("story", ids.story.clone(), "verdict_ms", json!(now())),
                    ("story", ids.story.clone(), "pinned", json!(pinned(c, ids))),
                ]
            },
            took_effect: |c, ids| the_story(c, ids).status() == StoryStatus::Ready,
            allowed: DELEGATOR,
        },
        Action {
            name: "approve with an exception",
            from: St::Violated,
            run: |c, ids, _| h::review_approve(c, decide(&ids.story, Some("A token is not card data"), None)).map(drop),
            ops: |c, ids, _| {
                vec![
                    ("story", ids.story.clone(), "exception", json!("A token is not card data")),
                    ("story", ids.story.clone(), "verdict", json!("approved")),
                    ("story", ids.story.clone(), "verdict_ms", json!(now())),
                    ("story", ids.story.clone(), "pinned", json!(pinned(c, ids))),
                ]
            },
            took_effect: |c, ids| {
                let s = the_story(c, ids);
                s.status() == StoryStatus::Ready && s.exception == "A token is not card data"
            },
            allowed: DELEGATOR,
        },
        Action {
            name: "ask for changes",
            from: St::InReview,
            run: |c, ids, _| h::review_request_changes(c, decide(&ids.story, None, Some("Which receipt?"))).map(drop),
            ops: |c, ids, a| {
                let mut ops = vec![
                    ("story", ids.story.clone(), "verdict", json!("changes")),
                    ("story", ids.story.clone(), "verdict_ms", json!(now())),
                    ("story", ids.story.clone(), "pinned", json!(pinned(c, ids))),
                ];
                ops.extend(comment_ops(ids, a, "forged-comment", false, "Which receipt?"));
                ops
            },
            took_effect: |c, ids| the_story(c, ids).status() == StoryStatus::ChangesRequested,
            allowed: DELEGATOR,
        },
        Action {
            name: "comment",
            from: St::Drafted,
            run: |c, ids, _| h::comment_add(c, comment_req(ids, false, "Nice split")).map(drop),
            ops: |_, ids, a| comment_ops(ids, a, "forged-comment", false, "Nice split"),
            took_effect: |c, ids| comments(c, ids).iter().any(|k| k.body == "Nice split"),
            allowed: PARTIES,
        },
        Action {
            name: "reply",
            from: St::Commented,
            run: |c, ids, _| h::comment_add(c, comment_req(ids, true, "The email one")).map(drop),
            ops: |_, ids, a| comment_ops(ids, a, "forged-reply", true, "The email one"),
            took_effect: |c, ids| {
                comments(c, ids).iter().any(|k| k.body == "The email one" && k.parent_id.as_ref() == Some(&ids.comment))
            },
            allowed: PARTIES,
        },
        Action {
            name: "resolve",
            from: St::Commented,
            run: |c, ids, _| {
                let req = api::CommentResolveReq { id: ids.comment.clone(), resolved: Some(true) };
                h::comment_resolve(c, req).map(drop)
            },
            ops: |_, ids, _| vec![("comment", ids.comment.clone(), "resolved", json!(true))],
            took_effect: |c, ids| comments(c, ids).iter().any(|k| k.id == ids.comment && k.resolved),
            allowed: PARTIES,
        },
    ]
}

/// The local command's verdict: `None` when allowed (and it took effect), else its message.
fn run_locally(action: &Action, built: &Built, who: usize) -> Option<String> {
    let (rel, ids) = (RELATIONS[who], &built.ids);
    let actor = ids.actor(who);
    let core = laptop("actors-laptop", actor, &ids.workspace, &built.ops);
    assert!(!(action.took_effect)(&core, ids), "{rel} × {}: done already", action.name);
    let before = dump(&core);
    match (action.run)(&core, ids, actor) {
        Ok(()) => {
            assert!((action.took_effect)(&core, ids), "{rel} × {}: allowed but no effect", action.name);
            assert!(refused(&core).is_empty(), "{rel} × {}: its own ops were refused", action.name);
            None
        }
        Err(e) => {
            assert_eq!(e.code(), ErrorCode::PermissionDenied, "{rel} × {}: {e}", action.name);
            assert_eq!(dump(&core), before, "{rel} × {} changed something", action.name);
            Some(e.to_string())
        }
    }
}

/// The received ops' verdict: the ops are made on the actor's laptop after everything the state
/// holds, and another replica receives both. `None` when every op applied; else the first
/// refused op's reason, and the ops that applied all the same.
fn run_received(action: &Action, built: &Built, who: usize) -> (Option<String>, Vec<&'static str>) {
    let (rel, ids) = (RELATIONS[who], &built.ids);
    let actor = ids.actor(who);
    let mut log = built.ops.clone();
    let after = log.iter().map(|o| o.hlc).max().unwrap_or(0);
    let edits = (action.ops)(&built.core, ids, actor);
    let made = super::matrix::made_on_laptop(&format!("laptop-of-{actor}"), actor, after, &edits);
    log.extend(made.iter().cloned());
    let replica = Core::open_in_memory().unwrap();
    replica.apply_remote(&log).unwrap();
    let refused = refused(&replica);
    let reason_of = |op: &Op| refused.iter().find(|(id, _)| *id == op.op_id).map(|(_, r)| r.clone());
    let reasons: Vec<Option<String>> = made.iter().map(reason_of).collect();
    let first = reasons.iter().flatten().next().cloned();
    let applied_anyway: Vec<&'static str> =
        edits.iter().zip(&reasons).filter(|(_, r)| r.is_none()).map(|((_, _, field, _), _)| *field).collect();
    match &first {
        None => {
            assert!(refused.is_empty(), "{rel} × {}: allowed, yet refused {refused:?}", action.name);
            assert!((action.took_effect)(&replica, ids), "{rel} × {}: applied but no effect", action.name);
            (None, Vec::new())
        }
        Some(_) => {
            assert!(!(action.took_effect)(&replica, ids), "{rel} × {}: refused but took effect", action.name);
            let all = replica.read(oplog::all_ops).unwrap();
            for (op, reason) in made.iter().zip(&reasons) {
                if reason.is_some() {
                    assert!(all.iter().any(|o| o.op_id == op.op_id), "the refused op stays in the log");
                }
            }
            // A rebuild from the log judges the same way.
            let before = dump(&replica);
            replica.transact(|tx| oplog::rebuild(tx)).unwrap();
            assert_eq!(dump(&replica), before, "{rel} × {}: rebuild", action.name);
            (first, applied_anyway)
        }
    }
}

/// The present-tense refusal said in the past tense, as a received op's is.
fn in_the_past(now: &str) -> String {
    if let Some(who) = now.strip_suffix(" has been removed from the workspace and may not change it") {
        return format!("{who} had been removed from the workspace when this change was made");
    }
    now.replacen(" is ", " was ", 1).replacen(" may not ", " could not ", 1)
}

#[test]
fn every_delegation_action_gets_the_same_verdict_locally_and_received() {
    let actions = actions();
    let states =
        [St::Fresh, St::Offered, St::Questioned, St::Accepted, St::Drafted, St::InReview, St::Violated, St::Commented];
    let built: Vec<(St, Built)> = states.into_iter().map(|s| (s, build(s))).collect();
    let mut cells = 0;
    let mut table = String::new();
    let mut partial = Vec::new();
    for action in &actions {
        let b = &built.iter().find(|(s, _)| *s == action.from).unwrap().1;
        let mut line = format!("{:<26}", action.name);
        for (i, rel) in RELATIONS.iter().enumerate() {
            let want = action.allowed[i];
            let local = run_locally(action, b, i);
            let (received, applied_anyway) = run_received(action, b, i);
            assert_eq!(local.is_none(), want, "{rel} × {} locally: {local:?}", action.name);
            assert_eq!(received.is_none(), want, "{rel} × {} received: {received:?}", action.name);
            // Same rule, same words: "is … may not" now, "was … could not" for a received op.
            if let (Some(now), Some(then)) = (&local, &received) {
                assert!(!now.contains(" could not "), "{rel} × {}: refused mid-command: {now}", action.name);
                assert_eq!(&in_the_past(now), then, "{rel} × {}", action.name);
            }
            if !applied_anyway.is_empty() {
                partial.push(format!("{rel} × {}: {applied_anyway:?}", action.name));
            }
            line.push_str(if want { " | yes" } else { " |  - " });
            cells += 1;
        }
        table.push_str(&line);
        table.push('\n');
    }
    assert_eq!(cells, 19 * 8);
    println!("{table}");
    println!("refused actions whose other ops applied (rows no command shows):\n{}", partial.join("\n"));
}

/// Lee (leadership) delegated Sue's item to Jo, who accepted; Sue manages Jo and Kim but did not
/// make the delegation. Answers the state's ids and ops.
fn delegated_by_leadership() -> (Ids, Vec<Op>) {
    let b = build(St::Fresh);
    let c = &b.core;
    let mut ids = b.ids.clone();
    act_as(c, &ids.lee);
    let req = api::DelegateOfferReq {
        item_id: ids.item.clone(),
        to_id: ids.jo.clone(),
        brief: super::delegation::brief("Apple Pay in checkout"),
    };
    ids.delegation = h::delegate_offer(c, req).unwrap().id;
    act_as(c, &ids.jo);
    h::delegate_accept(c, IdReq { id: ids.delegation.clone() }).unwrap();
    let ops = c.read(oplog::all_ops).unwrap();
    (ids, ops)
}

/// A reassignment as `author`'s laptop writes it (to `to`), received after `ops`.
fn reassigned_by(ids: &Ids, ops: &[Op], author: &str, to: &str) -> Core {
    let after = ops.iter().map(|o| o.hlc).max().unwrap_or(0);
    let op = |i: i64, field: &str, value: Value| Op {
        op_id: format!("reassign-{i}"),
        device_id: format!("laptop-of-{author}"),
        seq: i,
        hlc: after + i,
        author_id: author.to_owned(),
        table: "delegation".into(),
        entity_id: ids.delegation.clone(),
        field: field.into(),
        value,
    };
    let mut log = ops.to_vec();
    log.push(op(1, "to_id", json!(to)));
    log.push(op(2, "assigned_ms", json!(now())));
    let replica = Core::open_in_memory().unwrap();
    replica.apply_remote(&log).unwrap();
    replica
}

/// "Reassign needs managing both juniors (or leadership)": the manager of both may, whoever
/// made the delegation — as a command, and as ops received, where the new junior answers
/// afresh. (The moment of the assignment was the delegator's field: the command failed half-way
/// with a past-tense refusal, and received ops moved the delegation to Kim while keeping Jo's
/// acceptance, so Kim was "accepted" without having answered.)
#[test]
fn the_manager_of_both_juniors_reassigns_a_delegation_someone_else_made() {
    let (ids, ops) = delegated_by_leadership();
    let sue = laptop("sues-laptop", &ids.sue, &ids.workspace, &ops);
    let req = api::DelegateReassignReq { id: ids.delegation.clone(), to_id: ids.kim.clone() };
    let moved = h::delegate_reassign(&sue, req).unwrap();
    assert_eq!((moved.to_name.as_str(), moved.state), ("Kim", State::Offered));
    assert!(refused(&sue).is_empty(), "{:?}", refused(&sue));

    let replica = reassigned_by(&ids, &ops, &ids.sue, &ids.kim);
    assert!(refused(&replica).is_empty(), "{:?}", refused(&replica));
    let d = del(&replica, &ids);
    assert_eq!((d.to_id.as_str(), d.state), (ids.kim.as_str(), State::Offered), "Kim answers afresh");

    // Ola manages Max, not Jo: refused both ways, and Jo's acceptance stands.
    let ola = laptop("olas-laptop", &ids.ola, &ids.workspace, &ops);
    let before = dump(&ola);
    let req = api::DelegateReassignReq { id: ids.delegation.clone(), to_id: ids.max.clone() };
    let err = h::delegate_reassign(&ola, req).unwrap_err();
    assert_eq!(err.code(), ErrorCode::PermissionDenied);
    assert_eq!(dump(&ola), before);
    let replica = reassigned_by(&ids, &ops, &ids.ola, &ids.max);
    assert_eq!(refused(&replica).len(), 2, "{:?}", refused(&replica));
    let d = del(&replica, &ids);
    assert_eq!((d.to_id.as_str(), d.state), (ids.jo.as_str(), State::Accepted));

    // Sue manages Jo, not Max: received, the move to Max is refused, and the moment of the
    // assignment — judged on its own, as every field is — is hers to write on Jo's delegation.
    // Jo stays and answers afresh: no more than Sue may do (move the work to Kim, or back to
    // Jo), and the refused move is listed. (ARCHITECTURE.md, "Judged field by field".)
    let replica = reassigned_by(&ids, &ops, &ids.sue, &ids.max);
    let refusals = refused(&replica);
    assert_eq!(refusals.len(), 1, "{refusals:?}");
    assert_eq!(refusals[0].0, "reassign-1", "the move to Max: {refusals:?}");
    let d = del(&replica, &ids);
    assert_eq!((d.to_id.as_str(), d.state), (ids.jo.as_str(), State::Offered));
}

/// A refusal says what the actor lacks, in words about people: a delegation's name is its scope,
/// so the rules that end at the delegation do not name it where a person belongs ("review work
/// delegated by Apple Pay in checkout"), and a comment's refusal speaks of commenting.
#[test]
fn refusals_say_what_the_actor_lacks() {
    let actions = actions();
    let cell = |name: &str, who: usize| {
        let a = actions.iter().find(|a| a.name == name).unwrap();
        let b = build(a.from);
        (run_locally(a, &b, who).unwrap(), run_received(a, &b, who).0.unwrap())
    };
    let (now, then) = cell("amend the brief", 2);
    assert_eq!(now, "Pat is a senior PM and may not manage or review work they did not delegate");
    assert_eq!(then, "Pat was a senior PM and could not manage or review work they did not delegate");
    assert_eq!(cell("approve", 4).0, "Jo is a junior PM and may not manage or review work they did not delegate");
    assert_eq!(cell("accept", 1).0, "Sue is a senior PM and may not work on what is not delegated to them");
    assert_eq!(cell("add a story", 3).1, "Ola was a senior PM and could not work on what is not delegated to them");
    assert_eq!(cell("comment", 2).0, "Pat is a senior PM and may not comment on the work of Jo");
    assert_eq!(cell("reply", 6).1, "Max was a junior PM and could not comment on the work of Jo");
    assert_eq!(cell("resolve", 5).0, "Kim is a junior PM and may not comment on the work of Jo");
}
