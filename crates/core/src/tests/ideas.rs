//! Ideas through the API on one file, switching who the laptop acts as: feedback and its
//! triage, an idea's pipeline (sponsorship, return, submission, freeze), leadership's decisions
//! (append-only, pinned), the decision log and its full-text search, the revisit list, the
//! queues, placing a go-ahead on the roadmap, and every refusal changing nothing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::api::{self, handlers as h, IdReq, NoArgs};
use crate::ideas::decisions::Outcome;
use crate::ideas::feedback::{Source, Triage};
use crate::ideas::{Impact, Rice, Stage};
use crate::roadmap::Horizon;
use crate::tests::delegation::{act_as, world, World};
use crate::{Core, ErrorCode};

pub(crate) fn dump(core: &Core) -> String {
    core.read(crate::oplog::dump).unwrap()
}

pub(crate) fn product(w: &World) -> String {
    h::product_list(&w.core, NoArgs {}).unwrap()[0].id.clone()
}

pub(crate) fn feedback(c: &Core, body: &str) -> api::FeedbackView {
    h::feedback_add(
        c,
        api::FeedbackAddReq {
            source: Source::Call,
            body: body.into(),
            customer: Some("Acme Retail".into()),
            who: Some("Dana, ops lead".into()),
            heard_on: Some("2026-01-15".into()),
            link: Some("https://notes.example.com/acme".into()),
        },
    )
    .unwrap()
}

pub(crate) fn idea(c: &Core, title: &str, product: Option<&str>) -> api::IdeaView {
    h::idea_add(
        c,
        api::IdeaAddReq {
            title: title.into(),
            problem: Some("Shoppers abandon checkout on mobile".into()),
            proposal: Some("One-tap wallet payments".into()),
            product_id: product.map(Into::into),
        },
    )
    .unwrap()
}

pub(crate) fn decide(
    c: &Core,
    id: &str,
    outcome: Outcome,
    changes: Option<&str>,
    revisit: Option<&str>,
) -> crate::Result<api::DecisionView> {
    h::idea_decide(
        c,
        api::IdeaDecideReq {
            id: id.into(),
            outcome,
            rationale: "Evidence is strong on mobile".into(),
            changes: changes.map(Into::into),
            revisit: revisit.map(Into::into),
        },
    )
}

fn code<T>(r: crate::Result<T>) -> Option<ErrorCode> {
    r.err().map(|e| e.code())
}

fn get(c: &Core, id: &str) -> api::IdeaDetailView {
    h::idea_get(c, IdReq { id: id.into() }).unwrap()
}

fn future(days: i64) -> String {
    (crate::ideas::decisions::today() + chrono::Duration::days(days)).format("%Y-%m-%d").to_string()
}

#[test]
fn rice_is_computed_in_the_core_with_its_arithmetic() {
    let r = Rice { reach: 2000, impact: Some(Impact::High), confidence: 80, effort: 35 };
    assert_eq!(r.score_tenths(), Some(9143), "2000 × 2 × 0.8 ÷ 3.5 = 914.28…");
    assert_eq!(r.text(), "reach 2,000 × impact 2 (high) × confidence 80% ÷ effort 3.5 person-months = 914.3");
    let one = Rice { reach: 10, impact: Some(Impact::Minimal), confidence: 100, effort: 10 };
    assert_eq!(one.text(), "reach 10 × impact 0.25 (minimal) × confidence 100% ÷ effort 1 person-month = 2.5");
    assert_eq!(Rice::default().score_tenths(), None);
    assert_eq!(Rice::default().text(), "not scored yet: set impact and effort");
    let huge = Rice { reach: 1_000_000_000_000, impact: Some(Impact::Massive), confidence: 100, effort: 1 };
    assert_eq!(huge.score_tenths(), Some(300_000_000_000_000), "no overflow at the limits");
}

/// Journey 2 on one file: Sue adds feedback, proposes an idea linking it, submits; Lee decides
/// with changes; Sue places it as a one-year item whose idea shows evidence and decision.
#[test]
fn a_go_ahead_with_changes_lands_on_the_roadmap_with_its_evidence() {
    let w = world();
    let c = &w.core;
    let product = product(&w);
    act_as(c, &w.sue);
    let f1 = feedback(c, "We lose carts when the card form appears");
    let f2 = feedback(c, "Apple Pay would double our mobile conversion");
    let i = idea(c, "Wallet payments", Some(&product));
    assert_eq!(i.stage, Stage::Draft);
    for f in [&f1, &f2] {
        let linked =
            h::feedback_link(c, api::FeedbackLinkReq { id: f.id.clone(), idea_id: Some(i.id.clone()), item_id: None })
                .unwrap();
        assert_eq!(linked.triage, Triage::Linked);
    }
    let scored = h::idea_score(
        c,
        api::IdeaScoreReq {
            id: i.id.clone(),
            reach: Some(2000),
            impact: Some(Impact::High),
            confidence: Some(80),
            effort: Some(3.5),
        },
    )
    .unwrap();
    assert_eq!(scored.score, Some(914.3));
    h::idea_evidence_add(
        c,
        api::EvidenceAddReq {
            idea_id: i.id.clone(),
            kind: crate::ideas::EvidenceKind::Metric,
            body: Some("Mobile checkout abandonment 31%".into()),
            url: None,
        },
    )
    .unwrap();
    let listed = h::idea_list(c, api::IdeaListReq::default()).unwrap();
    assert_eq!(
        (listed[0].feedback_count, listed[0].evidence_count, listed[0].last_heard.as_str()),
        (2, 1, "2026-01-15")
    );
    // A senior PM's own idea sponsors itself.
    let sent = h::idea_submit(c, IdReq { id: i.id.clone() }).unwrap();
    assert_eq!((sent.stage, sent.sponsor_name.as_deref()), (Stage::Submitted, Some("Sue")));
    assert!(!get(c, &i.id).can.edit, "frozen once submitted");

    act_as(c, &w.lee);
    let q = h::idea_queue(c, NoArgs {}).unwrap();
    assert_eq!(q.awaiting_decision.iter().map(|i| i.title.as_str()).collect::<Vec<_>>(), ["Wallet payments"]);
    assert_eq!(q.count, 1);
    assert!(get(c, &i.id).can.decide);
    let d = decide(c, &i.id, Outcome::GoAheadWithChanges, Some("Start with Apple Pay only"), None).unwrap();
    assert!(d.current);
    let pinned = d.pinned.clone().unwrap();
    assert_eq!((pinned.title.as_str(), pinned.feedback.len(), pinned.evidence.len()), ("Wallet payments", 2, 1));
    assert!(pinned.score.ends_with("= 914.3"), "{}", pinned.score);
    assert!(h::idea_queue(c, NoArgs {}).unwrap().awaiting_decision.is_empty());

    act_as(c, &w.sue);
    let q = h::idea_queue(c, NoArgs {}).unwrap();
    assert_eq!(q.to_place.len(), 1, "the owner places it");
    assert!(get(c, &i.id).can.place);
    // Outside the window: refused, nothing changes.
    let before = dump(c);
    let req = |period: &str| api::IdeaPlaceReq {
        id: i.id.clone(),
        horizon: Horizon::OneYear,
        period: period.into(),
        parent_id: None,
        goal_id: None,
    };
    assert_eq!(code(h::idea_place(c, req("2029-Q1"))), Some(ErrorCode::InvalidInput));
    assert_eq!(dump(c), before);
    let placed = h::idea_place(c, req("2027-Q3")).unwrap();
    let item = placed.item_id.clone().unwrap();
    assert_eq!(placed.item_title.as_deref(), Some("Wallet payments"));
    let detail = h::item_get(c, IdReq { id: item.clone() }).unwrap();
    assert!(detail.requirements.contains("Start with Apple Pay only"), "{}", detail.requirements);
    let from_item = h::idea_for_item(c, IdReq { id: item }).unwrap().unwrap();
    assert_eq!(from_item.feedback.len(), 2);
    assert_eq!(from_item.decisions[0].changes, "Start with Apple Pay only");
    assert_eq!(code(h::idea_place(c, req("2027-Q4"))), Some(ErrorCode::InvalidInput), "placed once");
    act_as(c, &w.lee);
    assert_eq!(
        code(decide(c, &i.id, Outcome::No, None, None)),
        Some(ErrorCode::InvalidInput),
        "placed: change the item"
    );
}

#[test]
fn a_juniors_idea_goes_through_their_senior() {
    let w = world();
    let c = &w.core;
    let product = product(&w);
    act_as(c, &w.jo);
    let i = idea(c, "Saved carts", Some(&product));
    assert!(!get(c, &i.id).can.sponsor);
    assert_eq!(code(h::idea_sponsor(c, IdReq { id: i.id.clone() })), Some(ErrorCode::PermissionDenied));
    let asked = h::idea_submit(c, IdReq { id: i.id.clone() }).unwrap();
    assert_eq!(asked.stage, Stage::AwaitingSponsor);
    assert_eq!(code(h::idea_submit(c, IdReq { id: i.id.clone() })), Some(ErrorCode::InvalidInput));

    // Ola is not Jo's manager; Sue is.
    act_as(c, &w.ola);
    assert!(h::idea_queue(c, NoArgs {}).unwrap().to_sponsor.is_empty());
    let before = dump(c);
    let err = h::idea_sponsor(c, IdReq { id: i.id.clone() }).unwrap_err();
    assert_eq!(err.to_string(), "Ola is a senior PM and may not sponsor ideas of Jo");
    assert_eq!(dump(c), before);
    act_as(c, &w.sue);
    assert_eq!(h::idea_queue(c, NoArgs {}).unwrap().to_sponsor.len(), 1);
    assert_eq!(
        code(h::idea_return(c, api::IdeaReturnReq { id: i.id.clone(), note: " ".into() })),
        Some(ErrorCode::InvalidInput)
    );
    let back = h::idea_return(c, api::IdeaReturnReq { id: i.id.clone(), note: "Size the reach first".into() }).unwrap();
    assert_eq!((back.stage, back.return_note.as_str()), (Stage::Returned, "Size the reach first"));

    act_as(c, &w.jo);
    assert_eq!(h::idea_queue(c, NoArgs {}).unwrap().returned.len(), 1);
    h::idea_score(
        c,
        api::IdeaScoreReq {
            id: i.id.clone(),
            reach: Some(500),
            impact: Some(Impact::Medium),
            confidence: Some(50),
            effort: Some(1.0),
        },
    )
    .unwrap();
    assert_eq!(h::idea_submit(c, IdReq { id: i.id.clone() }).unwrap().stage, Stage::AwaitingSponsor);
    act_as(c, &w.sue);
    assert_eq!(h::idea_sponsor(c, IdReq { id: i.id.clone() }).unwrap().stage, Stage::Sponsored);
    // Leadership does not see it before it is submitted.
    act_as(c, &w.lee);
    assert_eq!(code(decide(c, &i.id, Outcome::GoAhead, None, None)), Some(ErrorCode::PermissionDenied));
    act_as(c, &w.jo);
    let sent = h::idea_submit(c, IdReq { id: i.id.clone() }).unwrap();
    assert_eq!(sent.stage, Stage::Submitted);
    let before = dump(c);
    let frozen = h::idea_update(
        c,
        api::IdeaUpdateReq {
            id: i.id.clone(),
            title: Some("Saved carts v2".into()),
            problem: None,
            proposal: None,
            product_id: None,
        },
    )
    .unwrap_err();
    assert_eq!(frozen.to_string(), "Jo may not edit an idea once it is submitted");
    let evidence = api::EvidenceAddReq {
        idea_id: i.id.clone(),
        kind: crate::ideas::EvidenceKind::Note,
        body: Some("late note".into()),
        url: None,
    };
    assert_eq!(code(h::idea_evidence_add(c, evidence)), Some(ErrorCode::PermissionDenied));
    assert_eq!(dump(c), before);
    // Juniors and seniors never decide.
    assert_eq!(
        decide(c, &i.id, Outcome::GoAhead, None, None).unwrap_err().to_string(),
        "Jo is a junior PM and may not decide on ideas"
    );
}

#[test]
fn decisions_are_append_only_and_a_no_stays_findable() {
    let w = world();
    let c = &w.core;
    let product = product(&w);
    act_as(c, &w.sue);
    let a = idea(c, "Loyalty points at checkout", Some(&product));
    let b = idea(c, "Crypto payments", Some(&product));
    for i in [&a, &b] {
        h::idea_submit(c, IdReq { id: i.id.clone() }).unwrap();
    }
    act_as(c, &w.lee);
    // Bad input changes nothing.
    let before = dump(c);
    let bad = [
        decide(c, &a.id, Outcome::NotNow, None, None),
        decide(c, &a.id, Outcome::NotNow, None, Some("2020-01-01")),
        decide(c, &a.id, Outcome::NotNow, None, Some("next year")),
        decide(c, &a.id, Outcome::GoAheadWithChanges, None, None),
        decide(c, &a.id, Outcome::GoAhead, Some("but smaller"), None),
        decide(c, &a.id, Outcome::No, None, Some(&future(30))),
        decide(c, "no-such-idea", Outcome::No, None, None),
        h::idea_decide(
            c,
            api::IdeaDecideReq {
                id: a.id.clone(),
                outcome: Outcome::No,
                rationale: "  ".into(),
                changes: None,
                revisit: None,
            },
        ),
        h::idea_decide(
            c,
            api::IdeaDecideReq {
                id: a.id.clone(),
                outcome: Outcome::No,
                rationale: "x".repeat(20_001),
                changes: None,
                revisit: None,
            },
        ),
    ];
    for r in bad {
        assert!(matches!(code(r), Some(ErrorCode::InvalidInput | ErrorCode::NotFound)));
    }
    assert_eq!(dump(c), before);

    let first = decide(c, &a.id, Outcome::NotNow, None, Some(&future(0))).unwrap();
    assert_eq!(first.revisit, future(0));
    let due = h::idea_revisit(c, api::RevisitReq::default()).unwrap();
    assert_eq!(due.iter().map(|i| i.title.as_str()).collect::<Vec<_>>(), ["Loyalty points at checkout"]);
    assert_eq!(h::idea_queue(c, NoArgs {}).unwrap().to_revisit.len(), 1);
    let later = decide(c, &a.id, Outcome::GoAhead, None, None).unwrap();
    assert!(later.current);
    let history = get(c, &a.id).decisions;
    assert_eq!(
        history.iter().map(|d| (d.outcome, d.current)).collect::<Vec<_>>(),
        [(Outcome::GoAhead, true), (Outcome::NotNow, false)]
    );
    assert!(h::idea_revisit(c, api::RevisitReq::default()).unwrap().is_empty(), "superseded");

    decide(c, &b.id, Outcome::No, None, None).unwrap();
    let search = |s: &str| {
        h::decision_list(c, api::DecisionListReq { search: Some(s.into()), ..Default::default() })
            .unwrap()
            .into_iter()
            .map(|d| (d.idea_title, d.outcome))
            .collect::<Vec<_>>()
    };
    assert_eq!(search("crypto"), [("Crypto payments".to_owned(), Outcome::No)]);
    assert_eq!(search("CRYP"), [("Crypto payments".to_owned(), Outcome::No)], "prefix, any case");
    assert_eq!(search("crypto loyalty"), [], "every word must match");
    assert_eq!(search("mobile \"OR* NEAR("), [], "query syntax is read as words");
    assert_eq!(search("loyalty").len(), 2, "both decisions on record");
    let by = |o: Outcome| {
        h::decision_list(c, api::DecisionListReq { outcome: Some(o), ..Default::default() }).unwrap().len()
    };
    assert_eq!((by(Outcome::No), by(Outcome::NotNow), by(Outcome::GoAhead)), (1, 1, 1));
    let today = future(0);
    let dated = |from: &str, to: &str| {
        h::decision_list(c, api::DecisionListReq { from: Some(from.into()), to: Some(to.into()), ..Default::default() })
            .map(|v| v.len())
    };
    assert_eq!(dated(&today, &today).unwrap(), 3);
    assert_eq!(dated(&future(1), &future(2)).unwrap(), 0);
    assert_eq!(code(dated(&future(2), &future(1))), Some(ErrorCode::InvalidInput));
    assert_eq!(code(dated("yesterday", &today)), Some(ErrorCode::InvalidInput));
    let by_product =
        h::decision_list(c, api::DecisionListReq { product_id: Some(product.clone()), ..Default::default() }).unwrap();
    assert_eq!(by_product.len(), 3);
    assert_eq!(
        code(h::decision_list(c, api::DecisionListReq { search: Some(" ;; ".into()), ..Default::default() })),
        Some(ErrorCode::InvalidInput)
    );

    // The same idea proposed again shows its past.
    act_as(c, &w.sue);
    let again = idea(c, "Crypto wallets, again", Some(&product));
    let related = get(c, &again.id).related;
    assert_eq!(
        related.iter().map(|d| (d.idea_title.as_str(), d.outcome)).collect::<Vec<_>>(),
        [("Crypto payments", Outcome::No)]
    );
}

#[test]
fn feedback_is_added_and_triaged_by_anyone_and_bad_input_changes_nothing() {
    let w = world();
    let c = &w.core;
    act_as(c, &w.jo);
    let f = feedback(c, "Search is slow on large catalogues");
    assert_eq!((f.triage, f.by_name.as_str()), (Triage::New, "Jo"));
    let before = dump(c);
    let add = |body: &str, heard: Option<&str>, link: Option<&str>| {
        h::feedback_add(
            c,
            api::FeedbackAddReq {
                source: Source::Support,
                body: body.into(),
                customer: None,
                who: None,
                heard_on: heard.map(Into::into),
                link: link.map(Into::into),
            },
        )
    };
    assert_eq!(code(add("", None, None)), Some(ErrorCode::InvalidInput));
    assert_eq!(code(add(&"x".repeat(10_001), None, None)), Some(ErrorCode::InvalidInput));
    assert_eq!(code(add("ok", Some("2026-02-30"), None)), Some(ErrorCode::InvalidInput));
    assert_eq!(code(add("ok", Some(&future(3)), None)), Some(ErrorCode::InvalidInput));
    assert_eq!(code(add("ok", None, Some("javascript:alert(1)"))), Some(ErrorCode::InvalidInput));
    let link = |idea: Option<&str>, item: Option<&str>| {
        h::feedback_link(
            c,
            api::FeedbackLinkReq { id: f.id.clone(), idea_id: idea.map(Into::into), item_id: item.map(Into::into) },
        )
    };
    assert_eq!(code(link(None, None)), Some(ErrorCode::InvalidInput));
    assert_eq!(code(link(Some("nope"), None)), Some(ErrorCode::NotFound));
    assert_eq!(
        code(h::feedback_dismiss(c, api::FeedbackDismissReq { id: f.id.clone(), reason: "".into() })),
        Some(ErrorCode::InvalidInput)
    );
    assert_eq!(dump(c), before);

    let inbox = h::feedback_list(c, api::FeedbackListReq::default()).unwrap();
    assert_eq!((inbox.entries.len(), inbox.new_count), (1, 1));
    act_as(c, &w.kim);
    let to_item = link(None, Some(&w.item)).unwrap();
    assert_eq!(
        (to_item.triage, to_item.item_title.as_deref(), to_item.triaged_by_name.as_deref()),
        (Triage::Linked, Some("Apple Pay"), Some("Kim"))
    );
    let dismissed =
        h::feedback_dismiss(c, api::FeedbackDismissReq { id: f.id.clone(), reason: "Duplicate of a known bug".into() })
            .unwrap();
    assert_eq!((dismissed.triage, dismissed.item_id), (Triage::Dismissed, None));
    assert_eq!(h::feedback_list(c, api::FeedbackListReq::default()).unwrap().new_count, 0);
    let show =
        |s| h::feedback_list(c, api::FeedbackListReq { show: Some(s), ..Default::default() }).unwrap().entries.len();
    assert_eq!(
        (show(api::FeedbackShow::Dismissed), show(api::FeedbackShow::All), show(api::FeedbackShow::Linked)),
        (1, 1, 0)
    );
}

#[test]
fn bad_input_on_ideas_is_refused_and_changes_nothing() {
    let w = world();
    let c = &w.core;
    let product = product(&w);
    act_as(c, &w.sue);
    let i = idea(c, "Gift cards", Some(&product));
    let before = dump(c);
    let add = |title: &str, problem: &str, product: Option<&str>| {
        h::idea_add(
            c,
            api::IdeaAddReq {
                title: title.into(),
                problem: Some(problem.into()),
                proposal: None,
                product_id: product.map(Into::into),
            },
        )
    };
    assert_eq!(code(add("", "x", None)), Some(ErrorCode::InvalidInput));
    assert_eq!(code(add(&"t".repeat(201), "x", None)), Some(ErrorCode::InvalidInput));
    assert_eq!(code(add("Two\nlines", "x", None)), Some(ErrorCode::InvalidInput));
    assert_eq!(code(add("Fine", &"p".repeat(20_001), None)), Some(ErrorCode::InvalidInput));
    assert_eq!(code(add("Fine", "x", Some("no-such-product"))), Some(ErrorCode::NotFound));
    let score = |reach: Option<i64>, confidence: Option<i64>, effort: Option<f64>| {
        h::idea_score(c, api::IdeaScoreReq { id: i.id.clone(), reach, impact: None, confidence, effort })
    };
    assert_eq!(code(score(Some(-1), None, None)), Some(ErrorCode::InvalidInput));
    assert_eq!(code(score(None, Some(101), None)), Some(ErrorCode::InvalidInput));
    assert_eq!(code(score(None, None, Some(0.0))), Some(ErrorCode::InvalidInput));
    assert_eq!(code(score(None, None, Some(f64::NAN))), Some(ErrorCode::InvalidInput));
    assert_eq!(code(score(None, None, None)), Some(ErrorCode::InvalidInput), "nothing to change");
    let evidence = |kind, body: Option<&str>, url: Option<&str>| {
        h::idea_evidence_add(
            c,
            api::EvidenceAddReq { idea_id: i.id.clone(), kind, body: body.map(Into::into), url: url.map(Into::into) },
        )
    };
    assert_eq!(code(evidence(crate::ideas::EvidenceKind::Link, Some("Docs"), None)), Some(ErrorCode::InvalidInput));
    assert_eq!(code(evidence(crate::ideas::EvidenceKind::Link, None, Some("ftp://x"))), Some(ErrorCode::InvalidInput));
    assert_eq!(code(evidence(crate::ideas::EvidenceKind::Note, Some("  "), None)), Some(ErrorCode::InvalidInput));
    for unknown in [
        code(h::idea_get(c, IdReq { id: "nope".into() })),
        code(h::idea_sponsor(c, IdReq { id: "nope".into() })),
        code(h::idea_submit(c, IdReq { id: "nope".into() })),
        code(h::idea_evidence_remove(c, IdReq { id: "nope".into() })),
        code(h::feedback_dismiss(c, api::FeedbackDismissReq { id: "nope".into(), reason: "x".into() })),
    ] {
        assert_eq!(unknown, Some(ErrorCode::NotFound));
    }
    // Not a go-ahead: nothing to place.
    let place = api::IdeaPlaceReq {
        id: i.id.clone(),
        horizon: Horizon::OneYear,
        period: "2027-Q1".into(),
        parent_id: None,
        goal_id: None,
    };
    assert_eq!(code(h::idea_place(c, place)), Some(ErrorCode::InvalidInput));
    // No problem or proposal: not submitted.
    let bare =
        h::idea_add(c, api::IdeaAddReq { title: "Bare".into(), problem: None, proposal: None, product_id: None })
            .unwrap();
    let before_bare = dump(c);
    assert_eq!(code(h::idea_submit(c, IdReq { id: bare.id })), Some(ErrorCode::InvalidInput));
    assert_eq!(dump(c), before_bare);
    assert_ne!(dump(c), before, "only the bare idea was added");
}
