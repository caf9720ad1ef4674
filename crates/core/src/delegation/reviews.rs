//! The review loop: the junior asks for review of one story or a batch; the delegator approves
//! or asks for changes (each verdict pins the content it saw, see `stories.rs`), and records an
//! exception when a story violates a guardrail on purpose. Comments are threaded per story
//! (replies, resolve) and written by the parties: the delegator, the junior, the junior's
//! mentor (who comments but gives no verdict).

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension};

use super::stories::{self, Story, StoryStatus, Verdict};
use super::{clean_text, get as get_delegation, now_ms, MAX_NOTE};
use crate::error::{Error, Result};
use crate::oplog::judge::require_now;
use crate::oplog::{new_id, Core};
use crate::workspace::Actor;

/// The junior asks for review of these stories (all of one delegation or not).
pub(crate) fn request(core: &Core, actor: &Actor, ids: &[String]) -> Result<Vec<Story>> {
    if ids.is_empty() {
        return Err(Error::invalid("name at least one story to send for review"));
    }
    core.write(&actor.id, |w| {
        let at = now_ms();
        let mut out = Vec::new();
        for id in ids {
            let s = stories::get(w.conn(), id)?;
            let d = get_delegation(w.conn(), &s.delegation_id)?;
            if d.state != super::State::Accepted {
                return Err(Error::invalid(format!("{:?} is not running: nothing is reviewed under it", d.item_title)));
            }
            match s.status() {
                StoryStatus::Draft | StoryStatus::ChangesRequested => {}
                StoryStatus::InReview => {
                    return Err(Error::invalid(format!("{:?} is already waiting for review", s.title)))
                }
                _ if s.changed_since_verdict() => {}
                _ => return Err(Error::invalid(format!("{:?} was approved as it stands: nothing to review", s.title))),
            }
            require_now(w.conn(), &actor.id, "story", id, "review_asked_ms", None)?;
            w.set("story", id, "review_asked_ms", at)?;
            out.push(stories::get(w.conn(), id)?);
        }
        Ok(out)
    })
}

/// The delegator's verdict on a story, pinning its content as reviewed. Approving a story
/// with a violated guardrail needs an exception (given here, or recorded before).
pub(crate) fn decide(
    core: &Core,
    actor: &Actor,
    id: &str,
    verdict: Verdict,
    exception: Option<&str>,
    comment: Option<&str>,
) -> Result<Story> {
    let exception = exception.map(|e| clean_text("the exception", e, MAX_NOTE)).transpose()?;
    let comment = comment.map(|c| clean_text("the comment", c, MAX_NOTE)).transpose()?.filter(|c| !c.is_empty());
    if verdict == Verdict::Changes && comment.is_none() {
        return Err(Error::invalid("say what to change: asking for changes needs a comment"));
    }
    let value = match verdict {
        Verdict::Approved => "approved",
        Verdict::Changes => "changes",
        Verdict::None => return Err(Error::invalid("a verdict approves or asks for changes")),
    };
    core.write(&actor.id, |w| {
        let s = stories::get(w.conn(), id)?;
        let d = get_delegation(w.conn(), &s.delegation_id)?;
        if d.state != super::State::Accepted {
            return Err(Error::invalid(format!("{:?} is not running: nothing is reviewed under it", d.item_title)));
        }
        require_now(w.conn(), &actor.id, "story", id, "verdict", Some(value))?;
        if s.status() != StoryStatus::InReview && !(s.status() == StoryStatus::Blocked && s.review_asked_ms > s.verdict_ms) {
            return Err(Error::invalid(format!("{:?} is not waiting for review", s.title)));
        }
        let exception = exception.unwrap_or_else(|| s.exception.clone());
        if verdict == Verdict::Approved && s.violated() > 0 && exception.is_empty() {
            return Err(Error::invalid(format!(
                "{:?} violates {} of its guardrails: record an exception with a reason to approve it, or ask for changes",
                s.title,
                s.violated()
            )));
        }
        if exception != s.exception {
            w.set("story", id, "exception", exception.as_str())?;
        }
        let pinned = serde_json::to_string(&s.content()).map_err(|e| Error::invalid(e.to_string()))?;
        w.set("story", id, "verdict", value)?;
        w.set("story", id, "verdict_ms", now_ms())?;
        w.set("story", id, "pinned", pinned)?;
        if let Some(body) = &comment {
            write_comment(w, actor, &d.id, Some(id), None, body)?;
        }
        stories::get(w.conn(), id)
    })
}

/// A comment on a story (or on the delegation itself), with its replies' parent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Comment {
    pub(crate) id: String,
    pub(crate) delegation_id: String,
    pub(crate) story_id: Option<String>,
    pub(crate) parent_id: Option<String>,
    pub(crate) author_id: String,
    pub(crate) author_name: String,
    pub(crate) body: String,
    pub(crate) at_ms: i64,
    pub(crate) resolved: bool,
}

fn write_comment(
    w: &mut crate::oplog::Writer<'_>,
    actor: &Actor,
    delegation_id: &str,
    story_id: Option<&str>,
    parent_id: Option<&str>,
    body: &str,
) -> Result<String> {
    let id = new_id();
    require_now(w.conn(), &actor.id, "comment", &id, "delegation_id", Some(delegation_id))?;
    w.set("comment", &id, "author_id", actor.id.as_str())?;
    w.set("comment", &id, "delegation_id", delegation_id)?;
    if let Some(s) = story_id {
        w.set("comment", &id, "story_id", s)?;
    }
    if let Some(p) = parent_id {
        w.set("comment", &id, "parent_id", p)?;
    }
    w.set("comment", &id, "body", body)?;
    w.set("comment", &id, "at_ms", now_ms())?;
    Ok(id)
}

/// Comments on a story (`story_id`), or a reply to a comment (`parent_id`, whose story it
/// joins); on the delegation itself when neither is given.
pub(crate) fn comment(
    core: &Core,
    actor: &Actor,
    delegation_id: Option<&str>,
    story_id: Option<&str>,
    parent_id: Option<&str>,
    body: &str,
) -> Result<Comment> {
    let body = clean_text("the comment", body, MAX_NOTE)?;
    if body.is_empty() {
        return Err(Error::invalid("the comment is empty"));
    }
    core.write(&actor.id, |w| {
        let (delegation, story, parent) = match (parent_id, story_id, delegation_id) {
            (Some(p), _, _) => {
                let parent = get(w.conn(), p)?;
                // Replies thread under the first comment.
                let root = parent.parent_id.clone().unwrap_or(parent.id.clone());
                (parent.delegation_id, parent.story_id, Some(root))
            }
            (None, Some(s), _) => {
                let story = stories::get(w.conn(), s)?;
                (story.delegation_id, Some(story.id), None)
            }
            (None, None, Some(d)) => (get_delegation(w.conn(), d)?.id, None, None),
            (None, None, None) => {
                return Err(Error::invalid("say what the comment is on: a story, a comment or a delegation"))
            }
        };
        let id = write_comment(w, actor, &delegation, story.as_deref(), parent.as_deref(), &body)?;
        get(w.conn(), &id)
    })
}

/// Marks a thread resolved (or open again); any party may.
pub(crate) fn resolve(core: &Core, actor: &Actor, id: &str, resolved: bool) -> Result<Comment> {
    core.write(&actor.id, |w| {
        let c = get(w.conn(), id)?;
        let root = c.parent_id.clone().unwrap_or(c.id.clone());
        let root = get(w.conn(), &root)?;
        require_now(w.conn(), &actor.id, "comment", &root.id, "resolved", None)?;
        if root.resolved != resolved {
            w.set("comment", &root.id, "resolved", resolved)?;
        }
        get(w.conn(), &root.id)
    })
}

const SELECT: &str = "SELECT c.id, c.delegation_id, c.story_id, c.parent_id, c.author_id, m.name, c.body, c.at_ms,
        c.resolved FROM comment c JOIN member m ON m.id = c.author_id";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Comment> {
    Ok(Comment {
        id: r.get(0)?,
        delegation_id: r.get::<_, Option<String>>(1)?.unwrap_or_default(),
        story_id: r.get(2)?,
        parent_id: r.get(3)?,
        author_id: r.get(4)?,
        author_name: r.get(5)?,
        body: r.get(6)?,
        at_ms: r.get(7)?,
        resolved: r.get(8)?,
    })
}

pub(crate) fn get(conn: &Connection, id: &str) -> Result<Comment> {
    conn.prepare_cached(&format!("{SELECT} WHERE c.id = ?1 AND c.deleted = 0 AND c.delegation_id IS NOT NULL"))?
        .query_row([id], row)
        .optional()?
        .ok_or_else(|| Error::not_found("comment", id))
}

/// Every comment under a delegation (its stories' and its own), oldest first.
pub(crate) fn for_delegation(conn: &Connection, delegation_id: &str) -> Result<Vec<Comment>> {
    let mut stmt =
        conn.prepare_cached(&format!("{SELECT} WHERE c.delegation_id = ?1 AND c.deleted = 0 ORDER BY c.at_ms, c.id"))?;
    let rows = stmt.query_map([delegation_id], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The comments of each of `delegations`, oldest first, by delegation id (one statement).
pub(crate) fn for_delegations(conn: &Connection, delegations: &[&str]) -> Result<HashMap<String, Vec<Comment>>> {
    let mut out: HashMap<String, Vec<Comment>> = HashMap::new();
    if delegations.is_empty() {
        return Ok(out);
    }
    let json = serde_json::to_string(delegations).map_err(|e| Error::invalid(e.to_string()))?;
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE c.delegation_id IN (SELECT value FROM json_each(?1)) AND c.deleted = 0
         ORDER BY c.delegation_id, c.at_ms, c.id"
    ))?;
    for c in stmt.query_map([json], row)? {
        let c = c?;
        out.entry(c.delegation_id.clone()).or_default().push(c);
    }
    Ok(out)
}
