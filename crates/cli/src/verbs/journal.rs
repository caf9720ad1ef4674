//! `baton journal add|update|remove|list|export`: a PM's journal of learnings, achievements and
//! reflections — read by its author, their manager and their mentor — and its Markdown summary
//! of a period for the next 1:1.

use baton_core::api::{self, handlers, lookup, JournalEntryView};

use super::delegate::delegation_of;
use super::story::story_of;
use super::{path_text, CliResult, Ctx};
use crate::args::JournalVerb;

pub(crate) fn run(cx: &Ctx, verb: JournalVerb) -> CliResult {
    let core = &cx.core;
    match verb {
        JournalVerb::Add { text, kind, on, story, launch, delegation } => {
            let req = api::JournalAddReq {
                kind,
                body: text,
                on_day: on,
                story_id: story.map(|s| story_of(core, &s).map(|s| s.id)).transpose()?,
                launch_id: launch.map(|l| lookup::launch(core, &l)).transpose()?,
                delegation_id: delegation.map(|d| delegation_of(core, &d).map(|d| d.id)).transpose()?,
            };
            let e = handlers::journal_add(core, req)?;
            cx.out(&e, |e| format!("wrote a {} on {}\t{}", e.kind.as_str(), e.on_day, e.id))
        }
        JournalVerb::Update { entry, text, kind, on } => {
            let req = api::JournalUpdateReq { id: entry, kind, body: text, on_day: on };
            let e = handlers::journal_update(core, req)?;
            cx.out(&e, |e| format!("updated the {} of {}", e.kind.as_str(), e.on_day))
        }
        JournalVerb::Remove { entry } => {
            let e = handlers::journal_remove(core, api::IdReq { id: entry })?;
            cx.out(&e, |e| {
                format!("removed the {} of {} (its history: baton history {})", e.kind.as_str(), e.on_day, e.id)
            })
        }
        JournalVerb::List { of, from, to, kind } => {
            let author_id = of.map(|m| lookup::member(core, &m)).transpose()?;
            let list = handlers::journal_list(core, api::JournalListReq { author_id, from, to, kind })?;
            cx.out(&list, |l| {
                if l.is_empty() {
                    return "no entries in this period".to_owned();
                }
                l.iter().map(entry_line).collect::<Vec<_>>().join("\n")
            })
        }
        JournalVerb::Export { of, from, to, out } => {
            let author_id = of.map(|m| lookup::member(core, &m)).transpose()?;
            let path = out.as_deref().map(path_text).transpose()?;
            let req = api::JournalExportReq { author_id, from, to, path };
            let x = handlers::journal_export(core, req)?;
            cx.out(&x, |x| match &x.path {
                Some(p) => format!("wrote the summary to {p}"),
                None => x.markdown.trim_end().to_owned(),
            })
        }
    }
}

fn entry_line(e: &JournalEntryView) -> String {
    let link = e
        .story_title
        .as_ref()
        .map(|t| format!(" (story {t:?})"))
        .or_else(|| e.launch_title.as_ref().map(|t| format!(" (launch of {t:?})")))
        .or_else(|| e.delegation_title.as_ref().map(|t| format!(" (delegation of {t:?})")))
        .unwrap_or_default();
    let first = e.body.lines().next().unwrap_or_default();
    format!("{} {}: {first}{link}\t{}", e.on_day, e.kind.as_str(), e.id)
}
