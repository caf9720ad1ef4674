//! Runs the real `baton` binary against temporary data directories, as a script would.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn baton(dir: &Path, args: &[&str]) -> Run {
    let out: Output = match Command::new(env!("CARGO_BIN_EXE_baton"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        // Never the real user's data: HOME points into the temp dir too.
        .env("HOME", dir)
        .env_remove("BATON_DATA_DIR")
        .output()
    {
        Ok(o) => o,
        Err(e) => return Run { code: -1, stdout: String::new(), stderr: e.to_string() },
    };
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn ok_json(dir: &Path, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    let r = baton(dir, &all);
    assert_eq!(r.code, 0, "baton {args:?} failed: {}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| Value::String(format!("not JSON ({e}): {}", r.stdout)))
}

fn tmp() -> tempfile::TempDir {
    match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => unreachable_dir(e),
    }
}

#[allow(clippy::panic)]
fn unreachable_dir(e: std::io::Error) -> ! {
    panic!("cannot make a temp dir: {e}")
}

#[test]
fn a_senior_builds_a_roadmap_from_the_terminal() {
    let dir = tmp();
    let d = dir.path();
    let w = ok_json(d, &["init", "--name", "Sam", "--role", "senior", "--workspace", "Acme"]);
    assert_eq!(
        (w["name"].as_str(), w["me"]["name"].as_str(), w["me"]["role"].as_str()),
        (Some("Acme"), Some("Sam"), Some("senior"))
    );

    let who = baton(d, &["whoami"]);
    assert_eq!((who.code, who.stdout.trim()), (0, "Sam (senior PM) in \"Acme\""));

    ok_json(d, &["member", "add", "Ana", "--role", "junior", "--manager", "sam"]);
    ok_json(d, &["goal", "add", "Grow revenue", "--description", "30%"]);
    ok_json(d, &["product", "add", "Checkout"]);
    let theme = ok_json(
        d,
        &[
            "item",
            "add",
            "One-click",
            "--product",
            "checkout",
            "--horizon",
            "five_year",
            "--period",
            "2030",
            "--goal",
            "grow revenue",
        ],
    );
    let item = ok_json(
        d,
        &[
            "item",
            "add",
            "Apple Pay",
            "--product",
            "Checkout",
            "--horizon",
            "1y",
            "--period",
            "2027-q1",
            "--parent",
            "One-click",
        ],
    );
    assert_eq!(item["parentId"], theme["id"]);
    assert_eq!(item["period"], "2027-Q1");

    let moved = ok_json(d, &["item", "move", "Apple Pay", "--period", "2027-Q3"]);
    assert_eq!(moved["period"], "2027-Q3");

    let items = ok_json(d, &["item", "list", "--product", "Checkout"]);
    let titles: Vec<&str> =
        items.as_array().map(|a| a.iter().filter_map(|i| i["title"].as_str()).collect()).unwrap_or_default();
    assert_eq!(titles, ["One-click", "Apple Pay"]);

    let members = ok_json(d, &["member", "list"]);
    let ana = members.as_array().and_then(|a| a.iter().find(|m| m["name"] == "Ana")).cloned().unwrap_or_default();
    assert_eq!(ana["managerId"], w["me"]["id"], "Ana reports to Sam");

    let human = baton(d, &["item", "list"]);
    assert!(human.stdout.contains("1-year\t2027-Q3\tApple Pay"), "{}", human.stdout);
}

#[test]
fn refusals_exit_1_with_a_clear_message_and_change_nothing() {
    let dir = tmp();
    let d = dir.path();
    let r = baton(d, &["goal", "list"]);
    assert_eq!((r.code, r.stderr.trim()), (1, "baton: no workspace here yet: create one first (baton init)"));

    ok_json(d, &["init", "--name", "Jo", "--role", "junior"]);
    let r = baton(d, &["product", "add", "Checkout"]);
    assert_eq!((r.code, r.stderr.trim()), (1, "baton: Jo is a junior PM and may not create products"));
    assert_eq!(ok_json(d, &["product", "list"]), Value::Array(vec![]));

    let r = baton(d, &["--json", "goal", "add", "  "]);
    assert_eq!(r.code, 1);
    let err: Value = serde_json::from_str(r.stderr.trim()).unwrap_or_default();
    assert_eq!(err["code"], "invalid_input", "{}", r.stderr);

    let r = baton(d, &["init", "--name", "Kim", "--role", "senior"]);
    assert_eq!((r.code, r.stderr.trim()), (1, "baton: this device already has a workspace: My workspace"));
}

#[test]
fn bad_periods_and_unknown_ids_are_refused() {
    let dir = tmp();
    let d = dir.path();
    ok_json(d, &["init", "--name", "Sam", "--role", "senior"]);
    ok_json(d, &["product", "add", "Checkout"]);
    let r = baton(d, &["item", "add", "X", "--product", "Checkout", "--horizon", "one_year", "--period", "2027"]);
    assert_eq!(
        (r.code, r.stderr.trim()),
        (1, "baton: period \"2027\" does not fit this horizon: use a quarter, like 2027-Q3")
    );
    let r = baton(d, &["item", "add", "X", "--product", "Nope", "--horizon", "one_year", "--period", "2027-Q1"]);
    assert_eq!((r.code, r.stderr.trim()), (1, "baton: product not found: Nope"));
    let r = baton(d, &["item", "move", "no-such-item", "--period", "2027-Q1"]);
    assert_eq!((r.code, r.stderr.trim()), (1, "baton: roadmap item not found: no-such-item"));
    assert_eq!(ok_json(d, &["item", "list"]), Value::Array(vec![]));
}

#[test]
fn usage_errors_exit_2() {
    let dir = tmp();
    let r = baton(dir.path(), &["item", "add", "X"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let r = baton(dir.path(), &["init", "--name", "Sam", "--role", "boss"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(!dir.path().join("baton.sqlite3").exists() || baton(dir.path(), &["whoami"]).code == 1);
}

#[test]
fn the_sample_workspace_is_ready_to_use() {
    let dir = tmp();
    let d = dir.path();
    let w = ok_json(d, &["sample"]);
    assert_eq!(w["me"]["role"], "senior");
    let items = ok_json(d, &["item", "list"]);
    assert_eq!(items.as_array().map(Vec::len), Some(10));
    let data_dir_env = Command::new(env!("CARGO_BIN_EXE_baton"))
        .args(["product", "list", "--json"])
        .env("BATON_DATA_DIR", d)
        .env("HOME", d)
        .output();
    let products: Value = data_dir_env.ok().and_then(|o| serde_json::from_slice(&o.stdout).ok()).unwrap_or_default();
    assert_eq!(products.as_array().map(Vec::len), Some(2), "BATON_DATA_DIR selects the same workspace");
}

#[test]
fn two_laptops_sync_through_a_folder_and_nothing_typed_is_lost() {
    let (a, b, share) = (tmp(), tmp(), tmp());
    let (a, b) = (a.path(), b.path());
    let share = share.path().to_str().unwrap_or_default().to_owned();
    ok_json(a, &["init", "--name", "Lee", "--role", "leadership", "--workspace", "Acme"]);
    ok_json(a, &["member", "add", "Sam", "--role", "senior"]);
    ok_json(a, &["goal", "add", "Grow"]);
    ok_json(a, &["product", "add", "Checkout", "--owner", "Sam"]);
    let theme = ok_json(a, &["item", "add", "Theme", "--product", "Checkout", "--horizon", "5y", "--period", "2030"]);
    let invite = ok_json(a, &["invite", "create", "--member", "Sam", "--folder", &share]);
    let invite = invite["invite"].as_str().unwrap_or_default().to_owned();
    let joined = ok_json(b, &["join", "--folder", &share, "--invite", &invite]);
    assert_eq!((joined["name"].as_str(), joined["me"]["name"].as_str()), (Some("Acme"), Some("Sam")));
    let id = theme["id"].as_str().unwrap_or_default();

    ok_json(a, &["item", "update", id, "--title", "Lee's title"]);
    ok_json(b, &["item", "update", id, "--title", "Sam's title"]);
    for d in [a, b, a] {
        ok_json(d, &["sync"]);
    }
    let title = |d| ok_json(d, &["item", "list"])[0]["title"].as_str().unwrap_or_default().to_owned();
    assert_eq!(title(a), title(b), "both laptops show the same winner");

    let history = ok_json(a, &["history", id, "title"]);
    let values: Vec<&str> =
        history.as_array().map(|h| h.iter().filter_map(|c| c["value"].as_str()).collect()).unwrap_or_default();
    assert!(values.contains(&"Lee's title") && values.contains(&"Sam's title"), "{values:?}");
    let conflicts = ok_json(a, &["conflicts"]);
    assert_eq!(conflicts.as_array().map(Vec::len), Some(1), "{conflicts}");
    assert_eq!(ok_json(a, &["conflicts"]), Value::Array(vec![]), "looked-at conflicts are not listed again");
    let loser = conflicts[0]["loser"]["opId"].as_str().unwrap_or_default().to_owned();
    let lost_value = conflicts[0]["loser"]["value"].as_str().unwrap_or_default().to_owned();
    ok_json(a, &["restore", &loser]);
    for d in [a, b] {
        ok_json(d, &["sync"]);
    }
    assert_eq!((title(a), title(b)), (lost_value.clone(), lost_value));

    let again = baton(tmp().path(), &["join", "--folder", &share, "--invite", &invite]);
    assert_eq!(
        (again.code, again.stderr.trim()),
        (1, "baton: this invite was already used by another laptop; ask for a new one")
    );
    let status = ok_json(b, &["sync", "--status"]);
    assert_eq!(status["devices"][0]["memberName"], "Lee");
}
