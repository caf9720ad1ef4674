//! The benchmark command at small scale in the debug build: every measure runs and its results
//! are right (the received data equals the sender's, reads return the baseline's rows, a rebuild
//! changes nothing, …). Times are never asserted: a debug build on a shared CI machine says
//! nothing about them.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use baton_dev::bench::{self, Options, Plan};
use baton_dev::seed::Scale;

const MEASURES: &[&str] = &[
    "apply",
    "apply_pass",
    "apply_batch",
    "apply_decade",
    "local_write",
    "rebuild",
    "roadmap",
    "alignment_product",
    "alignment_org",
    "history",
    "inbox",
    "board",
    "delegated_item",
    "progress_rollup",
    "sprint_board",
    "leadership_queue",
    "decision_search",
    "search_rare",
    "search_common",
    "search_prefix",
    "size",
];

const CHECKS: &[&str] = &[
    "apply: every received op is new and allowed",
    "apply: the main laptop's data equals the peer's after receiving",
    "apply: a whole sync pass receives the same ops",
    "apply: Core::apply_remote leads to the same data",
    "decade: every received op is new and allowed",
    "local write: every rename shows in the item list",
    "rebuild: the tables are the same after a rebuild",
    "roadmap: item_list returns the baseline's rows",
    "alignment_product: the tree holds every live item",
    "alignment_org: the tree holds every live item",
    "history: history_list returns the item's changes",
    "inbox: inbox_get lists the stories",
    "board: board_get lists the senior's open delegations",
    "delegated item: delegation_get returns the baseline's stories",
    "progress_rollup: progress_get totals the raw story sums",
    "sprint_board: sprint_board returns the sprint's stories",
    "leadership_queue: idea_queue's lists are the raw rows",
    "decision_search: decision_list returns the raw FTS5 statement's decisions",
    "search_rare: search returns as many hits",
    "search_common: search returns as many hits",
    "search_prefix: search returns as many hits",
    "size: dbstat accounts for the whole file",
];

#[test]
fn every_measure_runs_at_small_scale_and_its_results_are_right() {
    let cache = tempfile::tempdir().unwrap();
    let mut opts = Options::new(Scale::Small, 7, cache.path().to_path_buf());
    opts.decade = true;
    let report = bench::run(&opts).unwrap_or_else(|e| panic!("the bench failed: {e}"));
    println!("{}", report.render());

    let failed = report.failed_checks();
    assert!(failed.is_empty(), "checks failed: {failed:#?}");
    for name in CHECKS {
        assert!(report.checks.iter().any(|c| c.name.starts_with(name)), "no check {name:?}");
    }
    for key in MEASURES {
        let row = report.rows.iter().find(|r| r.key == *key).unwrap_or_else(|| panic!("no row {key}"));
        assert!(!row.figure.is_empty() && !row.baseline.is_empty(), "{row:#?}");
        assert!(row.ratio.is_some_and(f64::is_finite), "{row:#?}");
        assert_eq!(row.met.is_some(), !key.starts_with("apply_") || *key == "apply_decade", "{row:#?}");
    }
    assert_eq!(report.rows.len(), MEASURES.len());
    assert!(report.ops > 0);
    assert!(report.render().contains("Checks: "));
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["rows"].as_array().map(Vec::len), Some(MEASURES.len()));

    // A second run takes the workspace, the peer's ops and the padded log from the cache.
    opts.decade = false;
    let again = bench::run(&opts).unwrap_or_else(|e| panic!("the second run failed: {e}"));
    assert!(again.setup.iter().all(|s| s.cached), "{:#?}", again.setup);
    assert!(again.failed_checks().is_empty(), "{:#?}", again.failed_checks());
    assert_eq!(again.ops, report.ops);
    let decade = again.rows.iter().find(|r| r.key == "apply_decade").unwrap();
    assert_eq!(decade.met, None, "not run without --decade");
    assert_eq!(Plan::of(Scale::Large).received_ops, 100_000);
}
