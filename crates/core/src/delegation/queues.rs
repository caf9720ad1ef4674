//! The two work lists of delegation: the junior's inbox (offered to me, needs my action, in
//! review and for how long, check-ins due) and the senior's board (per junior: open
//! delegations, stories and points in flight, reviews waiting on me and for how long, overdue
//! check-ins, violated or at-risk guardrails). Both read only the delegations of one member
//! (indexed by `to_id` / `from_id`) and their stories.

use std::collections::HashMap;
use std::rc::Rc;

use rusqlite::Connection;

use super::reviews::{self, Comment};
use super::stories::{self, Story, StoryStatus};
use super::{list_where, Delegation, State};
use crate::error::Result;

/// A story waiting for review, with its delegation and since when.
pub(crate) type Waiting = (Rc<Delegation>, Story, i64);

/// Something in the junior's inbox that waits on them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Action {
    /// The senior asked for changes to this story.
    ChangesRequested(Story),
    /// The senior answered the junior's question (or amended the brief since).
    QuestionAnswered,
    /// Comments by others on this story or delegation, newer than the junior's last word there.
    Comments(Option<Story>, Vec<Comment>),
}

pub(crate) struct Inbox {
    pub(crate) offered: Vec<Rc<Delegation>>,
    pub(crate) actions: Vec<(Rc<Delegation>, Action)>,
    /// Stories waiting for review, with since when.
    pub(crate) in_review: Vec<Waiting>,
    /// Running delegations whose check-in is due (by now).
    pub(crate) checkins_due: Vec<(Rc<Delegation>, i64)>,
}

/// Comments by others not answered by `me`, per story (or the delegation, `None`), in
/// unresolved threads.
fn unanswered(comments: &[Comment], me: &str) -> Vec<(Option<String>, Vec<Comment>)> {
    let mut out: Vec<(Option<String>, Vec<Comment>)> = Vec::new();
    for c in comments {
        let root = c.parent_id.as_deref().unwrap_or(&c.id);
        let resolved = comments.iter().any(|r| r.id == root && r.resolved);
        if resolved || c.author_id == me {
            continue;
        }
        let answered = comments.iter().any(|r| {
            r.author_id == me
                && r.at_ms >= c.at_ms
                && r.story_id == c.story_id
                && r.parent_id.as_deref().unwrap_or(&r.id) == root
        });
        if answered {
            continue;
        }
        match out.iter_mut().find(|(s, _)| *s == c.story_id) {
            Some((_, list)) => list.push(c.clone()),
            None => out.push((c.story_id.clone(), vec![c.clone()])),
        }
    }
    out
}

pub(crate) fn inbox(conn: &Connection, me: &str, now: i64) -> Result<Inbox> {
    let mut inbox = Inbox { offered: Vec::new(), actions: Vec::new(), in_review: Vec::new(), checkins_due: Vec::new() };
    let open = list_where(conn, "d.to_id = ?1 AND d.ended = 'open'", me)?;
    let running: Vec<&Delegation> = open.iter().filter(|d| d.state == State::Accepted).collect();
    let mut stories = stories::list_many(conn, &running)?;
    let ids: Vec<&str> = running.iter().map(|d| d.id.as_str()).collect();
    let mut comments = reviews::for_delegations(conn, &ids)?;
    for d in open {
        // Shared by every entry it is listed under (a junior's inbox lists hundreds).
        let d = Rc::new(d);
        match d.state {
            State::Offered => inbox.offered.push(d),
            State::Questioned => {
                if d.question_answered() {
                    inbox.actions.push((d.clone(), Action::QuestionAnswered));
                }
                inbox.offered.push(d);
            }
            State::Accepted => {
                let list = stories.remove(&d.id).unwrap_or_default();
                let comments = comments.remove(&d.id).unwrap_or_default();
                let talk: Vec<Action> = unanswered(&comments, me)
                    .into_iter()
                    .map(|(story, waiting)| {
                        Action::Comments(story.and_then(|sid| list.iter().find(|s| s.id == sid).cloned()), waiting)
                    })
                    .collect();
                for s in list {
                    let status = s.status();
                    match status {
                        StoryStatus::ChangesRequested => inbox.actions.push((d.clone(), Action::ChangesRequested(s))),
                        StoryStatus::InReview => {
                            let since = s.waiting_since_at(status).unwrap_or(s.review_asked_ms);
                            inbox.in_review.push((d.clone(), s, since));
                        }
                        _ => {}
                    }
                }
                inbox.actions.extend(talk.into_iter().map(|a| (d.clone(), a)));
                if let Some(due) = d.checkin_due_ms().filter(|due| *due <= now) {
                    inbox.checkins_due.push((d.clone(), due));
                }
            }
            State::Completed | State::Withdrawn => {}
        }
    }
    inbox.in_review.sort_by_key(|(_, _, since)| *since);
    Ok(inbox)
}

/// One junior's line on a senior's board.
#[derive(Debug, Clone, Default)]
pub(crate) struct Line {
    pub(crate) member_id: String,
    pub(crate) member_name: String,
    pub(crate) delegations: Vec<Rc<Delegation>>,
    pub(crate) stories_in_flight: usize,
    pub(crate) points_in_flight: i64,
    pub(crate) stories_done: usize,
    /// Stories waiting on my review, oldest first, with since when.
    pub(crate) reviews: Vec<Waiting>,
    pub(crate) overdue_checkins: Vec<(Rc<Delegation>, i64)>,
    pub(crate) violated: usize,
    pub(crate) at_risk: usize,
    /// A junior `me` mentors: their work was delegated by others, and its reviews wait on them.
    pub(crate) mentee: bool,
}

/// The senior's board: a line per junior with work delegated by `me`, per junior who reports
/// to `me` even with nothing delegated yet, and then a line per junior `me` mentors (read-only
/// for `me`: their delegations come from other seniors, and their reviews wait on those).
pub(crate) fn board(conn: &Connection, me: &str, now: i64) -> Result<Vec<Line>> {
    let mut lines: Vec<Line> = Vec::new();
    let mut reports = conn.prepare_cached(
        "SELECT id, name FROM member WHERE manager_id = ?1 AND deleted = 0 AND role = 'junior' ORDER BY name COLLATE NOCASE, id",
    )?;
    let rows = reports.query_map([me], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (id, name) = row?;
        lines.push(Line { member_id: id, member_name: name, ..Line::default() });
    }
    let mine = list_where(conn, "d.from_id = ?1 AND d.ended = 'open'", me)?;
    let mut stories = running_stories(conn, &mine)?;
    for d in mine {
        let at = match lines.iter().position(|l| l.member_id == d.to_id) {
            Some(at) => at,
            None => {
                lines.push(Line { member_id: d.to_id.clone(), member_name: d.to_name.clone(), ..Line::default() });
                lines.len() - 1
            }
        };
        let list = stories.remove(&d.id).unwrap_or_default();
        tally(&mut lines[at], Rc::new(d), list, now);
    }
    let mut mentees = conn.prepare_cached(
        "SELECT id, name FROM member WHERE mentor_id = ?1 AND deleted = 0 ORDER BY name COLLATE NOCASE, id",
    )?;
    let rows: Vec<(String, String)> =
        mentees.query_map([me], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    for (id, name) in rows {
        if lines.iter().any(|l| l.member_id == id) {
            continue;
        }
        let mut line = Line { member_id: id.clone(), member_name: name, mentee: true, ..Line::default() };
        let theirs = list_where(conn, "d.to_id = ?1 AND d.ended = 'open'", &id)?;
        let mut stories = running_stories(conn, &theirs)?;
        for d in theirs {
            let list = stories.remove(&d.id).unwrap_or_default();
            tally(&mut line, Rc::new(d), list, now);
        }
        lines.push(line);
    }
    for line in &mut lines {
        line.reviews.sort_by_key(|(_, _, since)| *since);
    }
    Ok(lines)
}

/// The stories of the running (accepted) ones of `delegations`, by delegation id.
fn running_stories(conn: &Connection, delegations: &[Delegation]) -> Result<HashMap<String, Vec<Story>>> {
    let running: Vec<&Delegation> = delegations.iter().filter(|d| d.state == State::Accepted).collect();
    stories::list_many(conn, &running)
}

/// Adds one open delegation and its stories (empty unless it runs) to a board line.
fn tally(line: &mut Line, d: Rc<Delegation>, stories: Vec<Story>, now: i64) {
    if d.state == State::Accepted {
        for s in stories {
            let status = s.status();
            match status {
                StoryStatus::Ready
                | StoryStatus::InProgress
                | StoryStatus::InQa
                | StoryStatus::InReview
                | StoryStatus::Blocked => {
                    line.stories_in_flight += 1;
                    line.points_in_flight += s.points;
                }
                StoryStatus::Done => line.stories_done += 1,
                StoryStatus::Draft | StoryStatus::ChangesRequested => {}
            }
            if status != StoryStatus::Done {
                line.violated += s.violated();
                line.at_risk += s.at_risk();
            }
            if let Some(since) = s.waiting_since_at(status) {
                line.reviews.push((d.clone(), s, since));
            }
        }
        if let Some(due) = d.checkin_due_ms().filter(|due| *due <= now) {
            line.overdue_checkins.push((d.clone(), due));
        }
    }
    line.delegations.push(d);
}

/// The stories waiting on `me` to review, oldest first.
pub(crate) fn review_queue(conn: &Connection, me: &str) -> Result<Vec<Waiting>> {
    let mut out = Vec::new();
    let mine = list_where(conn, "d.from_id = ?1 AND d.ended = 'open'", me)?;
    let mut stories = running_stories(conn, &mine)?;
    for d in mine {
        let list = stories.remove(&d.id).unwrap_or_default();
        let d = Rc::new(d);
        for s in list {
            if let Some(since) = s.waiting_since() {
                out.push((d.clone(), s, since));
            }
        }
    }
    out.sort_by_key(|(_, _, since)| *since);
    Ok(out)
}
