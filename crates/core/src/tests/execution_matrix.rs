//! Who may do what with sprints, launches and journals: every action (make and close a sprint,
//! plan a story, keep the launch template, set up a launch, tick its checklist, mark it
//! launched, write in one's journal, edit another's entry) × every relation of the actor to Jo's
//! delegated work (leadership, the product's owner — Jo's senior, who delegated it —, Jo's
//! mentor, Jo, another junior of the same senior, another senior's junior, a removed member) is
//! tried twice, as `ideas_matrix.rs` does (`matrix.rs`): as a local command and as ops received
//! from the actor's laptop — and must get the same verdict both ways.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::json;

use super::delegation::{act_as, world};
use super::delegation_matrix::refused;
use super::execution::{approved, day, product_of, running};
use super::matrix;
use crate::api::{self, handlers as h, IdReq};
use crate::execution::{launches, sprints};
use crate::oplog;
use crate::workspace::{self, Role};

#[derive(Clone)]
struct Ids {
    workspace: String,
    members: [String; 7],
    product: String,
    sprint: String,
    story: String,
    other_item: String,
    launch: String,
    entry: String,
    journal: String,
}

const RELATIONS: [&str; 7] = [
    "leadership",
    "the product's owner",
    "the junior's mentor",
    "the junior",
    "another junior",
    "another's junior",
    "removed member",
];

type Built = matrix::Built<Ids>;
type Action = matrix::Action<Ids, ()>;

/// Jo runs Sue's delegation of Apple Pay with one approved story; Sue's product has a sprint
/// running, a one-item launch template and a second one-year item without a launch; Apple
/// Pay's launch is Jo's; Jo has a journal entry.
fn build() -> Built {
    let w = world();
    let c = &w.core;
    let lee = workspace::me(c).unwrap();
    let rex = workspace::add_member(c, &lee, "Rex", Role::Leadership, None).unwrap().id;
    workspace::remove_member(c, &lee, &rex).unwrap();
    let product = product_of(&w);
    let d = running(&w, &w.item, &w.jo);
    let story = approved(&w, &d, &w.jo, "Pay with one tap", 3);
    act_as(c, &w.sue);
    let parent = h::item_get(c, IdReq { id: w.item.clone() }).unwrap().item.parent_id.unwrap();
    let req = json!({"productId": product, "horizon": "one_year", "period": "2027-Q3", "title": "Google Pay", "parentId": parent});
    let other_item = h::item_create(c, serde_json::from_value(req).unwrap()).unwrap().id;
    let sprint = h::sprint_create(
        c,
        api::SprintCreateReq {
            product_id: product.clone(),
            name: "Sprint 1".into(),
            starts_on: day(-1),
            ends_on: day(12),
            capacity: 10,
        },
    )
    .unwrap()
    .id;
    h::launch_template_add(
        c,
        api::TemplateAddReq { product_id: product.clone(), text: "Release notes".into(), mandatory: true },
    )
    .unwrap();
    let l = h::launch_create(
        c,
        api::LaunchCreateReq { item_id: w.item.clone(), owner_id: w.jo.clone(), target_on: "2027-06-15".into() },
    )
    .unwrap();
    act_as(c, &w.jo);
    let journal = h::journal_add(
        c,
        api::JournalAddReq {
            kind: api::JournalKind::Learning,
            body: "Ask QA early".into(),
            on_day: None,
            story_id: None,
            launch_id: None,
            delegation_id: None,
        },
    )
    .unwrap()
    .id;
    act_as(c, &w.lee);
    let ops = c.read(oplog::all_ops).unwrap();
    assert!(refused(c).is_empty(), "{:?}", refused(c));
    let ids = Ids {
        workspace: workspace::info(c).unwrap().unwrap().id,
        members: [w.lee.clone(), w.sue.clone(), w.ola.clone(), w.jo.clone(), w.kim.clone(), w.max.clone(), rex],
        product,
        sprint,
        story,
        other_item,
        entry: l.checklist[0].id.clone(),
        launch: l.id,
        journal,
    };
    Built { ids, ops, core: w.core }
}

fn now() -> i64 {
    crate::delegation::now_ms()
}

const OWNERS: [bool; 7] = [true, true, false, false, false, false, false];
const PLANNERS: [bool; 7] = [true, true, false, true, false, false, false];
const EVERYONE: [bool; 7] = [true, true, true, true, true, true, false];
const AUTHOR: [bool; 7] = [false, false, false, true, false, false, false];

fn sprint(c: &crate::Core, ids: &Ids) -> sprints::Sprint {
    c.read(|c| sprints::get(c, &ids.sprint)).unwrap()
}

fn launch(c: &crate::Core, ids: &Ids) -> launches::Launch {
    c.read(|c| launches::get(c, &ids.launch)).unwrap()
}

fn count(c: &crate::Core, sql: &str) -> i64 {
    c.read(|c| Ok(c.query_row(sql, [], |r| r.get(0))?)).unwrap()
}

fn actions() -> Vec<Action> {
    vec![
        Action {
            name: "make a sprint",
            from: (),
            run: |c, ids, _| {
                let req = api::SprintCreateReq {
                    product_id: ids.product.clone(),
                    name: "Sprint 9".into(),
                    starts_on: day(20),
                    ends_on: day(30),
                    capacity: 5,
                };
                h::sprint_create(c, req).map(drop)
            },
            ops: |_, ids, _| {
                let s = || String::from("forged-sprint");
                vec![
                    ("sprint", s(), "product_id", json!(ids.product)),
                    ("sprint", s(), "name", json!("Sprint 9")),
                    ("sprint", s(), "starts_on", json!(day(20))),
                    ("sprint", s(), "ends_on", json!(day(30))),
                    ("sprint", s(), "capacity", json!(5)),
                ]
            },
            took_effect: |c, _| count(c, "SELECT count(*) FROM sprint WHERE name = 'Sprint 9'") == 1,
            allowed: OWNERS,
        },
        Action {
            name: "close a sprint",
            from: (),
            run: |c, ids, _| {
                h::sprint_close(c, api::SprintCloseReq { id: ids.sprint.clone(), carry: vec![] }).map(drop)
            },
            ops: |_, ids, _| vec![("sprint", ids.sprint.clone(), "closed_ms", json!(now()))],
            took_effect: |c, ids| sprint(c, ids).closed(),
            allowed: OWNERS,
        },
        Action {
            name: "plan a story",
            from: (),
            run: |c, ids, _| {
                let req = api::SprintPlanReq { story_id: ids.story.clone(), sprint_id: Some(ids.sprint.clone()) };
                h::sprint_plan(c, req).map(drop)
            },
            ops: |_, ids, _| vec![("story", ids.story.clone(), "sprint_id", json!(ids.sprint))],
            took_effect: |c, ids| sprint(c, ids).stories == 1,
            allowed: PLANNERS,
        },
        Action {
            name: "keep the launch template",
            from: (),
            run: |c, ids, _| {
                let req = api::TemplateAddReq {
                    product_id: ids.product.clone(),
                    text: "QA sign-off".into(),
                    mandatory: true,
                };
                h::launch_template_add(c, req).map(drop)
            },
            ops: |_, ids, _| {
                let t = || String::from("forged-template");
                vec![
                    ("launch_template", t(), "product_id", json!(ids.product)),
                    ("launch_template", t(), "text", json!("QA sign-off")),
                    ("launch_template", t(), "mandatory", json!(true)),
                    ("launch_template", t(), "rank", json!("V")),
                ]
            },
            took_effect: |c, _| count(c, "SELECT count(*) FROM launch_template WHERE text = 'QA sign-off'") == 1,
            allowed: OWNERS,
        },
        Action {
            name: "set up a launch",
            from: (),
            run: |c, ids, _| {
                let req = api::LaunchCreateReq {
                    item_id: ids.other_item.clone(),
                    owner_id: ids.members[3].clone(),
                    target_on: "2027-09-01".into(),
                };
                h::launch_create(c, req).map(drop)
            },
            ops: |_, ids, _| {
                let l = || String::from("forged-launch");
                vec![
                    ("launch", l(), "item_id", json!(ids.other_item)),
                    ("launch", l(), "owner_id", json!(ids.members[3])),
                    ("launch", l(), "target_on", json!("2027-09-01")),
                    ("launch", l(), "status", json!("planned")),
                ]
            },
            took_effect: |c, ids| c.read(|c| launches::of_item(c, &ids.other_item)).unwrap().is_some(),
            allowed: OWNERS,
        },
        Action {
            name: "tick a checklist entry",
            from: (),
            run: |c, ids, _| {
                let req = api::LaunchEntrySetReq { id: ids.entry.clone(), done: Some(true), remove: None };
                h::launch_entry_set(c, req).map(drop)
            },
            ops: |_, ids, _| vec![("launch_check", ids.entry.clone(), "done", json!(true))],
            took_effect: |c, ids| launch(c, ids).checklist.iter().all(|e| e.done),
            allowed: PLANNERS,
        },
        Action {
            name: "mark launched",
            from: (),
            run: |c, ids, _| {
                let req = api::LaunchMarkReq { id: ids.launch.clone(), anyway: Some("notes ship tomorrow".into()) };
                h::launch_mark(c, req).map(drop)
            },
            ops: |_, ids, _| {
                vec![
                    ("launch", ids.launch.clone(), "override", json!("notes ship tomorrow")),
                    ("launch", ids.launch.clone(), "status", json!("launched")),
                    ("launch", ids.launch.clone(), "launched_ms", json!(now())),
                ]
            },
            took_effect: |c, ids| launch(c, ids).status == launches::LaunchStatus::Launched,
            allowed: PLANNERS,
        },
        Action {
            name: "write in one's journal",
            from: (),
            run: |c, _, _| {
                let req = api::JournalAddReq {
                    kind: api::JournalKind::Achievement,
                    body: "Met the QA lead".into(),
                    on_day: Some("2027-01-04".into()),
                    story_id: None,
                    launch_id: None,
                    delegation_id: None,
                };
                h::journal_add(c, req).map(drop)
            },
            ops: |_, _, a| {
                let j = || String::from("forged-entry");
                vec![
                    ("journal_entry", j(), "author_id", json!(a)),
                    ("journal_entry", j(), "kind", json!("achievement")),
                    ("journal_entry", j(), "body", json!("Met the QA lead")),
                    ("journal_entry", j(), "on_day", json!("2027-01-04")),
                    ("journal_entry", j(), "at_ms", json!(now())),
                ]
            },
            took_effect: |c, _| count(c, "SELECT count(*) FROM journal_entry WHERE body = 'Met the QA lead'") == 1,
            allowed: EVERYONE,
        },
        Action {
            name: "edit Jo's journal entry",
            from: (),
            run: |c, ids, _| {
                let req = api::JournalUpdateReq {
                    id: ids.journal.clone(),
                    kind: None,
                    body: Some("Edited".into()),
                    on_day: None,
                };
                h::journal_update(c, req).map(drop)
            },
            ops: |_, ids, _| vec![("journal_entry", ids.journal.clone(), "body", json!("Edited"))],
            took_effect: |c, _| count(c, "SELECT count(*) FROM journal_entry WHERE body = 'Edited'") == 1,
            allowed: AUTHOR,
        },
    ]
}

#[test]
fn every_execution_action_gets_the_same_verdict_locally_and_received() {
    let actions = actions();
    let built = vec![((), build())];
    let workspace = built[0].1.ids.workspace.clone();
    let (table, cells) = matrix::check_all(&actions, &built, &RELATIONS, &workspace, |ids, i| ids.members[i].clone());
    assert_eq!(cells, 9 * 7);
    println!("{table}");
}

#[test]
fn refusals_say_what_the_actor_lacks() {
    let actions = actions();
    let b = build();
    let cell = |name: &str, who: usize| {
        let a = actions.iter().find(|a| a.name == name).unwrap();
        let actor = b.ids.members[who].clone();
        (
            matrix::run_locally(a, &b, &b.ids.workspace, &actor, RELATIONS[who]).unwrap(),
            matrix::run_received(a, &b, &actor, RELATIONS[who]).unwrap(),
        )
    };
    assert_eq!(cell("make a sprint", 3).0, "Jo is a junior PM and may not plan sprints of Checkout");
    assert_eq!(cell("plan a story", 2).0, "Ola is a senior PM and may not work on what is not delegated to them");
    assert_eq!(cell("set up a launch", 3).1, "Jo was a junior PM and could not set up launches of Checkout");
    assert_eq!(cell("tick a checklist entry", 4).0, "Kim is a junior PM and may not run launches they do not own");
    assert_eq!(cell("edit Jo's journal entry", 1).0, "Sue is a senior PM and may not write in another's journal");
    assert_eq!(cell("edit Jo's journal entry", 0).0, "Lee is leadership and may not write in another's journal");
}
