//! Organisation goals: the broad aims every roadmap must serve.

pub(crate) mod tables;

use rusqlite::{Connection, OptionalExtension};

use crate::error::{Error, Result};
use crate::oplog::{new_id, Core};
use crate::workspace::{clean_name, Action, Actor};

pub(crate) const MAX_TITLE: usize = 200;
pub(crate) const MAX_DESCRIPTION: usize = 20_000;
pub(crate) const MAX_MEASURE: usize = 500;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Goal {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) description: String,
    /// How progress on the goal is measured ("net new self-serve ARR").
    pub(crate) measure: String,
}

/// Trims a multi-line text and checks its length.
pub(crate) fn clean_text(what: &str, s: &str, max: usize) -> Result<String> {
    let s = s.trim();
    if s.chars().count() > max {
        return Err(Error::invalid(format!("{what} is longer than {max} characters")));
    }
    if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r') {
        return Err(Error::invalid(format!("{what} contains a control character")));
    }
    Ok(s.to_owned())
}

pub(crate) fn create(core: &Core, actor: &Actor, title: &str, description: &str, measure: &str) -> Result<Goal> {
    let title = clean_name("goal title", title, MAX_TITLE)?;
    let description = clean_text("goal description", description, MAX_DESCRIPTION)?;
    let measure = clean_text("goal measure", measure, MAX_MEASURE)?;
    actor.require(Action::EditGoals, "add organisation goals")?;
    let id = new_id();
    core.write(&actor.id, |w| {
        w.set("goal", &id, "title", title.as_str())?;
        w.set("goal", &id, "description", description.as_str())?;
        w.set("goal", &id, "measure", measure.as_str())?;
        get(w.conn(), &id)
    })
}

/// What to change on a goal; `None` leaves a field as it is.
#[derive(Debug, Default)]
pub(crate) struct GoalUpdate<'a> {
    pub(crate) title: Option<&'a str>,
    pub(crate) description: Option<&'a str>,
    pub(crate) measure: Option<&'a str>,
}

pub(crate) fn update(core: &Core, actor: &Actor, id: &str, up: GoalUpdate<'_>) -> Result<Goal> {
    let title = up.title.map(|t| clean_name("goal title", t, MAX_TITLE)).transpose()?;
    let description = up.description.map(|d| clean_text("goal description", d, MAX_DESCRIPTION)).transpose()?;
    let measure = up.measure.map(|m| clean_text("goal measure", m, MAX_MEASURE)).transpose()?;
    actor.require(Action::EditGoals, "edit organisation goals")?;
    core.write(&actor.id, |w| {
        let old = get(w.conn(), id)?;
        for (field, new, was) in [
            ("title", title, &old.title),
            ("description", description, &old.description),
            ("measure", measure, &old.measure),
        ] {
            if let Some(new) = new.filter(|n| n != was) {
                w.set("goal", id, field, new)?;
            }
        }
        get(w.conn(), id)
    })
}

const SELECT: &str = "SELECT id, title, description, measure FROM goal";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Goal> {
    Ok(Goal { id: r.get(0)?, title: r.get(1)?, description: r.get(2)?, measure: r.get(3)? })
}

pub(crate) fn get(conn: &Connection, id: &str) -> Result<Goal> {
    conn.prepare_cached(&format!("{SELECT} WHERE id = ?1 AND deleted = 0"))?
        .query_row([id], row)
        .optional()?
        .ok_or_else(|| Error::not_found("goal", id))
}

pub(crate) fn list(core: &Core) -> Result<Vec<Goal>> {
    core.read(list_in)
}

pub(crate) fn list_in(c: &Connection) -> Result<Vec<Goal>> {
    let mut stmt = c.prepare_cached(&format!("{SELECT} WHERE deleted = 0 ORDER BY title COLLATE NOCASE, id"))?;
    let rows = stmt.query_map([], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Finds a goal by id or exact title (case-insensitive).
pub(crate) fn find(core: &Core, id_or_title: &str) -> Result<Goal> {
    let all = list(core)?;
    crate::lookup::by_id_or_name(&all, "goal", id_or_title, |g| &g.id, |g| &g.title).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::{self, Role};

    #[test]
    fn seniors_add_goals_juniors_may_not() -> Result<()> {
        let core = Core::open_in_memory()?;
        workspace::init(&core, "Acme", "Sam", Role::Senior)?;
        let sam = workspace::me(&core)?;
        let goal = create(&core, &sam, "  Grow self-serve revenue  ", "30% by 2028", "net new ARR")?;
        assert_eq!(goal.measure, "net new ARR");
        assert_eq!(goal.title, "Grow self-serve revenue");
        let ana = workspace::add_member(&core, &sam, "Ana", Role::Junior, None)?;
        let ana = core.read(|c| workspace::actor(c, &ana.id))?;
        let err = create(&core, &ana, "Mine", "", "").err().map(|e| e.code());
        assert_eq!(err, Some(crate::ErrorCode::PermissionDenied));
        assert_eq!(list(&core)?, vec![goal]);
        Ok(())
    }

    #[test]
    fn an_oversized_description_is_refused() -> Result<()> {
        let core = Core::open_in_memory()?;
        workspace::init(&core, "Acme", "Sam", Role::Senior)?;
        let sam = workspace::me(&core)?;
        let err = create(&core, &sam, "Grow", &"x".repeat(MAX_DESCRIPTION + 1), "").err().map(|e| e.to_string());
        assert_eq!(err.as_deref(), Some("goal description is longer than 20000 characters"));
        assert!(list(&core)?.is_empty());
        Ok(())
    }

    #[test]
    fn a_goal_is_updated_field_by_field_and_bad_input_changes_nothing() -> Result<()> {
        let core = Core::open_in_memory()?;
        workspace::init(&core, "Acme", "Sam", Role::Senior)?;
        let sam = workspace::me(&core)?;
        let goal = create(&core, &sam, "Grow", "why", "ARR")?;
        let up = update(&core, &sam, &goal.id, GoalUpdate { measure: Some(" NPS > 50 "), ..GoalUpdate::default() })?;
        assert_eq!((up.title.as_str(), up.description.as_str(), up.measure.as_str()), ("Grow", "why", "NPS > 50"));
        let before = core.read(crate::oplog::dump)?;
        for bad in [
            GoalUpdate { title: Some(" "), ..GoalUpdate::default() },
            GoalUpdate { measure: Some(&"m".repeat(MAX_MEASURE + 1)), ..GoalUpdate::default() },
            GoalUpdate { description: Some("bell \u{7}"), ..GoalUpdate::default() },
        ] {
            assert_eq!(
                update(&core, &sam, &goal.id, bad).err().map(|e| e.code()),
                Some(crate::ErrorCode::InvalidInput)
            );
        }
        assert!(update(&core, &sam, "nope", GoalUpdate::default()).is_err());
        assert_eq!(core.read(crate::oplog::dump)?, before);
        Ok(())
    }
}
