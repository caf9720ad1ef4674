//! The delegation reads, through `api::dispatch` as the app calls them: the junior's inbox
//! (`inbox_get`), the senior's board (`board_get`) and a delegated item with its stories
//! (`delegation_get`), each against the raw SELECTs returning the rows it is computed from.
//!
//! The inbox and the board answer for "me", the member the laptop acts as. Every replica holds
//! the same tables, so instead of catching a junior's and a senior's laptop up with the whole
//! log (minutes), the measures run on a copy of the main laptop's database whose device acts as
//! that member (`baseline::act_as`): the same rows the member's own laptop holds after a sync.
//! Who: the junior with the most open delegations, the senior PM with the most open delegations
//! they made, and the delegation with the most stories.

use std::collections::{BTreeMap, BTreeSet};

use baton_core::api::{self, handlers, BoardView, DelegatedItemView, InboxKind, InboxView, StoryStatus};
use rusqlite::Connection;
use serde_json::{json, Value};

use super::cache::{copy_db, db_file};
use super::reads::read_row;
use super::stats::repeat;
use super::{baseline, raw, Ctx, Error, Report, Result};

pub(crate) fn measure(ctx: &Ctx, report: &mut Report) -> Result<()> {
    ctx.say("reads: inbox, board, delegated item");
    let dir = ctx.cache.work("delegation");
    copy_db(&ctx.generated.main_dir, &dir)?;
    let db = db_file(&dir);

    // Who: picked from every open delegation, as leadership (the main laptop's member) sees them.
    let core = api::open_dir(&dir)?;
    let open = handlers::delegation_list(&core, api::DelegationListReq::default())?;
    let members = handlers::member_list(&core, api::NoArgs {})?;
    let busiest = |key: &dyn Fn(&api::DelegationView) -> &str, role: api::Role| {
        let mut n: BTreeMap<&str, usize> = BTreeMap::new();
        for d in &open {
            *n.entry(key(d)).or_default() += 1;
        }
        n.into_iter()
            .filter(|(id, _)| members.iter().any(|m| m.id == *id && m.role == role))
            .max_by_key(|(id, k)| (*k, std::cmp::Reverse(*id)))
            .map(|(id, _)| id.to_owned())
    };
    let (Some(junior), Some(senior)) =
        (busiest(&|d| d.to_id.as_str(), api::Role::Junior), busiest(&|d| d.from_id.as_str(), api::Role::Senior))
    else {
        report.note("delegation reads: the workspace has no open delegation from a senior PM to a junior PM");
        return Ok(());
    };
    drop(core);
    let conn = raw::open_read_only(&db)?;
    let largest = raw::largest_delegation(&conn)?.ok_or_else(|| Error::new("the workspace has no story"))?;
    drop(conn);

    let name = |id: &str| members.iter().find(|m| m.id == id).map_or_else(String::new, |m| m.name.clone());
    inbox(ctx, report, &db, &dir, &junior, &name(&junior))?;
    board(ctx, report, &db, &dir, &senior, &name(&senior))?;
    item(ctx, report, &db, &dir, &senior, &largest)?;
    Ok(())
}

/// Opens the copy acting as `member`, and a read-only connection for the baseline.
fn as_member(db: &std::path::Path, dir: &std::path::Path, member: &str) -> Result<(baton_core::Core, Connection)> {
    baseline::act_as(db, member)?;
    Ok((api::open_dir(dir)?, raw::open_read_only(db)?))
}

fn inbox(
    ctx: &Ctx,
    report: &mut Report,
    db: &std::path::Path,
    dir: &std::path::Path,
    me: &str,
    who: &str,
) -> Result<()> {
    let (core, conn) = as_member(db, dir, me)?;
    let call = || -> Result<Value> { Ok(api::dispatch(&core, "inbox_get", json!({}))?) };
    let view: InboxView = serde_json::from_value(call()?)?;
    let rows = raw::inbox_rows(&conn, me)?;
    // What the inbox says against each open delegation's own view.
    let (mut review, mut changes) = (BTreeSet::new(), BTreeSet::new());
    for d in &rows.delegations {
        let item = handlers::delegation_get(&core, api::IdReq { id: d.clone() })?;
        for s in item.stories {
            match s.status {
                StoryStatus::InReview => review.insert(s.id),
                StoryStatus::ChangesRequested => changes.insert(s.id),
                _ => false,
            };
        }
    }
    let got_review: BTreeSet<String> = view.in_review.iter().map(|w| w.story_id.clone()).collect();
    let got_changes: BTreeSet<String> = view
        .actions
        .iter()
        .filter(|a| a.kind == InboxKind::ChangesRequested)
        .filter_map(|a| a.story_id.clone())
        .collect();
    report.check(
        "inbox: inbox_get lists the stories in review and sent back that the delegations' views show",
        got_review == review && got_changes == changes && !review.is_empty(),
        format!(
            "{} in review vs {}, {} sent back vs {}; {} offers, {} actions",
            got_review.len(),
            review.len(),
            got_changes.len(),
            changes.len(),
            view.offered.len(),
            view.actions.len()
        ),
    );
    let figure = repeat(&ctx.plan, || call().map(drop))?;
    let base = repeat(&ctx.plan, || raw::inbox_rows(&conn, me).map(drop))?;
    report.rows.push(read_row(
        "inbox",
        format!(
            "A junior's inbox (inbox_get, {} open delegations, {} stories, {} items listed)",
            rows.delegations.len(),
            rows.stories,
            view.offered.len() + view.actions.len() + view.in_review.len()
        ),
        &figure,
        &base,
        2.0,
    ));
    report.note(format!(
        "inbox: {who}, the junior PM with the most open delegations; baseline: their open delegations (with item, \
         product and people's names), those delegations' stories, the stories' guardrail checks and the comments ({} \
         stories, {} checks, {} comments)",
        rows.stories, rows.checks, rows.comments
    ));
    Ok(())
}

fn board(
    ctx: &Ctx,
    report: &mut Report,
    db: &std::path::Path,
    dir: &std::path::Path,
    me: &str,
    who: &str,
) -> Result<()> {
    let (core, conn) = as_member(db, dir, me)?;
    let call = || -> Result<Value> { Ok(api::dispatch(&core, "board_get", json!({}))?) };
    let view: BoardView = serde_json::from_value(call()?)?;
    let rows = raw::board_rows(&conn, me)?;
    let listed: BTreeSet<&str> = view.lines.iter().flat_map(|l| l.delegations.iter().map(|d| d.id.as_str())).collect();
    let want: BTreeSet<&str> = rows.delegations.iter().map(String::as_str).collect();
    let mut waiting = 0usize;
    for d in &rows.delegations {
        let item: DelegatedItemView = handlers::delegation_get(&core, api::IdReq { id: d.clone() })?;
        waiting += item.stories.iter().filter(|s| s.waiting_since_ms.is_some()).count();
    }
    report.check(
        "board: board_get lists the senior's open delegations and every story waiting on their review",
        listed == want && view.reviews_waiting as usize == waiting && waiting > 0,
        format!(
            "{} delegations vs {}; {} reviews waiting vs {}; {} lines",
            listed.len(),
            want.len(),
            view.reviews_waiting,
            waiting,
            view.lines.len()
        ),
    );
    let figure = repeat(&ctx.plan, || call().map(drop))?;
    let base = repeat(&ctx.plan, || raw::board_rows(&conn, me).map(drop))?;
    report.rows.push(read_row(
        "board",
        format!(
            "A senior's board (board_get, {} juniors, {} open delegations, {} stories)",
            view.lines.len(),
            rows.delegations.len(),
            rows.stories
        ),
        &figure,
        &base,
        5.0,
    ));
    report.note(format!(
        "board: {who}, the senior PM with the most open delegations; baseline: their juniors, their open delegations \
         (with names), those delegations' stories and the stories' guardrail checks ({} checks)",
        rows.checks
    ));
    Ok(())
}

fn item(ctx: &Ctx, report: &mut Report, db: &std::path::Path, dir: &std::path::Path, me: &str, id: &str) -> Result<()> {
    let (core, conn) = as_member(db, dir, me)?;
    let req = json!({ "id": id });
    let call = || -> Result<Value> { Ok(api::dispatch(&core, "delegation_get", req.clone())?) };
    let view: DelegatedItemView = serde_json::from_value(call()?)?;
    let rows = raw::delegation_rows(&conn, id)?;
    let got: Vec<&str> = view.stories.iter().map(|s| s.id.as_str()).collect();
    let checks: usize =
        view.stories.iter().map(|s| s.checks.iter().filter(|c| c.mark != api::Mark::Unchecked).count()).sum();
    report.check(
        "delegated item: delegation_get returns the baseline's stories in their order, checks and comments",
        got == rows.stories.iter().map(String::as_str).collect::<Vec<_>>()
            && checks == rows.checks
            && view.comments.len() == rows.comments
            && view.guardrails.len() == rows.guardrails,
        format!(
            "{} stories vs {}; {checks} checks vs {}; {} comments vs {}; {} guardrails vs {}",
            got.len(),
            rows.stories.len(),
            rows.checks,
            view.comments.len(),
            rows.comments,
            view.guardrails.len(),
            rows.guardrails
        ),
    );
    let figure = repeat(&ctx.plan, || call().map(drop))?;
    let base = repeat(&ctx.plan, || raw::delegation_rows(&conn, id).map(drop))?;
    report.rows.push(read_row(
        "delegated_item",
        format!(
            "A delegated item (delegation_get, {} stories, {} guardrails, {} comments)",
            got.len(),
            view.guardrails.len(),
            view.comments.len()
        ),
        &figure,
        &base,
        5.0,
    ));
    report.note(format!(
        "delegated item: \"{}\", the delegation with the most stories, read as that senior PM; baseline: the delegation \
         (with names), the item's requirements, its own and inherited guardrails, the stories, their checks, comments \
         and check-ins",
        view.delegation.item_title
    ));
    Ok(())
}
