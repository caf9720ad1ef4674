//! The app and the CLI write the same database at once and lose nothing: a `Core` held open as
//! the app holds it makes edits in a tight loop while two long-running `baton rpc` processes do
//! the same, one-shot `baton goal add` runs come and go, and `baton sync` passes run. Every
//! edit lands, none fails on a locked or busy database, and this device's log stays gap-free.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Barrier, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use baton_core::api::{self, handlers};
use baton_core::Core;
use serde_json::{json, Value};

const APP_EDITS: usize = 300;
const RPC_PROCESSES: usize = 2;
const RPC_EDITS: usize = 200;
const ONE_SHOT_EDITS: usize = 30;
const PASSES: usize = 6;

fn baton(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_baton"));
    cmd.arg("--data-dir").arg(dir).env("HOME", dir).env_remove("BATON_DATA_DIR");
    cmd
}

fn run(dir: &Path, args: &[&str]) -> Output {
    baton(dir).args(args).output().expect("the baton binary runs")
}

fn ok_json(dir: &Path, args: &[&str]) -> Value {
    let out = run(dir, &[args, &["--json"]].concat());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "baton {args:?} failed: {stderr}");
    serde_json::from_slice(&out.stdout).expect("--json answers JSON")
}

/// Every failure seen by any writer, in words.
type Failures = Arc<Mutex<Vec<String>>>;

#[test]
fn the_app_and_cli_processes_writing_at_once_lose_no_edit() {
    let home = tempfile::tempdir().unwrap();
    let dir: PathBuf = home.path().join("data");
    let folder = home.path().join("share");
    std::fs::create_dir_all(&folder).unwrap();
    ok_json(&dir, &["init", "--name", "Lee", "--role", "leadership", "--workspace", "Acme"]);
    ok_json(&dir, &["sync", "--folder", folder.to_str().unwrap()]);

    let core = Arc::new(Core::open_dir(&dir).unwrap());
    let failures: Failures = Arc::default();
    let writers = 1 + RPC_PROCESSES + 2;
    let start = Arc::new(Barrier::new(writers));
    let began = Instant::now();
    let mut threads = Vec::new();

    // The app: one connection, held open, edits back to back.
    {
        let (core, failures, start) = (core.clone(), failures.clone(), start.clone());
        threads.push(thread::spawn(move || {
            start.wait();
            for i in 0..APP_EDITS {
                let req = api::GoalCreateReq { title: format!("app {i}"), description: None, measure: None };
                if let Err(e) = handlers::goal_create(&core, req) {
                    failures.lock().unwrap().push(format!("app edit {i}: {e}"));
                }
            }
        }));
    }
    // Long-running CLI processes: `baton rpc`, every request written at once.
    for p in 0..RPC_PROCESSES {
        let (dir, failures, start) = (dir.clone(), failures.clone(), start.clone());
        threads.push(thread::spawn(move || {
            start.wait();
            let mut child = baton(&dir)
                .arg("rpc")
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let mut stdin = child.stdin.take().unwrap();
            let writer = thread::spawn(move || {
                for i in 0..RPC_EDITS {
                    let call = json!({"id": i, "command": "goal_create", "request": {"title": format!("rpc{p} {i}")}});
                    writeln!(stdin, "{call}").unwrap();
                }
            });
            let answers = BufReader::new(child.stdout.take().unwrap());
            let mut answered = 0;
            for line in answers.lines() {
                let answer: Value = serde_json::from_str(&line.unwrap()).unwrap();
                answered += 1;
                if let Some(e) = answer.get("error") {
                    failures.lock().unwrap().push(format!("rpc{p} request {}: {e}", answer["id"]));
                }
            }
            writer.join().unwrap();
            let out = child.wait_with_output().unwrap();
            if !out.status.success() || answered != RPC_EDITS {
                let stderr = String::from_utf8_lossy(&out.stderr);
                failures.lock().unwrap().push(format!("rpc{p}: {answered} answers, {}: {stderr}", out.status));
            }
        }));
    }
    // One-shot CLI runs, each opening the database afresh.
    {
        let (dir, failures, start) = (dir.clone(), failures.clone(), start.clone());
        threads.push(thread::spawn(move || {
            start.wait();
            for i in 0..ONE_SHOT_EDITS {
                let out = run(&dir, &["goal", "add", &format!("cli {i}"), "--json"]);
                if !out.status.success() {
                    let stderr = String::from_utf8_lossy(&out.stderr);
                    failures.lock().unwrap().push(format!("baton goal add (cli {i}): {stderr}"));
                }
            }
        }));
    }
    // Sync passes meanwhile (each one transaction over the whole pass).
    {
        let (dir, failures, start) = (dir.clone(), failures.clone(), start.clone());
        threads.push(thread::spawn(move || {
            start.wait();
            for pass in 0..PASSES {
                let out = run(&dir, &["sync", "--json"]);
                let stderr = String::from_utf8_lossy(&out.stderr);
                if !out.status.success() {
                    failures.lock().unwrap().push(format!("baton sync (pass {pass}): {stderr}"));
                }
                thread::sleep(Duration::from_millis(50));
            }
        }));
    }
    for t in threads {
        t.join().unwrap();
    }
    let took = began.elapsed();

    let failures = failures.lock().unwrap().clone();
    let locked: Vec<&String> = failures.iter().filter(|f| f.contains("locked") || f.contains("busy")).collect();
    assert!(locked.is_empty(), "{} writes failed on a locked database, e.g. {:?}", locked.len(), locked.first());
    assert!(failures.is_empty(), "{} writes failed, e.g. {:?}", failures.len(), failures.first());

    // Every edit is there, once.
    let mut want: Vec<String> = (0..APP_EDITS).map(|i| format!("app {i}")).collect();
    for p in 0..RPC_PROCESSES {
        want.extend((0..RPC_EDITS).map(|i| format!("rpc{p} {i}")));
    }
    want.extend((0..ONE_SHOT_EDITS).map(|i| format!("cli {i}")));
    want.sort();
    let mut have: Vec<String> =
        handlers::goal_list(&core, api::NoArgs {}).unwrap().into_iter().map(|g| g.title).collect();
    have.sort();
    assert_eq!(have.len(), want.len(), "goals made: {} of {}", have.len(), want.len());
    assert_eq!(have, want);

    // This device's log: seqs 1, 2, 3, … with no gap and no repeat, three ops per goal.
    let (device, next_seq): (String, i64) = core
        .read(|c| Ok(c.query_row("SELECT device_id, next_seq FROM local_device", [], |r| Ok((r.get(0)?, r.get(1)?)))?))
        .unwrap();
    let (count, distinct, low, high, goal_ops): (i64, i64, i64, i64, i64) = core
        .read(|c| {
            Ok(c.query_row(
                "SELECT count(*), count(DISTINCT seq), min(seq), max(seq),
                        count(*) FILTER (WHERE entity_table = 'goal')
                 FROM oplog WHERE device_id = ?1",
                [&device],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )?)
        })
        .unwrap();
    assert_eq!((low, high, distinct), (1, count, count), "the seqs of this device's ops are 1..={count}");
    assert_eq!(next_seq, high + 1);
    assert_eq!(goal_ops as usize, 3 * want.len(), "title, description and measure of every goal");

    // And all of it reaches the folder, in segments that continue each other.
    drop(core);
    let pass = ok_json(&dir, &["sync"]);
    assert_eq!(pass["problems"], json!([]), "{pass}");
    let status = ok_json(&dir, &["sync", "--status"]);
    assert_eq!(status["unpublished"], json!(0), "{status}");
    assert!(took < Duration::from_secs(60), "the writers took {took:?}");
}

/// Eight `baton` runs and the app's `Core` open `dir` at the same moment: all of them open it.
fn open_at_once(dir: &Path, args: &'static [&'static str], ok: fn(&Output) -> bool) {
    let start = Arc::new(Barrier::new(9));
    let mut threads = Vec::new();
    for _ in 0..8 {
        let (dir, start) = (dir.to_path_buf(), start.clone());
        threads.push(thread::spawn(move || {
            start.wait();
            run(&dir, args)
        }));
    }
    start.wait();
    let core = Core::open_dir(dir).map(|_| ()).map_err(|e| e.to_string());
    assert_eq!(core, Ok(()), "the app could not open the data directory");
    for t in threads {
        let out = t.join().unwrap();
        assert!(ok(&out), "baton {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn the_app_and_cli_processes_opening_a_new_or_older_database_at_once_all_open_it() {
    for _ in 0..3 {
        // A first start: the file is created and every migration runs once, by one of them.
        let home = tempfile::tempdir().unwrap();
        let dir = home.path().join("data");
        open_at_once(&dir, &["goal", "list", "--json"], |out| {
            String::from_utf8_lossy(&out.stderr).contains("no_workspace")
        });

        // The first start after an update: a schema-6 file (before conflicts were derived from
        // the log, and before delegation) gains those migrations once.
        ok_json(&dir, &["init", "--name", "Lee", "--role", "leadership", "--workspace", "Acme"]);
        ok_json(&dir, &["goal", "add", "Grow"]);
        let core = Core::open_dir(&dir).unwrap();
        core.transact(|tx| {
            Ok(tx.execute_batch(
                "DROP TABLE op_seen; DROP TABLE own_seen_floor; DROP TABLE conflict;
                 ALTER TABLE member DROP COLUMN mentor_id; DROP TABLE delegation; DROP TABLE checkin;
                 DROP TABLE story; DROP TABLE guardrail_check; DROP TABLE comment;
                 DROP TABLE device; DROP TABLE invite; DROP TABLE device_trust;
                 DROP TABLE feedback; DROP TABLE idea; DROP TABLE evidence; DROP TABLE decision; DROP TABLE decision_text;
                 DROP TABLE search_text; DROP TABLE sprint; DROP TABLE launch; DROP TABLE launch_check;
                 DROP TABLE launch_template; DROP TABLE journal_entry; DROP TABLE undo_step; DROP TABLE story_tally; DROP TRIGGER search_goal_insert; DROP TRIGGER search_goal_update;
                 DROP TRIGGER search_goal_delete; DROP TRIGGER search_product_insert;
                 DROP TRIGGER search_product_update; DROP TRIGGER search_product_delete;
                 DROP TRIGGER search_item_insert; DROP TRIGGER search_item_update; DROP TRIGGER search_item_delete;
                 CREATE TABLE conflict (
                     id INTEGER PRIMARY KEY, entity_table TEXT NOT NULL, entity_id TEXT NOT NULL,
                     field TEXT NOT NULL, winner_op TEXT NOT NULL, loser_op TEXT NOT NULL,
                     detected_ms INTEGER NOT NULL, seen INTEGER NOT NULL DEFAULT 0, UNIQUE (winner_op, loser_op)
                 ) STRICT;
                 PRAGMA user_version = 6;",
            )?)
        })
        .unwrap();
        drop(core);
        open_at_once(&dir, &["goal", "list", "--json"], |out| out.status.success());
        let titles = ok_json(&dir, &["goal", "list"]);
        assert_eq!(titles[0]["title"], json!("Grow"));
    }
}
