//! Search everything, as the command palette calls it (`search` through `api::dispatch`, 12
//! results), against the raw FTS5 statement that ranks the same index: the least SQLite does
//! to answer. Three searches: a rare word (one row holds it), the most common word of the index,
//! and that word's first two letters (the palette's first search as one types).
//!
//! The words come from the index itself (`fts5vocab`), so the figures hold for whatever the
//! generator writes.

use baton_core::api::{self, SearchHitView};
use rusqlite::Connection;
use serde_json::{json, Value};

use super::cache::{copy_db, db_file};
use super::reads::read_row;
use super::stats::repeat;
use super::{raw, Ctx, Error, Report, Result};

/// The palette's target, from the issue: ≤ 20 ms at the organisation's scale.
const TARGET_MS: f64 = 20.0;
const LIMIT: i64 = 12;

pub(crate) fn measure(ctx: &Ctx, report: &mut Report) -> Result<()> {
    ctx.say("reads: search everything");
    let dir = ctx.cache.work("search");
    copy_db(&ctx.generated.main_dir, &dir)?;
    let db = db_file(&dir);
    let conn = raw::open_read_only(&db)?;
    let (indexed, rare, common, common_docs) = words(&conn)?;
    let core = api::open_dir(&dir)?;
    let prefix: String = common.chars().take(2).collect();
    for (key, what, query) in [
        ("search_rare", format!("a rare word (“{rare}”, in 1 of {indexed} rows)"), rare.clone()),
        ("search_common", format!("the most common word (“{common}”, in {common_docs} rows)"), common.clone()),
        ("search_prefix", format!("two letters as one starts typing (“{prefix}”)"), prefix.clone()),
    ] {
        let req = json!({ "query": query, "limit": LIMIT });
        let call = || -> Result<Value> { Ok(api::dispatch(&core, "search", req.clone())?) };
        let hits: Vec<SearchHitView> = serde_json::from_value(call()?)?;
        let base_rows = baseline(&conn, &query)?;
        report.check(
            &format!("{key}: search returns as many hits as the raw ranked FTS5 statement, each with a title"),
            hits.len() == base_rows && !hits.is_empty() && hits.iter().all(|h| !h.title.is_empty()),
            format!("{} hits vs {base_rows} rows", hits.len()),
        );
        let figure = repeat(&ctx.plan, || call().map(drop))?;
        let base = repeat(&ctx.plan, || baseline(&conn, &query).map(drop))?;
        report.rows.push(read_row(
            key,
            format!("Palette search, {what}: the best {LIMIT} (search)"),
            &figure,
            &base,
            TARGET_MS,
        ));
    }
    report.note(format!(
        "search: {indexed} rows indexed (goals, products, roadmap items with their requirements, stories; ideas and \
         decisions when the workspace has them); baseline: the raw FTS5 statement ranking the same index (bm25, title \
         ×10) for the same words, LIMIT {LIMIT}, without reading the rows found"
    ));
    Ok(())
}

/// How many rows the index holds, a word only one row holds (the longest such, for a stable
/// choice), the word most rows hold (of four letters or more), and how many rows hold it.
fn words(conn: &Connection) -> Result<(i64, String, String, i64)> {
    let indexed: i64 = conn.query_row("SELECT count(*) FROM search_text", [], |r| r.get(0))?;
    conn.execute_batch("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab USING fts5vocab(main, search_text, row)")?;
    let rare: Option<String> = conn
        .query_row(
            "SELECT term FROM temp.search_vocab WHERE doc = 1 AND length(term) >= 6 AND term GLOB '[a-z]*'
              ORDER BY length(term) DESC, term LIMIT 1",
            [],
            |r| r.get(0),
        )
        .ok();
    let common: Option<(String, i64)> = conn
        .query_row(
            "SELECT term, doc FROM temp.search_vocab WHERE length(term) >= 4 AND term GLOB '[a-z]*'
              ORDER BY doc DESC, term LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .ok();
    match (rare, common) {
        (Some(rare), Some((common, docs))) => Ok((indexed, rare, common, docs)),
        _ => Err(Error::new("search: the index holds no word to search for")),
    }
}

/// The raw ranked statement over the same indexes (`search_text` and the decision log's) for the words of `query` (each a prefix, all
/// required, as the core builds them): how many rows it returns.
fn baseline(conn: &Connection, query: &str) -> Result<usize> {
    let expr: Vec<String> =
        query.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| format!("\"{w}\"*")).collect();
    let mut stmt = conn.prepare_cached(
        "SELECT rowid, bm25(search_text, 10.0, 1.0) AS score FROM search_text WHERE search_text MATCH ?1
         UNION ALL
         SELECT -rowid, bm25(decision_text, 10.0, 1.0) AS score FROM decision_text WHERE decision_text MATCH ?1
         ORDER BY score LIMIT ?2",
    )?;
    let rows = stmt.query_map(rusqlite::params![expr.join(" "), LIMIT], |r| r.get::<_, i64>(0))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?.len())
}
