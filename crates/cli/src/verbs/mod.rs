//! Running a parsed verb: resolve the names typed to ids (`api::lookup`), call the command's
//! handler (`api::handlers::<command>`, the same the app dispatches to), print the answer as
//! JSON or as `render`'s text. One file per noun; this one routes and holds what they share.

mod alignment;
mod delegate;
mod dev;
mod family;
mod goal;
mod guardrail;
mod history;
mod idea;
mod item;
mod journal;
mod launch;
mod product;
mod review;
mod snapshot;
mod sprint;
mod story;
mod sync;
mod workspace;

use std::path::Path;

use baton_core::api::{self, handlers, lookup};
use baton_core::{ApiError, Core, Error};
use serde::Serialize;

use crate::args::Verb;

/// What every verb runs with: the open workspace and whether to print JSON.
pub(crate) struct Ctx {
    pub(crate) core: Core,
    pub(crate) json: bool,
}

pub(crate) type CliResult = Result<(), ApiError>;

impl Ctx {
    /// Prints `value` as JSON, or as the human text `human` renders (nothing when empty).
    pub(crate) fn out<T: Serialize>(&self, value: &T, human: impl FnOnce(&T) -> String) -> CliResult {
        let text = if self.json {
            serde_json::to_string_pretty(value)
                .map_err(|e| ApiError::from(Error::invalid(format!("cannot encode output: {e}"))))?
        } else {
            human(value)
        };
        if !text.is_empty() {
            print_line(&text)?;
        }
        Ok(())
    }
}

/// Prints a line on stdout. A reader that stopped reading (`baton … | head`) is not an error.
fn print_line(text: &str) -> CliResult {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(ApiError::from(Error::Io(e))),
    }
}

pub(crate) fn run(cx: &Ctx, verb: Verb) -> CliResult {
    match verb {
        Verb::Rpc => crate::rpc::serve(&cx.core),
        Verb::Where => workspace::where_is(cx),
        Verb::Init { name, role, workspace } => workspace::init(cx, name, role, workspace),
        Verb::Sample => workspace::sample(cx),
        Verb::Whoami => workspace::whoami(cx),
        Verb::Member(v) => workspace::member(cx, v),
        Verb::Workspace(v) => workspace::workspace(cx, v),
        Verb::Goal(v) => goal::run(cx, v),
        Verb::Family(v) => family::run(cx, v),
        Verb::Product(v) => product::run(cx, v),
        Verb::Item(v) => item::run(cx, v),
        Verb::Guardrail(v) => guardrail::run(cx, v),
        Verb::Alignment { product } => alignment::run(cx, product),
        Verb::Snapshot(v) => snapshot::run(cx, v),
        Verb::Delegate(v) => delegate::run(cx, v),
        Verb::Story(v) => story::run(cx, v),
        Verb::Review(v) => review::run(cx, v),
        Verb::Inbox => delegate::inbox(cx),
        Verb::Board => delegate::board(cx),
        Verb::Feedback(v) => idea::feedback(cx, v),
        Verb::Idea(v) => idea::idea(cx, v),
        Verb::Decide { idea, outcome, rationale, changes, revisit } => {
            idea::decide(cx, &idea, outcome, rationale, changes, revisit)
        }
        Verb::Decisions { search, product, outcome, from, to, limit } => {
            idea::decisions(cx, idea::LogArgs { search, product, outcome, from, to, limit })
        }
        Verb::Revisit { upcoming } => idea::revisit(cx, upcoming),
        Verb::Sprint(v) => sprint::run(cx, v),
        Verb::Launch(v) => launch::run(cx, v),
        Verb::Progress { goal, product, item } => launch::progress(cx, goal, product, item),
        Verb::Journal(v) => journal::run(cx, v),
        Verb::Sync { folder, status } => sync::sync(cx, folder, status),
        Verb::Invite(v) => sync::invite(cx, v),
        Verb::Join { folder, invite } => sync::join(cx, &folder, invite),
        Verb::Search { words, limit } => history::search(cx, words.join(" "), limit),
        Verb::History { entity, field } => history::history(cx, entity, field),
        Verb::Restore { op } => history::restore(cx, op),
        Verb::Undo { status } => history::undo(cx, status),
        Verb::Redo => history::redo(cx),
        Verb::Conflicts { all } => history::conflicts(cx, all),
        Verb::Refused => history::refused(cx),
        Verb::Dev(v) => dev::run(cx, v),
    }
}

/// The id of the product named by `product` (name or id), when given.
fn product_id_of(core: &Core, product: Option<&str>) -> Result<Option<String>, ApiError> {
    Ok(product.map(|p| lookup::product(core, p)).transpose()?)
}

/// Resolves an item (id or exact title) within the product named by `product`, when given.
fn item_in(core: &Core, product: Option<&str>, item: &str) -> Result<String, ApiError> {
    Ok(lookup::item(core, product_id_of(core, product)?.as_deref(), item)?)
}

/// Product names by id, for lists that show which product a row belongs to.
fn product_names(core: &Core) -> Result<Vec<(String, String)>, ApiError> {
    Ok(handlers::product_list(core, api::NoArgs {})?.into_iter().map(|p| (p.id, p.name)).collect())
}

pub(super) fn path_text(p: &Path) -> Result<String, ApiError> {
    p.to_str()
        .map(str::to_owned)
        .ok_or_else(|| Error::invalid(format!("the path {} is not valid text", p.display())).into())
}
