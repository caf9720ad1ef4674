//! Search everything through the API on one file: each kind is found by a word of its text with
//! what opens it, titles rank above texts, edits and deletions show at once, a rebuild from the
//! log finds the same, and bad searches are refused with a sentence.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::api::{self, handlers as h, HitKind, IdReq};
use crate::ideas::decisions::Outcome;
use crate::tests::delegation::{act_as, offer, story, world, World};
use crate::tests::ideas::{decide, idea, product};
use crate::ErrorCode;

fn find(w: &World, words: &str) -> Vec<api::SearchHitView> {
    h::search(&w.core, api::SearchReq { query: words.into(), limit: None }).unwrap()
}

fn titles(hits: &[api::SearchHitView]) -> Vec<(HitKind, String)> {
    hits.iter().map(|h| (h.kind, h.title.clone())).collect()
}

fn set_requirements(w: &World, item: &str, text: &str) {
    let req = serde_json::json!({"id": item, "requirements": text});
    h::item_update(&w.core, serde_json::from_value(req).unwrap()).unwrap();
}

#[test]
fn each_kind_is_found_by_a_word_of_its_text_with_what_opens_it() {
    let w = world();
    let c = &w.core;
    let product = product(&w);
    set_requirements(&w, &w.item, "Tokenised cards only; the receipt names the merchant");
    act_as(c, &w.sue);
    let d = offer(&w, &w.jo).unwrap();
    act_as(c, &w.jo);
    h::delegate_accept(c, IdReq { id: d.id.clone() }).unwrap();
    let s = h::story_add(
        c,
        api::StoryAddReq { delegation_id: d.id.clone(), fields: story("Pay with one tap", &["works on Safari"]) },
    )
    .unwrap();
    act_as(c, &w.sue);
    let i = idea(c, "Wallet payments", Some(&product));
    h::idea_submit(c, IdReq { id: i.id.clone() }).unwrap();
    act_as(c, &w.lee);
    let decision = decide(c, &i.id, Outcome::GoAhead, None, None).unwrap();

    // An item by a word of its requirements, on its product's roadmap.
    let hits = find(&w, "tokenised");
    assert_eq!(titles(&hits), [(HitKind::Item, "Apple Pay".to_owned())]);
    assert_eq!(hits[0].id, w.item);
    assert_eq!(hits[0].product_id.as_deref(), Some(product.as_str()));
    assert_eq!(hits[0].context, "Checkout · one-year · 2027-Q2");
    assert_eq!(hits[0].snippet, "Tokenised cards only; the receipt names the merchant");
    // A story by the text of one of its criteria (not by its JSON), in its delegated item.
    let hits = find(&w, "safari");
    assert_eq!(titles(&hits), [(HitKind::Story, "Pay with one tap".to_owned())]);
    assert_eq!((hits[0].id.as_str(), hits[0].delegation_id.as_deref()), (s.id.as_str(), Some(d.id.as_str())));
    assert_eq!(hits[0].context, "Story of “Apple Pay”");
    assert!(find(&w, "done").is_empty(), "the criteria's JSON keys are not indexed");
    // An idea and the decision made on it, by a word of its problem (prefixes match).
    let hits = find(&w, "abandon");
    let mut kinds: Vec<HitKind> = hits.iter().map(|h| h.kind).collect();
    kinds.sort_by_key(|k| k.label());
    assert_eq!(kinds, [HitKind::Decision, HitKind::Idea], "{hits:?}");
    let on_decision = hits.iter().find(|h| h.kind == HitKind::Decision).unwrap();
    assert_eq!((on_decision.id.as_str(), on_decision.title.as_str()), (decision.id.as_str(), "Wallet payments"));
    assert_eq!(on_decision.idea_id.as_deref(), Some(i.id.as_str()));
    assert!(on_decision.context.starts_with("Decision: go-ahead · "), "{}", on_decision.context);
    // A goal and a product by their names; several words must all match.
    assert_eq!(titles(&find(&w, "grow")), [(HitKind::Goal, "Grow".to_owned())]);
    let hits = find(&w, "checkout");
    assert_eq!(hits[0].kind, HitKind::Product);
    assert_eq!(hits[0].product_id.as_deref(), Some(product.as_str()));
    assert_eq!(titles(&find(&w, "one click")), [(HitKind::Item, "One-click everywhere".to_owned())]);
    assert!(find(&w, "one zebra").is_empty());
    // Accents and case do not matter.
    assert_eq!(titles(&find(&w, "TOKÉNISED")).len(), 1);
}

#[test]
fn a_title_ranks_above_a_text_and_edits_and_deletions_show_at_once() {
    let w = world();
    let c = &w.core;
    let product = product(&w);
    let mk = |title: &str, requirements: &str| {
        let req = serde_json::json!({"productId": product, "horizon": "one_year", "period": "2027-Q3", "title": title});
        let id = h::item_create(c, serde_json::from_value(req).unwrap()).unwrap().id;
        set_requirements(&w, &id, requirements);
        id
    };
    let body = mk("Faster refunds", "Refunds reach the ledger within a day");
    let title = mk("Ledger export", "Customers add money from a bank account");
    assert_eq!(
        titles(&find(&w, "ledger")),
        [(HitKind::Item, "Ledger export".to_owned()), (HitKind::Item, "Faster refunds".to_owned())]
    );

    let first = h::search(c, api::SearchReq { query: "ledger".into(), limit: Some(1) }).unwrap();
    assert_eq!(titles(&first), [(HitKind::Item, "Ledger export".to_owned())], "a limit is honoured");

    // Renamed: found by the new word, no longer by the old one.
    let req = serde_json::json!({"id": title, "title": "Balance export"});
    h::item_update(c, serde_json::from_value(req).unwrap()).unwrap();
    assert!(find(&w, "balance").iter().any(|h| h.id == title));
    assert_eq!(titles(&find(&w, "ledger")), [(HitKind::Item, "Faster refunds".to_owned())]);
    // Deleted: gone; undeleted: back.
    h::item_delete(c, IdReq { id: body.clone() }).unwrap();
    assert!(find(&w, "refunds").is_empty());
    h::item_undelete(c, IdReq { id: body.clone() }).unwrap();
    assert_eq!(find(&w, "refunds")[0].id, body);

    // A rebuild of the tables from the log finds the same.
    let before = find(&w, "ledger");
    c.transact(|tx| crate::oplog::rebuild(tx)).unwrap();
    assert_eq!(find(&w, "ledger"), before);
    assert_eq!(find(&w, "balance").len(), 1);
}

#[test]
fn bad_searches_are_refused_with_a_sentence_and_query_syntax_is_only_words() {
    let w = world();
    let c = &w.core;
    let err = |query: &str, limit: Option<i64>| {
        let e = h::search(c, api::SearchReq { query: query.into(), limit }).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidInput);
        e.to_string()
    };
    assert!(err("", None).contains("has no words to look for"));
    assert!(err("  ?! ", None).contains("has no words to look for"));
    assert!(err(&"a".repeat(201), None).contains("longer than 200"));
    assert!(err("grow", Some(0)).contains("from 1 to 100"));
    assert!(err("grow", Some(101)).contains("from 1 to 100"));
    // FTS5's own syntax is read as words, never as a query (no error, no surprise match).
    for q in ["grow\"", "NEAR(grow", "grow OR apple", "title:grow", "grow*", "-grow", "(grow"] {
        let hits = h::search(c, api::SearchReq { query: q.into(), limit: None }).unwrap();
        assert!(hits.iter().all(|h| h.title == "Grow"), "{q}: {hits:?}");
    }
    assert!(find(&w, "grow OR apple").is_empty(), "OR is a word here, and no text holds it");
}

#[test]
fn search_needs_a_workspace() {
    let core = crate::Core::open_in_memory().unwrap();
    let e = h::search(&core, api::SearchReq { query: "grow".into(), limit: None }).unwrap_err();
    assert_eq!(e.code(), ErrorCode::NoWorkspace, "{e}");
}

/// A word in more rows than are ranked (2,000): among its newest 2,000 matches, the rows with it
/// in their title come first, newest first, then the rows with it only in their text.
#[test]
fn a_word_too_common_to_rank_shows_titles_first_newest_first() {
    let w = world();
    let c = &w.core;
    act_as(c, &w.lee);
    let lee = crate::workspace::me(c).unwrap();
    for n in 0..5 {
        crate::goals::create(c, &lee, &format!("Checkout goal {n}"), "", "").unwrap();
    }
    for n in 0..1_996 {
        crate::goals::create(c, &lee, &format!("Goal {n}"), "Faster checkout for everyone", "").unwrap();
    }
    let hits = find(&w, "checkout");
    let got: Vec<&str> = hits.iter().map(|h| h.title.as_str()).collect();
    // Among its newest 2,000 matches, the goals with it in their title, then the newest of those
    // with it in their text. (The product named "Checkout", older than those 2,000, is not
    // among them: with a word this common, a second word finds it.)
    let mut want: Vec<String> = (0..5).rev().map(|n| format!("Checkout goal {n}")).collect();
    want.extend((1_989..1_996).rev().map(|n| format!("Goal {n}")));
    assert_eq!(got, want);
    assert!(hits[5..].iter().all(|h| h.snippet.contains("checkout")), "text hits say where the word is");
    // Rarer words are still ranked: the row with all of them in its title first, whatever its age.
    let hits = find(&w, "checkout goal 3");
    assert_eq!(hits[0].title, "Checkout goal 3");
}
