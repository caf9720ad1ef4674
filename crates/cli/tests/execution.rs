//! Journeys 5 and 6 from the terminal, on the sample workspace (Sam, a senior PM, on this
//! laptop; Ana's stories under his delegation): a sprint planned, closed with its unfinished
//! story carried over; a launch refused while a mandatory entry is open; the progress roll-up;
//! the journal exported to a file.

use serde_json::Value;

mod common;
use common::{baton, ok_json, ok_text, text, tmp};

fn titles(v: &Value, path: &str) -> Vec<String> {
    v.as_array()
        .map_or_else(Vec::new, |a| a.iter().map(|x| text(&x.pointer(path).cloned().unwrap_or_default())).collect())
}

#[test]
fn sprints_launches_progress_and_the_journal_from_the_terminal() {
    let d = tmp();
    let dir = d.path();
    ok_json(dir, &["sample"]);

    // The approved story waits in the backlog; Sam plans it into the sample's sprint.
    let backlog = ok_json(dir, &["sprint", "backlog", "--product", "Checkout"]);
    assert_eq!(titles(&backlog, "/story/title"), ["Fall back to the card form"]);
    let draft = baton(dir, &["sprint", "plan", "Pay with Apple Pay in one tap", "--sprint", "Sprint 14"]);
    assert_eq!(draft.code, 1, "a story waiting for review is not planned");
    assert!(draft.stderr.contains("is not approved"), "{}", draft.stderr);
    ok_json(dir, &["sprint", "plan", "Fall back to the card form", "--sprint", "Sprint 14"]);
    let board = ok_json(dir, &["sprint", "board", "Sprint 14"]);
    assert_eq!(board["sprint"]["points"], 2);
    assert_eq!(titles(&board["stories"], "/story/title"), ["Fall back to the card form"]);
    let burnup = ok_json(dir, &["sprint", "burnup", "Sprint 14"]);
    assert_eq!(burnup.as_array().and_then(|b| b.last()).map(|d| d["scope"].clone()), Some(Value::from(2)));

    // Closing asks where the unfinished story goes; --next carries it over.
    ok_json(
        dir,
        &["sprint", "add", "Sprint 15", "--product", "Checkout", "--starts", "2030-01-07", "--ends", "2030-01-18"],
    );
    let refused = baton(dir, &["sprint", "close", "Sprint 14"]);
    assert_eq!(refused.code, 1);
    assert!(refused.stderr.contains("\"Fall back to the card form\""), "{}", refused.stderr);
    assert_eq!(ok_json(dir, &["sprint", "board", "Sprint 14"])["sprint"]["closed"], false, "nothing changed");
    let closed = ok_json(dir, &["sprint", "close", "Sprint 14", "--next", "Sprint 15"]);
    assert_eq!(closed["closed"], true);
    let next = ok_json(dir, &["sprint", "board", "Sprint 15"]);
    assert_eq!(titles(&next["stories"], "/story/title"), ["Fall back to the card form"]);

    // The launch: its checklist from the sample's template; the gate; launched with a reason.
    let l =
        ok_json(dir, &["launch", "add", "Apple Pay and Google Pay", "--owner", "Ana Ortiz", "--target", "2027-03-20"]);
    assert_eq!(l["checklist"].as_array().map_or(0, Vec::len), 3);
    ok_json(dir, &["launch", "check", "Apple Pay and Google Pay", "1"]);
    let gate = baton(dir, &["launch", "done", "Apple Pay and Google Pay"]);
    assert_eq!(gate.code, 1);
    assert!(gate.stderr.contains("\"Support team briefed\""), "{}", gate.stderr);
    assert_eq!(ok_json(dir, &["launch", "show", "Apple Pay and Google Pay"])["status"], "planned");
    let done = ok_json(dir, &["launch", "done", "Apple Pay and Google Pay", "--anyway", "support briefed by mail"]);
    assert_eq!(
        (done["status"].as_str(), done["overrideReason"].as_str()),
        (Some("launched"), Some("support briefed by mail"))
    );
    assert!(ok_text(dir, &["launch", "list"]).contains("Apple Pay and Google Pay"));

    // Progress: Apple Pay's 7 points, none done; the rule is said.
    let p = ok_json(dir, &["progress", "--product", "Checkout"]);
    assert_eq!((p["total"]["points"].as_i64(), p["total"]["percent"].as_i64()), (Some(7), Some(0)));
    assert!(ok_text(dir, &["progress"]).contains("without stories not counted"));

    // The journal: Sam's own entry; Ana's, as her manager; the export file.
    ok_json(
        dir,
        &["journal", "add", "Closing sprints makes the carry-over visible", "--kind", "learning", "--on", "2026-11-20"],
    );
    assert_eq!(ok_json(dir, &["journal", "list", "--of", "Ana Ortiz"]).as_array().map_or(0, Vec::len), 2);
    let bad = baton(dir, &["journal", "add", "  ", "--kind", "learning"]);
    assert_eq!(bad.code, 1);
    let out = dir.join("nov.md");
    let out_s = out.to_str().unwrap_or_default();
    ok_json(dir, &["journal", "export", "--from", "2026-11-01", "--to", "2026-11-30", "--out", out_s]);
    let md = std::fs::read_to_string(&out).unwrap_or_default();
    assert_eq!(
        md,
        "# Sam Rivera — learnings and achievements, 2026-11-01 to 2026-11-30\n\n## Learnings (1)\n\n\
         - **2026-11-20** Closing sprints makes the carry-over visible\n"
    );
}
