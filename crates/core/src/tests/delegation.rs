//! Delegation through the API on one file, switching who the laptop acts as: the hand-off and
//! its states, stories inside the guardrails, the review loop, comments, the inbox and board,
//! and every refusal changing nothing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::api::{self, handlers as h, IdReq, NoArgs};
use crate::delegation::stories::{Criterion, Mark, Stage, StoryStatus, Verdict};
use crate::delegation::State;
use crate::workspace::{self, Role};
use crate::{Core, ErrorCode};

/// Lee (leadership) founds the workspace; Sue (senior PM) owns Checkout with a one-year item
/// under an initiative with a guardrail; Jo and Kim are junior PMs reporting to Sue; Ola is a
/// senior PM who mentors Jo; Max is a junior PM reporting to Ola.
pub(crate) struct World {
    pub(crate) core: Core,
    pub(crate) lee: String,
    pub(crate) sue: String,
    pub(crate) ola: String,
    pub(crate) jo: String,
    pub(crate) kim: String,
    pub(crate) max: String,
    pub(crate) item: String,
    pub(crate) guardrail: String,
    pub(crate) own_guardrail: String,
}

/// The laptop now writes as `member`, on a laptop of theirs (`acting-as-<member>`, a device
/// never enrolled, as from before signatures): a laptop enrolled for one member makes no change
/// in another's name on any other laptop.
pub(crate) fn act_as(core: &Core, member: &str) {
    core.transact(|tx| {
        let device = format!("acting-as-{member}");
        let next: i64 = tx.query_row(
            "SELECT coalesce(max(o.seq), 0) + 1 FROM op o JOIN ident d ON d.n = o.device WHERE d.id = ?1",
            [&device],
            |r| r.get(0),
        )?;
        tx.execute(
            "UPDATE local_device SET member_id = ?1, device_id = ?2, next_seq = ?3",
            rusqlite::params![member, device, next],
        )?;
        Ok(())
    })
    .unwrap();
}

/// The laptop is handed to `member` (a folder is set): what it wrote is published, then it
/// joins as them — an invite written by its current member, a new device identity enrolled
/// with it.
pub(crate) fn hand_over(core: &Core, member: &str) {
    use crate::sync::folder;
    let r = folder::pass(core).unwrap();
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    let me = workspace::me(core).unwrap();
    let invite = folder::invite_create(core, &me, member).unwrap();
    let device_key = core.device_key().unwrap();
    let key = device_key.public_hex();
    core.transact(|tx| {
        tx.execute(
            "UPDATE local_device SET member_id = ?1, device_id = ?2, next_seq = 1",
            rusqlite::params![member, crate::oplog::new_id()],
        )?;
        tx.execute("UPDATE sync_config SET exported_seq = 0, exported_hash = ''", [])?;
        let mut w = crate::oplog::Writer::begin(tx, member, &device_key)?;
        workspace::enrol(&mut w, &key, Some(&invite.invite), &me.id)?;
        w.finish()?;
        Ok(())
    })
    .unwrap();
}

pub(crate) fn world() -> World {
    world_on(Core::open_in_memory().unwrap())
}

/// The world on `core` (a laptop's data directory, for sync tests).
pub(crate) fn world_on(core: Core) -> World {
    workspace::init(&core, "Acme", "Lee", Role::Leadership).unwrap();
    let lee = workspace::me(&core).unwrap();
    let add = |name, role, manager: Option<&str>| workspace::add_member(&core, &lee, name, role, manager).unwrap().id;
    let sue = add("Sue", Role::Senior, None);
    let ola = add("Ola", Role::Senior, None);
    let jo = add("Jo", Role::Junior, Some(&sue));
    let kim = add("Kim", Role::Junior, Some(&sue));
    let max = add("Max", Role::Junior, Some(&ola));
    h::member_update(
        &core,
        api::MemberUpdateReq { id: jo.clone(), name: None, role: None, manager_id: None, mentor_id: Some(ola.clone()) },
    )
    .unwrap();
    let goal = h::goal_create(&core, serde_json::from_value(serde_json::json!({"title": "Grow"})).unwrap()).unwrap().id;
    // Leadership sets up Sue's product on Lee's laptop (the only enrolled one here).
    let product = h::product_create(
        &core,
        serde_json::from_value(serde_json::json!({"name": "Checkout", "baseYear": 2027, "ownerId": sue})).unwrap(),
    )
    .unwrap()
    .id;
    let mk = |horizon: &str, period: &str, title: &str, parent: Option<&str>| {
        let mut req = serde_json::json!({"productId": product, "horizon": horizon, "period": period, "title": title});
        if let Some(p) = parent {
            req["parentId"] = p.into();
        } else {
            req["goalId"] = goal.clone().into();
        }
        h::item_create(&core, serde_json::from_value(req).unwrap()).unwrap().id
    };
    let theme = mk("five_year", "2030", "One-click everywhere", None);
    let init = mk("three_year", "2027", "Wallets", Some(&theme));
    let item = mk("one_year", "2027-Q2", "Apple Pay", Some(&init));
    let guard = |item: &str, statement: &str| {
        h::guardrail_add(
            &core,
            serde_json::from_value(serde_json::json!({"itemId": item, "kind": "must_not", "statement": statement}))
                .unwrap(),
        )
        .unwrap()
        .id
    };
    let guardrail = guard(&init, "No new card data stored");
    let own_guardrail = guard(&item, "Ships by June");
    World { core, lee: lee.id, sue, ola, jo, kim, max, item, guardrail, own_guardrail }
}

pub(crate) fn brief(scope: &str) -> api::BriefReq {
    api::BriefReq {
        scope: Some(scope.into()),
        non_goals: Some("No new wallets".into()),
        decisions: Some("Jo decides the flows; pricing needs Sue".into()),
        due: Some("2027-06-30".into()),
        cadence_days: Some(7),
    }
}

pub(crate) fn offer(w: &World, to: &str) -> crate::Result<api::DelegationView> {
    h::delegate_offer(
        &w.core,
        api::DelegateOfferReq { item_id: w.item.clone(), to_id: to.into(), brief: brief("Apple Pay in checkout") },
    )
}

pub(crate) fn story(title: &str, criteria: &[&str]) -> api::StoryFieldsReq {
    api::StoryFieldsReq {
        title: Some(title.into()),
        as_a: Some("shopper".into()),
        i_want: Some(format!("to {title}")),
        so_that: Some("I pay faster".into()),
        criteria: Some(criteria.iter().map(|c| Criterion { text: (*c).into(), done: false }).collect()),
        dev: Some("Dee".into()),
        qa: Some("Quinn".into()),
        points: Some(3),
    }
}

fn dump(core: &Core) -> String {
    core.read(crate::oplog::dump).unwrap()
}

fn code<T>(r: crate::Result<T>) -> Option<ErrorCode> {
    r.err().map(|e| e.code())
}

fn fields(id: &str, f: api::StoryFieldsReq) -> api::StoryUpdateReq {
    api::StoryUpdateReq { id: id.into(), fields: f }
}

fn none() -> api::StoryFieldsReq {
    api::StoryFieldsReq {
        title: None,
        as_a: None,
        i_want: None,
        so_that: None,
        criteria: None,
        dev: None,
        qa: None,
        points: None,
    }
}

#[test]
fn journeys_three_and_four_on_one_file() {
    let w = world();
    let c = &w.core;
    // Sue delegates Apple Pay to Jo with a brief.
    act_as(c, &w.sue);
    let d = offer(&w, &w.jo).unwrap();
    assert_eq!(d.state, State::Offered);
    assert_eq!((d.from_name.as_str(), d.to_name.as_str(), d.due.as_str()), ("Sue", "Jo", "2027-06-30"));
    // The same item can't be delegated twice while it runs.
    let before = dump(c);
    assert_eq!(code(offer(&w, &w.kim)), Some(ErrorCode::InvalidInput));
    assert_eq!(dump(c), before);

    // Jo's inbox shows the offer; Jo asks; Sue answers; Jo sees the answer and accepts.
    act_as(c, &w.jo);
    let inbox = h::inbox_get(c, NoArgs {}).unwrap();
    assert_eq!(inbox.offered.len(), 1);
    assert_eq!(inbox.count, 1);
    h::delegate_ask(c, api::TextReq { id: d.id.clone(), text: "Does this include the web checkout?".into() }).unwrap();
    act_as(c, &w.sue);
    let answered =
        h::delegate_answer(c, api::TextReq { id: d.id.clone(), text: "Web only; apps next year".into() }).unwrap();
    assert!(answered.question_answered);
    act_as(c, &w.jo);
    let inbox = h::inbox_get(c, NoArgs {}).unwrap();
    assert_eq!(inbox.actions.len(), 1);
    assert_eq!(inbox.actions[0].kind, api::InboxKind::QuestionAnswered);
    assert_eq!(inbox.actions[0].text, "Web only; apps next year");
    let accepted = h::delegate_accept(c, IdReq { id: d.id.clone() }).unwrap();
    assert_eq!(accepted.state, State::Accepted);

    // Jo writes three stories with criteria and guardrail checks, and asks for review.
    let add = |t: &str| {
        h::story_add(
            c,
            api::StoryAddReq { delegation_id: d.id.clone(), fields: story(t, &["works on Safari", "shows a receipt"]) },
        )
        .unwrap()
    };
    let (s1, s2, s3) = (add("Pay with one tap"), add("See the wallet button"), add("Get a receipt"));
    assert_eq!(s1.checks.len(), 2, "the item's own guardrail and the inherited one");
    assert_eq!(s1.status, StoryStatus::Draft);
    for s in [&s1, &s2, &s3] {
        for g in [&w.guardrail, &w.own_guardrail] {
            h::story_check(
                c,
                api::StoryCheckReq { id: s.id.clone(), guardrail_id: g.clone(), mark: Mark::Respected, note: None },
            )
            .unwrap();
        }
    }
    // A violated mark needs a note; a guardrail of another item does not apply.
    let before = dump(c);
    let no_note =
        api::StoryCheckReq { id: s3.id.clone(), guardrail_id: w.guardrail.clone(), mark: Mark::Violated, note: None };
    assert_eq!(code(h::story_check(c, no_note)), Some(ErrorCode::InvalidInput));
    let foreign =
        api::StoryCheckReq { id: s3.id.clone(), guardrail_id: "nope".into(), mark: Mark::Respected, note: None };
    assert_eq!(code(h::story_check(c, foreign)), Some(ErrorCode::InvalidInput));
    assert_eq!(dump(c), before);
    let sent =
        h::review_request(c, api::ReviewRequestReq { ids: vec![s1.id.clone(), s2.id.clone(), s3.id.clone()] }).unwrap();
    assert!(sent.iter().all(|s| s.status == StoryStatus::InReview && s.waiting_since_ms.is_some()));
    assert_eq!(h::inbox_get(c, NoArgs {}).unwrap().in_review.len(), 3);

    // Jo may not approve their own stories; Ola (Jo's mentor) may comment but not approve.
    let before = dump(c);
    let approve = |id: &str| api::ReviewDecideReq { id: id.into(), exception: None, comment: None };
    assert_eq!(code(h::review_approve(c, approve(&s1.id))), Some(ErrorCode::PermissionDenied));
    act_as(c, &w.ola);
    assert_eq!(code(h::review_approve(c, approve(&s1.id))), Some(ErrorCode::PermissionDenied));
    assert_eq!(dump(c), before);
    h::comment_add(
        c,
        api::CommentAddReq {
            story_id: Some(s2.id.clone()),
            parent_id: None,
            delegation_id: None,
            body: "Nice split".into(),
        },
    )
    .unwrap();
    // Max (another senior's junior) may not comment.
    act_as(c, &w.max);
    let before = dump(c);
    let stranger =
        api::CommentAddReq { story_id: Some(s2.id.clone()), parent_id: None, delegation_id: None, body: "Hi".into() };
    assert_eq!(code(h::comment_add(c, stranger)), Some(ErrorCode::PermissionDenied));
    assert_eq!(dump(c), before);

    // Sue's board and queue show three reviews waiting; she approves two and asks for changes on one.
    act_as(c, &w.sue);
    assert_eq!(h::review_queue(c, NoArgs {}).unwrap().len(), 3);
    let board = h::board_get(c, NoArgs {}).unwrap();
    let jo_line = board.lines.iter().find(|l| l.member_name == "Jo").unwrap();
    assert_eq!((jo_line.reviews.len(), jo_line.delegations.len(), jo_line.stories_in_flight), (3, 1, 3));
    assert!(board.lines.iter().any(|l| l.member_name == "Kim" && l.delegations.is_empty()), "Kim reports to Sue");
    assert_eq!(board.reviews_waiting, 3);
    assert_eq!(h::review_approve(c, approve(&s1.id)).unwrap().status, StoryStatus::Ready);
    assert_eq!(h::review_approve(c, approve(&s2.id)).unwrap().status, StoryStatus::Ready);
    let before = dump(c);
    assert_eq!(code(h::review_request_changes(c, approve(&s3.id))), Some(ErrorCode::InvalidInput), "needs a comment");
    assert_eq!(dump(c), before);
    let changes = api::ReviewDecideReq {
        id: s3.id.clone(),
        exception: None,
        comment: Some("Say which receipt: email or screen?".into()),
    };
    assert_eq!(h::review_request_changes(c, changes).unwrap().status, StoryStatus::ChangesRequested);

    // Jo sees the request and the comment, revises, asks again.
    act_as(c, &w.jo);
    let inbox = h::inbox_get(c, NoArgs {}).unwrap();
    let kinds: Vec<_> = inbox.actions.iter().map(|a| a.kind).collect();
    assert!(kinds.contains(&api::InboxKind::ChangesRequested), "{kinds:?}");
    assert!(inbox.actions.iter().any(|a| a.kind == api::InboxKind::Comments && a.text.contains("which receipt")));
    let mut revised = none();
    revised.criteria = Some(vec![
        Criterion { text: "works on Safari".into(), done: false },
        Criterion { text: "emails a receipt".into(), done: false },
    ]);
    h::story_update(c, fields(&s3.id, revised)).unwrap();
    h::review_request(c, api::ReviewRequestReq { ids: vec![s3.id.clone()] }).unwrap();

    // Sue sees exactly what changed since her request, and approves.
    act_as(c, &w.sue);
    let item = h::delegation_get(c, IdReq { id: d.id.clone() }).unwrap();
    let s3v = item.stories.iter().find(|s| s.id == s3.id).unwrap();
    assert_eq!(s3v.status, StoryStatus::InReview);
    assert_eq!(s3v.changes_since_review.len(), 1);
    assert_eq!(s3v.changes_since_review[0].field, "criterion 2");
    assert_eq!(s3v.changes_since_review[0].before, "shows a receipt");
    assert_eq!(s3v.changes_since_review[0].after, "emails a receipt");
    assert!(item.can_review && item.can_comment);
    assert_eq!(h::review_approve(c, approve(&s3.id)).unwrap().status, StoryStatus::Ready);

    // An approved story edited afterwards returns to review, showing the change.
    act_as(c, &w.jo);
    let mut edit = none();
    edit.points = Some(5);
    let edited = h::story_update(c, fields(&s1.id, edit)).unwrap();
    assert_eq!(edited.status, StoryStatus::InReview);
    assert_eq!(edited.changes_since_review[0].field, "estimate");
    // Contacts, ticks and the stage are not reviewed content.
    let mut logistics = none();
    logistics.qa = Some("Quincy".into());
    logistics.criteria = Some(vec![
        Criterion { text: "works on Safari".into(), done: true },
        Criterion { text: "shows a receipt".into(), done: false },
    ]);
    assert_eq!(h::story_update(c, fields(&s2.id, logistics)).unwrap().status, StoryStatus::Ready);
    let moved =
        h::story_stage(c, api::StoryStageReq { id: s2.id.clone(), stage: Some(Stage::InProgress), blocked: None })
            .unwrap();
    assert_eq!(moved.status, StoryStatus::InProgress);
    // A story not approved as it stands can't go into development.
    let before = dump(c);
    let early = api::StoryStageReq { id: s1.id.clone(), stage: Some(Stage::InProgress), blocked: None };
    assert_eq!(code(h::story_stage(c, early)), Some(ErrorCode::InvalidInput));
    assert_eq!(dump(c), before);
    act_as(c, &w.sue);
    assert_eq!(h::review_queue(c, NoArgs {}).unwrap().len(), 1);
}

#[test]
fn a_violated_guardrail_needs_an_exception_to_be_approved() {
    let w = world();
    let c = &w.core;
    act_as(c, &w.sue);
    let d = offer(&w, &w.jo).unwrap();
    act_as(c, &w.jo);
    h::delegate_accept(c, IdReq { id: d.id.clone() }).unwrap();
    let s = h::story_add(
        c,
        api::StoryAddReq { delegation_id: d.id.clone(), fields: story("Store cards", &["saves a card"]) },
    )
    .unwrap();
    let violated = api::StoryCheckReq {
        id: s.id.clone(),
        guardrail_id: w.guardrail.clone(),
        mark: Mark::Violated,
        note: Some("keeps a token".into()),
    };
    h::story_check(c, violated).unwrap();
    h::review_request(c, api::ReviewRequestReq { ids: vec![s.id.clone()] }).unwrap();
    act_as(c, &w.sue);
    let before = dump(c);
    let plain = api::ReviewDecideReq { id: s.id.clone(), exception: None, comment: None };
    let err = h::review_approve(c, plain).unwrap_err();
    assert!(err.to_string().contains("exception"), "{err}");
    assert_eq!(dump(c), before);
    let with = api::ReviewDecideReq {
        id: s.id.clone(),
        exception: Some("A network token is not card data".into()),
        comment: None,
    };
    let ok = h::review_approve(c, with).unwrap();
    assert_eq!((ok.status, ok.verdict), (StoryStatus::Ready, Verdict::Approved));
    assert_eq!(ok.exception, "A network token is not card data");
}

#[test]
fn who_may_delegate_to_whom() {
    let w = world();
    let c = &w.core;
    // Ola owns no product; Sue may not delegate to Max (Ola's junior) nor to a senior.
    act_as(c, &w.ola);
    let before = dump(c);
    assert_eq!(code(offer(&w, &w.max)), Some(ErrorCode::PermissionDenied));
    act_as(c, &w.sue);
    let err = offer(&w, &w.max).unwrap_err();
    assert_eq!(err.code(), ErrorCode::PermissionDenied);
    assert!(err.to_string().contains("does not report to them"), "{err}");
    assert_eq!(code(offer(&w, &w.ola)), Some(ErrorCode::InvalidInput));
    act_as(c, &w.jo);
    assert_eq!(code(offer(&w, &w.kim)), Some(ErrorCode::PermissionDenied));
    assert_eq!(dump(c), before);
    // Leadership may delegate to anyone's junior and reassign.
    act_as(c, &w.lee);
    let d = offer(&w, &w.max).unwrap();
    act_as(c, &w.max);
    h::delegate_accept(c, IdReq { id: d.id.clone() }).unwrap();
    act_as(c, &w.lee);
    let moved = h::delegate_reassign(c, api::DelegateReassignReq { id: d.id.clone(), to_id: w.kim.clone() }).unwrap();
    assert_eq!((moved.to_name.as_str(), moved.state), ("Kim", State::Offered), "Kim answers afresh");
    // Bad input changes nothing: unknown ids, a bad date, a huge scope.
    let before = dump(c);
    let bad_date = api::DelegateAmendReq {
        id: d.id.clone(),
        brief: api::BriefReq { due: Some("2027-02-30".into()), ..brief("x") },
    };
    assert_eq!(code(h::delegate_amend(c, bad_date)), Some(ErrorCode::InvalidInput));
    let huge = api::DelegateAmendReq { id: d.id.clone(), brief: brief(&"x".repeat(20_001)) };
    assert_eq!(code(h::delegate_amend(c, huge)), Some(ErrorCode::InvalidInput));
    assert_eq!(code(h::delegate_accept(c, IdReq { id: "nope".into() })), Some(ErrorCode::NotFound));
    assert_eq!(dump(c), before);
    let _ = &w.lee;
}

/// Sue's laptop and Jo's, through a real folder: the offer reaches Jo, Jo's stories and review
/// request reach Sue; Sue approves while Jo, offline, edits the story: once they meet, both
/// laptops show it back in review with the edit as the change since the approval.
#[test]
fn an_approval_and_a_concurrent_edit_on_two_laptops_end_in_review_on_both() {
    use crate::sync::folder;
    let folder_dir = tempfile::tempdir().unwrap();
    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let w = world_on(Core::open_dir(dir_a.path()).unwrap());
    let a = &w.core;
    folder::set_folder(a, folder_dir.path()).unwrap();
    let lee = workspace::me(a).unwrap();
    let invite = folder::invite_create(a, &lee, &w.jo).unwrap();
    let b = Core::open_dir(dir_b.path()).unwrap();
    folder::join(&b, folder_dir.path(), &invite.invite).unwrap();
    let pass = |c: &Core| {
        let r = folder::pass(c).unwrap();
        assert!(r.problems.is_empty(), "{:?}", r.problems);
    };
    hand_over(a, &w.sue);
    let d = offer(&w, &w.jo).unwrap();
    pass(a);
    pass(&b);
    assert_eq!(h::inbox_get(&b, NoArgs {}).unwrap().offered.len(), 1, "the offer reached Jo's laptop");
    h::delegate_accept(&b, IdReq { id: d.id.clone() }).unwrap();
    let s = h::story_add(
        &b,
        api::StoryAddReq { delegation_id: d.id.clone(), fields: story("Pay with one tap", &["works"]) },
    )
    .unwrap();
    h::review_request(&b, api::ReviewRequestReq { ids: vec![s.id.clone()] }).unwrap();
    pass(&b);
    pass(a);
    assert_eq!(h::review_queue(a, NoArgs {}).unwrap().len(), 1, "Jo's request reached Sue's laptop");
    // Offline on both: Sue approves the story as she saw it; Jo raises the estimate.
    let ok = h::review_approve(a, api::ReviewDecideReq { id: s.id.clone(), exception: None, comment: None }).unwrap();
    assert_eq!(ok.status, StoryStatus::Ready);
    let mut edit = none();
    edit.points = Some(8);
    h::story_update(&b, fields(&s.id, edit)).unwrap();
    for _ in 0..2 {
        pass(a);
        pass(&b);
    }
    for c in [a, &b] {
        let v = h::story_get(c, IdReq { id: s.id.clone() }).unwrap();
        assert_eq!((v.status, v.verdict, v.points), (StoryStatus::InReview, Verdict::Approved, 8));
        assert_eq!(v.changes_since_review.len(), 1);
        assert_eq!((v.changes_since_review[0].before.as_str(), v.changes_since_review[0].after.as_str()), ("3", "8"));
    }
    assert_eq!(dump(a), dump(&b));
}

#[test]
fn a_check_id_is_the_first_half_of_the_pair_s_sha256_in_hex() {
    // Every laptop derives the same id: the format may never change.
    assert_eq!(crate::delegation::stories::check_id("story-1", "guard-2"), "gc-99ff62c71b147a336665ffdbac1e122d");
}

#[test]
fn a_mentor_s_board_shows_the_mentee_s_work_without_counting_it_as_waiting_on_them() {
    let w = world();
    let c = &w.core;
    act_as(c, &w.sue);
    let d = offer(&w, &w.jo).unwrap();
    act_as(c, &w.jo);
    h::delegate_accept(c, IdReq { id: d.id.clone() }).unwrap();
    let s =
        h::story_add(c, api::StoryAddReq { delegation_id: d.id.clone(), fields: story("Pay", &["works"]) }).unwrap();
    h::review_request(c, api::ReviewRequestReq { ids: vec![s.id.clone()] }).unwrap();
    // Ola mentors Jo (and manages Max, who has nothing delegated).
    act_as(c, &w.ola);
    let board = h::board_get(c, NoArgs {}).unwrap();
    let names: Vec<(&str, bool)> = board.lines.iter().map(|l| (l.member_name.as_str(), l.mentee)).collect();
    assert_eq!(names, [("Max", false), ("Jo", true)]);
    let jo = &board.lines[1];
    assert_eq!((jo.delegations.len(), jo.reviews.len(), jo.stories_in_flight), (1, 1, 1));
    assert_eq!(jo.reviews[0].reviewer_name, "Sue", "the review waits on Jo's delegator");
    assert_eq!(board.reviews_waiting, 0, "nothing waits on Ola");
    // Sue's board counts it.
    act_as(c, &w.sue);
    assert_eq!(h::board_get(c, NoArgs {}).unwrap().reviews_waiting, 1);
}

#[test]
fn stories_read_for_many_delegations_at_once_are_what_each_list_reads() {
    let w = world();
    let c = &w.core;
    act_as(c, &w.sue);
    let d = offer(&w, &w.jo).unwrap();
    act_as(c, &w.jo);
    h::delegate_accept(c, IdReq { id: d.id.clone() }).unwrap();
    for t in ["B second", "A first", "C third"] {
        let s = h::story_add(c, api::StoryAddReq { delegation_id: d.id.clone(), fields: story(t, &["x"]) }).unwrap();
        let check = api::StoryCheckReq {
            id: s.id,
            guardrail_id: w.guardrail.clone(),
            mark: Mark::AtRisk,
            note: Some("n".into()),
        };
        h::story_check(c, check).unwrap();
    }
    let listed =
        h::delegation_list(c, api::DelegationListReq { item_id: Some(w.item.clone()), ..Default::default() }).unwrap();
    assert_eq!((listed[0].stories, listed[0].stories_done), (3, 0), "the roadmap card's progress");
    c.read(|conn| {
        let del = crate::delegation::get(conn, &d.id)?;
        let one = crate::delegation::stories::list(conn, &del)?;
        let mut many = crate::delegation::stories::list_many(conn, &[&del])?;
        assert_eq!(many.remove(&d.id).unwrap(), one);
        assert_eq!(one.len(), 3);
        assert!(one.iter().all(|s| s.checks.len() == 2), "own and inherited guardrails, in the same order");
        Ok(())
    })
    .unwrap();
}
