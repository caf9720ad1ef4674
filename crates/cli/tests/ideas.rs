//! Journey 2 from the terminal: the real `baton` binary on two data directories — a leader's
//! laptop and a senior PM's — syncing through a temporary folder, because "me" is the member of
//! the device.

use std::path::Path;

use serde_json::Value;

mod common;
use common::{baton, ok_json, ok_text, text, tmp};

fn len(v: &Value) -> usize {
    v.as_array().map_or(0, Vec::len)
}

/// Lee (leadership) founds the workspace with Sue (senior PM, owns Checkout, planning 2027) and
/// Jo (junior PM reporting to Sue); Sue's laptop joins through `share`.
fn two_laptops(lee: &Path, sue: &Path, share: &str) {
    ok_json(lee, &["init", "--name", "Lee", "--role", "leadership", "--workspace", "Acme"]);
    ok_json(lee, &["member", "add", "Sue", "--role", "senior"]);
    ok_json(lee, &["member", "add", "Jo", "--role", "junior", "--manager", "Sue"]);
    ok_json(lee, &["product", "add", "Checkout", "--base-year", "2027", "--owner", "Sue"]);
    let invite = ok_json(lee, &["invite", "create", "--member", "Sue", "--folder", share]);
    let joined = ok_json(sue, &["join", "--folder", share, "--invite", &text(&invite["invite"])]);
    assert_eq!(joined["me"]["name"], "Sue");
}

fn sync(laptops: &[&Path]) {
    for d in laptops {
        ok_json(d, &["sync"]);
    }
}

fn feedback(d: &Path, body: &str) -> String {
    let f = ok_json(
        d,
        &["feedback", "add", body, "--source", "call", "--customer", "Acme Retail", "--heard", "2026-01-15"],
    );
    text(&f["id"])
}

#[test]
fn an_idea_goes_from_feedback_to_a_decision_and_onto_the_roadmap_across_two_laptops() {
    let (a, b, share) = (tmp(), tmp(), tmp());
    let (lee, sue) = (a.path(), b.path());
    let share = share.path().to_str().unwrap_or_default().to_owned();
    two_laptops(lee, sue, &share);

    // Sue: two pieces of feedback, an idea linking them, scored, submitted.
    let f1 = feedback(sue, "We lose carts at the card form");
    let f2 = feedback(sue, "Apple Pay would double mobile conversion");
    assert_eq!(ok_json(sue, &["feedback", "list"])["newCount"], 2);
    let idea = ok_json(
        sue,
        &[
            "idea",
            "add",
            "Wallet payments",
            "--product",
            "Checkout",
            "--problem",
            "Mobile shoppers abandon checkout",
            "--proposal",
            "One-tap wallets",
        ],
    );
    assert_eq!(idea["stage"], "draft");
    for f in [&f1, &f2] {
        let linked = ok_json(sue, &["feedback", "link", f, "--idea", "Wallet payments"]);
        assert_eq!(linked["triage"], "linked");
    }
    let scored = ok_json(
        sue,
        &[
            "idea",
            "score",
            "Wallet payments",
            "--reach",
            "2000",
            "--impact",
            "high",
            "--confidence",
            "80",
            "--effort",
            "3.5",
        ],
    );
    assert_eq!(scored["score"], 914.3);
    assert!(ok_text(sue, &["idea", "score", "Wallet payments", "--reach", "2000"]).contains("= 914.3"));
    ok_json(
        sue,
        &["idea", "evidence", "Wallet payments", "--link", "https://dash.example.com/mobile", "--text", "Funnel"],
    );
    let sent = ok_json(sue, &["idea", "submit", "Wallet payments"]);
    assert_eq!(sent["stage"], "submitted");
    // Frozen: exit 1, nothing changed.
    let frozen = baton(sue, &["idea", "update", "Wallet payments", "--title", "Wallets v2"]);
    assert_eq!(frozen.code, 1, "{}", frozen.stderr);
    assert!(frozen.stderr.contains("may not edit an idea once it is submitted"), "{}", frozen.stderr);
    // Sue may not decide.
    let r = baton(sue, &["decide", "Wallet payments", "--outcome", "go-ahead", "--rationale", "mine"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("Sue is a senior PM and may not decide on ideas"), "{}", r.stderr);

    // Lee's queue shows it; Lee approves with changes.
    sync(&[sue, lee]);
    let q = ok_json(lee, &["idea", "queue"]);
    assert_eq!(len(&q["awaitingDecision"]), 1);
    assert!(ok_text(lee, &["idea", "queue"]).contains("awaiting my decision (1)"));
    let r = baton(lee, &["decide", "Wallet payments", "--outcome", "go-ahead-with-changes", "--rationale", "Strong"]);
    assert_eq!(r.code, 1, "changes are required: {}", r.stderr);
    let d = ok_json(
        lee,
        &[
            "decide",
            "Wallet payments",
            "--outcome",
            "go_ahead_with_changes",
            "--rationale",
            "Strong evidence on mobile",
            "--changes",
            "Apple Pay first",
        ],
    );
    assert_eq!(d["pinned"]["feedback"].as_array().map_or(0, Vec::len), 2);

    // A second idea, declined, found again by search.
    sync(&[lee, sue]);
    ok_json(
        sue,
        &["idea", "add", "Crypto checkout", "--product", "Checkout", "--problem", "Fees", "--proposal", "Bitcoin"],
    );
    ok_json(sue, &["idea", "submit", "Crypto checkout"]);
    sync(&[sue, lee]);
    ok_json(lee, &["decide", "Crypto checkout", "--outcome", "no", "--rationale", "Regulatory risk"]);
    sync(&[lee, sue]);

    // Sue sees the decision and places the idea as a one-year item.
    let shown = ok_json(sue, &["idea", "show", "Wallet payments"]);
    assert_eq!(shown["idea"]["outcome"], "go_ahead_with_changes");
    assert_eq!(shown["can"]["place"], true);
    let bad = baton(sue, &["idea", "place", "Wallet payments", "--horizon", "1y", "--period", "2030-Q1"]);
    assert_eq!(bad.code, 1, "outside the window: {}", bad.stderr);
    let placed = ok_json(sue, &["idea", "place", "Wallet payments", "--horizon", "1y", "--period", "2027-Q3"]);
    assert_eq!(placed["itemTitle"], "Wallet payments");
    let detail = ok_json(sue, &["idea", "for-item", "Wallet payments", "--product", "Checkout"]);
    assert_eq!(detail["decisions"][0]["changes"], "Apple Pay first");
    assert_eq!(len(&detail["feedback"]), 2);
    assert_eq!(len(&detail["evidence"]), 1);
    assert_eq!(len(&ok_json(sue, &["feedback", "list", "--idea", "Wallet payments"])["entries"]), 2);
    assert_eq!(len(&ok_json(sue, &["feedback", "list"])["entries"]), 0, "the inbox is triaged");
    let human = ok_text(sue, &["idea", "for-item", "Wallet payments"]);
    assert!(human.contains("changes: Apple Pay first") && human.contains("Acme Retail"), "{human}");

    let found = ok_json(sue, &["decisions", "--search", "crypto"]);
    assert_eq!(len(&found), 1);
    assert_eq!(found[0]["outcome"], "no");
    assert_eq!(found[0]["ideaTitle"], "Crypto checkout");
    assert_eq!(len(&ok_json(sue, &["decisions", "--outcome", "no"])), 1);
    assert_eq!(len(&ok_json(sue, &["decisions", "--product", "Checkout"])), 2);
    assert!(ok_text(sue, &["decisions", "--search", "regulat"]).contains("Crypto checkout"));
    let r = baton(sue, &["decisions", "--from", "31/12/2026"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let r = baton(sue, &["decisions", "--outcome", "maybe"]);
    assert_eq!(r.code, 2, "a usage error: {}", r.stderr);
}

#[test]
fn feedback_triage_and_the_revisit_list_from_the_terminal() {
    let d = tmp();
    let d = d.path();
    ok_json(d, &["init", "--name", "Lee", "--role", "leadership", "--workspace", "Acme"]);
    ok_json(d, &["member", "add", "Sue", "--role", "senior"]);
    ok_json(d, &["product", "add", "Checkout", "--base-year", "2027", "--owner", "Sue"]);
    let f = feedback(d, "The export is confusing");
    let r = baton(d, &["feedback", "dismiss", &f, "--reason", ""]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let r = baton(d, &["feedback", "link", "nope-nope", "--idea", "x"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let dismissed = ok_json(d, &["feedback", "dismiss", &f, "--reason", "Known, fixed in 4.2"]);
    assert_eq!(dismissed["triage"], "dismissed");
    assert_eq!(len(&ok_json(d, &["feedback", "list"])["entries"]), 0);
    assert_eq!(len(&ok_json(d, &["feedback", "list", "--show", "dismissed"])["entries"]), 1);
    let r = baton(d, &["feedback", "add", "", "--source", "call"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let r = baton(d, &["feedback", "add", "x", "--source", "twitter"]);
    assert_eq!(r.code, 2, "{}", r.stderr);

    ok_json(d, &["idea", "add", "Loyalty points", "--problem", "Churn", "--proposal", "Points"]);
    ok_json(d, &["idea", "submit", "Loyalty points"]);
    let today = chrono::Local::now().date_naive().format("%Y-%m-%d").to_string();
    ok_json(d, &["decide", "Loyalty points", "--outcome", "not-now", "--rationale", "After Q3", "--revisit", &today]);
    let due = ok_json(d, &["revisit"]);
    assert_eq!(due[0]["title"], "Loyalty points");
    assert!(ok_text(d, &["revisit"]).contains(&format!("not now (revisit {today})")));
    // Decided again: the earlier decision stays, superseded.
    ok_json(d, &["decide", "Loyalty points", "--outcome", "go-ahead", "--rationale", "Q3 went well"]);
    assert_eq!(len(&ok_json(d, &["revisit"])), 0);
    let log = ok_text(d, &["decisions", "--search", "loyalty"]);
    assert!(log.contains("(superseded)"), "{log}");
    let r = baton(d, &["idea", "place", "Loyalty points", "--horizon", "1y", "--period", "2027-Q1"]);
    assert_eq!(r.code, 1, "no product named: {}", r.stderr);
    assert!(r.stderr.contains("names no product"), "{}", r.stderr);
}
