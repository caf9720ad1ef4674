//! Clocks far ahead (`oplog::held`): a received op dated more than a day past this laptop's
//! wall clock is kept in the log but held — it holds no field, grants nothing and does not move
//! the local clock — until the wall clock comes within a day of it. Ops up to a day ahead apply
//! and move the clock as before. Driven through `oplog::receive_at` with a chosen wall clock.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::too_many_arguments)]

use std::collections::BTreeMap;

use crate::api::{handlers, NoArgs};
use crate::oplog::{self, held, hlc, judge, store, Op};
use crate::workspace::{self, Role};
use crate::{goals, Core};
use serde_json::{json, Value};

const HOUR: i64 = 60 * 60 * 1000;
/// 2099-01-01 00:00 UTC, in ms.
const Y2099: i64 = 4_070_908_800_000;

fn now() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

fn op(device: &str, seq: i64, hlc: i64, author: &str, table: &str, entity: &str, field: &str, value: Value) -> Op {
    Op {
        op_id: format!("{device}-{seq}"),
        device_id: device.to_owned(),
        seq,
        hlc,
        author_id: author.to_owned(),
        table: table.to_owned(),
        entity_id: entity.to_owned(),
        field: field.to_owned(),
        value,
    }
}

fn receive_at(core: &Core, ops: &[Op], now_ms: i64) -> oplog::Received {
    let seen = BTreeMap::new();
    core.transact(|tx| oplog::receive_at(tx, ops, Some(&seen), now_ms)).unwrap()
}

fn local_clock(core: &Core) -> i64 {
    core.read(store::local_device).unwrap().unwrap().hlc
}

fn goal_title(core: &Core, id: &str) -> String {
    goals::list(core).unwrap().into_iter().find(|g| g.id == id).map(|g| g.title).unwrap()
}

fn refused(core: &Core) -> Vec<String> {
    oplog::judge::refused(core).unwrap().into_iter().map(|r| r.op_id).collect()
}

const KIM_AT: i64 = 2;

thread_local! {
    /// The clock Kim's membership was set after, on this test's laptop.
    static KIM_BASE: std::cell::Cell<i64> = const { std::cell::Cell::new(0) };
}

/// A clock after Kim became a member and before the goal was created.
fn after_kim() -> i64 {
    KIM_BASE.with(|b| b.get()) + KIM_AT + 1
}

/// Lee's laptop with a goal "Grow"; Kim (leadership) known from another laptop, "kim-laptop".
fn lee_and_kim() -> (Core, String) {
    let core = Core::open_in_memory().unwrap();
    workspace::init(&core, "Acme", "Lee", Role::Leadership).unwrap();
    let lee = workspace::me(&core).unwrap();
    // After Lee's founding ops (ops are judged as the log stood at their clock), before the
    // goal: an op of Kim's at `KIM_AT + 1` is older than the goal's values.
    let base = local_clock(&core);
    core.apply_remote(&[
        op("lee-admin", 1, base + 1, &lee.id, "member", "kim", "role", json!("leadership")),
        op("lee-admin", 2, base + KIM_AT, &lee.id, "member", "kim", "name", json!("Kim")),
    ])
    .unwrap();
    let goal = goals::create(&core, &lee, "Grow", "", "").unwrap().id;
    KIM_BASE.with(|b| b.set(base));
    (core, goal)
}

#[test]
fn an_op_dated_2099_is_held_and_the_next_local_edit_still_works() {
    let (core, goal) = lee_and_kim();
    let lee = workspace::me(&core).unwrap();
    let far = op("kim-laptop", 1, Y2099 << 16, "kim", "goal", &goal, "title", json!("From 2099"));
    let older = op("kim-laptop", 2, after_kim(), "kim", "goal", &goal, "description", json!("older"));
    let got = receive_at(&core, &[far.clone(), older.clone()], now());
    assert_eq!((got.held, got.applied.lost, got.applied.refused), (1, 1, 0), "the older op loses to the local value");
    assert!(hlc::wall_ms(got.max_hlc) < now(), "only the op applied counts as received clock");

    // Kept in the log, not applied, not refused; the local clock stays near now.
    let log = core.read(oplog::all_ops).unwrap();
    assert!(log.contains(&far) && log.contains(&older), "nothing is lost");
    assert_eq!(goal_title(&core, &goal), "Grow");
    assert!(refused(&core).is_empty());
    assert!(hlc::wall_ms(local_clock(&core)) < now() + 60_000, "the local clock did not jump to 2099");

    // The next local edit works and wins over the older values.
    goals::update(&core, &lee, &goal, goals::GoalUpdate { title: Some("Renamed here"), ..Default::default() }).unwrap();
    assert_eq!(goal_title(&core, &goal), "Renamed here");
    assert!(hlc::wall_ms(local_clock(&core)) < now() + 60_000);

    // Listed, with a sentence: who, how far ahead, when it applies, what to do.
    let listed = core.read(|c| held::list(c, now())).unwrap();
    assert_eq!(listed.len(), 1);
    let h = &listed[0];
    assert_eq!((h.author_name.as_deref(), h.device_id.as_str(), h.count), (Some("Kim"), "kim-laptop", 1));
    assert_eq!(h.applies_at_ms, Y2099 - held::HOLD_AFTER_MS);
    assert!(h.sentence.starts_with("A change by Kim is held: the clock of Kim's laptop is about "), "{}", h.sentence);
    assert!(h.sentence.contains(" years ahead of this laptop's. It will apply when this laptop's clock reaches 2098-12-31 00:00 UTC; if that laptop's clock is wrong, fix it there."), "{}", h.sentence);
    // The same through the API the Sync page and `baton sync --status` read.
    let status = handlers::sync_status(&core, NoArgs {}).unwrap();
    assert_eq!(status.held.len(), 1);
    assert_eq!(status.held[0].sentence, h.sentence);

    // Arriving again changes nothing.
    let again = receive_at(&core, std::slice::from_ref(&far), now());
    assert_eq!((again.held, again.applied.duplicate), (0, 0));
    assert_eq!(core.read(|c| held::list(c, now())).unwrap()[0].count, 1);
}

#[test]
fn an_op_an_hour_ahead_applies_and_moves_the_clock_as_before() {
    let (core, goal) = lee_and_kim();
    let lee = workspace::me(&core).unwrap();
    let ahead = op("kim-laptop", 1, (now() + HOUR) << 16, "kim", "goal", &goal, "title", json!("An hour ahead"));
    let got = receive_at(&core, std::slice::from_ref(&ahead), now());
    assert_eq!((got.held, got.applied.won), (0, 1));
    assert_eq!(goal_title(&core, &goal), "An hour ahead");
    assert!(local_clock(&core) >= ahead.hlc, "the local clock moved past it");
    assert!(core.read(|c| held::list(c, now())).unwrap().is_empty());
    goals::update(&core, &lee, &goal, goals::GoalUpdate { title: Some("Mine"), ..Default::default() }).unwrap();
    assert_eq!(goal_title(&core, &goal), "Mine", "the next local edit sorts after it");
}

#[test]
fn a_held_op_is_released_when_the_wall_clock_comes_within_a_day() {
    let (core, goal) = lee_and_kim();
    let lee = workspace::me(&core).unwrap();
    let far = op("kim-laptop", 1, Y2099 << 16, "kim", "goal", &goal, "title", json!("From 2099"));
    receive_at(&core, std::slice::from_ref(&far), now());
    goals::update(&core, &lee, &goal, goals::GoalUpdate { title: Some("Renamed here"), ..Default::default() }).unwrap();

    // A day and an hour before: still held.
    let early = receive_at(&core, &[], Y2099 - 25 * HOUR);
    assert_eq!(early.released, 0);
    assert_eq!(goal_title(&core, &goal), "Renamed here");

    // Within the day: released by the next receive (even of nothing), through the judge; it
    // wins over the local edit (its clock is later), and the local clock moves past it.
    let due = receive_at(&core, &[], Y2099 - 23 * HOUR);
    assert_eq!(due.released, 1);
    assert_eq!(goal_title(&core, &goal), "From 2099");
    assert!(core.read(|c| held::list(c, Y2099)).unwrap().is_empty());
    assert!(refused(&core).is_empty());
    assert!(local_clock(&core) >= far.hlc);
    goals::update(&core, &lee, &goal, goals::GoalUpdate { title: Some("After"), ..Default::default() }).unwrap();
    assert_eq!(goal_title(&core, &goal), "After");

    // Nothing is held any more.
    let dump = core.read(oplog::dump).unwrap();
    assert!(dump.contains("# op_held\n# conflict"), "{dump}");
}

/// Lee (leadership) makes Sam (senior) owner of Checkout; Kim is a junior; Sam has a theme.
fn team() -> Vec<Op> {
    vec![
        op("lee", 1, 1, "lee", "member", "lee", "role", json!("leadership")),
        op("lee", 2, 2, "lee", "member", "sam", "role", json!("senior")),
        op("lee", 3, 3, "lee", "member", "kim", "role", json!("junior")),
        op("lee", 4, 4, "lee", "member", "kim", "name", json!("Kim")),
        op("lee", 5, 5, "lee", "product", "checkout", "name", json!("Checkout")),
        op("lee", 6, 6, "lee", "product", "checkout", "owner_id", json!("sam")),
        op("sam", 1, 10, "sam", "roadmap_item", "theme", "product_id", json!("checkout")),
        op("sam", 2, 11, "sam", "roadmap_item", "theme", "horizon", json!("five_year")),
        op("sam", 3, 12, "sam", "roadmap_item", "theme", "title", json!("Sam's theme")),
    ]
}

fn theme_title(core: &Core) -> Option<String> {
    core.read(|c| Ok(c.query_row("SELECT title FROM roadmap_item WHERE id = 'theme'", [], |r| r.get(0)).ok())).unwrap()
}

/// Kim may edit the theme now, as far as this laptop's log knows.
fn kim_may_edit(core: &Core) -> Option<String> {
    core.read(|c| judge::check_now(c, "kim", "roadmap_item", "theme", "title", None)).unwrap()
}

#[test]
fn a_held_promotion_grants_nothing_until_released() {
    let core = Core::open_in_memory().unwrap();
    receive_at(&core, &team(), now());
    // In 2099 (Lee's clock says so) Kim becomes a senior and the owner of Checkout, and Kim
    // retitles the theme; before that, with a right clock, Kim already tried.
    let promote = op("lee", 7, Y2099 << 16, "lee", "member", "kim", "role", json!("senior"));
    let hand_over = op("lee", 8, (Y2099 << 16) + 1, "lee", "product", "checkout", "owner_id", json!("kim"));
    let edit = op("kim", 2, (Y2099 << 16) + 2, "kim", "roadmap_item", "theme", "title", json!("Kim's theme"));
    let early = op("kim", 1, now() << 16, "kim", "roadmap_item", "theme", "title", json!("Kim's early theme"));
    let got = receive_at(&core, &[promote.clone(), hand_over.clone(), edit.clone(), early.clone()], now());
    assert_eq!((got.held, got.applied.refused), (3, 1));

    // Held: Kim is still a junior, here and now.
    assert_eq!(theme_title(&core).as_deref(), Some("Sam's theme"));
    assert_eq!(refused(&core), std::slice::from_ref(&early.op_id));
    let why = kim_may_edit(&core).expect("a junior may not edit Sam's roadmap");
    assert!(why.contains("junior"), "{why}");

    // Released in clock order: the promotion and the hand-over first, then the edit they allow.
    let due = receive_at(&core, &[], Y2099);
    assert_eq!(due.released, 3);
    assert_eq!(theme_title(&core).as_deref(), Some("Kim's theme"));
    assert_eq!(refused(&core), std::slice::from_ref(&early.op_id), "the edit made before the promotion stays refused");
    assert_eq!(kim_may_edit(&core), None);

    // The same as a replica that got everything once its clock had reached 2099, and as a rebuild.
    let later = Core::open_in_memory().unwrap();
    let mut all = team();
    all.extend([promote, hand_over, edit, early]);
    receive_at(&later, &all, Y2099);
    let dump = |c: &Core| c.read(oplog::dump).unwrap();
    assert_eq!(dump(&core), dump(&later));
    core.transact(|tx| oplog::rebuild_at(tx, Y2099)).unwrap();
    assert_eq!(dump(&core), dump(&later));
    // Rebuilt with today's wall clock, the 2099 ops are held again: nothing is lost.
    core.transact(|tx| oplog::rebuild_at(tx, now())).unwrap();
    assert_eq!(theme_title(&core).as_deref(), Some("Sam's theme"));
    assert_eq!(core.read(|c| held::list(c, now())).unwrap().iter().map(|h| h.count).sum::<i64>(), 3);
}

#[test]
fn releasing_a_late_promotion_rejudges_the_edits_it_allows() {
    // This laptop's clock read 2099 when Kim's edit arrived (refused: Kim was a junior), then
    // was set back to today before Lee's promotion arrived (held). Released once the clock is
    // back in 2099, the promotion is late for the edit, which is judged again and applies.
    let core = Core::open_in_memory().unwrap();
    receive_at(&core, &team(), now());
    let promote = op("lee", 7, Y2099 << 16, "lee", "member", "kim", "role", json!("senior"));
    let hand_over = op("lee", 8, (Y2099 << 16) + 1, "lee", "product", "checkout", "owner_id", json!("kim"));
    let edit = op("kim", 1, (Y2099 << 16) + 2, "kim", "roadmap_item", "theme", "title", json!("Kim's theme"));
    receive_at(&core, std::slice::from_ref(&edit), Y2099);
    assert_eq!(refused(&core), std::slice::from_ref(&edit.op_id));
    let got = receive_at(&core, &[promote, hand_over], now());
    assert_eq!(got.held, 2);
    assert_eq!(theme_title(&core).as_deref(), Some("Sam's theme"));

    assert_eq!(receive_at(&core, &[], Y2099).released, 2);
    assert_eq!(theme_title(&core).as_deref(), Some("Kim's theme"));
    assert!(refused(&core).is_empty());
}

#[test]
fn the_sentence_says_how_far_ahead_in_words() {
    assert_eq!(held::about(-HOUR), "less than an hour");
    assert_eq!(held::about(25 * HOUR), "about 25 hours");
    assert_eq!(held::about(3 * 24 * HOUR + HOUR), "about 3 days");
    assert_eq!(held::about(400 * 24 * HOUR), "about a year");
    assert_eq!(held::about(73 * 365 * 24 * HOUR), "about 73 years");
    assert_eq!(held::date(Y2099), "2099-01-01 00:00 UTC");
    assert!(!held::is_held((now() + 24 * HOUR) << 16, now()));
    assert!(held::is_held((now() + 24 * HOUR + 1) << 16, now()));
}
