//! The execution reads, through `api::dispatch` as the app calls them: the organisation's
//! progress roll-up (`progress_get`, every goal down to the stories) and a sprint's board
//! (`sprint_board`, its stories with their checks and the burn-up from the op log), each against
//! the raw SELECTs returning the rows it is computed from.
//!
//! Both read as leadership, the main laptop's member: the roll-up is the same for everyone, and
//! the board's stories are what every replica holds. The sprint is the open one with the most
//! stories.

use baton_core::api::{self, ProgressView, SprintBoardView};
use serde_json::{json, Value};

use super::cache::{copy_db, db_file};
use super::reads::read_row;
use super::stats::repeat;
use super::{raw, Ctx, Report, Result};

/// The progress screen's target at the organisation's scale (100,000 stories).
const ROLLUP_TARGET_MS: f64 = 100.0;
/// The sprint board's target.
const BOARD_TARGET_MS: f64 = 5.0;

pub(crate) fn measure(ctx: &Ctx, report: &mut Report) -> Result<()> {
    ctx.say("reads: progress roll-up, sprint board");
    let dir = ctx.cache.work("execution");
    copy_db(&ctx.generated.main_dir, &dir)?;
    let db = db_file(&dir);
    let core = api::open_dir(&dir)?;
    let conn = raw::open_read_only(&db)?;
    let today = rollup(ctx, report, &core, &conn)?;
    board(ctx, report, &core, &conn, &today)?;
    Ok(())
}

/// Measures the roll-up; returns the day it is for.
fn rollup(ctx: &Ctx, report: &mut Report, core: &baton_core::Core, conn: &rusqlite::Connection) -> Result<String> {
    let call = || -> Result<Value> { Ok(api::dispatch(core, "progress_get", json!({}))?) };
    let view: ProgressView = serde_json::from_value(call()?)?;
    let rows = raw::progress_rows(conn)?;
    let t = &view.total;
    report.check(
        "progress_rollup: progress_get totals the raw story sums of the delegations not withdrawn",
        t.points == rows.points
            && t.points_done == rows.points_done
            && t.stories == rows.stories
            && t.items_counted as usize == rows.counted
            && rows.stories > 0,
        format!(
            "{} points vs {}, {} done vs {}, {} stories vs {}, {} items counted vs {}",
            t.points,
            rows.points,
            t.points_done,
            rows.points_done,
            t.stories,
            rows.stories,
            t.items_counted,
            rows.counted
        ),
    );
    let risks: usize = view.goals.iter().map(|g| g.risks.len()).sum::<usize>()
        + view.unaligned.iter().map(|n| n.risks.len()).sum::<usize>();
    let figure = repeat(&ctx.plan, || call().map(drop))?;
    let base = repeat(&ctx.plan, || raw::progress_rows(conn).map(drop))?;
    report.rows.push(read_row(
        "progress_rollup",
        format!(
            "The progress roll-up (progress_get, {} goals, {} items, {} stories, {risks} risks)",
            view.goals.len(),
            rows.items,
            rows.stories
        ),
        &figure,
        &base,
        ROLLUP_TARGET_MS,
    ));
    report.note(format!(
        "progress roll-up: every goal, as leadership; {} % of {} points done over {} one-year items with stories \
         ({} without); baseline: the live roadmap items (id, parent, goal, horizon) and the story sums per item \
         (count, points, done points) of the delegations not withdrawn, one GROUP BY — without the guardrail marks, \
         check-ins and launches the risks also read",
        t.percent.unwrap_or(0),
        t.points,
        t.items_counted,
        t.items_without_stories
    ));
    Ok(view.today)
}

fn board(
    ctx: &Ctx,
    report: &mut Report,
    core: &baton_core::Core,
    conn: &rusqlite::Connection,
    today: &str,
) -> Result<()> {
    let Some((id, name, _)) = raw::busiest_open_sprint(conn)? else {
        report.note("sprint board: the workspace has no open sprint with stories (generated before sprints were)");
        return Ok(());
    };
    let req = json!({ "id": id });
    let call = || -> Result<Value> { Ok(api::dispatch(core, "sprint_board", req.clone())?) };
    let view: SprintBoardView = serde_json::from_value(call()?)?;
    let rows = raw::sprint_rows(conn, &id)?;
    let mut got: Vec<&str> = view.stories.iter().map(|s| s.story.id.as_str()).collect();
    got.sort_unstable();
    let mut want: Vec<&str> = rows.stories.iter().map(String::as_str).collect();
    want.sort_unstable();
    let checks: usize =
        view.stories.iter().map(|s| s.story.checks.iter().filter(|c| c.mark != api::Mark::Unchecked).count()).sum();
    // While the sprint runs, the burn-up's last day (today) holds every op so far. The burn-up is
    // its own command (it replays the op log): checked here, not part of the board's figure.
    let running = today <= view.sprint.ends_on.as_str();
    let burnup: Vec<api::BurnDayView> = serde_json::from_value(api::dispatch(core, "sprint_burnup", req.clone())?)?;
    let scope = burnup.last().map_or(0, |b| b.scope);
    report.check(
        "sprint_board: sprint_board returns the sprint's stories and their checks; sprint_burnup ends at its points",
        got == want
            && !got.is_empty()
            && checks == rows.checks
            && view.sprint.points == rows.points
            && (!running || scope == rows.points),
        format!(
            "{} stories vs {}; {checks} checks vs {}; {} points vs {}; burn-up scope {scope} over {} days",
            got.len(),
            want.len(),
            rows.checks,
            view.sprint.points,
            rows.points,
            burnup.len()
        ),
    );
    let figure = repeat(&ctx.plan, || call().map(drop))?;
    let base = repeat(&ctx.plan, || raw::sprint_rows(conn, &id).map(drop))?;
    report.rows.push(read_row(
        "sprint_board",
        format!("A sprint's board (sprint_board, {} stories, {} points)", got.len(), rows.points),
        &figure,
        &base,
        BOARD_TARGET_MS,
    ));
    report.note(format!(
        "sprint board: \"{name}\" of {}, the open sprint with the most stories; baseline: its live stories (every \
         column) and their guardrail checks; the burn-up is sprint_burnup, apart",
        view.sprint.product_name
    ));
    Ok(())
}
