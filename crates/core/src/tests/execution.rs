//! Execution through the API on one file, switching who the laptop acts as: sprints and their
//! carry-over, launch checklists, progress rolled up on a hand-made tree with known answers,
//! the journal's privacy and its summary — and every refusal changing nothing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::json;

use super::delegation::{act_as, brief, story, world, World};
use crate::api::{self, handlers as h, IdReq};
use crate::delegation::stories::{Mark, Stage, StoryStatus};
use crate::{Core, ErrorCode};

fn dump(core: &Core) -> String {
    core.read(crate::oplog::dump).unwrap()
}

fn code<T>(r: crate::Result<T>) -> Option<ErrorCode> {
    r.err().map(|e| e.code())
}

pub(crate) fn day(offset: i64) -> String {
    (chrono::Local::now().date_naive() + chrono::Duration::days(offset)).format("%Y-%m-%d").to_string()
}

/// Sue delegates `item` to `junior`, who accepts (the laptop ends acting as the junior).
pub(crate) fn running(w: &World, item: &str, junior: &str) -> String {
    act_as(&w.core, &w.sue);
    let d = h::delegate_offer(
        &w.core,
        api::DelegateOfferReq { item_id: item.into(), to_id: junior.into(), brief: brief("the work") },
    )
    .unwrap();
    act_as(&w.core, junior);
    h::delegate_accept(&w.core, IdReq { id: d.id.clone() }).unwrap();
    d.id
}

/// The junior of `delegation` writes a story of `points`, marks every guardrail respected and
/// asks for review; Sue approves it. The laptop ends acting as `junior`.
pub(crate) fn approved(w: &World, delegation: &str, junior: &str, title: &str, points: i64) -> String {
    let c = &w.core;
    act_as(c, junior);
    let mut fields = story(title, &["it works"]);
    fields.points = Some(points);
    let s = h::story_add(c, api::StoryAddReq { delegation_id: delegation.into(), fields }).unwrap();
    for check in &s.checks {
        let req = api::StoryCheckReq {
            id: s.id.clone(),
            guardrail_id: check.guardrail_id.clone(),
            mark: Mark::Respected,
            note: None,
        };
        h::story_check(c, req).unwrap();
    }
    h::review_request(c, api::ReviewRequestReq { ids: vec![s.id.clone()] }).unwrap();
    act_as(c, &w.sue);
    h::review_approve(c, api::ReviewDecideReq { id: s.id.clone(), exception: None, comment: None }).unwrap();
    act_as(c, junior);
    s.id
}

fn stage(c: &Core, id: &str, st: Stage) {
    h::story_stage(c, api::StoryStageReq { id: id.into(), stage: Some(st), blocked: None }).unwrap();
}

pub(crate) fn product_of(w: &World) -> String {
    h::item_get(&w.core, IdReq { id: w.item.clone() }).unwrap().item.product_id.unwrap()
}

fn sprint(c: &Core, product: &str, name: &str, from: i64, to: i64) -> crate::Result<api::SprintView> {
    h::sprint_create(
        c,
        api::SprintCreateReq {
            product_id: product.into(),
            name: name.into(),
            starts_on: day(from),
            ends_on: day(to),
            capacity: 20,
        },
    )
}

#[test]
fn sprints_plan_approved_stories_and_carry_the_unfinished_over_explicitly() {
    let w = world();
    let c = &w.core;
    let product = product_of(&w);
    let d = running(&w, &w.item, &w.jo);
    let a = approved(&w, &d, &w.jo, "Pay with one tap", 3);
    let b = approved(&w, &d, &w.jo, "See the wallet button", 5);
    let draft =
        h::story_add(c, api::StoryAddReq { delegation_id: d.clone(), fields: story("Get a receipt", &[]) }).unwrap().id;

    // Only the product's owner (or leadership) makes sprints; dates and capacity are checked.
    let before = dump(c);
    assert_eq!(code(sprint(c, &product, "Sprint 1", -2, 11)), Some(ErrorCode::PermissionDenied));
    act_as(c, &w.sue);
    assert_eq!(code(sprint(c, &product, "Backwards", 3, 1)), Some(ErrorCode::InvalidInput));
    assert_eq!(code(sprint(c, &product, "Too long", 0, 100)), Some(ErrorCode::InvalidInput));
    assert_eq!(code(sprint(c, &product, " ", 0, 10)), Some(ErrorCode::InvalidInput));
    let bad_date = api::SprintCreateReq {
        product_id: product.clone(),
        name: "S".into(),
        starts_on: "2027-02-30".into(),
        ends_on: "2027-03-10".into(),
        capacity: 1,
    };
    assert_eq!(code(h::sprint_create(c, bad_date)), Some(ErrorCode::InvalidInput));
    assert_eq!(dump(c), before);
    let s1 = sprint(c, &product, "Sprint 1", -2, 11).unwrap();
    let s2 = sprint(c, &product, "Sprint 2", 12, 25).unwrap();
    assert_eq!(code(sprint(c, &product, "sprint 1", 30, 40)), Some(ErrorCode::InvalidInput), "names are unique");
    assert!(s1.can_manage);

    // The backlog holds the approved stories, not the draft; Jo plans them.
    act_as(c, &w.jo);
    let backlog: Vec<String> = h::sprint_backlog(c, api::ProductReq { product_id: product.clone() })
        .unwrap()
        .into_iter()
        .map(|p| p.story.id)
        .collect();
    assert_eq!(backlog.len(), 2);
    assert!(backlog.contains(&a) && backlog.contains(&b) && !backlog.contains(&draft));
    let plan = |story: &str, sprint: Option<&str>| {
        h::sprint_plan(c, api::SprintPlanReq { story_id: story.into(), sprint_id: sprint.map(str::to_owned) })
    };
    let before = dump(c);
    assert_eq!(code(plan(&draft, Some(&s1.id))), Some(ErrorCode::InvalidInput), "drafts are not planned");
    act_as(c, &w.kim);
    assert_eq!(code(plan(&a, Some(&s1.id))), Some(ErrorCode::PermissionDenied), "Kim does not plan Jo's work");
    act_as(c, &w.jo);
    assert_eq!(code(plan(&a, Some("no-such-sprint"))), Some(ErrorCode::NotFound));
    assert_eq!(dump(c), before);
    plan(&a, Some(&s1.id)).unwrap();
    plan(&b, Some(&s1.id)).unwrap();
    assert!(h::sprint_backlog(c, api::ProductReq { product_id: product.clone() }).unwrap().is_empty());

    // The board: both stories, 8 points; Jo finishes one; the burn-up's last day says so.
    stage(c, &a, Stage::InProgress);
    stage(c, &a, Stage::Done);
    stage(c, &b, Stage::InProgress);
    let board = h::sprint_board(c, IdReq { id: s1.id.clone() }).unwrap();
    assert_eq!((board.sprint.points, board.sprint.points_done, board.sprint.stories), (8, 3, 2));
    let statuses: Vec<StoryStatus> = board.stories.iter().map(|p| p.story.status).collect();
    assert!(statuses.contains(&StoryStatus::Done) && statuses.contains(&StoryStatus::InProgress));
    assert!(!board.sprint.can_manage, "Jo plans stories; the sprint itself is Sue's");
    let burnup = h::sprint_burnup(c, IdReq { id: s1.id.clone() }).unwrap();
    assert_eq!(burnup.len(), 3, "from two days ago to today");
    let last = burnup.last().unwrap();
    assert_eq!((last.day.as_str(), last.scope, last.done), (day(0).as_str(), 8, 3));
    assert_eq!((burnup[0].scope, burnup[0].done), (0, 0), "nothing was planned two days ago");

    // Closing: Jo may not; Sue must say where the unfinished story goes; it then goes there.
    let close = |carry: Vec<api::CarryReq>| h::sprint_close(c, api::SprintCloseReq { id: s1.id.clone(), carry });
    let to = |story: &str, sprint: Option<&str>| api::CarryReq {
        story_id: story.into(),
        to_sprint_id: sprint.map(str::to_owned),
    };
    let before = dump(c);
    assert_eq!(code(close(vec![to(&b, Some(&s2.id))])), Some(ErrorCode::PermissionDenied));
    act_as(c, &w.sue);
    let missing = close(vec![]).unwrap_err();
    assert!(missing.to_string().contains("\"See the wallet button\""), "{missing}");
    assert_eq!(code(close(vec![to(&a, None), to(&b, None)])), Some(ErrorCode::InvalidInput), "a done story stays");
    assert_eq!(code(close(vec![to(&b, Some(&s1.id))])), Some(ErrorCode::InvalidInput), "not into itself");
    assert_eq!(dump(c), before);
    let closed = close(vec![to(&b, Some(&s2.id))]).unwrap();
    assert!(closed.closed);
    assert_eq!((closed.points, closed.points_done), (3, 3), "the done story stays in the closed sprint");
    let next = h::sprint_board(c, IdReq { id: s2.id.clone() }).unwrap();
    assert_eq!(next.stories.iter().map(|p| p.story.id.as_str()).collect::<Vec<_>>(), vec![b.as_str()]);
    act_as(c, &w.jo);
    assert_eq!(code(plan(&b, Some(&s1.id))), Some(ErrorCode::InvalidInput), "a closed sprint takes nothing");
    // Back to the backlog: the story leaves Sprint 2.
    plan(&b, None).unwrap();
    assert_eq!(h::sprint_board(c, IdReq { id: s2.id.clone() }).unwrap().stories.len(), 0);
}

#[test]
fn a_launch_checklist_comes_from_the_template_and_gates_the_launch() {
    let w = world();
    let c = &w.core;
    let product = product_of(&w);
    act_as(c, &w.sue);
    let add = |text: &str, mandatory: bool| {
        h::launch_template_add(c, api::TemplateAddReq { product_id: product.clone(), text: text.into(), mandatory })
    };
    add("Release notes written", true).unwrap();
    let template = add("Support briefed", false).unwrap();
    assert_eq!(template.len(), 2);

    let create = |owner: &str, target: &str| {
        h::launch_create(
            c,
            api::LaunchCreateReq { item_id: w.item.clone(), owner_id: owner.into(), target_on: target.into() },
        )
    };
    let before = dump(c);
    act_as(c, &w.jo);
    assert_eq!(code(create(&w.jo, "2027-06-20")), Some(ErrorCode::PermissionDenied), "Sue sets launches up");
    act_as(c, &w.sue);
    assert_eq!(code(create(&w.jo, "next June")), Some(ErrorCode::InvalidInput));
    assert_eq!(code(create("nobody", "2027-06-20")), Some(ErrorCode::NotFound));
    assert_eq!(dump(c), before);
    let l = create(&w.jo, "2027-06-20").unwrap();
    assert_eq!(code(create(&w.jo, "2027-07-01")), Some(ErrorCode::InvalidInput), "one live launch per item");
    let texts: Vec<(&str, bool, bool)> = l.checklist.iter().map(|e| (e.text.as_str(), e.mandatory, e.done)).collect();
    assert_eq!(texts, vec![("Release notes written", true, false), ("Support briefed", false, false)]);
    // Later template changes do not touch a launch already set up.
    add("Pricing page updated", true).unwrap();
    assert_eq!(h::launch_get(c, IdReq { id: l.id.clone() }).unwrap().checklist.len(), 2);

    // Jo owns it: ticks, adds an entry; Kim may not touch it.
    act_as(c, &w.jo);
    let tick =
        |id: &str| h::launch_entry_set(c, api::LaunchEntrySetReq { id: id.into(), done: Some(true), remove: None });
    let l = tick(&l.checklist[1].id).unwrap();
    assert!(l.can_run && !l.can_set_up);
    let l = h::launch_entry_add(
        c,
        api::LaunchEntryAddReq { launch_id: l.id.clone(), text: "Metrics dashboard live".into(), mandatory: true },
    )
    .unwrap();
    assert_eq!(l.checklist.len(), 3);
    act_as(c, &w.kim);
    let before = dump(c);
    assert_eq!(code(tick(&l.checklist[0].id)), Some(ErrorCode::PermissionDenied));
    // Jo may not drop a mandatory entry to get past the gate: that is Sue's.
    act_as(c, &w.jo);
    let drop = api::LaunchEntrySetReq { id: l.checklist[0].id.clone(), done: None, remove: Some(true) };
    assert_eq!(code(h::launch_entry_set(c, drop)), Some(ErrorCode::PermissionDenied));
    act_as(c, &w.jo);
    // Two mandatory entries open: no launch without a reason, and nothing changes.
    let mark = |anyway: Option<&str>| {
        h::launch_mark(c, api::LaunchMarkReq { id: l.id.clone(), anyway: anyway.map(str::to_owned) })
    };
    let refused = mark(None).unwrap_err();
    assert!(refused.to_string().contains("2 mandatory checklist entries are open"), "{refused}");
    assert_eq!(dump(c), before);
    tick(&l.checklist[0].id).unwrap();
    let launched = mark(Some("the dashboard ships a day later; agreed with Sue")).unwrap();
    assert_eq!(launched.status, api::LaunchStatus::Launched);
    assert_eq!(launched.override_reason, "the dashboard ships a day later; agreed with Sue");
    assert_eq!(code(mark(None)), Some(ErrorCode::InvalidInput), "launched once");
    // Notes still change after launch; the calendar lists it.
    h::launch_update(
        c,
        api::LaunchUpdateReq { id: l.id.clone(), target_on: None, notes: Some("Went well".into()), owner_id: None },
    )
    .unwrap();
    let cal = h::launch_list(c, api::LaunchListReq { from: Some("2027-06-01".into()), to: Some("2027-06-30".into()) })
        .unwrap();
    assert_eq!(cal.len(), 1);
    assert_eq!(cal[0].notes, "Went well");
    assert!(h::launch_list(c, api::LaunchListReq { from: Some("2027-07-01".into()), to: None }).unwrap().is_empty());
}

/// Goal "Grow" → theme → Wallets → {Apple Pay (Jo), Google Pay (no stories)}, and theme →
/// Cards → Saved cards (Kim, after a withdrawn first delegation).
#[test]
fn progress_rolls_points_up_to_the_goal_with_known_answers() {
    let w = world();
    let c = &w.core;
    act_as(c, &w.sue);
    let apple = h::item_get(c, IdReq { id: w.item.clone() }).unwrap();
    let wallets = apple.item.parent_id.clone().unwrap();
    let wallets_item = h::item_get(c, IdReq { id: wallets.clone() }).unwrap();
    let theme = wallets_item.item.parent_id.clone().unwrap();
    let product = apple.item.product_id.clone().unwrap();
    let mk = |horizon: &str, period: &str, title: &str, parent: &str| {
        let req =
            json!({"productId": product, "horizon": horizon, "period": period, "title": title, "parentId": parent});
        h::item_create(c, serde_json::from_value(req).unwrap()).unwrap().id
    };
    mk("one_year", "2027-Q3", "Google Pay", &wallets);
    let cards = mk("three_year", "2028", "Cards", &theme);
    let saved = mk("one_year", "2027-Q4", "Saved cards", &cards);

    // Apple Pay: 3 (done) + 2 (done) + 5 open; an 8-point story deleted does not count.
    let d = running(&w, &w.item, &w.jo);
    let s3 = approved(&w, &d, &w.jo, "Tap", 3);
    let s2 = approved(&w, &d, &w.jo, "Button", 2);
    approved(&w, &d, &w.jo, "Receipt", 5);
    let gone = approved(&w, &d, &w.jo, "Gone", 8);
    h::story_delete(c, IdReq { id: gone }).unwrap();
    stage(c, &s3, Stage::Done);
    stage(c, &s2, Stage::Done);
    // Saved cards: a first delegation with 13 points is withdrawn (dropped); the second has 4, done.
    let first = running(&w, &saved, &w.kim);
    approved(&w, &first, &w.kim, "Old plan", 13);
    act_as(c, &w.sue);
    h::delegate_withdraw(c, IdReq { id: first }).unwrap();
    let second = running(&w, &saved, &w.kim);
    let s4 = approved(&w, &second, &w.kim, "Store a card", 4);
    stage(c, &s4, Stage::Done);

    let p = h::progress_get(c, api::ProgressReq::default()).unwrap();
    let goal = &p.goals[0];
    let pct = |t: &api::TallyView| (t.points_done, t.points, t.percent, t.items_without_stories);
    assert_eq!(pct(&goal.tally), (9, 14, Some(64), 1), "5 + 4 done of 10 + 4; Google Pay has no stories");
    let theme_node = &goal.themes[0];
    let child =
        |n: &api::ProgressNodeView, title: &str| n.children.iter().find(|k| k.item.title == title).cloned().unwrap();
    let w_node = child(theme_node, "Wallets");
    assert_eq!(pct(&w_node.tally), (5, 10, Some(50), 1));
    assert_eq!(pct(&child(&w_node, "Apple Pay").tally), (5, 10, Some(50), 0));
    assert_eq!(pct(&child(&w_node, "Google Pay").tally), (0, 0, None, 1));
    assert_eq!(pct(&child(theme_node, "Cards").tally), (4, 4, Some(100), 0));
    assert!(p.rule.contains("without stories"));
    // Scoped to the goal or the product, the same figures.
    let by_goal =
        h::progress_get(c, api::ProgressReq { goal_id: Some(goal.goal_id.clone()), product_id: None }).unwrap();
    assert_eq!(pct(&by_goal.goals[0].tally), (9, 14, Some(64), 1));
    assert_eq!(
        code(h::progress_get(c, api::ProgressReq { goal_id: Some("nope".into()), product_id: None })),
        Some(ErrorCode::NotFound)
    );

    // Saved cards moves under Wallets: its points go along; the goal's figure stays.
    act_as(c, &w.sue);
    let mv = json!({"id": saved, "parentId": wallets});
    h::item_move(c, serde_json::from_value(mv).unwrap()).unwrap();
    let p = h::progress_get(c, api::ProgressReq::default()).unwrap();
    let theme_node = &p.goals[0].themes[0];
    assert_eq!(pct(&child(theme_node, "Wallets").tally), (9, 14, Some(64), 1));
    assert_eq!(pct(&child(theme_node, "Cards").tally), (0, 0, None, 0));
    assert_eq!(pct(&p.goals[0].tally), (9, 14, Some(64), 1));

    // Risks: a blocked story and a launch past its date with its checklist open, each with why.
    act_as(c, &w.jo);
    let open = h::progress_item(c, IdReq { id: w.item.clone() }).unwrap();
    assert_eq!(open.len(), 3, "the live stories of Apple Pay");
    let receipt = open.iter().find(|p| p.story.title == "Receipt").unwrap().story.id.clone();
    stage(c, &receipt, Stage::InProgress);
    h::story_stage(c, api::StoryStageReq { id: receipt, stage: None, blocked: Some("waiting on the PSP".into()) })
        .unwrap();
    act_as(c, &w.sue);
    h::launch_template_add(
        c,
        api::TemplateAddReq { product_id: product.clone(), text: "Notes".into(), mandatory: true },
    )
    .unwrap();
    h::launch_create(c, api::LaunchCreateReq { item_id: w.item.clone(), owner_id: w.jo.clone(), target_on: day(-3) })
        .unwrap();
    let p = h::progress_get(c, api::ProgressReq::default()).unwrap();
    let reasons: Vec<(api::RiskKind, String)> = p.goals[0].risks.iter().map(|r| (r.kind, r.reason.clone())).collect();
    assert!(reasons.contains(&(api::RiskKind::Blocked, "1 story is blocked".to_owned())), "{reasons:?}");
    assert!(
        reasons.contains(&(
            api::RiskKind::LaunchOverdue,
            format!("the launch date {} has passed with 1 checklist entry open", day(-3))
        )),
        "{reasons:?}"
    );
    assert!(p.goals[0].risks.iter().all(|r| r.item_title == "Apple Pay"));

    // The sums come from the per-delegation tally the story triggers keep (migration 0017): it
    // holds what the stories say after every kind of change, after a rebuild, and on a replica
    // that received the log.
    tally_is_true(c);
    act_as(c, &w.jo);
    let mut fields = story("Receipt", &["it works"]);
    fields.points = Some(21);
    let receipt = open.iter().find(|p| p.story.title == "Receipt").unwrap().story.id.clone();
    h::story_update(c, api::StoryUpdateReq { id: receipt.clone(), fields }).unwrap();
    tally_is_true(c);
    let p = h::progress_get(c, api::ProgressReq::default()).unwrap();
    assert_eq!(pct(&p.goals[0].tally), (9, 30, Some(30), 1), "the open story now weighs 21");
    c.transact(|tx| crate::oplog::rebuild(tx)).unwrap();
    tally_is_true(c);
    let replica = Core::open_in_memory().unwrap();
    replica.apply_remote(&c.read(crate::oplog::all_ops).unwrap()).unwrap();
    tally_is_true(&replica);
    assert_eq!(replica.read(|x| Ok(tally(x, KEPT)?)).unwrap(), c.read(|x| Ok(tally(x, KEPT)?)).unwrap());
}

type Tally = Vec<(String, i64, i64, i64, i64, i64)>;

const KEPT: &str =
    "SELECT delegation_id, stories, points, points_done, stories_done, blocked FROM story_tally ORDER BY 1";

fn tally(c: &rusqlite::Connection, sql: &str) -> rusqlite::Result<Tally> {
    let mut st = c.prepare(sql)?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))?;
    rows.collect()
}

/// The derived tally equals the sums of the live stories it stands for.
fn tally_is_true(c: &Core) {
    let raw = "SELECT delegation_id, count(*), sum(points), sum(CASE WHEN stage = 'done' THEN points ELSE 0 END),
                      count(CASE WHEN stage = 'done' THEN 1 END), count(CASE WHEN stage <> 'done' AND blocked <> '' THEN 1 END)
                 FROM story WHERE deleted = 0 AND delegation_id IS NOT NULL GROUP BY 1 ORDER BY 1";
    let (kept, want) = c.read(|x| Ok((tally(x, KEPT)?, tally(x, raw)?))).unwrap();
    assert!(!want.is_empty());
    assert_eq!(kept, want);
}

#[test]
fn the_journal_is_read_by_its_author_their_manager_and_mentor_only() {
    let w = world();
    let c = &w.core;
    act_as(c, &w.jo);
    let add = |kind: api::JournalKind, body: &str, on: &str| {
        h::journal_add(
            c,
            api::JournalAddReq {
                kind,
                body: body.into(),
                on_day: Some(on.into()),
                story_id: None,
                launch_id: None,
                delegation_id: None,
            },
        )
    };
    let before = dump(c);
    assert_eq!(code(add(api::JournalKind::Learning, "   ", "2027-03-02")), Some(ErrorCode::InvalidInput));
    assert_eq!(code(add(api::JournalKind::Learning, "x", "2027-13-02")), Some(ErrorCode::InvalidInput));
    assert_eq!(code(add(api::JournalKind::Learning, &"x".repeat(10_001), "2027-03-02")), Some(ErrorCode::InvalidInput));
    assert_eq!(dump(c), before);
    add(api::JournalKind::Learning, "Ask QA early\nthey know the edge cases", "2027-03-02").unwrap();
    let win = add(api::JournalKind::Achievement, "Shipped Apple Pay", "2027-03-09").unwrap();
    add(api::JournalKind::Reflection, "Out of period", "2027-04-01").unwrap();

    let list = |of: &str| {
        h::journal_list(c, api::JournalListReq { author_id: Some(of.into()), from: None, to: None, kind: None })
    };
    assert_eq!(list(&w.jo).unwrap().len(), 3);
    act_as(c, &w.sue);
    assert_eq!(list(&w.jo).unwrap().len(), 3, "Sue is Jo's manager");
    act_as(c, &w.ola);
    assert_eq!(list(&w.jo).unwrap().len(), 3, "Ola is Jo's mentor");
    for other in [&w.kim, &w.lee] {
        act_as(c, other);
        let err = list(&w.jo).unwrap_err();
        assert_eq!(err.code(), ErrorCode::PermissionDenied);
        assert!(err.to_string().contains("Jo's journal is private"), "{err}");
    }
    // Nobody else writes in it.
    act_as(c, &w.sue);
    let before = dump(c);
    let edit =
        api::JournalUpdateReq { id: win.id.clone(), kind: None, body: Some("Sue was here".into()), on_day: None };
    assert_eq!(code(h::journal_update(c, edit)), Some(ErrorCode::PermissionDenied));
    assert_eq!(dump(c), before);

    // The summary of March, as Jo shares it: written whole to a file.
    act_as(c, &w.jo);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("march.md");
    let x = h::journal_export(
        c,
        api::JournalExportReq {
            author_id: None,
            from: Some("2027-03-01".into()),
            to: Some("2027-03-31".into()),
            path: Some(path.to_string_lossy().into_owned()),
        },
    )
    .unwrap();
    let file = std::fs::read_to_string(&path).unwrap();
    assert_eq!(file, x.markdown);
    assert_eq!(
        file,
        "# Jo — learnings and achievements, 2027-03-01 to 2027-03-31\n\n\
         ## Achievements (1)\n\n- **2027-03-09** Shipped Apple Pay\n\n\
         ## Learnings (1)\n\n- **2027-03-02** Ask QA early\n  they know the edge cases\n"
    );
    // A path that is a folder is refused in words.
    let bad = api::JournalExportReq {
        author_id: None,
        from: None,
        to: None,
        path: Some(dir.path().to_string_lossy().into_owned()),
    };
    assert_eq!(code(h::journal_export(c, bad)), Some(ErrorCode::InvalidInput));
}
