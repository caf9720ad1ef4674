//! Delegation from the terminal: the real `baton` binary on temporary data directories. A senior
//! PM and a junior PM are two laptops (two data directories) syncing through a temporary folder,
//! because "me" is the member of the device.

use std::path::Path;

use serde_json::Value;

mod common;
use common::{baton, ok_json, ok_text, text, tmp};

fn len(v: &Value) -> usize {
    v.as_array().map_or(0, Vec::len)
}

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

/// Sam, a senior PM, owns product Checkout with the one-year item "Apple Pay" (guardrail "Never
/// store card numbers") and the three-year "Wallets"; Ana, a junior PM, reports to him.
fn senior_workspace(d: &Path) {
    ok_json(d, &["init", "--name", "Sam", "--role", "senior", "--workspace", "Acme"]);
    ok_json(d, &["member", "add", "Ana", "--role", "junior", "--manager", "Sam"]);
    ok_json(d, &["product", "add", "Checkout", "--base-year", "2027"]);
    ok_json(d, &["item", "add", "Wallets", "--product", "Checkout", "--horizon", "3y", "--period", "2027-H2"]);
    ok_json(d, &["item", "add", "Apple Pay", "--product", "Checkout", "--horizon", "1y", "--period", "2027-Q1"]);
    ok_json(d, &["guardrail", "add", "Apple Pay", "--kind", "must_not", "--statement", "Never store card numbers"]);
}

/// Sam's laptop `a` with [`senior_workspace`], and Ana's laptop `b` joined through `share`.
fn two_laptops(a: &Path, b: &Path, share: &str) {
    senior_workspace(a);
    let invite = ok_json(a, &["invite", "create", "--member", "Ana", "--folder", share]);
    let joined = ok_json(b, &["join", "--folder", share, "--invite", &text(&invite["invite"])]);
    assert_eq!(joined["me"]["name"], "Ana");
}

/// A sync pass on each laptop, in this order.
fn sync(laptops: &[&Path]) {
    for d in laptops {
        ok_json(d, &["sync"]);
    }
}

#[test]
fn a_senior_and_a_junior_run_a_delegation_from_two_laptops() {
    let (a, b, share) = (tmp(), tmp(), tmp());
    let (sam, ana) = (a.path(), b.path());
    let share = share.path().to_str().unwrap_or_default().to_owned();
    two_laptops(sam, ana, &share);

    // Offer → Ana's inbox shows it.
    let offer = ok_json(
        sam,
        &[
            "delegate",
            "offer",
            "Apple Pay",
            "--to",
            "ana",
            "--scope",
            "Apple Pay on Safari",
            "--non-goals",
            "Android",
            "--due",
            "2027-03-31",
            "--cadence",
            "7",
        ],
    );
    assert_eq!((text(&offer["state"]), text(&offer["toName"])), ("offered".into(), "Ana".into()));
    assert_eq!((offer["cadenceDays"].as_i64(), text(&offer["due"])), (Some(7), "2027-03-31".into()));
    let id = text(&offer["id"]);
    sync(&[sam, ana]);
    let inbox = ok_json(ana, &["inbox"]);
    assert_eq!((len(&inbox["offered"]), inbox["count"].as_u64()), (1, Some(1)), "{inbox}");
    assert_eq!(inbox["offered"][0]["id"], offer["id"]);
    let human = ok_text(ana, &["inbox"]);
    assert!(human.starts_with("Offered to you (1):\n"), "{human}");
    assert!(line_with(&human, &["\"Apple Pay\" (Checkout) from Sam", "ago: offered", &id]), "{human}");

    // Ask → answer → the answer is in Ana's inbox → accept.
    let asked = ok_json(ana, &["delegate", "ask", "Apple Pay", "Refunds too?"]);
    assert_eq!(asked["state"], "questioned");
    sync(&[ana, sam]);
    let answered = ok_json(sam, &["delegate", "answer", &id, "No, refunds come later"]);
    assert_eq!(answered["questionAnswered"], true);
    sync(&[sam, ana]);
    let inbox = ok_json(ana, &["inbox"]);
    assert_eq!(
        (text(&inbox["actions"][0]["kind"]), text(&inbox["actions"][0]["text"])),
        ("question_answered".into(), "No, refunds come later".into())
    );
    assert_eq!(ok_json(ana, &["delegate", "accept", "Apple Pay"])["state"], "accepted");

    // Two stories with criteria; the guardrail checked by statement and by id.
    let pay = ok_json(
        ana,
        &[
            "story",
            "add",
            "Apple Pay",
            "--title",
            "Pay with Apple Pay",
            "--as-a",
            "shopper",
            "--i-want",
            "to pay with Apple Pay",
            "--so-that",
            "I check out fast",
            "--criterion",
            "shows the button on Safari",
            "--criterion",
            "falls back to the card form",
            "--points",
            "3",
        ],
    );
    assert_eq!(
        (text(&pay["status"]), pay["criteria"][1]["text"].as_str()),
        ("draft".into(), Some("falls back to the card form"))
    );
    let refund = ok_json(
        ana,
        &[
            "story",
            "add",
            &id,
            "--title",
            "Refund",
            "--criterion",
            "refunds to the card",
            "--criterion",
            "shows a receipt",
            "--points",
            "5",
        ],
    );
    assert_eq!((len(&refund["criteria"]), refund["points"].as_i64()), (2, Some(5)));
    let rail = text(&pay["checks"][0]["guardrailId"]);
    let checked = ok_json(
        ana,
        &["story", "guardrail-check", "pay with apple pay", "Never store card numbers", "--mark", "respected"],
    );
    assert_eq!(checked["checks"][0]["mark"], "respected");
    let checked =
        ok_json(ana, &["story", "guardrail-check", "Refund", &rail, "--mark", "at-risk", "--note", "keeps a token"]);
    assert_eq!(
        (text(&checked["checks"][0]["mark"]), text(&checked["checks"][0]["note"])),
        ("at_risk".into(), "keeps a token".into())
    );
    let sent = ok_json(ana, &["review", "request", "Pay with Apple Pay", "Refund"]);
    assert_eq!(
        sent.as_array().map(|s| s.iter().map(|s| text(&s["status"])).collect::<Vec<_>>()),
        Some(vec!["in_review".into(), "in_review".into()])
    );
    let list = ok_text(ana, &["story", "list", "Apple Pay"]);
    assert!(line_with(&list, &["1", "Pay with Apple Pay", "in review", "3", "0/2 met", "waiting"]), "{list}");
    sync(&[ana, sam]);

    // Sam's queue and board.
    let queue = ok_json(sam, &["review", "queue"]);
    assert_eq!(
        queue.as_array().map(|q| q.iter().map(|w| text(&w["storyTitle"])).collect::<Vec<_>>()),
        Some(vec!["Pay with Apple Pay".into(), "Refund".into()])
    );
    assert!(line_with(&ok_text(sam, &["review", "queue"]), &["Refund", "Apple Pay", "Ana"]));
    let board = ok_json(sam, &["board"]);
    assert_eq!((len(&board["lines"][0]["reviews"]), board["lines"][0]["atRisk"].as_u64()), (2, Some(1)), "{board}");
    let human = ok_text(sam, &["board"]);
    assert!(
        human.starts_with(
            "Ana: 1 delegation, 2 stories in flight (8 points), 0 done, 2 reviews waiting, 1 guardrail at risk\n"
        ),
        "{human}"
    );

    // Ana may not give herself a verdict: exit 1, and nothing changed.
    let before = ok_json(ana, &["story", "show", "Refund"]);
    let r = baton(ana, &["review", "approve", "Refund"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.starts_with("baton: Ana is a junior PM and may not manage or review work they did not delegate"),
        "{}",
        r.stderr
    );
    let r = baton(ana, &["--json", "delegate", "withdraw", "Apple Pay"]);
    let err: Value = serde_json::from_str(r.stderr.trim()).unwrap_or_default();
    assert_eq!((r.code, text(&err["code"])), (1, "permission_denied".into()), "{}", r.stderr);
    assert_eq!(ok_json(ana, &["story", "show", "Refund"]), before, "a refused verdict changed the story");
    assert_eq!(ok_json(ana, &["delegate", "show", "Apple Pay"])["delegation"]["state"], "accepted");

    // Sam approves one story and asks for changes to the other.
    assert_eq!(baton(sam, &["review", "request-changes", "Refund"]).code, 2, "the comment is required");
    let approved = ok_json(sam, &["review", "approve", "Pay with Apple Pay", "--comment", "Nice"]);
    assert_eq!((text(&approved["status"]), text(&approved["verdict"])), ("ready".into(), "approved".into()));
    let changes =
        ok_json(sam, &["review", "request-changes", "Refund", "--comment", "Refunds are later: a receipt only"]);
    assert_eq!(changes["status"], "changes_requested");
    sync(&[sam, ana]);

    // Ana's inbox shows the changes asked for; she edits and asks again.
    let inbox = ok_json(ana, &["inbox"]);
    let kinds: Vec<(String, String)> = inbox["actions"]
        .as_array()
        .map(|a| a.iter().map(|x| (text(&x["kind"]), text(&x["storyTitle"]))).collect())
        .unwrap_or_default();
    assert!(kinds.contains(&("changes_requested".into(), "Refund".into())), "{kinds:?}");
    assert!(line_with(&ok_text(ana, &["inbox"]), &["Sam asked for changes to \"Refund\" (Apple Pay)"]));
    ok_json(ana, &["story", "update", "Refund", "--tick", "1"]);
    let edited = ok_json(
        ana,
        &["story", "update", "Refund", "--criterion", "refunds to the card", "--criterion", "emails a receipt"],
    );
    assert_eq!(edited["criteria"][0]["done"], true, "an unchanged criterion keeps its tick");
    assert_eq!(edited["criteria"][1]["done"], false);
    ok_json(ana, &["review", "request", "Refund"]);
    sync(&[ana, sam]);

    // Sam sees exactly what changed since his review, then approves.
    let shown = ok_json(sam, &["story", "show", "Refund"]);
    assert_eq!(shown["status"], "in_review");
    assert_eq!(
        shown["changesSinceReview"],
        serde_json::json!([{ "field": "criterion 2", "before": "shows a receipt", "after": "emails a receipt" }])
    );
    let human = ok_text(sam, &["story", "show", "Refund"]);
    assert!(
        human.contains("\nChanged since the review:\n  criterion 2: \"shows a receipt\" → \"emails a receipt\"\n"),
        "{human}"
    );
    assert!(human.contains("  status:   in review (waiting "), "{human}");
    assert!(human.contains("  1. [x] refunds to the card\n  2. [ ] emails a receipt\n"), "{human}");
    assert!(line_with(&human, &["Sam on \"Refund\"", "Refunds are later: a receipt only"]), "{human}");
    let approved = ok_json(sam, &["review", "approve", "Refund"]);
    assert_eq!((text(&approved["status"]), len(&approved["changesSinceReview"])), ("ready".into(), 0));
    assert_eq!(ok_json(sam, &["review", "queue"]), Value::Array(vec![]));
    sync(&[sam, ana]);

    // Ana moves the work along; the delegation shows where each story stands.
    let moving = ok_json(ana, &["story", "status", "Pay with Apple Pay", "--stage", "in_progress"]);
    assert_eq!(moving["status"], "in_progress");
    ok_json(ana, &["story", "move", "Refund", "--before", "Pay with Apple Pay"]);
    let checkin = ok_json(ana, &["delegate", "check-in", "Apple Pay", "Button is live on staging"]);
    assert_eq!(checkin["body"], "Button is live on staging");
    let detail = ok_json(ana, &["delegate", "show", "Apple Pay"]);
    let order: Vec<String> =
        detail["stories"].as_array().map(|s| s.iter().map(|s| text(&s["title"])).collect()).unwrap_or_default();
    assert_eq!(order, ["Refund", "Pay with Apple Pay"]);
    assert_eq!((detail["pointsTotal"].as_i64(), len(&detail["checkins"])), (Some(8), 1));
    let human = ok_text(ana, &["delegate", "show", "Apple Pay"]);
    assert!(human.starts_with("Apple Pay\n"), "{human}");
    assert!(human.contains("  delegated: by Sam to Ana, offered "), "{human}");
    assert!(human.contains("  check-ins: every 7 days; next due in "), "{human}");
    assert!(human.contains("Ana asked: Refunds too?\nSam answered: No, refunds come later\n"), "{human}");
    assert!(line_with(&human, &["2", "Pay with Apple Pay", "in progress", "3", "0/2 met"]), "{human}");
    assert!(line_with(&human, &["Button is live on staging"]), "{human}");
}

#[test]
fn delegations_are_named_listed_and_refused_on_one_laptop() {
    let dir = tmp();
    let d = dir.path();
    senior_workspace(d);

    // Only one-year items are delegated, to junior PMs; refusals exit 1 and change nothing.
    let r = baton(d, &["delegate", "offer", "Wallets", "--to", "Ana"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("only one-year items are delegated"), "{}", r.stderr);
    let r = baton(d, &["delegate", "offer", "Apple Pay", "--to", "Nobody"]);
    assert_eq!((r.code, r.stderr.trim()), (1, "baton: member not found: Nobody"));
    let r = baton(d, &["delegate", "offer", "Apple Pay", "--to", "Ana", "--due", "soon"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(ok_json(d, &["delegate", "list", "--ended"]), Value::Array(vec![]));

    // Named by its item's title or by id; the brief is amended.
    let offered = ok_json(d, &["delegate", "offer", "apple pay", "--to", "Ana", "--scope", "Safari"]);
    let id = text(&offered["id"]);
    let amended = ok_json(d, &["delegate", "amend", "Apple Pay", "--decisions", "Copy: Ana", "--cadence", "14"]);
    assert_eq!((text(&amended["scope"]), text(&amended["decisions"])), ("Safari".into(), "Copy: Ana".into()));
    assert!(amended["amendedMs"].as_i64().unwrap_or(0) > 0);
    assert_eq!(baton(d, &["delegate", "amend", "Apple Pay"]).code, 2, "nothing to amend is a usage error");
    assert_eq!(ok_json(d, &["delegate", "show", &id])["delegation"]["cadenceDays"], 14);
    let r = baton(d, &["delegate", "show", "Wallets"]);
    assert_eq!((r.code, r.stderr.trim()), (1, "baton: \"Wallets\" has not been delegated"));
    let r = baton(d, &["delegate", "show", "No such thing"]);
    assert_eq!((r.code, r.stderr.trim()), (1, "baton: delegation not found: No such thing"));

    // Sam is not the junior: he neither accepts nor writes stories; nothing changes.
    let before = ok_json(d, &["delegate", "show", "Apple Pay"]);
    for args in [
        &["delegate", "accept", "Apple Pay"][..],
        &["delegate", "ask", "Apple Pay", "Why?"],
        &["story", "add", "Apple Pay", "--title", "Mine"],
    ] {
        let r = baton(d, args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
    }
    assert_eq!(ok_json(d, &["delegate", "show", "Apple Pay"]), before, "refused verbs changed nothing");

    // Usage errors exit 2.
    for args in [
        &["delegate", "list", "--to", "Ana", "--from", "Sam"][..],
        &["delegate", "offer", "Apple Pay"],
        &["delegate", "offer", "Apple Pay", "--to", "Ana", "--cadence", "weekly"],
        &["story", "status", "x", "--blocked", "why", "--unblock"],
        &["story", "status", "x"],
        &["story", "status", "x", "--stage", "shipped"],
        &["story", "guardrail-check", "x", "g", "--mark", "fine"],
        &["review", "request"],
    ] {
        let r = baton(d, args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
    }

    // Lists by member; a mentor sees the delegations of the juniors they mentor.
    let listed = ok_json(d, &["delegate", "list", "--to", "Ana"]);
    assert_eq!(listed.as_array().map(|l| l.iter().map(|x| text(&x["id"])).collect::<Vec<_>>()), Some(vec![id.clone()]));
    assert!(line_with(&ok_text(d, &["delegate", "list"]), &["Apple Pay", "Checkout", "Sam", "Ana", "offered"]));
    assert_eq!(ok_json(d, &["delegate", "list", "--mentor", "Sam"]), Value::Array(vec![]));
    let ana = ok_json(d, &["member", "update", "Ana", "--mentor", "Sam"]);
    assert_eq!(ana["mentorId"], before["delegation"]["fromId"]);
    assert_eq!(len(&ok_json(d, &["delegate", "list", "--mentor", "Sam"])), 1);
    assert!(line_with(&ok_text(d, &["member", "list"]), &["Ana", "junior PM", "Sam", "Sam"]));
    assert_eq!(ok_json(d, &["member", "update", "Ana", "--mentor", ""])["mentorId"], Value::Null);
    let r = baton(d, &["member", "update", "Ana", "--mentor", "Ana"]);
    assert_eq!((r.code, r.stderr.trim()), (1, "baton: a member cannot be their own mentor"));

    // Withdrawn: out of the open list, still named by its item's title.
    ok_json(d, &["member", "add", "Bo", "--role", "junior", "--manager", "Sam"]);
    assert_eq!(ok_json(d, &["delegate", "reassign", "Apple Pay", "--to", "Bo"])["toName"], "Bo");
    assert_eq!(ok_json(d, &["delegate", "withdraw", "Apple Pay"])["state"], "withdrawn");
    assert_eq!(ok_json(d, &["delegate", "list"]), Value::Array(vec![]));
    assert_eq!(len(&ok_json(d, &["delegate", "list", "--ended", "--item", "Apple Pay"])), 1);
    assert_eq!(ok_json(d, &["delegate", "show", "Apple Pay"])["delegation"]["state"], "withdrawn");
    let human = ok_text(d, &["board"]);
    assert_eq!(human.trim(), "Ana: nothing delegated\n\nBo: nothing delegated", "{human}");
    assert_eq!(ok_text(d, &["inbox"]).trim(), "nothing waits on you");
    assert_eq!(ok_text(d, &["review", "queue"]).trim(), "no stories wait for your review");
}
