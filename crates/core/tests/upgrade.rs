//! A data directory written by the build before the compact op log (schema 3) upgrades in
//! place and answers every command exactly as that build did.
//!
//! `fixtures/schema3/` was made with that build's `baton` CLI: a leader's laptop with members,
//! a goal, a product, items on three horizons, a guardrail, a snapshot, a restore, and a second
//! laptop (the senior PM's) synced through a folder, with one concurrent overwrite.
//! `requests.jsonl` are `baton rpc` requests and `responses.jsonl` that build's answers.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use baton_core::{api, oplog, Core};
use serde_json::Value;

fn lines(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}"))).collect()
}

#[test]
fn a_schema_3_database_upgrades_in_place_and_answers_as_before() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema3");
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixtures.join(oplog::store::DB_FILE), dir.path().join(oplog::store::DB_FILE)).unwrap();
    let old_ops: i64 = {
        let conn = rusqlite::Connection::open(dir.path().join(oplog::store::DB_FILE)).unwrap();
        assert_eq!(conn.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0)).unwrap(), 3);
        conn.query_row("SELECT count(*) FROM oplog", [], |r| r.get(0)).unwrap()
    };

    let core = api::open_dir(dir.path()).unwrap();
    let free: i64 = core.read(|c| Ok(c.pragma_query_value(None, "freelist_count", |r| r.get(0))?)).unwrap();
    assert_eq!(free, 0, "the old log's pages are given back (VACUUM after the upgrade)");
    let ops = core.read(oplog::all_ops).unwrap();
    assert_eq!(ops.len() as i64, old_ops, "every op survives the upgrade");
    assert!(ops.iter().all(|o| uuid_like(&o.op_id)), "op ids read back as the UUID text they were");

    let requests = lines(&fixtures.join("requests.jsonl"));
    let responses = lines(&fixtures.join("responses.jsonl"));
    assert_eq!(requests.len(), responses.len());
    for (req, want) in requests.iter().zip(&responses) {
        let command = req["command"].as_str().unwrap();
        // `baton rpc` reads a null request as `{}`.
        let request = if req["request"].is_null() { serde_json::json!({}) } else { req["request"].clone() };
        let got = api::dispatch(&core, command, request);
        let got = got.unwrap_or_else(|e| panic!("{command}: {e:?}"));
        // Fields added to an answer since (a member's mentor) are new, not changed.
        assert!(answers_as(&got, &want["ok"]), "{command} answers as the schema-3 build did:\n{got}\n{}", want["ok"]);
    }

    // The upgraded tables are what the upgraded log rebuilds to.
    let before = core.read(oplog::dump).unwrap();
    core.transact(|tx| oplog::rebuild(tx)).unwrap();
    assert_eq!(core.read(oplog::dump).unwrap(), before);

    // And the upgraded workspace keeps working: a new edit lands and shows in history.
    let item = responses[4]["ok"][0]["id"].as_str().unwrap().to_owned();
    let req = serde_json::json!({ "id": item, "title": "Renamed after the upgrade" });
    api::dispatch(&core, "item_update", req).unwrap();
    let history = api::dispatch(&core, "history_list", serde_json::json!({ "entityId": item })).unwrap();
    assert_eq!(history[0]["value"], "Renamed after the upgrade");
    drop(core);
    let reopened = Core::open_dir(dir.path()).unwrap();
    assert_eq!(reopened.read(oplog::all_ops).unwrap().len() as i64, old_ops + 1);
}

/// `got` says everything `want` says: the same values, arrays of the same length, and objects
/// with at least `want`'s keys.
fn answers_as(got: &Value, want: &Value) -> bool {
    match (got, want) {
        (Value::Object(g), Value::Object(w)) => w.iter().all(|(k, v)| g.get(k).is_some_and(|gv| answers_as(gv, v))),
        (Value::Array(g), Value::Array(w)) => g.len() == w.len() && g.iter().zip(w).all(|(a, b)| answers_as(a, b)),
        _ => got == want,
    }
}

fn uuid_like(s: &str) -> bool {
    s.len() == 36 && s.chars().filter(|c| *c == '-').count() == 4
}
