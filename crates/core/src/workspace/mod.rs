//! The workspace, its members (with roles and reporting lines), this device's identity, and
//! the permission rules every command checks before it writes.

pub(crate) mod tables;

use rusqlite::{params, Connection, OptionalExtension};

pub(crate) use crate::access::{allowed, Action, Actor, Role};
use crate::error::{Error, Result};
use crate::oplog::judge::require_now;
use crate::oplog::store::{self, new_id, Core, Writer};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Member {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) role: Role,
    pub(crate) manager_id: Option<String>,
    pub(crate) mentor_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WorkspaceInfo {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) device_id: String,
    pub(crate) me: Member,
    /// `me` was removed from the workspace: this laptop still syncs and reads, but edits
    /// nothing.
    pub(crate) removed: bool,
}

pub(crate) const MAX_NAME: usize = 120;

/// Trims and checks a short single-line text (names, titles).
pub(crate) fn clean_name(what: &str, s: &str, max: usize) -> Result<String> {
    let s = s.trim();
    if s.is_empty() {
        return Err(Error::invalid(format!("{what} is empty")));
    }
    if s.chars().count() > max {
        return Err(Error::invalid(format!("{what} is longer than {max} characters")));
    }
    if s.chars().any(char::is_control) {
        return Err(Error::invalid(format!("{what} contains a line break or control character")));
    }
    Ok(s.to_owned())
}

/// Refuses a name already used by a live member or product (`table`), ignoring case: people
/// pick them by name in the CLI and in lists.
pub(crate) fn require_unused_name(conn: &Connection, table: &'static str, name: &str) -> Result<()> {
    // `table` is a literal from the caller, never user text.
    let sql = format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE deleted = 0 AND name = ?1 COLLATE NOCASE)");
    if conn.query_row(&sql, [name], |r| r.get::<_, bool>(0))? {
        return Err(Error::invalid(format!("a {} called {name:?} already exists", table.replace('_', " "))));
    }
    Ok(())
}

/// Creates the workspace on this device, with its first member, who is "me" here.
pub(crate) fn init(core: &Core, workspace_name: &str, member_name: &str, role: Role) -> Result<WorkspaceInfo> {
    let workspace_name = clean_name("workspace name", workspace_name, MAX_NAME)?;
    let member_name = clean_name("your name", member_name, MAX_NAME)?;
    let key = core.device_key()?;
    let public_key = key.public_hex();
    core.transact(|tx| {
        if let Some(existing) = store::local_device(tx)? {
            let name = workspace_name_of(tx, &existing.workspace_id)?;
            return Err(Error::AlreadyInitialised(name));
        }
        let (workspace_id, member_id, device_id) = (new_id(), new_id(), new_id());
        tx.execute(
            "INSERT INTO local_device (singleton, device_id, workspace_id, member_id, next_seq, hlc)
             VALUES (1, ?1, ?2, ?3, 1, 0)",
            params![device_id, workspace_id, member_id],
        )?;
        let mut w = Writer::begin(tx, &member_id, &key)?;
        // The founder's first laptop is enrolled by the founding itself, first: every later
        // op of it is then signed and judged as the founder's.
        enrol(&mut w, &public_key, None, &member_id)?;
        w.set("workspace", &workspace_id, "name", workspace_name.as_str())?;
        w.set("member", &member_id, "name", member_name.as_str())?;
        w.set("member", &member_id, "role", role.as_str())?;
        w.set("member", &member_id, "manager_id", serde_json::Value::Null)?;
        w.finish()?;
        Ok(())
    })?;
    info(core)?.ok_or(Error::NoWorkspace)
}

/// Enrols this laptop for its member with its public key (see `Rule::Device`): `invite` is the
/// invite it joined with, `by` who let it in (the founder, the inviter, or its own member for a
/// laptop trusted on first use).
pub(crate) fn enrol(w: &mut Writer<'_>, public_key: &str, invite: Option<&str>, by: &str) -> Result<()> {
    let device = w.device().device_id.clone();
    let member = w.device().member_id.clone();
    if let Some(invite) = invite {
        w.set("device", &device, "invite_id", invite)?;
    }
    w.set("device", &device, "member_id", member.as_str())?;
    w.set("device", &device, "public_key", public_key)?;
    w.set("device", &device, "enrolled_by", by)?;
    Ok(())
}

/// A laptop enrolled in the workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Enrolled {
    pub(crate) device_id: String,
    pub(crate) member_id: String,
    pub(crate) public_key: String,
    pub(crate) invite_id: Option<String>,
    pub(crate) enrolled_by: Option<String>,
    /// Enrolled by its first op (the founder's first laptop, or one joining with an invite),
    /// not after writing changes from before signatures.
    pub(crate) first: bool,
}

/// Every enrolled laptop (its member set by an applied op), by device id.
pub(crate) fn enrolled(conn: &Connection) -> Result<Vec<Enrolled>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, d.member_id, d.public_key, d.invite_id, d.enrolled_by,
           NOT EXISTS (SELECT 1 FROM op o JOIN ident i ON i.n = o.device WHERE i.id = d.id AND o.seq = 1
                       AND o.entity != o.device)
         FROM device d WHERE d.member_id IS NOT NULL ORDER BY d.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Enrolled {
            device_id: r.get(0)?,
            member_id: r.get(1)?,
            public_key: r.get(2)?,
            invite_id: r.get(3)?,
            enrolled_by: r.get(4)?,
            first: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn workspace_name_of(conn: &Connection, id: &str) -> Result<String> {
    Ok(conn.query_row("SELECT name FROM workspace WHERE id = ?1", [id], |r| r.get(0)).optional()?.unwrap_or_default())
}

/// The workspace on this device and who I am in it; `None` before `init`.
pub(crate) fn info(core: &Core) -> Result<Option<WorkspaceInfo>> {
    core.read(|c| {
        let Some(dev) = store::local_device(c)? else {
            return Ok(None);
        };
        let (me, removed) = member_even_removed(c, &dev.member_id)?;
        Ok(Some(WorkspaceInfo {
            name: workspace_name_of(c, &dev.workspace_id)?,
            id: dev.workspace_id,
            device_id: dev.device_id,
            me,
            removed,
        }))
    })
}

/// The member this device acts as, for a command that changes something: refused once they
/// have been removed from the workspace.
pub(crate) fn me(core: &Core) -> Result<Actor> {
    core.read(|c| {
        let dev = store::local_device(c)?.ok_or(Error::NoWorkspace)?;
        let (m, removed) = member_even_removed(c, &dev.member_id)?;
        if removed {
            return Err(Error::denied(format!("{} has been removed from the workspace and may not change it", m.name)));
        }
        Ok(Actor { id: m.id, name: m.name, role: m.role })
    })
}

/// The member this device acts as, for reading: a removed member still reads what their
/// laptop holds.
pub(crate) fn me_reading(core: &Core) -> Result<Actor> {
    core.read(|c| {
        let dev = store::local_device(c)?.ok_or(Error::NoWorkspace)?;
        let (m, _) = member_even_removed(c, &dev.member_id)?;
        Ok(Actor { id: m.id, name: m.name, role: m.role })
    })
}

/// Refuses a command when this device has no workspace. Reads and sync need nothing more: a
/// member who was removed still syncs (so their laptop hears it) and reads what it holds.
pub(crate) fn here(core: &Core) -> Result<()> {
    core.read(|c| store::local_device(c)?.map(drop).ok_or(Error::NoWorkspace))
}

/// A member, removed or not, and whether they were removed.
fn member_even_removed(conn: &Connection, id: &str) -> Result<(Member, bool)> {
    let found = conn
        .query_row("SELECT id, name, role, manager_id, mentor_id, deleted FROM member WHERE id = ?1", [id], |r| {
            Ok((row_to_member(r)?, r.get::<_, bool>(5)?))
        })
        .optional()?;
    let (m, removed) = found.ok_or_else(|| Error::not_found("member", id))?;
    Ok((m?, removed))
}

#[cfg(test)]
pub(crate) fn actor(conn: &Connection, member_id: &str) -> Result<Actor> {
    let m = member(conn, member_id)?;
    Ok(Actor { id: m.id, name: m.name, role: m.role })
}

pub(crate) fn member(conn: &Connection, id: &str) -> Result<Member> {
    conn.query_row(
        "SELECT id, name, role, manager_id, mentor_id FROM member WHERE id = ?1 AND deleted = 0",
        [id],
        row_to_member,
    )
    .optional()?
    .ok_or_else(|| Error::not_found("member", id))?
}

fn row_to_member(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<Member>> {
    let role: String = r.get(2)?;
    let m = Member { id: r.get(0)?, name: r.get(1)?, role: Role::Junior, manager_id: r.get(3)?, mentor_id: r.get(4)? };
    Ok(Role::parse(&role).map(|role| Member { role, ..m }))
}

pub(crate) fn list_members(core: &Core) -> Result<Vec<Member>> {
    core.read(|c| {
        let mut stmt = c.prepare(
            "SELECT id, name, role, manager_id, mentor_id FROM member WHERE deleted = 0 ORDER BY name COLLATE NOCASE, id",
        )?;
        let rows = stmt.query_map([], row_to_member)?;
        rows.map(|r| r?).collect()
    })
}

/// Finds a member by id or exact name (case-insensitive).
pub(crate) fn find_member(core: &Core, id_or_name: &str) -> Result<Member> {
    let all = list_members(core)?;
    crate::lookup::by_id_or_name(&all, "member", id_or_name, |m| &m.id, |m| &m.name).cloned()
}

/// Adds a member. A senior PM may add junior PMs (who then report to them by default).
pub(crate) fn add_member(
    core: &Core,
    actor: &Actor,
    name: &str,
    role: Role,
    manager_id: Option<&str>,
) -> Result<Member> {
    let name = clean_name("name", name, MAX_NAME)?;
    let manager_id = match manager_id {
        Some(id) => Some(id.to_owned()),
        None if actor.role == Role::Senior => Some(actor.id.clone()),
        None => None,
    };
    let id = new_id();
    core.write(&actor.id, |w| {
        // The rule the op that sets the new member's role is judged by (adding that role).
        require_now(w.conn(), &actor.id, "member", &id, "role", Some(role.as_str()))?;
        require_unused_name(w.conn(), "member", &name)?;
        if let Some(mid) = &manager_id {
            require_manager(w.conn(), &id, mid)?;
        }
        w.set("member", &id, "name", name.as_str())?;
        w.set("member", &id, "role", role.as_str())?;
        w.set("member", &id, "manager_id", manager_id.clone())?;
        member(w.conn(), &id)
    })
}

/// Refuses `manager_id` as the manager of `member_id`: it must be another live member who is
/// not a junior PM.
fn require_manager(conn: &Connection, member_id: &str, manager_id: &str) -> Result<()> {
    if manager_id == member_id {
        return Err(Error::invalid("a member cannot be their own manager"));
    }
    let manager = member(conn, manager_id)?;
    if manager.role == Role::Junior {
        return Err(Error::invalid(format!("{} is a junior PM and cannot manage anyone", manager.name)));
    }
    Ok(())
}

/// A mentor is another member who is a senior PM or leadership.
fn require_mentor(conn: &Connection, member_id: &str, mentor_id: &str) -> Result<()> {
    if mentor_id == member_id {
        return Err(Error::invalid("a member cannot be their own mentor"));
    }
    let mentor = member(conn, mentor_id)?;
    if mentor.role == Role::Junior {
        return Err(Error::invalid(format!("{} is a junior PM and cannot mentor anyone", mentor.name)));
    }
    Ok(())
}

/// What a member update changes; absent fields stay.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct MemberUpdate<'a> {
    pub(crate) name: Option<&'a str>,
    pub(crate) role: Option<Role>,
    /// `Some(None)` clears the manager.
    pub(crate) manager_id: Option<Option<&'a str>>,
    /// `Some(None)` clears the mentor.
    pub(crate) mentor_id: Option<Option<&'a str>>,
}

/// Renames a member, changes their role or their manager. Each field is checked with the rule
/// its op is judged by (`Rule::Member`), in the present tense, before anything is written.
pub(crate) fn update_member(core: &Core, actor: &Actor, id: &str, up: MemberUpdate<'_>) -> Result<Member> {
    let name = up.name.map(|n| clean_name("name", n, MAX_NAME)).transpose()?;
    core.write(&actor.id, |w| {
        let current = member(w.conn(), id)?;
        if let Some(name) = &name {
            require_now(w.conn(), &actor.id, "member", id, "name", Some(name))?;
            if !name.eq_ignore_ascii_case(&current.name) {
                require_unused_name(w.conn(), "member", name)?;
            }
            w.set("member", id, "name", name.as_str())?;
        }
        if let Some(role) = up.role {
            require_now(w.conn(), &actor.id, "member", id, "role", Some(role.as_str()))?;
            w.set("member", id, "role", role.as_str())?;
        }
        if let Some(manager) = up.manager_id {
            require_now(w.conn(), &actor.id, "member", id, "manager_id", manager)?;
            if let Some(mid) = manager {
                require_manager(w.conn(), id, mid)?;
            }
            w.set("member", id, "manager_id", manager.map(str::to_owned))?;
        }
        if let Some(mentor) = up.mentor_id {
            require_now(w.conn(), &actor.id, "member", id, "mentor_id", mentor)?;
            if let Some(mid) = mentor {
                require_mentor(w.conn(), id, mid)?;
            }
            w.set("member", id, "mentor_id", mentor.map(str::to_owned))?;
        }
        member(w.conn(), id)
    })
}

/// Removes a member from the workspace (nothing is erased: their row and ops stay, and their
/// laptop still syncs, but their edits are refused from then on).
pub(crate) fn remove_member(core: &Core, actor: &Actor, id: &str) -> Result<Member> {
    core.write(&actor.id, |w| {
        let removed = member(w.conn(), id)?;
        require_now(w.conn(), &actor.id, "member", id, "deleted", None)?;
        w.set("member", id, "deleted", true)?;
        Ok(removed)
    })
}

/// Renames the workspace.
pub(crate) fn rename_workspace(core: &Core, actor: &Actor, name: &str) -> Result<()> {
    let name = clean_name("workspace name", name, MAX_NAME)?;
    core.write(&actor.id, |w| {
        let dev = store::local_device(w.conn())?.ok_or(Error::NoWorkspace)?;
        require_now(w.conn(), &actor.id, "workspace", &dev.workspace_id, "name", Some(&name))?;
        w.set("workspace", &dev.workspace_id, "name", name.as_str())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_permission_matrix_holds_in_every_cell() {
        use Action::*;
        use Role::*;
        let actions = [
            AddMember(Leadership),
            AddMember(Senior),
            AddMember(Junior),
            EditMember(Leadership),
            EditMember(Senior),
            EditMember(Junior),
            ChangeRole,
            RemoveMember,
            EditWorkspace,
            EditGoals,
            CreateProduct,
            EditRoadmap { owns: true },
            EditRoadmap { owns: false },
        ];
        // One row per role, one column per action above.
        let expected = [
            (Leadership, [true, true, true, true, true, true, true, true, true, true, true, true, true]),
            (Senior, [false, false, true, false, false, true, false, false, false, true, true, true, false]),
            (Junior, [false, false, false, false, false, false, false, false, false, false, false, false, false]),
        ];
        for (role, row) in expected {
            for (action, want) in actions.iter().zip(row) {
                assert_eq!(allowed(role, *action), want, "{role:?} × {action:?}");
            }
        }
    }

    #[test]
    fn init_twice_is_refused_and_changes_nothing() -> Result<()> {
        let core = Core::open_in_memory()?;
        init(&core, "Acme", "Sam", Role::Senior)?;
        let before = core.read(crate::oplog::dump)?;
        let err = init(&core, "Other", "Kim", Role::Junior).err().map(|e| e.to_string());
        assert_eq!(err.as_deref(), Some("this device already has a workspace: Acme"));
        assert_eq!(core.read(crate::oplog::dump)?, before);
        Ok(())
    }

    #[test]
    fn a_junior_may_not_add_members_and_a_senior_only_juniors() -> Result<()> {
        let core = Core::open_in_memory()?;
        init(&core, "Acme", "Sam", Role::Senior)?;
        let sam = me(&core)?;
        let ana = add_member(&core, &sam, "Ana", Role::Junior, None)?;
        assert_eq!(ana.manager_id.as_deref(), Some(sam.id.as_str()), "a senior's junior reports to them");
        let err = add_member(&core, &sam, "Lee", Role::Leadership, None).err().map(|e| e.code());
        assert_eq!(err, Some(crate::ErrorCode::PermissionDenied));
        let ana = core.read(|c| actor(c, &ana.id))?;
        let err = add_member(&core, &ana, "Bo", Role::Junior, None).err().map(|e| e.to_string());
        assert_eq!(err.as_deref(), Some("Ana is a junior PM and may not add a junior PM"));
        assert_eq!(list_members(&core)?.len(), 2);
        Ok(())
    }

    #[test]
    fn names_are_trimmed_and_bad_ones_refused() -> Result<()> {
        let core = Core::open_in_memory()?;
        init(&core, "  Acme  ", " Sam ", Role::Leadership)?;
        let sam = me(&core)?;
        assert_eq!(sam.name, "Sam");
        for bad in ["", "   ", "two\nlines", &"x".repeat(MAX_NAME + 1)] {
            let err = add_member(&core, &sam, bad, Role::Junior, None).err().map(|e| e.code());
            assert_eq!(err, Some(crate::ErrorCode::InvalidInput), "{bad:?}");
        }
        let err = add_member(&core, &sam, "sam", Role::Junior, None).err().map(|e| e.to_string());
        assert_eq!(err.as_deref(), Some("a member called \"sam\" already exists"));
        let err = add_member(&core, &sam, "Kim", Role::Junior, Some("nobody")).err().map(|e| e.to_string());
        assert_eq!(err.as_deref(), Some("member not found: nobody"));
        assert_eq!(list_members(&core)?.len(), 1, "refused adds changed nothing");
        Ok(())
    }
}
