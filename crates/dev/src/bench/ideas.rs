//! The ideas reads, through `api::dispatch` as the app calls them: leadership's queue
//! (`idea_queue`: the submitted ideas awaiting a decision, oldest first, and the other lists of
//! the sidebar) and a text search of the decision log (`decision_list` with `search`, SQLite's
//! FTS5 over `decision_text`), each against the raw SELECTs returning the same rows.
//!
//! Both read as leadership, the main laptop's member (the queue's awaiting list is leadership's
//! alone). The search word comes from the index itself (`fts5vocab`): the word whose number of
//! decisions is nearest to a hundredth of the log (at least 3, at most 60), so the figure is for
//! a search that finds a few dozen decisions at the organisation's scale, whatever the
//! generator writes.

use baton_core::api::{self, handlers, DecisionView, IdeaQueueView};
use rusqlite::Connection;
use serde_json::{json, Value};

use super::cache::{copy_db, db_file};
use super::reads::read_row;
use super::stats::repeat;
use super::{Ctx, Report, Result};

/// The leadership queue's target at the organisation's scale (5,000 ideas, 50,000 feedback).
const QUEUE_TARGET_MS: f64 = 2.0;
/// The decision log's text search target.
const SEARCH_TARGET_MS: f64 = 20.0;
/// The decision log's default page, as the app asks for it.
const LOG_LIMIT: i64 = 200;

pub(crate) fn measure(ctx: &Ctx, report: &mut Report) -> Result<()> {
    ctx.say("reads: leadership queue, decision search");
    let dir = ctx.cache.work("ideas");
    copy_db(&ctx.generated.main_dir, &dir)?;
    let db = db_file(&dir);
    let core = api::open_dir(&dir)?;
    let Some(me) = handlers::workspace_get(&core, api::NoArgs {})?.map(|w| w.me) else {
        report.note("ideas reads: the copy holds no workspace");
        return Ok(());
    };
    let conn = super::raw::open_read_only(&db)?;
    queue(ctx, report, &core, &conn, &me.id, &me.name)?;
    search(ctx, report, &core, &conn)?;
    Ok(())
}

fn ids(list: &[api::IdeaView]) -> Vec<&str> {
    list.iter().map(|i| i.id.as_str()).collect()
}

fn queue(
    ctx: &Ctx,
    report: &mut Report,
    core: &baton_core::Core,
    conn: &Connection,
    me: &str,
    name: &str,
) -> Result<()> {
    let call = || -> Result<Value> { Ok(api::dispatch(core, "idea_queue", json!({}))?) };
    let view: IdeaQueueView = serde_json::from_value(call()?)?;
    let rows = queue_rows(conn, me)?;
    let same = |got: Vec<&str>, want: &[String]| got.iter().copied().eq(want.iter().map(String::as_str));
    report.check(
        "leadership_queue: idea_queue's lists are the raw rows (awaiting a decision oldest first, to place, to \
         sponsor, returned, to revisit) and its new feedback the raw count",
        !rows.awaiting.is_empty()
            && same(ids(&view.awaiting_decision), &rows.awaiting)
            && same(ids(&view.to_place), &rows.to_place)
            && same(ids(&view.to_sponsor), &rows.to_sponsor)
            && same(ids(&view.returned), &rows.returned)
            && same(ids(&view.to_revisit), &rows.to_revisit)
            && view.feedback_new == rows.feedback_new,
        format!(
            "{} awaiting vs {}, {} to place vs {}, {} to sponsor vs {}, {} returned vs {}, {} to revisit vs {}, {} new \
             feedback vs {}",
            view.awaiting_decision.len(),
            rows.awaiting.len(),
            view.to_place.len(),
            rows.to_place.len(),
            view.to_sponsor.len(),
            rows.to_sponsor.len(),
            view.returned.len(),
            rows.returned.len(),
            view.to_revisit.len(),
            rows.to_revisit.len(),
            view.feedback_new,
            rows.feedback_new
        ),
    );
    let figure = repeat(&ctx.plan, || call().map(drop))?;
    let base = repeat(&ctx.plan, || queue_rows(conn, me).map(drop))?;
    report.rows.push(read_row(
        "leadership_queue",
        format!(
            "Leadership's queue (idea_queue, {} awaiting a decision, {} ideas listed)",
            view.awaiting_decision.len(),
            view.count
        ),
        &figure,
        &base,
        QUEUE_TARGET_MS,
    ));
    let (ideas, feedback): (i64, i64) = conn.query_row(
        "SELECT (SELECT count(*) FROM idea WHERE proposer_id IS NOT NULL),
                (SELECT count(*) FROM feedback WHERE by_id IS NOT NULL)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    report.note(format!(
        "leadership queue: as {name} (leadership, the main laptop's member), over {ideas} ideas and {feedback} feedback \
         entries: {} awaiting a decision, {} go-aheads to place, {} to sponsor, {} returned, {} to revisit, {} feedback \
         entries new; baseline: the idea rows of each list (the idea table's columns, same filters and order) and the \
         count of new feedback — without the names, products, decisions and per-idea feedback, evidence and decision \
         counts the view joins in",
        view.awaiting_decision.len(),
        view.to_place.len(),
        view.to_sponsor.len(),
        view.returned.len(),
        view.to_revisit.len(),
        view.feedback_new
    ));
    Ok(())
}

fn search(ctx: &Ctx, report: &mut Report, core: &baton_core::Core, conn: &Connection) -> Result<()> {
    let decisions: i64 = conn.query_row("SELECT count(*) FROM decision WHERE decided_ms > 0", [], |r| r.get(0))?;
    let Some((word, docs)) = word(conn, (decisions / 100).clamp(3, 60))? else {
        report.note("decision search: the decision log is empty");
        return Ok(());
    };
    let req = json!({ "search": word });
    let call = || -> Result<Value> { Ok(api::dispatch(core, "decision_list", req.clone())?) };
    let view: Vec<DecisionView> = serde_json::from_value(call()?)?;
    let query = format!("\"{word}\"*");
    let rows = search_rows(conn, &query)?;
    report.check(
        "decision_search: decision_list returns the raw FTS5 statement's decisions, newest first",
        !rows.is_empty() && view.iter().map(|d| d.id.as_str()).eq(rows.iter().map(String::as_str)),
        format!("{} decisions vs {} rows for “{word}”", view.len(), rows.len()),
    );
    let figure = repeat(&ctx.plan, || call().map(drop))?;
    let base = repeat(&ctx.plan, || search_rows(conn, &query).map(drop))?;
    report.rows.push(read_row(
        "decision_search",
        format!("Decision log search (decision_list, “{word}”: {} of {decisions} decisions)", view.len()),
        &figure,
        &base,
        SEARCH_TARGET_MS,
    ));
    report.note(format!(
        "decision search: “{word}” (in {docs} of {decisions} decisions' text as a word, {} as a prefix), picked from \
         the index as the word nearest a hundredth of the log; baseline: the raw FTS5 statement over decision_text \
         joined to the decision rows (every column), same order and limit ({LOG_LIMIT}) — without the members', ideas' \
         and products' names the view joins in",
        rows.len()
    ));
    Ok(())
}

/// The word (five letters or more, the prefix of no other word, so that searching it finds
/// exactly the decisions holding it) whose number of decisions is nearest `target`, and that
/// number.
fn word(conn: &Connection, target: i64) -> Result<Option<(String, i64)>> {
    conn.execute_batch(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.decision_vocab USING fts5vocab(main, decision_text, row)",
    )?;
    Ok(conn
        .query_row(
            "SELECT v.term, v.doc FROM temp.decision_vocab v WHERE length(v.term) >= 5 AND v.term GLOB '[a-z]*'
                AND NOT EXISTS (SELECT 1 FROM temp.decision_vocab w WHERE w.term > v.term AND w.term GLOB v.term || '*')
              ORDER BY abs(v.doc - ?1), v.term LIMIT 1",
            [target],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .ok())
}

/// The decisions whose text matches `query`, newest first: the ids, every column read.
fn search_rows(conn: &Connection, query: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, d.idea_id, d.by_id, d.outcome, d.rationale, d.changes, d.revisit, d.decided_ms, d.pinned
         FROM decision_text t JOIN decision d ON d.rowid = t.rowid
         WHERE decision_text MATCH ?1 AND d.decided_ms > 0
         ORDER BY d.decided_ms DESC, d.id DESC LIMIT ?2",
    )?;
    read_ids(&mut stmt, rusqlite::params![query, LOG_LIMIT])
}

/// Reads every column of every row (as the view must), returning the first column.
fn read_ids(stmt: &mut rusqlite::CachedStatement<'_>, params: impl rusqlite::Params) -> Result<Vec<String>> {
    let n = stmt.column_count();
    let rows = stmt.query_map(params, |r| {
        for i in 1..n {
            let _ = r.get_ref(i)?;
        }
        r.get::<_, String>(0)
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The idea table's columns, as the queue's lists read them.
const IDEA_COLUMNS: &str = "i.id, i.proposer_id, i.title, i.problem, i.proposal, i.product_id, i.reach, i.impact,
    i.confidence, i.effort, i.edited_ms, i.asked_ms, i.sponsor_id, i.sponsored_ms, i.returned_ms, i.return_note,
    i.submitted_ms, i.decision_id, i.item_id, i.placed_ms";

/// What leadership's queue is made of.
struct QueueRows {
    awaiting: Vec<String>,
    to_place: Vec<String>,
    to_sponsor: Vec<String>,
    returned: Vec<String>,
    to_revisit: Vec<String>,
    feedback_new: i64,
}

/// The rows of leadership's queue: submitted ideas without a decision (oldest submission
/// first), go-aheads not placed, juniors' ideas sent to `me` (or with no manager) for
/// sponsorship, `me`'s returned ideas, "not now" ideas whose revisit date has come, and the
/// count of feedback not triaged.
fn queue_rows(conn: &Connection, me: &str) -> Result<QueueRows> {
    let list = |filter: &str, order: &str, join: &str, args: &[&dyn rusqlite::ToSql]| -> Result<Vec<String>> {
        let mut stmt =
            conn.prepare_cached(&format!("SELECT {IDEA_COLUMNS} FROM idea i {join} WHERE {filter} ORDER BY {order}"))?;
        read_ids(&mut stmt, args)
    };
    let decided = "JOIN decision d ON d.id = i.decision_id AND d.decided_ms > 0";
    Ok(QueueRows {
        awaiting: list(
            "i.decision_id IS NULL AND i.submitted_ms > 0 AND i.proposer_id IS NOT NULL",
            "i.submitted_ms, i.id",
            "",
            &[],
        )?,
        to_place: list("i.placed_ms = 0 AND d.approved_ms > 0", "d.decided_ms, i.id", decided, &[])?,
        to_sponsor: list(
            "i.asked_ms > 0 AND i.sponsored_ms = 0 AND i.submitted_ms = 0 AND i.asked_ms > i.returned_ms
             AND (m.manager_id = ?1 OR m.manager_id IS NULL)",
            "i.asked_ms, i.id",
            "JOIN member m ON m.id = i.proposer_id",
            &[&me],
        )?,
        returned: list(
            "i.proposer_id = ?1 AND i.submitted_ms = 0 AND i.sponsored_ms = 0 AND i.returned_ms > 0
             AND i.returned_ms >= i.asked_ms",
            "i.returned_ms DESC, i.id",
            "",
            &[&me],
        )?,
        to_revisit: list(
            "d.outcome = 'not_now' AND d.revisit <= date('now', 'localtime')",
            "d.revisit, i.id",
            decided,
            &[],
        )?,
        feedback_new: conn.query_row(
            "SELECT count(*) FROM feedback
             WHERE by_id IS NOT NULL AND dismissed = '' AND idea_id IS NULL AND item_id IS NULL",
            [],
            |r| r.get(0),
        )?,
    })
}
