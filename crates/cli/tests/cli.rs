//! Runs the real `baton` binary against temporary data directories, as a script would.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

mod common;
use common::{baton, ok_json, text, tmp, Run};

/// Whether some line of `text` holds every word of `cells`, in this order.
fn line_with(text: &str, cells: &[&str]) -> bool {
    text.lines().any(|l| {
        let mut rest = l;
        cells.iter().all(|c| match rest.find(c) {
            Some(at) => {
                rest = &rest[at + c.len()..];
                true
            }
            None => false,
        })
    })
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
    ok_json(d, &["product", "add", "Checkout", "--base-year", "2027"]);
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
    let initiative = ok_json(
        d,
        &[
            "item",
            "add",
            "Wallets",
            "--product",
            "Checkout",
            "--horizon",
            "3y",
            "--period",
            "2027-h2",
            "--parent",
            "One-click",
        ],
    );
    assert_eq!(initiative["parentId"], theme["id"]);
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
            "Wallets",
        ],
    );
    assert_eq!(item["parentId"], initiative["id"]);
    assert_eq!(item["period"], "2027-Q1");

    let moved = ok_json(d, &["item", "move", "Apple Pay", "--period", "2027-Q3"]);
    assert_eq!(moved["period"], "2027-Q3");

    let items = ok_json(d, &["item", "list", "--product", "Checkout"]);
    let titles: Vec<&str> =
        items.as_array().map(|a| a.iter().filter_map(|i| i["title"].as_str()).collect()).unwrap_or_default();
    assert_eq!(titles, ["One-click", "Wallets", "Apple Pay"]);

    let members = ok_json(d, &["member", "list"]);
    let ana = members.as_array().and_then(|a| a.iter().find(|m| m["name"] == "Ana")).cloned().unwrap_or_default();
    assert_eq!(ana["managerId"], w["me"]["id"], "Ana reports to Sam");

    let human = baton(d, &["item", "list"]);
    assert!(line_with(&human.stdout, &["Checkout", "1-year", "2027-Q3", "planned", "Apple Pay"]), "{}", human.stdout);
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
fn members_are_updated_and_removed_from_the_terminal_by_whoever_may() {
    let dir = tmp();
    let d = dir.path();
    ok_json(d, &["init", "--name", "Sam", "--role", "senior", "--workspace", "Acme"]);
    ok_json(d, &["member", "add", "Kim", "--role", "junior"]);
    let kim = ok_json(d, &["member", "update", "Kim", "--name", "Kim Lee", "--no-manager"]);
    assert_eq!((kim["name"].as_str(), kim["managerId"].as_str()), (Some("Kim Lee"), None));
    // A senior PM edits junior PMs, but changes no role, removes nobody and keeps the name.
    let r = baton(d, &["member", "update", "Kim Lee", "--role", "senior"]);
    assert_eq!((r.code, r.stderr.trim()), (1, "baton: Sam is a senior PM and may not change the role of Kim Lee"));
    let r = baton(d, &["member", "remove", "Kim Lee"]);
    assert_eq!(
        (r.code, r.stderr.trim()),
        (1, "baton: Sam is a senior PM and may not remove Kim Lee from the workspace")
    );
    let r = baton(d, &["workspace", "rename", "Mine"]);
    assert_eq!((r.code, r.stderr.trim()), (1, "baton: Sam is a senior PM and may not rename the workspace"));
    let r = baton(d, &["member", "update", "Sam", "--role", "leadership"]);
    assert_eq!((r.code, r.stderr.trim()), (1, "baton: Sam is a senior PM and may not change their own role"));
    let members = ok_json(d, &["member", "list"]);
    let roles: Vec<_> =
        members.as_array().into_iter().flatten().map(|m| (text(&m["name"]), text(&m["role"]))).collect();
    assert_eq!(roles, [("Kim Lee".to_owned(), "junior".to_owned()), ("Sam".to_owned(), "senior".to_owned())]);
    let me = ok_json(d, &["member", "update", "Sam", "--name", "Sam R."]);
    assert_eq!(me["name"], "Sam R.");
}

#[test]
fn bad_periods_and_unknown_ids_are_refused() {
    let dir = tmp();
    let d = dir.path();
    ok_json(d, &["init", "--name", "Sam", "--role", "senior"]);
    ok_json(d, &["product", "add", "Checkout", "--base-year", "2027"]);
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
    ok_json(a, &["product", "add", "Checkout", "--owner", "Sam", "--base-year", "2027"]);
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

/// Runs `baton` with `input` on its standard input.
fn baton_stdin(dir: &Path, args: &[&str], input: &str) -> Run {
    use std::io::Write;
    use std::process::Stdio;
    let child = Command::new(env!("CARGO_BIN_EXE_baton"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env("HOME", dir)
        .env_remove("BATON_DATA_DIR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let out = child.and_then(|mut c| {
        if let Some(mut stdin) = c.stdin.take() {
            stdin.write_all(input.as_bytes())?;
        }
        c.wait_with_output()
    });
    match out {
        Ok(o) => Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        },
        Err(e) => Run { code: -1, stdout: String::new(), stderr: e.to_string() },
    }
}

fn titles(items: &Value) -> Vec<String> {
    items
        .as_array()
        .map(|a| a.iter().filter_map(|i| i["title"].as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

/// A senior PM's workspace: product Checkout planning from 2027, goal "Grow revenue" served by
/// theme "One-click" (2030) ← initiative "Wallets" (2027-H2) ← items "Apple Pay" and
/// "Google Pay" (2027-Q1), and "Loose end" (2027-Q2) serving nothing.
fn planned_workspace(d: &Path) {
    ok_json(d, &["init", "--name", "Sam", "--role", "senior", "--workspace", "Acme"]);
    ok_json(d, &["goal", "add", "Grow revenue", "--measure", "Net new ARR"]);
    ok_json(d, &["goal", "add", "Be trusted"]);
    let p = ok_json(d, &["product", "add", "Checkout", "--base-year", "2027"]);
    assert_eq!(p["baseYear"], 2027);
    let add = |title: &str, horizon: &str, period: &str, link: &[&str]| {
        let mut args = vec!["item", "add", title, "--product", "Checkout", "--horizon", horizon, "--period", period];
        args.extend_from_slice(link);
        ok_json(d, &args)
    };
    let theme = add("One-click", "five_year", "2030", &["--goal", "Grow revenue"]);
    let init = add("Wallets", "three_year", "2027-H2", &["--parent", "One-click"]);
    let pay = add("Apple Pay", "one_year", "2027-Q1", &["--parent", "Wallets"]);
    let gpay = add("Google Pay", "one_year", "2027-Q1", &["--parent", "Wallets", "--status", "idea"]);
    let loose = add("Loose end", "one_year", "2027-Q2", &[]);
    assert_eq!((&init["parentId"], &pay["parentId"]), (&theme["id"], &init["id"]));
    assert_eq!((pay["status"].as_str(), gpay["status"].as_str()), (Some("planned"), Some("idea")));
    assert_eq!((pay["unaligned"].as_bool(), loose["unaligned"].as_bool()), (Some(false), Some(true)));
}

#[test]
fn journey_1_a_senior_plans_a_product_on_three_horizons_and_sees_what_changed() {
    let dir = tmp();
    let d = dir.path();
    planned_workspace(d);

    // Requirements from a file (and from standard input), metric, confidence.
    let req_path = d.join("apple-pay.md");
    let requirements = "## Must\n- Apple Pay on Safari\n- Fall back to the card form\n";
    assert!(std::fs::write(&req_path, requirements).is_ok());
    let req_arg = req_path.to_str().unwrap_or_default();
    let pay = ok_json(
        d,
        &[
            "item",
            "update",
            "Apple Pay",
            "--requirements-file",
            req_arg,
            "--metric",
            "wallet share",
            "--confidence",
            "high",
        ],
    );
    assert_eq!((pay["hasRequirements"].as_bool(), pay["confidence"].as_str()), (Some(true), Some("high")));
    let r = baton_stdin(d, &["item", "update", "Google Pay", "--requirements-file", "-"], "From stdin\n");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(ok_json(d, &["item", "show", "Google Pay"])["requirements"], "From stdin", "stored trimmed");

    // A guardrail on the theme is inherited by the one-year item, marked with its source.
    let theme_rail =
        ok_json(d, &["guardrail", "add", "One-click", "--kind", "must_not", "--statement", "Never store card numbers"]);
    let own_rail = ok_json(d, &["guardrail", "add", "Apple Pay", "--kind", "date", "--statement", "Before the freeze"]);
    let rails = ok_json(d, &["guardrail", "list", "Apple Pay"]);
    let rails: Vec<(String, String, bool)> = rails
        .as_array()
        .map(|a| a.iter().map(|g| (text(&g["id"]), text(&g["itemTitle"]), g["inherited"] == true)).collect())
        .unwrap_or_default();
    assert_eq!(
        rails,
        [
            (text(&own_rail["id"]), "Apple Pay".to_owned(), false),
            (text(&theme_rail["id"]), "One-click".to_owned(), true)
        ]
    );
    let human = baton(d, &["guardrail", "list", "Apple Pay"]);
    assert!(line_with(&human.stdout, &["must_not", "Never store card numbers", "inherited from \"One-click\""]));
    assert!(line_with(&human.stdout, &["date", "Before the freeze", "own"]), "{}", human.stdout);

    let detail = ok_json(d, &["item", "show", "Apple Pay", "--product", "Checkout"]);
    assert_eq!(detail["requirements"], requirements.trim_end());
    assert_eq!(titles(&detail["ancestors"]), ["Wallets", "One-click"]);
    assert_eq!(detail["goal"]["title"], "Grow revenue");
    assert_eq!(detail["guardrails"][1]["inherited"], true);
    let shown = baton(d, &["item", "show", "Apple Pay"]);
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    for want in [
        "serves:     Wallets (3-year 2027-H2) → One-click (5-year 2030) → goal \"Grow revenue\"",
        "confidence: high",
        "metric:     wallet share",
        "  - Apple Pay on Safari",
    ] {
        assert!(shown.stdout.contains(want), "{want:?} in\n{}", shown.stdout);
    }
    assert!(line_with(&shown.stdout, &["must_not", "Never store card numbers", "inherited from \"One-click\""]));
    let wallets = baton(d, &["item", "show", "Wallets"]);
    assert!(wallets.stdout.contains("Served by:\n  1-year 2027-Q1  Apple Pay"), "{}", wallets.stdout);

    // The unaligned item is flagged in the list and in the alignment view.
    let list = baton(d, &["item", "list", "--product", "Checkout"]);
    assert!(line_with(&list.stdout, &["2027-Q2", "planned", "Loose end", "unaligned"]), "{}", list.stdout);
    assert!(!line_with(&list.stdout, &["Apple Pay", "unaligned"]), "{}", list.stdout);
    let only = ok_json(d, &["item", "list", "--status", "idea"]);
    assert_eq!(titles(&only), ["Google Pay"]);
    let both = ok_json(d, &["item", "list", "--status", "idea", "--status", "planned", "--product", "Checkout"]);
    assert_eq!(both.as_array().map(Vec::len), Some(5));

    let a = ok_json(d, &["alignment", "--product", "Checkout"]);
    let grow = a["goals"]
        .as_array()
        .and_then(|gs| gs.iter().find(|g| g["goal"]["title"] == "Grow revenue"))
        .cloned()
        .unwrap_or_default();
    assert_eq!((grow["counts"]["themes"].as_u64(), grow["counts"]["items"].as_u64()), (Some(1), Some(2)));
    assert_eq!(grow["themes"][0]["item"]["title"], "One-click");
    assert_eq!(grow["themes"][0]["children"][0]["item"]["title"], "Wallets");
    assert_eq!(
        titles(&Value::Array(
            a["unaligned"].as_array().cloned().unwrap_or_default().iter().map(|n| n["item"].clone()).collect()
        )),
        ["Loose end"]
    );
    assert_eq!(a["unservedGoals"][0]["title"], "Be trusted");
    let human = baton(d, &["alignment"]).stdout;
    let expected = [
        "Goal: Grow revenue  (1 theme, 1 initiative, 2 items)",
        "  5-year 2030  One-click  [planned]  (1 initiative, 2 items)",
        "    3-year 2027-H2  Wallets  [planned]  (2 items)",
        "      1-year 2027-Q1  Apple Pay  [planned]",
        "      1-year 2027-Q1  Google Pay  [idea]",
        "",
        "Unaligned (serving nothing):",
        "  1-year 2027-Q2  Loose end  [planned]",
        "",
        "Goals nothing serves:",
        "  Be trusted",
    ];
    assert_eq!(human.lines().collect::<Vec<_>>(), expected, "{human}");

    // Freeze, move, compare.
    let snap = ok_json(d, &["snapshot", "create", "--product", "Checkout", "--name", "2027 plan"]);
    assert_eq!(snap["itemCount"], 5);
    let snaps = ok_json(d, &["snapshot", "list", "--product", "Checkout"]);
    assert_eq!(snaps[0]["id"], snap["id"]);
    let moved = ok_json(d, &["item", "move", "Apple Pay", "--period", "2027-Q3"]);
    assert_eq!(moved["period"], "2027-Q3");
    ok_json(d, &["item", "update", "Loose end", "--status", "in_progress"]);

    let diff = ok_json(d, &["snapshot", "diff", "2027 plan", "--product", "Checkout"]);
    assert_eq!(diff["to"], Value::Null);
    let entries: Vec<(String, String, String, String)> = diff["entries"]
        .as_array()
        .map(|a| {
            a.iter().map(|e| (text(&e["kind"]), text(&e["title"]), text(&e["before"]), text(&e["after"]))).collect()
        })
        .unwrap_or_default();
    let own = |a: &str, b: &str, c: &str, d: &str| (a.to_owned(), b.to_owned(), c.to_owned(), d.to_owned());
    assert_eq!(
        entries,
        [own("moved", "Apple Pay", "2027-Q1", "2027-Q3"), own("changed", "Loose end", "planned", "in_progress")]
    );
    let human = baton(d, &["snapshot", "diff", "2027 plan"]);
    assert_eq!(human.code, 0, "{}", human.stderr);
    assert!(human.stdout.starts_with("From \"2027 plan\" ("), "{}", human.stdout);
    assert!(human.stdout.contains(") to now\n"), "{}", human.stdout);
    assert!(human.stdout.contains("\nMoved:\n  1-year Apple Pay: 2027-Q1 → 2027-Q3\n"), "{}", human.stdout);
    assert!(human.stdout.contains("\nChanged:\n  1-year Loose end  status: planned → in_progress"), "{}", human.stdout);

    // A second snapshot: snapshot to snapshot.
    ok_json(d, &["snapshot", "create", "--product", "Checkout", "--name", "after review"]);
    let between = ok_json(d, &["snapshot", "diff", "2027 plan", "--to", "after review"]);
    assert_eq!(between["to"]["name"], "after review");
    assert_eq!(between["entries"].as_array().map(Vec::len), Some(2));
    assert!(baton(d, &["snapshot", "diff", "after review"]).stdout.contains("no changes"));

    // Reorder within a period.
    ok_json(d, &["item", "move", "Google Pay", "--period", "2027-Q3"]);
    let q3 = |d| {
        let all = ok_json(d, &["item", "list", "--product", "Checkout"]);
        all.as_array()
            .map(|a| {
                a.iter()
                    .filter(|i| i["period"] == "2027-Q3")
                    .filter_map(|i| i["title"].as_str())
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    assert_eq!(q3(d), ["Apple Pay", "Google Pay"]);
    ok_json(d, &["item", "move", "Google Pay", "--before", "Apple Pay"]);
    assert_eq!(q3(d), ["Google Pay", "Apple Pay"]);
    ok_json(d, &["item", "move", "Google Pay", "--after", "Apple Pay"]);
    assert_eq!(q3(d), ["Apple Pay", "Google Pay"]);
    let r = baton(d, &["item", "move", "Google Pay", "--before", "Apple Pay", "--after", "Apple Pay"]);
    assert_eq!(r.code, 2, "{}", r.stderr);

    // Guardrails are edited and deleted by id.
    let id = text(&theme_rail["id"]);
    let up = ok_json(d, &["guardrail", "update", &id, "--kind", "scope", "--statement", "Cards only"]);
    assert_eq!((up["kind"].as_str(), up["statement"].as_str()), (Some("scope"), Some("Cards only")));
    ok_json(d, &["guardrail", "delete", &id]);
    assert_eq!(ok_json(d, &["guardrail", "list", "Apple Pay"]).as_array().map(Vec::len), Some(1));
    assert_eq!(ok_json(d, &["refused"]), Value::Array(vec![]));
    assert_eq!(baton(d, &["refused"]).stdout.trim(), "no refused changes");
}

#[test]
fn goals_families_and_products_are_updated_from_the_terminal() {
    let dir = tmp();
    let d = dir.path();
    ok_json(d, &["init", "--name", "Sam", "--role", "senior"]);
    ok_json(d, &["goal", "add", "Grow", "--description", "why", "--measure", "ARR"]);
    let g = ok_json(d, &["goal", "update", "grow", "--measure", "NPS > 50"]);
    assert_eq!(
        (g["title"].as_str(), g["description"].as_str(), g["measure"].as_str()),
        (Some("Grow"), Some("why"), Some("NPS > 50"))
    );
    assert!(line_with(&baton(d, &["goal", "list"]).stdout, &["Grow", "NPS > 50"]));
    assert_eq!(baton(d, &["goal", "update", "Grow"]).code, 2, "nothing to update is a usage error");

    let f = ok_json(d, &["family", "add", "Commerce"]);
    assert_eq!(ok_json(d, &["family", "list"])[0]["id"], f["id"]);
    let p = ok_json(d, &["product", "add", "Checkout", "--family", "commerce", "--base-year", "2027"]);
    assert_eq!((p["familyName"].as_str(), p["baseYear"].as_i64()), (Some("Commerce"), Some(2027)));
    assert!(line_with(&baton(d, &["product", "list"]).stdout, &["Checkout", "Sam", "Commerce", "2027"]));
    ok_json(d, &["item", "add", "Soon", "--product", "Checkout", "--horizon", "1y", "--period", "2027-Q4"]);

    // The next planning cycle: the item is kept, flagged outside the window.
    let p = ok_json(d, &["product", "update", "Checkout", "--base-year", "2028", "--name", "Checkout 2"]);
    assert_eq!((p["name"].as_str(), p["baseYear"].as_i64()), (Some("Checkout 2"), Some(2028)));
    assert!(line_with(&baton(d, &["item", "list"]).stdout, &["2027-Q4", "Soon", "unaligned, outside window"]));
    let p = ok_json(d, &["product", "update", "Checkout 2", "--no-family"]);
    assert_eq!(p["familyId"], Value::Null);
    assert_eq!(baton(d, &["product", "update", "Checkout 2", "--family", "Commerce", "--no-family"]).code, 2);
    let r = baton(d, &["product", "add", "Other", "--family", "Nope"]);
    assert_eq!((r.code, r.stderr.trim()), (1, "baton: product family not found: Nope"));
}

#[test]
fn strategy_bad_input_is_refused_with_clear_messages_and_changes_nothing() {
    let dir = tmp();
    let d = dir.path();
    planned_workspace(d);
    let before = ok_json(d, &["item", "list"]);

    let r = baton(d, &["item", "move", "Apple Pay", "--period", "2028-Q1"]);
    assert_eq!(
        (r.code, r.stderr.trim()),
        (
            1,
            "baton: 2028-Q1 is outside the one-year window of Checkout (the quarters of 2027, planning from 2027): pick a period in it or move the base year"
        )
    );
    let r = baton(d, &["item", "add", "Far", "--product", "Checkout", "--horizon", "3y", "--period", "2030"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("outside the three-year window of Checkout (2027–2029"), "{}", r.stderr);

    let r = baton(d, &["item", "show", "No such item"]);
    assert_eq!((r.code, r.stderr.trim()), (1, "baton: roadmap item not found: No such item"));
    let r = baton(d, &["--json", "guardrail", "list", "nope"]);
    assert_eq!(r.code, 1);
    let err: Value = serde_json::from_str(r.stderr.trim()).unwrap_or_default();
    assert_eq!(err["code"], "not_found", "{}", r.stderr);
    let r = baton(d, &["snapshot", "diff", "never taken"]);
    assert_eq!((r.code, r.stderr.trim()), (1, "baton: snapshot not found: never taken"));

    let r = baton(d, &["item", "update", "Apple Pay", "--status", "finished"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("idea, planned, in_progress, done, dropped"), "{}", r.stderr);
    for args in [
        &["item", "list", "--status", "started"][..],
        &["item", "add", "X", "--product", "Checkout", "--horizon", "1y", "--period", "2027-Q1", "--status", "wip"],
        &["item", "update", "Apple Pay", "--confidence", "certain"],
        &["guardrail", "add", "Apple Pay", "--kind", "cost", "--statement", "cheap"],
        &["item", "update", "Apple Pay"],
        &["item", "update", "Apple Pay", "--requirements", "x", "--requirements-file", "y"],
    ] {
        let r = baton(d, args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
    }
    let r = baton(d, &["item", "update", "Apple Pay", "--requirements-file", "/no/such/file.md"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.starts_with("baton: cannot read /no/such/file.md"), "{}", r.stderr);
    let r = baton(d, &["guardrail", "add", "Apple Pay", "--kind", "scope", "--statement", "  "]);
    assert_eq!(r.code, 1, "{}", r.stderr);

    assert_eq!(ok_json(d, &["item", "list"]), before, "refused commands changed nothing");
    assert_eq!(ok_json(d, &["guardrail", "list", "Apple Pay"]), Value::Array(vec![]));
}

#[test]
fn a_junior_may_read_a_seniors_roadmap_but_not_change_it() {
    let (a, b, share) = (tmp(), tmp(), tmp());
    let (a, b) = (a.path(), b.path());
    let share = share.path().to_str().unwrap_or_default().to_owned();
    planned_workspace(a);
    ok_json(a, &["member", "add", "Ana", "--role", "junior"]);
    let invite = ok_json(a, &["invite", "create", "--member", "Ana", "--folder", &share]);
    ok_json(b, &["join", "--folder", &share, "--invite", &text(&invite["invite"])]);
    ok_json(b, &["sync"]);
    let before = ok_json(b, &["item", "list"]);
    assert_eq!(before.as_array().map(Vec::len), Some(5), "Ana sees the roadmap");

    let denied = "baton: Ana is a junior PM and may not edit the roadmap of Checkout";
    for args in [
        &["item", "move", "Apple Pay", "--period", "2027-Q3"][..],
        &["item", "update", "Apple Pay", "--status", "done"],
        &["item", "add", "Mine", "--product", "Checkout", "--horizon", "1y", "--period", "2027-Q1"],
        &["guardrail", "add", "Apple Pay", "--kind", "scope", "--statement", "Mine"],
        &["snapshot", "create", "--product", "Checkout", "--name", "Mine"],
    ] {
        let r = baton(b, args);
        assert_eq!((r.code, r.stderr.trim()), (1, denied), "{args:?}");
    }
    let r = baton(b, &["--json", "product", "update", "Checkout", "--base-year", "2028"]);
    let err: Value = serde_json::from_str(r.stderr.trim()).unwrap_or_default();
    assert_eq!((r.code, err["code"].as_str()), (1, Some("permission_denied")), "{}", r.stderr);
    assert_eq!(ok_json(b, &["item", "list"]), before, "nothing changed");
    assert_eq!(ok_json(b, &["refused"]), Value::Array(vec![]));
}

/// Runs `baton` with `BATON_DATA_DIR` (not `--data-dir`) pointing at `data`, `HOME` at `home`.
fn baton_env(home: &Path, data: &Path, args: &[&str]) -> Run {
    match Command::new(env!("CARGO_BIN_EXE_baton")).args(args).env("HOME", home).env("BATON_DATA_DIR", data).output() {
        Ok(o) => Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        },
        Err(e) => Run { code: -1, stdout: String::new(), stderr: e.to_string() },
    }
}

/// Every file under `dir` with its size, for "nothing changed".
fn files(dir: &Path) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let path = e.path();
            if path.is_dir() {
                out.extend(files(&path));
            } else {
                out.push((path.display().to_string(), e.metadata().map(|m| m.len()).unwrap_or(0)));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn dev_seed_builds_a_workspace_into_an_empty_data_directory_only() {
    let home = tmp();
    let data = home.path().join("data");
    let r = baton_env(home.path(), &data, &["dev", "seed", "--scale", "small", "--seed", "3", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let seeded: Value = serde_json::from_str(&r.stdout).unwrap_or_default();
    assert_eq!(seeded["products"], 4, "{}", r.stdout);
    assert_eq!(seeded["oneYear"], 267, "240 planned, 27 placed from ideas: {}", r.stdout);
    assert!(seeded["ops"].as_u64().unwrap_or(0) > 5_000, "{}", r.stdout);
    let folder = home.path().join("data-sync");
    assert_eq!(seeded["folder"], folder.display().to_string(), "the folder is beside the data directory");
    assert!(r.stderr.contains("round 4/4"), "progress goes to stderr: {}", r.stderr);
    let mut left: Vec<String> = std::fs::read_dir(home.path())
        .map(|d| d.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    left.sort();
    assert_eq!(left, ["data", "data-sync"], "the other laptops' temp directories are gone");

    let products = baton_env(home.path(), &data, &["product", "list"]);
    assert_eq!(products.code, 0, "{}", products.stderr);
    assert_eq!(products.stdout.lines().count(), 5, "a header and 4 products: {}", products.stdout);
    let me = baton_env(home.path(), &data, &["whoami"]);
    assert!(me.stdout.contains("(leadership) in \"Meridian Group\""), "{}", me.stdout);

    // A second seed into the same directory is refused and changes nothing.
    let before = (files(&data), files(&folder), baton_env(home.path(), &data, &["item", "list", "--json"]).stdout);
    let again = baton_env(home.path(), &data, &["dev", "seed", "--scale", "small"]);
    assert_eq!(again.code, 1, "{}", again.stderr);
    assert!(again.stderr.contains("already holds a workspace; nothing was changed"), "{}", again.stderr);
    let after = (files(&data), files(&folder), baton_env(home.path(), &data, &["item", "list", "--json"]).stdout);
    assert!(before == after, "a refused seed changed something");

    let bad = baton_env(home.path(), &home.path().join("other"), &["dev", "seed", "--scale", "huge"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(bad.stderr.contains("unknown scale \"huge\": use small or large"), "{}", bad.stderr);
}

#[test]
fn search_finds_an_item_by_a_word_of_its_requirements_and_refuses_an_empty_search() {
    let dir = tmp();
    let d = dir.path();
    planned_workspace(d);
    let req_path = d.join("google-pay.md");
    assert!(std::fs::write(&req_path, "Android only; tokenised cards\n").is_ok());
    ok_json(d, &["item", "update", "Google Pay", "--requirements-file", req_path.to_str().unwrap_or_default()]);

    let hits = ok_json(d, &["search", "tokenised"]);
    assert_eq!(titles(&hits), ["Google Pay"]);
    assert_eq!(hits[0]["kind"], "item");
    assert_eq!(hits[0]["snippet"], "Android only; tokenised cards");
    let out = common::ok_text(d, &["search", "token", "android"]);
    assert!(line_with(&out, &["item", "Google Pay", "Checkout · one-year · 2027-Q1"]), "{out}");
    assert!(out.contains("Android only; tokenised cards"), "{out}");
    // A goal by its title.
    let hits = ok_json(d, &["search", "grow"]);
    assert_eq!(titles(&hits), ["Grow revenue"]);
    assert_eq!(hits[0]["kind"], "goal");
    assert!(common::ok_text(d, &["search", "zebra"]).contains("nothing matches"));

    let r = baton(d, &["search", "?!"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("has no words to look for"), "{}", r.stderr);
    let r = baton(d, &["search", "grow", "--limit", "0"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("from 1 to 100"), "{}", r.stderr);
}
