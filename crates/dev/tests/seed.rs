//! The workspace generator at `Scale::Small`: the planned contents on the main laptop, every
//! laptop identical after one more sync round, nothing refused, and the same seed giving the
//! same workspace.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use baton_core::api::{self, handlers};
use baton_core::{oplog, Core, Error, Result};
use baton_dev::seed::{self, Counts, Generated, Scale};

fn generate(seed: u64) -> Result<(tempfile::TempDir, Generated)> {
    let out = tempfile::tempdir()?;
    let g = seed::generate(out.path(), Scale::Small, seed)?;
    Ok((out, g))
}

/// Seed 7's workspace, generated once for the tests that read it.
fn seven() -> Result<&'static Generated> {
    static SEVEN: OnceLock<std::result::Result<(tempfile::TempDir, Generated), String>> = OnceLock::new();
    match SEVEN.get_or_init(|| generate(7).map_err(|e| e.to_string())) {
        Ok((_, g)) => Ok(g),
        Err(e) => Err(Error::invalid(e.clone())),
    }
}

/// What a seed decides, without ids or clocks: every product with its family and owner, and its
/// items (horizon, period, title, status, confidence, metric, impact, what they serve).
fn shape(core: &Core) -> Result<Vec<String>> {
    let members: BTreeMap<String, String> =
        handlers::member_list(core, api::NoArgs {})?.into_iter().map(|m| (m.id, m.name)).collect();
    let goals: BTreeMap<String, String> =
        handlers::goal_list(core, api::NoArgs {})?.into_iter().map(|g| (g.id, g.title)).collect();
    let items = handlers::item_list(core, api::ItemListReq::default())?;
    let titles: BTreeMap<&str, &str> = items.iter().map(|i| (i.id.as_str(), i.title.as_str())).collect();
    let mut out = Vec::new();
    for p in handlers::product_list(core, api::NoArgs {})? {
        let owner = p.owner_id.as_ref().and_then(|o| members.get(o)).cloned().unwrap_or_default();
        out.push(format!("product {} of {} in {:?}, from {}", p.name, owner, p.family_name, p.base_year));
        let mut lines: Vec<String> = items
            .iter()
            .filter(|i| i.product_id.as_deref() == Some(p.id.as_str()))
            .map(|i| {
                let serves = i
                    .parent_id
                    .as_deref()
                    .and_then(|id| titles.get(id).copied())
                    .or_else(|| i.goal_id.as_ref().and_then(|g| goals.get(g)).map(String::as_str))
                    .unwrap_or("-");
                format!(
                    "  {:?} {} {:?} {:?}/{:?} {:?} {:?} -> {serves}",
                    i.horizon, i.period, i.title, i.status, i.confidence, i.metric, i.impact
                )
            })
            .collect();
        lines.sort();
        out.extend(lines);
    }
    Ok(out)
}

fn log_len(core: &Core) -> Result<u64> {
    Ok(core.read(oplog::all_ops)?.len() as u64)
}

#[test]
fn a_small_workspace_is_whole_on_the_main_laptop_and_every_laptop_converges() -> Result<()> {
    let g = seven()?;
    let plan = Scale::Small.plan();
    assert_eq!(g.device_dirs.first(), Some(&g.main_dir));
    assert_eq!(g.device_dirs.len(), 1 + plan.senior_laptops + plan.junior_laptops);

    let main = api::open_dir(&g.main_dir)?;
    let me = handlers::workspace_get(&main, api::NoArgs {})?.map(|w| w.me.role);
    assert_eq!(me, Some(api::Role::Leadership), "the main laptop is the creator's");
    let want = Counts {
        members: plan.members(),
        goals: plan.goals,
        families: plan.families,
        products: plan.products,
        five_year: plan.themes,
        three_year: plan.initiatives,
        // Go-aheads placed on the roadmap are one-year items too.
        one_year: plan.items + counts_placed(&main)?,
        snapshots: plan.products * plan.rounds / plan.snapshot_every,
        ..Counts::default()
    };
    let counts = Counts::of(&main)?;
    let unplanned = Counts {
        delegations: 0,
        open_delegations: 0,
        stories: 0,
        comments: 0,
        sprints: 0,
        open_sprints: 0,
        launches: 0,
        feedback: 0,
        feedback_new: 0,
        ideas: 0,
        awaiting_decision: 0,
        decisions: 0,
        placed: 0,
        ..counts.clone()
    };
    assert_eq!(unplanned, want);
    // The planned delegations, plus two pending offers to each other junior of a senior with a laptop.
    assert!(counts.delegations >= plan.delegations, "{counts:?}");
    assert!(counts.open_delegations > 0 && counts.open_delegations < counts.delegations, "{counts:?}");
    assert_eq!(counts.stories, plan.stories);
    assert!(counts.comments > 0, "{counts:?}");
    assert!(g.delegation_ops > 0);
    assert_eq!(counts.sprints, plan.products * plan.sprints, "{counts:?}");
    assert_eq!(counts.open_sprints, plan.products, "one running sprint per product: {counts:?}");
    assert_eq!(counts.launches, plan.launches, "{counts:?}");
    assert!(g.execution_ops > 0);
    execution_is_there(&main)?;
    ideas_are_there(&main, &counts)?;
    assert!(g.ideas_ops > 0);

    assert_eq!(g.ops, log_len(&main)?, "the reported op count is the main laptop's log");
    let target = plan.ops as f64;
    let roadmap_ops = (g.ops - g.delegation_ops - g.execution_ops - g.ideas_ops) as f64;
    assert!((roadmap_ops - target).abs() < target * 0.1, "{roadmap_ops} roadmap ops, planned about {}", plan.ops);
    assert_eq!(handlers::refused_list(&main, api::NoArgs {})?, Vec::new(), "every edit was its author's to make");
    let items = handlers::item_list(&main, api::ItemListReq::default())?;
    let unaligned = items.iter().filter(|i| i.unaligned).count();
    assert!(unaligned * 20 < items.len(), "{unaligned} of {} items unaligned", items.len());
    assert!(items.iter().all(|i| !i.outside_window && !i.orphan));
    let edited = items.iter().filter(|i| i.status != api::Status::Planned && !i.metric.is_empty()).count();
    assert!(edited * 2 > items.len(), "only {edited} of {} items were worked on", items.len());

    // One more pass on every other laptop brings it what the main laptop published last.
    let mut dumps = vec![main.read(oplog::dump)?];
    for dir in g.device_dirs.iter().skip(1) {
        let core = api::open_dir(dir)?;
        let pass = handlers::sync_now(&core, api::NoArgs {})?;
        assert_eq!(pass.problems, Vec::<String>::new());
        assert_eq!(pass.conflicts, 0, "no two laptops edit the same row");
        assert_eq!(log_len(&core)?, g.ops);
        dumps.push(core.read(oplog::dump)?);
    }
    let first = dumps.first().cloned().unwrap_or_default();
    assert!(first.len() > 10_000, "the dump holds the workspace");
    for (dir, dump) in g.device_dirs.iter().zip(&dumps) {
        assert!(*dump == first, "{} differs from the main laptop", dir.display());
    }
    Ok(())
}

/// Sprints with stories (done ones in closed sprints, the running one with work in it), launches
/// launched, planned and overdue, and a roll-up counting every story.
fn execution_is_there(main: &Core) -> Result<()> {
    let (mut closed_done, mut running_stories) = (0, 0);
    for p in handlers::product_list(main, api::NoArgs {})? {
        for s in handlers::sprint_list(main, api::ProductReq { product_id: p.id.clone() })? {
            if s.closed {
                closed_done += s.stories_done;
                assert_eq!(s.stories, s.stories_done, "a closed sprint keeps only its done stories: {s:?}");
            } else {
                running_stories += s.stories;
            }
        }
    }
    assert!(closed_done > 0 && running_stories > 0, "{closed_done} done in closed sprints, {running_stories} running");
    let launches = handlers::launch_list(main, api::LaunchListReq::default())?;
    assert!(launches.iter().any(|l| l.status == api::LaunchStatus::Launched));
    assert!(launches.iter().any(|l| l.overdue));
    assert!(launches.iter().any(|l| l.status == api::LaunchStatus::Planned && !l.overdue));
    let progress = handlers::progress_get(main, api::ProgressReq::default())?;
    assert_eq!(progress.total.stories as usize, Scale::Small.plan().stories);
    assert!(progress.total.points_done > 0 && progress.total.points_done < progress.total.points);
    Ok(())
}

fn counts_placed(core: &Core) -> Result<usize> {
    Ok(handlers::idea_list(core, api::IdeaListReq::default())?.iter().filter(|i| i.item_id.is_some()).count())
}

/// The planned ideas in every stage, leadership's queue not empty, decisions of every outcome
/// (a "not now" with its revisit date), feedback triaged every way and some left new.
fn ideas_are_there(main: &Core, counts: &Counts) -> Result<()> {
    let plan = Scale::Small.plan();
    assert_eq!(counts.ideas, plan.ideas, "{counts:?}");
    assert_eq!(counts.feedback, plan.feedback, "{counts:?}");
    assert!(counts.feedback_new > 0 && counts.feedback_new < counts.feedback, "{counts:?}");
    assert!(counts.awaiting_decision > 0 && counts.placed > 0, "{counts:?}");
    let ideas = handlers::idea_list(main, api::IdeaListReq::default())?;
    for stage in api::IdeaStage::ALL {
        assert!(ideas.iter().any(|i| i.stage == stage), "no idea {stage:?}");
    }
    assert!(ideas.iter().any(|i| i.score.is_some() && i.evidence_count > 0 && i.feedback_count > 0));
    let members = handlers::member_list(main, api::NoArgs {})?;
    let role = |id: &str| members.iter().find(|m| m.id == id).map(|m| m.role);
    for r in [api::Role::Junior, api::Role::Senior, api::Role::Leadership] {
        assert!(ideas.iter().any(|i| role(&i.proposer_id) == Some(r) && i.submitted_ms > 0), "none submitted by {r:?}");
    }
    let queue = handlers::idea_queue(main, api::NoArgs {})?;
    assert_eq!(queue.awaiting_decision.len(), counts.awaiting_decision);
    let log = handlers::decision_list(main, api::DecisionListReq::default())?;
    assert_eq!(log.len(), counts.decisions);
    for outcome in api::Outcome::ALL {
        assert!(log.iter().any(|d| d.outcome == outcome && !d.rationale.is_empty()), "no decision {outcome:?}");
    }
    assert!(
        log.iter().all(|d| (d.outcome == api::Outcome::NotNow) != d.revisit.is_empty()),
        "revisit dates go with not now"
    );
    assert!(log.iter().all(|d| d.pinned.is_some()));
    for show in [api::FeedbackShow::Linked, api::FeedbackShow::Dismissed] {
        let list = handlers::feedback_list(main, api::FeedbackListReq { show: Some(show), ..Default::default() })?;
        assert!(!list.entries.is_empty(), "no feedback {show:?}");
    }
    Ok(())
}

#[test]
fn the_same_seed_builds_the_same_workspace_and_another_seed_another() -> Result<()> {
    let other = std::thread::spawn(|| generate(8).map_err(|e| e.to_string()));
    let a = seven()?;
    let (_b_dir, b) = generate(7)?;
    let (_c_dir, c) = other.join().map_err(|_| Error::invalid("seed 8 panicked"))?.map_err(Error::invalid)?;
    let (a_core, b_core, c_core) =
        (api::open_dir(&a.main_dir)?, api::open_dir(&b.main_dir)?, api::open_dir(&c.main_dir)?);
    assert_eq!(a.ops, b.ops);
    assert_eq!(Counts::of(&a_core)?, Counts::of(&b_core)?);
    let (a_shape, b_shape, c_shape) = (shape(&a_core)?, shape(&b_core)?, shape(&c_core)?);
    assert!(a_shape.len() > 300, "{} lines", a_shape.len());
    assert!(a_shape == b_shape, "same seed, another workspace");
    assert!(a_shape != c_shape, "another seed, the same workspace");
    // The laptops' directories are named after their members, whom the seed picks.
    let names = |g: &Generated| g.device_dirs.iter().map(|d| d.file_name().map(|n| n.to_owned())).collect::<Vec<_>>();
    assert_eq!(names(a), names(&b));
    assert_ne!(names(a), names(&c));
    Ok(())
}
