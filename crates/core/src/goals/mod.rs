//! Organisation goals: the broad aims every roadmap must serve.

use rusqlite::{Connection, OptionalExtension};

use crate::error::{Error, Result};
use crate::store::{new_id, Core};
use crate::workspace::{clean_name, Action, Actor};

pub const MAX_TITLE: usize = 200;
pub const MAX_DESCRIPTION: usize = 20_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Goal {
    pub id: String,
    pub title: String,
    pub description: String,
}

pub fn create(core: &Core, actor: &Actor, title: &str, description: &str) -> Result<Goal> {
    let title = clean_name("goal title", title, MAX_TITLE)?;
    let description = description.trim();
    if description.chars().count() > MAX_DESCRIPTION {
        return Err(Error::invalid(format!("goal description is longer than {MAX_DESCRIPTION} characters")));
    }
    actor.require(Action::EditGoals, "add organisation goals")?;
    let id = new_id();
    core.write(&actor.id, |w| {
        w.set("goal", &id, "title", title.as_str())?;
        w.set("goal", &id, "description", description)?;
        get(w.conn(), &id)
    })
}

pub fn get(conn: &Connection, id: &str) -> Result<Goal> {
    conn.query_row("SELECT id, title, description FROM goal WHERE id = ?1 AND deleted = 0", [id], |r| {
        Ok(Goal { id: r.get(0)?, title: r.get(1)?, description: r.get(2)? })
    })
    .optional()?
    .ok_or_else(|| Error::not_found("goal", id))
}

pub fn list(core: &Core) -> Result<Vec<Goal>> {
    core.read(|c| {
        let mut stmt =
            c.prepare("SELECT id, title, description FROM goal WHERE deleted = 0 ORDER BY title COLLATE NOCASE, id")?;
        let rows = stmt.query_map([], |r| Ok(Goal { id: r.get(0)?, title: r.get(1)?, description: r.get(2)? }))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })
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
        let goal = create(&core, &sam, "  Grow self-serve revenue  ", "30% by 2028")?;
        assert_eq!(goal.title, "Grow self-serve revenue");
        let ana = workspace::add_member(&core, &sam, "Ana", Role::Junior, None)?;
        let ana = core.read(|c| workspace::actor(c, &ana.id))?;
        let err = create(&core, &ana, "Mine", "").err().map(|e| e.code());
        assert_eq!(err, Some(crate::ErrorCode::PermissionDenied));
        assert_eq!(list(&core)?, vec![goal]);
        Ok(())
    }

    #[test]
    fn an_oversized_description_is_refused() -> Result<()> {
        let core = Core::open_in_memory()?;
        workspace::init(&core, "Acme", "Sam", Role::Senior)?;
        let sam = workspace::me(&core)?;
        let err = create(&core, &sam, "Grow", &"x".repeat(MAX_DESCRIPTION + 1)).err().map(|e| e.to_string());
        assert_eq!(err.as_deref(), Some("goal description is longer than 20000 characters"));
        assert!(list(&core)?.is_empty());
        Ok(())
    }
}
