//! Search everything, for the command palette and `baton search`: goals, products, roadmap
//! items (with their requirements, metric and impact), stories, ideas and decisions, ranked by
//! SQLite's FTS5 (bm25, a word in the title weighing ten times one in the text).
//!
//! The index is local and derived: `search_text` (migration 0012) and the decision log's
//! `decision_text` (0011), kept in step by triggers on the synced tables, so whatever reached
//! the tables — typed here or received from a teammate — is found, and nothing else.

use rusqlite::{Connection, OptionalExtension};

use crate::error::{Error, Result};
use crate::ideas::decisions::{fts_query, Outcome};
use crate::roadmap::Horizon;

/// What a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Goal,
    Product,
    Item,
    Story,
    Idea,
    Decision,
}

impl Kind {
    /// The kind of a `search_text` row, from its rowid (source rowid * 8 + kind).
    fn of_rowid(rowid: i64) -> Option<Kind> {
        match rowid % 8 {
            1 => Some(Kind::Goal),
            2 => Some(Kind::Product),
            3 => Some(Kind::Item),
            4 => Some(Kind::Story),
            5 => Some(Kind::Idea),
            _ => None,
        }
    }
}

/// One thing found, with what it takes to open it where it lives.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub kind: Kind,
    pub id: String,
    pub title: String,
    /// Where it sits, in words: "Checkout · one-year · 2027", "Story of “Guest checkout”".
    pub context: String,
    /// The words around the match in its text (empty when only the title matched).
    pub snippet: String,
    /// The product a roadmap item is on (its roadmap opens there).
    pub product_id: Option<String>,
    /// The delegated item a story belongs to.
    pub delegation_id: Option<String>,
    /// The idea a decision was made on.
    pub idea_id: Option<String>,
}

pub(crate) const DEFAULT_LIMIT: i64 = 12;
pub(crate) const MAX_LIMIT: i64 = 100;

/// Marks the match in a snippet, so a snippet of text that did not match can be told apart.
const OPEN: char = '\u{2}';
const CLOSE: char = '\u{3}';

/// The best `limit` hits for the words of `text` (each a prefix, all required), best first.
pub(crate) fn search(conn: &Connection, text: &str, limit: i64) -> Result<Vec<Hit>> {
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(Error::invalid(format!("a search shows from 1 to {MAX_LIMIT} results")));
    }
    let query = fts_query(text)?;
    // (rowid, its snippet) of the best, a few more than asked: a decision not yet made is
    // indexed but not shown.
    let windows = [window(conn, "search_text", &query)?, window(conn, "decision_text", &query)?];
    let rows: Vec<(i64, String)> = if windows.iter().map(|w| w.0).sum::<i64>() <= RANKED_AT_MOST {
        let mut rows = Vec::new();
        for rowid in ranked(conn, &query, limit + 4)? {
            rows.push((rowid, snippet(conn, &query, rowid)?));
        }
        rows
    } else {
        newest_titles_first(conn, &query, limit + 4, windows[0].1, windows[1].1)?
    };
    let mut hits = Vec::with_capacity(rows.len());
    for (rowid, snippet) in rows {
        let snippet = if snippet.contains(OPEN) { snippet.replace([OPEN, CLOSE], "") } else { String::new() };
        let hit = if rowid < 0 {
            decision(conn, -rowid)?
        } else {
            match Kind::of_rowid(rowid) {
                Some(kind) => row(conn, kind, rowid / 8)?,
                None => None,
            }
        };
        if let Some(hit) = hit {
            hits.push(Hit { snippet: one_line(&snippet), ..hit });
        }
        if hits.len() as i64 == limit {
            break;
        }
    }
    Ok(hits)
}

/// A query matching more rows than this is not ranked: bm25 weighs every match (a word in two
/// of every three rows took 34 ms to rank at 112,000 rows), and a word that common says little
/// about what is wanted. Among its newest matches, its hits are the rows with it in their title,
/// newest first, then the rows with it in their text (see [`newest_titles_first`]).
const RANKED_AT_MOST: i64 = 2_000;

/// How many rows of `table` `query` matches, counting no further than one past
/// [`RANKED_AT_MOST`], and the smallest rowid among the newest of them counted.
fn window(conn: &Connection, table: &str, query: &str) -> Result<(i64, i64)> {
    let sql = format!(
        "SELECT count(*), coalesce(min(rowid), 0) FROM (SELECT rowid FROM {table} WHERE {table} MATCH ?1
          ORDER BY rowid DESC LIMIT ?2)"
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(rusqlite::params![query, RANKED_AT_MOST + 1], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

/// The best `n` by bm25 (a word in the title weighing ten times one in the text): search rows
/// by their rowid, decisions by their negated rowid. Ranked first, snippets after for the few
/// shown: a snippet re-reads and re-tokenizes its row's text.
fn ranked(conn: &Connection, query: &str, n: i64) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT rowid, bm25(search_text, 10.0, 1.0) AS score
           FROM search_text WHERE search_text MATCH ?1
         UNION ALL
         SELECT -rowid, bm25(decision_text, 10.0, 1.0) AS score
           FROM decision_text WHERE decision_text MATCH ?1
         ORDER BY score, 1 LIMIT ?2",
    )?;
    let rows = stmt.query_map(rusqlite::params![query, n], |r| r.get::<_, i64>(0))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// For a query too common to rank: among its newest matches in each index (from the rowids
/// [`window`] found), the rows with it in their title, then decisions with it in theirs, then
/// rows with it in their text — each newest first. (A title filter walks every match until it has enough, so it is
/// bounded to the newest matches: a word common in texts and rare in titles took 64 ms.)
fn newest_titles_first(
    conn: &Connection,
    query: &str,
    n: i64,
    rows_from: i64,
    decisions_from: i64,
) -> Result<Vec<(i64, String)>> {
    let in_title = format!("{{title}} : ({query})");
    // In the index's own order, so each snippet is taken only for the rows returned (a prefix's
    // matches are gathered once per statement: a statement per hit cost 4 ms each).
    let select = |table: &str, sign: &str| {
        format!(
            "SELECT {sign}rowid, snippet({table}, 1, char(2), char(3), '…', 12) FROM {table}
              WHERE {table} MATCH ?1 AND rowid >= ?3 ORDER BY rowid DESC LIMIT ?2"
        )
    };
    let steps = [
        (select("search_text", ""), in_title.as_str(), rows_from),
        (select("decision_text", "-"), in_title.as_str(), decisions_from),
        (select("search_text", ""), query, 0),
    ];
    let mut out: Vec<(i64, String)> = Vec::new();
    for (sql, q, from) in steps {
        let want = n - out.len() as i64;
        if want <= 0 {
            break;
        }
        // The text step meets the title step's rows again: asked for enough to skip them.
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params![q, want + out.len() as i64, from], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?.unwrap_or_default()))
        })?;
        for r in rows {
            let (rowid, snippet) = r?;
            if out.len() as i64 == n {
                break;
            }
            if !out.iter().any(|(seen, _)| *seen == rowid) {
                out.push((rowid, snippet));
            }
        }
    }
    Ok(out)
}

/// The words around the match in a hit's text (`rowid` as the ranking gave it: negative for a
/// decision). Taken for the few hits shown, after ranking: a snippet re-reads and re-tokenizes
/// its row's text.
fn snippet(conn: &Connection, query: &str, rowid: i64) -> Result<String> {
    let sql = if rowid < 0 {
        "SELECT snippet(decision_text, 1, char(2), char(3), '…', 12) FROM decision_text
          WHERE decision_text MATCH ?1 AND rowid = ?2"
    } else {
        "SELECT snippet(search_text, 1, char(2), char(3), '…', 12) FROM search_text
          WHERE search_text MATCH ?1 AND rowid = ?2"
    };
    let found: Option<Option<String>> =
        conn.prepare_cached(sql)?.query_row(rusqlite::params![query, rowid.abs()], |r| r.get(0)).optional()?;
    Ok(found.flatten().unwrap_or_default())
}

/// Text on one line: newlines and runs of spaces become one space.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn hit(kind: Kind, id: String, title: String, context: String) -> Hit {
    Hit { kind, id, title, context, snippet: String::new(), product_id: None, delegation_id: None, idea_id: None }
}

/// The row behind an index entry, or `None` if it went away (the index and the tables change in
/// one transaction, so only a bug would leave one behind; it is skipped, not shown).
fn row(conn: &Connection, kind: Kind, rowid: i64) -> Result<Option<Hit>> {
    Ok(match kind {
        Kind::Goal => conn
            .prepare_cached("SELECT id, title FROM goal WHERE rowid = ?1")?
            .query_row([rowid], |r| Ok(hit(kind, r.get(0)?, r.get(1)?, "Goal".to_owned())))
            .optional()?,
        Kind::Product => conn
            .prepare_cached(
                "SELECT p.id, p.name, f.name FROM product p LEFT JOIN product_family f ON f.id = p.family_id
                  WHERE p.rowid = ?1",
            )?
            .query_row([rowid], |r| {
                let family: Option<String> = r.get(2)?;
                let context = family.map_or_else(|| "Product".to_owned(), |f| format!("Product in {f}"));
                let id: String = r.get(0)?;
                Ok(Hit { product_id: Some(id.clone()), ..hit(kind, id, r.get(1)?, context) })
            })
            .optional()?,
        Kind::Item => conn
            .prepare_cached(
                "SELECT i.id, i.title, i.product_id, coalesce(p.name, ''), i.horizon, i.period
                   FROM roadmap_item i LEFT JOIN product p ON p.id = i.product_id WHERE i.rowid = ?1",
            )?
            .query_row([rowid], |r| {
                let horizon: String = r.get(4)?;
                let horizon = Horizon::parse(&horizon).map(Horizon::label).unwrap_or("roadmap");
                let period: String = r.get(5)?;
                let product: String = r.get(3)?;
                let context = format!("{product} · {horizon} · {period}");
                Ok(Hit { product_id: r.get(2)?, ..hit(kind, r.get(0)?, r.get(1)?, context) })
            })
            .optional()?,
        Kind::Story => conn
            .prepare_cached(
                "SELECT s.id, s.title, s.delegation_id, coalesce(i.title, '')
                   FROM story s LEFT JOIN delegation d ON d.id = s.delegation_id
                   LEFT JOIN roadmap_item i ON i.id = d.item_id WHERE s.rowid = ?1",
            )?
            .query_row([rowid], |r| {
                let item: String = r.get(3)?;
                let context = if item.is_empty() { "Story".to_owned() } else { format!("Story of “{item}”") };
                Ok(Hit { delegation_id: r.get(2)?, ..hit(kind, r.get(0)?, r.get(1)?, context) })
            })
            .optional()?,
        Kind::Idea => conn
            .prepare_cached(
                "SELECT i.id, i.title, p.name FROM idea i LEFT JOIN product p ON p.id = i.product_id WHERE i.rowid = ?1",
            )?
            .query_row([rowid], |r| {
                let product: Option<String> = r.get(2)?;
                let context = product.map_or_else(|| "Idea".to_owned(), |p| format!("Idea for {p}"));
                let id: String = r.get(0)?;
                Ok(Hit { idea_id: Some(id.clone()), ..hit(kind, id, r.get(1)?, context) })
            })
            .optional()?,
        Kind::Decision => None,
    })
}

/// A decision made (one not yet made is not shown), titled by the idea as it was decided.
fn decision(conn: &Connection, rowid: i64) -> Result<Option<Hit>> {
    Ok(conn
        .prepare_cached(
            "SELECT d.id, d.idea_id, d.outcome, d.decided_ms,
                    CASE WHEN json_valid(d.pinned) THEN json_extract(d.pinned, '$.title') END, i.title
               FROM decision d LEFT JOIN idea i ON i.id = d.idea_id WHERE d.rowid = ?1 AND d.decided_ms > 0",
        )?
        .query_row([rowid], |r| {
            let pinned: Option<String> = r.get(4)?;
            let now: Option<String> = r.get(5)?;
            let title = pinned.filter(|t| !t.is_empty()).or(now).unwrap_or_default();
            let outcome: String = r.get(2)?;
            let outcome = Outcome::parse(&outcome).map_or(outcome, |o| o.label().to_owned());
            let ms: i64 = r.get(3)?;
            let day = chrono::DateTime::from_timestamp_millis(ms).map(|t| t.format("%Y-%m-%d").to_string());
            let context = format!("Decision: {outcome}{}", day.map(|d| format!(" · {d}")).unwrap_or_default());
            Ok(Hit { idea_id: r.get(1)?, ..hit(Kind::Decision, r.get(0)?, title, context) })
        })
        .optional()?)
}
