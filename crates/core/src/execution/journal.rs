//! The journal: what a PM learned, achieved and thought over, entry by entry, each on a day
//! and optionally linked to a story, a launch or a delegation. An entry is written, changed and
//! removed by its author alone (the table's rule). Reading is for the author, their manager and
//! their mentor — no one else, whatever their role: the entries travel to every laptop with the
//! rest of the workspace (sync carries whole tables), and the commands that read them are where
//! the privacy is kept. "Share" turns a chosen period into Markdown for the next 1:1.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{clean_day, today};
use crate::delegation::{clean_text, now_ms};
use crate::error::{Error, Result};
use crate::oplog::judge::require_now;
use crate::oplog::{new_id, Core};
use crate::workspace::{self, Actor, Member};

pub(crate) const MAX_BODY: usize = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum JournalKind {
    Learning,
    Achievement,
    Reflection,
}

impl JournalKind {
    pub const ALL: [JournalKind; 3] = [JournalKind::Achievement, JournalKind::Learning, JournalKind::Reflection];
    pub fn as_str(self) -> &'static str {
        match self {
            JournalKind::Learning => "learning",
            JournalKind::Achievement => "achievement",
            JournalKind::Reflection => "reflection",
        }
    }
    fn parse(s: &str) -> JournalKind {
        match s {
            "achievement" => JournalKind::Achievement,
            "reflection" => JournalKind::Reflection,
            _ => JournalKind::Learning,
        }
    }
    fn heading(self) -> &'static str {
        match self {
            JournalKind::Learning => "Learnings",
            JournalKind::Achievement => "Achievements",
            JournalKind::Reflection => "Reflections",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) id: String,
    pub(crate) author_id: String,
    pub(crate) author_name: String,
    pub(crate) kind: JournalKind,
    pub(crate) body: String,
    pub(crate) on_day: String,
    pub(crate) story_id: Option<String>,
    pub(crate) story_title: Option<String>,
    pub(crate) launch_id: Option<String>,
    pub(crate) launch_title: Option<String>,
    pub(crate) delegation_id: Option<String>,
    pub(crate) delegation_title: Option<String>,
    pub(crate) at_ms: i64,
}

impl Entry {
    /// What the entry is linked to, in words ("story “Tap to pay”").
    pub(crate) fn link_text(&self) -> Option<String> {
        if let Some(t) = &self.story_title {
            Some(format!("story “{t}”"))
        } else if let Some(t) = &self.launch_title {
            Some(format!("launch of “{t}”"))
        } else {
            self.delegation_title.as_ref().map(|t| format!("delegation of “{t}”"))
        }
    }
}

const SELECT: &str = "SELECT j.id, j.author_id, coalesce(m.name, ''), j.kind, j.body, j.on_day,
        j.story_id, s.title, j.launch_id, li.title, j.delegation_id, di.title, j.at_ms
    FROM journal_entry j
    LEFT JOIN member m ON m.id = j.author_id
    LEFT JOIN story s ON s.id = j.story_id AND s.deleted = 0
    LEFT JOIN launch l ON l.id = j.launch_id AND l.deleted = 0
    LEFT JOIN roadmap_item li ON li.id = l.item_id
    LEFT JOIN delegation d ON d.id = j.delegation_id
    LEFT JOIN roadmap_item di ON di.id = d.item_id";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
    Ok(Entry {
        id: r.get(0)?,
        author_id: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
        author_name: r.get(2)?,
        kind: JournalKind::parse(&r.get::<_, String>(3)?),
        body: r.get(4)?,
        on_day: r.get(5)?,
        story_id: r.get(6)?,
        story_title: r.get(7)?,
        launch_id: r.get(8)?,
        launch_title: r.get(9)?,
        delegation_id: r.get(10)?,
        delegation_title: r.get(11)?,
        at_ms: r.get(12)?,
    })
}

/// May `viewer` read `author`'s journal? The author, their manager and their mentor.
pub(crate) fn require_reader(viewer: &Actor, author: &Member) -> Result<()> {
    let id = Some(viewer.id.as_str());
    if viewer.id == author.id || author.manager_id.as_deref() == id || author.mentor_id.as_deref() == id {
        Ok(())
    } else {
        Err(Error::denied(format!(
            "{}'s journal is private: it is read by {}, their manager and their mentor",
            author.name, author.name
        )))
    }
}

fn get(conn: &Connection, id: &str) -> Result<Entry> {
    conn.prepare_cached(&format!("{SELECT} WHERE j.id = ?1 AND j.deleted = 0"))?
        .query_row([id], row)
        .optional()?
        .ok_or_else(|| Error::not_found("journal entry", id))
}

/// What to list: whose journal, which days (`YYYY-MM-DD`, bounds included; empty: open), which
/// kind (none: all).
#[derive(Debug, Clone, Default)]
pub(crate) struct Filter<'a> {
    pub(crate) author_id: &'a str,
    pub(crate) from: &'a str,
    pub(crate) to: &'a str,
    pub(crate) kind: Option<JournalKind>,
}

/// A member's entries in a period, newest day first.
pub(crate) fn list(conn: &Connection, viewer: &Actor, f: &Filter<'_>) -> Result<Vec<Entry>> {
    let author = workspace::member(conn, f.author_id)?;
    require_reader(viewer, &author)?;
    let from = if f.from.trim().is_empty() { String::new() } else { clean_day("the first day", f.from)? };
    let to = if f.to.trim().is_empty() { String::new() } else { clean_day("the last day", f.to)? };
    if !from.is_empty() && !to.is_empty() && from > to {
        return Err(Error::invalid(format!("the period starts ({from}) after it ends ({to})")));
    }
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE j.author_id = ?1 AND j.deleted = 0
           AND (?2 = '' OR j.on_day >= ?2) AND (?3 = '' OR j.on_day <= ?3)
         ORDER BY j.on_day DESC, j.at_ms DESC, j.id"
    ))?;
    let rows = stmt.query_map(params![author.id, from, to], row)?;
    let all: Vec<Entry> = rows.collect::<rusqlite::Result<_>>()?;
    Ok(all.into_iter().filter(|e| f.kind.is_none_or(|k| e.kind == k)).collect())
}

/// What an entry says and what it is linked to.
#[derive(Debug, Clone, Default)]
pub(crate) struct Draft<'a> {
    pub(crate) kind: Option<JournalKind>,
    pub(crate) body: Option<&'a str>,
    pub(crate) on_day: Option<&'a str>,
    pub(crate) story_id: Option<&'a str>,
    pub(crate) launch_id: Option<&'a str>,
    pub(crate) delegation_id: Option<&'a str>,
}

fn exists(conn: &Connection, table: &'static str, id: &str) -> Result<bool> {
    // `table` is one of this module's literals.
    let sql = format!("SELECT 1 FROM {table} WHERE id = ?1");
    Ok(conn.prepare_cached(&sql)?.query_row([id], |_| Ok(())).optional()?.is_some())
}

/// Writes a new entry in the actor's own journal (the day defaults to today).
pub(crate) fn add(core: &Core, actor: &Actor, draft: &Draft<'_>) -> Result<Entry> {
    let body = clean_text("the entry", draft.body.unwrap_or_default(), MAX_BODY)?;
    if body.is_empty() {
        return Err(Error::invalid("the entry is empty: write what you learned or achieved"));
    }
    let day = match draft.on_day.filter(|d| !d.trim().is_empty()) {
        Some(d) => clean_day("the day", d)?,
        None => today(),
    };
    let id = new_id();
    core.write(&actor.id, |w| {
        require_now(w.conn(), &actor.id, "journal_entry", &id, "author_id", Some(&actor.id))?;
        let links = [
            ("story", "story_id", draft.story_id),
            ("launch", "launch_id", draft.launch_id),
            ("delegation", "delegation_id", draft.delegation_id),
        ];
        for (table, _, link) in links {
            if let Some(l) = link.filter(|l| !l.is_empty()) {
                if !exists(w.conn(), table, l)? {
                    return Err(Error::not_found(table, l));
                }
            }
        }
        w.set("journal_entry", &id, "author_id", actor.id.as_str())?;
        w.set("journal_entry", &id, "kind", draft.kind.unwrap_or(JournalKind::Learning).as_str())?;
        w.set("journal_entry", &id, "body", body.as_str())?;
        w.set("journal_entry", &id, "on_day", day.as_str())?;
        w.set("journal_entry", &id, "at_ms", now_ms())?;
        for (_, field, link) in links {
            if let Some(l) = link.filter(|l| !l.is_empty()) {
                w.set("journal_entry", &id, field, l)?;
            }
        }
        get(w.conn(), &id)
    })
}

/// Changes an entry's kind, words or day (its author).
pub(crate) fn update(core: &Core, actor: &Actor, id: &str, draft: &Draft<'_>) -> Result<Entry> {
    let body = draft.body.map(|b| clean_text("the entry", b, MAX_BODY)).transpose()?;
    if body.as_deref() == Some("") {
        return Err(Error::invalid("the entry is empty: remove it instead"));
    }
    let day = draft.on_day.map(|d| clean_day("the day", d)).transpose()?;
    core.write(&actor.id, |w| {
        let old = get(w.conn(), id)?;
        require_now(w.conn(), &actor.id, "journal_entry", id, "body", None)?;
        if let Some(k) = draft.kind.filter(|k| *k != old.kind) {
            w.set("journal_entry", id, "kind", k.as_str())?;
        }
        if let Some(b) = body.filter(|b| *b != old.body) {
            w.set("journal_entry", id, "body", b)?;
        }
        if let Some(d) = day.filter(|d| *d != old.on_day) {
            w.set("journal_entry", id, "on_day", d)?;
        }
        get(w.conn(), id)
    })
}

/// Removes an entry (its author).
pub(crate) fn remove(core: &Core, actor: &Actor, id: &str) -> Result<Entry> {
    core.write(&actor.id, |w| {
        let old = get(w.conn(), id)?;
        require_now(w.conn(), &actor.id, "journal_entry", id, "deleted", None)?;
        w.set("journal_entry", id, "deleted", true)?;
        Ok(old)
    })
}

/// The Markdown summary of a member's entries in a period, for their next 1:1: a heading with
/// the period, then achievements, learnings and reflections, oldest first within each.
pub(crate) fn summary(conn: &Connection, viewer: &Actor, f: &Filter<'_>) -> Result<String> {
    let author = workspace::member(conn, f.author_id)?;
    let mut entries = list(conn, viewer, f)?;
    entries.reverse();
    let period = match (f.from.trim(), f.to.trim()) {
        ("", "") => "all entries".to_owned(),
        (from, "") => format!("from {from}"),
        ("", to) => format!("until {to}"),
        (from, to) => format!("{from} to {to}"),
    };
    let mut out = format!("# {} — learnings and achievements, {period}\n", author.name);
    if entries.is_empty() {
        out.push_str("\nNo entries in this period.\n");
        return Ok(out);
    }
    for kind in JournalKind::ALL {
        let of_kind: Vec<&Entry> = entries.iter().filter(|e| e.kind == kind).collect();
        if of_kind.is_empty() {
            continue;
        }
        out.push_str(&format!("\n## {} ({})\n\n", kind.heading(), of_kind.len()));
        for e in of_kind {
            let mut lines = e.body.lines();
            let first = lines.next().unwrap_or_default();
            out.push_str(&format!("- **{}** {first}", e.on_day));
            for more in lines {
                out.push_str(&format!("\n  {more}"));
            }
            if let Some(link) = e.link_text() {
                out.push_str(&format!(" _(on the {link})_"));
            }
            out.push('\n');
        }
    }
    Ok(out)
}
