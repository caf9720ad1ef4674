//! `baton launch add|update|show|list|check|add-entry|done|cancel|template` — launches of
//! one-year items with their checklists and the product's template — and `baton progress`, the
//! roll-up from stories to goals with its risks.
//!
//! A `LAUNCH` argument is a launch's id, or the exact title of its item (its launch that is not
//! cancelled). A checklist entry is named by its number in `launch show` or its exact text.

use baton_core::api::{
    self, handlers, lookup, ChecklistEntryView, LaunchStatus, LaunchView, ProgressNodeView, ProgressView, TallyView,
};
use baton_core::{ApiError, Error};

use super::{item_in, CliResult, Ctx};
use crate::args::LaunchVerb;
use crate::render;

pub(crate) fn run(cx: &Ctx, verb: LaunchVerb) -> CliResult {
    let core = &cx.core;
    match verb {
        LaunchVerb::Add { item, owner, target } => {
            let item_id = item_in(core, None, &item)?;
            let owner_id = lookup::member(core, &owner)?;
            let l = handlers::launch_create(core, api::LaunchCreateReq { item_id, owner_id, target_on: target })?;
            cx.out(&l, |l| format!("set up {}\t{}", launch_line(l), l.id))
        }
        LaunchVerb::Update { launch, target, notes, owner } => {
            let id = lookup::launch(core, &launch)?;
            let owner_id = owner.map(|o| lookup::member(core, &o)).transpose()?;
            let l = handlers::launch_update(core, api::LaunchUpdateReq { id, target_on: target, notes, owner_id })?;
            cx.out(&l, |l| format!("updated {}", launch_line(l)))
        }
        LaunchVerb::Show { launch } => {
            // An item's title: its live launch, or a sentence saying it has none yet.
            if let Ok(item_id) = item_in(core, None, &launch) {
                let l = handlers::launch_for_item(core, api::IdReq { id: item_id })?;
                return cx.out(&l, |l| match l {
                    Some(l) => launch_text(l),
                    None => {
                        format!("{launch:?} has no launch set up: baton launch add {launch:?} --owner … --target …")
                    }
                });
            }
            let id = lookup::launch(core, &launch)?;
            let l = handlers::launch_get(core, api::IdReq { id })?;
            cx.out(&l, launch_text)
        }
        LaunchVerb::List { from, to } => {
            let list = handlers::launch_list(core, api::LaunchListReq { from, to })?;
            cx.out(&list, |l| {
                if l.is_empty() {
                    return "no launches in this period".to_owned();
                }
                l.iter().map(|l| format!("{}\t{}", launch_line(l), l.id)).collect::<Vec<_>>().join("\n")
            })
        }
        LaunchVerb::Check { launch, entry, undo, remove } => {
            let l = handlers::launch_get(core, api::IdReq { id: lookup::launch(core, &launch)? })?;
            let id = entry_of(&l.checklist, &entry)?.id.clone();
            let req = api::LaunchEntrySetReq { id, done: (!remove).then_some(!undo), remove: Some(remove) };
            let l = handlers::launch_entry_set(core, req)?;
            cx.out(&l, launch_text)
        }
        LaunchVerb::AddEntry { launch, text, mandatory } => {
            let launch_id = lookup::launch(core, &launch)?;
            let l = handlers::launch_entry_add(core, api::LaunchEntryAddReq { launch_id, text, mandatory })?;
            cx.out(&l, launch_text)
        }
        LaunchVerb::Done { launch, anyway } => {
            let id = lookup::launch(core, &launch)?;
            let l = handlers::launch_mark(core, api::LaunchMarkReq { id, anyway })?;
            cx.out(&l, |l| format!("launched {}", launch_line(l)))
        }
        LaunchVerb::Cancel { launch } => {
            let id = lookup::launch(core, &launch)?;
            let l = handlers::launch_cancel(core, api::IdReq { id })?;
            cx.out(&l, |l| format!("cancelled {}", launch_line(l)))
        }
        LaunchVerb::Template { product, add, mandatory, remove } => {
            let product_id = lookup::product(core, &product)?;
            let list = if let Some(text) = add {
                handlers::launch_template_add(core, api::TemplateAddReq { product_id, text, mandatory })?
            } else if let Some(key) = remove {
                let now = handlers::launch_template_list(core, api::ProductReq { product_id })?;
                let id = entry_of(&now, &key)?.id.clone();
                handlers::launch_template_remove(core, api::IdReq { id })?
            } else {
                handlers::launch_template_list(core, api::ProductReq { product_id })?
            };
            cx.out(&list, |l| {
                if l.is_empty() {
                    return "the template is empty: baton launch template --product P --add TEXT [--mandatory]"
                        .to_owned();
                }
                entries_text(l)
            })
        }
    }
}

fn entry_of<'a>(list: &'a [ChecklistEntryView], key: &str) -> Result<&'a ChecklistEntryView, ApiError> {
    if let Ok(n) = key.trim().parse::<usize>() {
        return n
            .checked_sub(1)
            .and_then(|i| list.get(i))
            .ok_or_else(|| Error::invalid(format!("there is no entry {n}: the checklist has {}", list.len())).into());
    }
    let found: Vec<&ChecklistEntryView> = list.iter().filter(|e| e.text.eq_ignore_ascii_case(key.trim())).collect();
    match found.as_slice() {
        [one] => Ok(one),
        [] => Err(Error::not_found("checklist entry", key).into()),
        _ => Err(Error::invalid(format!("{} entries read {key:?}: name it by its number", found.len())).into()),
    }
}

fn status_word(s: LaunchStatus) -> &'static str {
    match s {
        LaunchStatus::Planned => "planned",
        LaunchStatus::Launched => "launched",
        LaunchStatus::Cancelled => "cancelled",
    }
}

fn launch_line(l: &LaunchView) -> String {
    let done = l.checklist.iter().filter(|e| e.done).count();
    format!(
        "{} — {:?} of {}, owned by {}, {} ({done}/{} checklist entries done){}",
        l.target_on,
        l.item_title,
        l.product_name,
        l.owner_name,
        status_word(l.status),
        l.checklist.len(),
        if l.overdue { " — its date has passed" } else { "" }
    )
}

fn entries_text(list: &[ChecklistEntryView]) -> String {
    list.iter()
        .enumerate()
        .map(|(i, e)| {
            format!(
                "{:>2}. [{}] {}{}",
                i + 1,
                if e.done { "x" } else { " " },
                e.text,
                if e.mandatory { " (mandatory)" } else { "" }
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn launch_text(l: &LaunchView) -> String {
    let mut out = vec![launch_line(l)];
    if !l.checklist.is_empty() {
        out.push(entries_text(&l.checklist));
    }
    if !l.override_reason.is_empty() {
        out.push(format!("launched with mandatory entries open because: {}", l.override_reason));
    }
    if !l.notes.is_empty() {
        out.push(format!("notes: {}", l.notes));
    }
    out.join("\n")
}

pub(crate) fn progress(cx: &Ctx, goal: Option<String>, product: Option<String>, item: Option<String>) -> CliResult {
    let core = &cx.core;
    if let Some(item) = item {
        let id = item_in(core, None, &item)?;
        let list = handlers::progress_item(core, api::IdReq { id })?;
        return cx.out(&list, |l| {
            if l.is_empty() {
                return "no stories yet: this item is not in the progress figures".to_owned();
            }
            l.iter()
                .map(|p| {
                    format!(
                        "{:?} ({} pts, {}) for {}",
                        p.story.title,
                        p.story.points,
                        render::story_status_label(p.story.status),
                        p.junior_name
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        });
    }
    let goal_id = goal.map(|g| lookup::goal(core, &g)).transpose()?;
    let product_id = product.map(|p| lookup::product(core, &p)).transpose()?;
    let p = handlers::progress_get(core, api::ProgressReq { product_id, goal_id })?;
    cx.out(&p, progress_text)
}

fn tally_text(t: &TallyView) -> String {
    let pct = t.percent.map_or("no points yet".to_owned(), |p| format!("{p} %"));
    let mut s = format!("{pct} ({} of {} points)", t.points_done, t.points);
    if t.items_without_stories > 0 {
        s.push_str(&format!(", {} without stories not counted", t.items_without_stories));
    }
    s
}

fn node_lines(n: &ProgressNodeView, depth: usize, out: &mut Vec<String>) {
    let pad = "  ".repeat(depth);
    out.push(format!("{pad}{} {:?}: {}", n.item.period, n.item.title, tally_text(&n.tally)));
    if n.item.horizon == api::Horizon::OneYear {
        for r in &n.risks {
            out.push(format!("{pad}  ! {}", r.reason));
        }
    }
    for k in &n.children {
        node_lines(k, depth + 1, out);
    }
}

fn progress_text(p: &ProgressView) -> String {
    let mut out = vec![format!("all work: {}", tally_text(&p.total)), p.rule.clone()];
    for g in &p.goals {
        out.push(String::new());
        let risks = if g.risks.is_empty() { String::new() } else { format!(", {} at risk", g.risks.len()) };
        out.push(format!("goal {:?}: {}{risks}", g.title, tally_text(&g.tally)));
        for t in &g.themes {
            node_lines(t, 1, &mut out);
        }
    }
    if !p.unaligned.is_empty() {
        out.push(String::new());
        out.push("serving no goal:".to_owned());
        for n in &p.unaligned {
            node_lines(n, 1, &mut out);
        }
    }
    out.join("\n")
}
