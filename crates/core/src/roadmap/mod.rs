//! Roadmap items on three horizons: five-year themes (on years, serving an organisation goal),
//! three-year initiatives (on years or halves) and one-year items (on quarters), each serving an
//! item on a longer horizon of the same product.
//!
//! A horizon is fixed when the item is created, and a parent must sit on a strictly longer
//! horizon, so the hierarchy cannot form a cycle — not even from concurrent moves on two laptops.

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::store::{new_id, Core};
use crate::workspace::{clean_name, Action, Actor};
use crate::{goals, products};

pub const MAX_TITLE: usize = 200;
pub const FIRST_YEAR: i32 = 2000;
pub const LAST_YEAR: i32 = 2100;

// The horizons are named by their span; "Year" is part of the name, not a redundant postfix.
#[allow(clippy::enum_variant_names)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Horizon {
    FiveYear,
    ThreeYear,
    OneYear,
}

impl Horizon {
    pub fn as_str(self) -> &'static str {
        match self {
            Horizon::FiveYear => "five_year",
            Horizon::ThreeYear => "three_year",
            Horizon::OneYear => "one_year",
        }
    }
    pub fn parse(s: &str) -> Result<Horizon> {
        match s {
            "five_year" | "5y" | "5" => Ok(Horizon::FiveYear),
            "three_year" | "3y" | "3" => Ok(Horizon::ThreeYear),
            "one_year" | "1y" | "1" => Ok(Horizon::OneYear),
            other => Err(Error::invalid(format!("unknown horizon {other:?}: use five_year, three_year or one_year"))),
        }
    }
    /// Longer horizons are "greater" in span; five_year is the longest.
    fn span(self) -> u8 {
        match self {
            Horizon::FiveYear => 5,
            Horizon::ThreeYear => 3,
            Horizon::OneYear => 1,
        }
    }
    fn period_hint(self) -> &'static str {
        match self {
            Horizon::FiveYear => "a year, like 2028",
            Horizon::ThreeYear => "a year or half, like 2027 or 2027-H2",
            Horizon::OneYear => "a quarter, like 2027-Q3",
        }
    }
}

/// Checks a period against its horizon and returns it in canonical form (`2027-Q3`).
pub fn parse_period(horizon: Horizon, period: &str) -> Result<String> {
    let p = period.trim().to_ascii_uppercase();
    let bad = || Error::invalid(format!("period {period:?} does not fit this horizon: use {}", horizon.period_hint()));
    let (year, rest) = match p.split_once('-') {
        Some((y, r)) => (y, Some(r)),
        None => (p.as_str(), None),
    };
    let year: i32 = if year.len() == 4 {
        year.parse().map_err(|_| bad())?
    } else {
        return Err(bad());
    };
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return Err(Error::invalid(format!("year {year} is outside {FIRST_YEAR}–{LAST_YEAR}")));
    }
    let ok = match (horizon, rest) {
        (Horizon::FiveYear, None) | (Horizon::ThreeYear, None) => true,
        (Horizon::ThreeYear, Some(h)) => matches!(h, "H1" | "H2"),
        (Horizon::OneYear, Some(q)) => matches!(q, "Q1" | "Q2" | "Q3" | "Q4"),
        _ => false,
    };
    if ok {
        Ok(p)
    } else {
        Err(bad())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub id: String,
    pub product_id: Option<String>,
    pub horizon: Horizon,
    pub period: String,
    pub title: String,
    pub goal_id: Option<String>,
    pub parent_id: Option<String>,
    /// It serves a parent (or goal) that was deleted, perhaps on another laptop: shown, flagged.
    pub orphan: bool,
}

pub struct NewItem<'a> {
    pub product_id: &'a str,
    pub horizon: Horizon,
    pub period: &'a str,
    pub title: &'a str,
    /// Five-year themes serve an organisation goal.
    pub goal_id: Option<&'a str>,
    /// Three- and one-year items serve an item on a longer horizon.
    pub parent_id: Option<&'a str>,
}

fn require_owner(conn: &Connection, actor: &Actor, product_id: &str) -> Result<products::Product> {
    let product = products::get(conn, product_id)?;
    let owns = product.owner_id.as_deref() == Some(actor.id.as_str());
    actor.require(Action::EditRoadmap { owns }, &format!("edit the roadmap of {}", product.name))?;
    Ok(product)
}

/// Checks that `goal_id` / `parent_id` are valid links for an item on `horizon` in `product_id`.
fn check_links(
    conn: &Connection,
    product_id: &str,
    horizon: Horizon,
    goal_id: Option<&str>,
    parent_id: Option<&str>,
) -> Result<()> {
    if let Some(goal_id) = goal_id {
        if horizon != Horizon::FiveYear {
            return Err(Error::invalid(
                "only five-year themes serve a goal directly; link this item to a theme or initiative",
            ));
        }
        goals::get(conn, goal_id)?;
    }
    if let Some(parent_id) = parent_id {
        if horizon == Horizon::FiveYear {
            return Err(Error::invalid("a five-year theme has no parent item; link it to an organisation goal"));
        }
        let parent = get(conn, parent_id)?;
        if parent.product_id.as_deref() != Some(product_id) {
            return Err(Error::invalid(format!("{:?} belongs to another product", parent.title)));
        }
        if parent.horizon.span() <= horizon.span() {
            return Err(Error::invalid(format!(
                "{:?} is on the {} horizon; a parent must be on a longer horizon",
                parent.title,
                parent.horizon.as_str()
            )));
        }
    }
    Ok(())
}

pub fn create(core: &Core, actor: &Actor, new: NewItem<'_>) -> Result<Item> {
    let title = clean_name("item title", new.title, MAX_TITLE)?;
    let period = parse_period(new.horizon, new.period)?;
    let id = new_id();
    core.write(&actor.id, |w| {
        require_owner(w.conn(), actor, new.product_id)?;
        check_links(w.conn(), new.product_id, new.horizon, new.goal_id, new.parent_id)?;
        w.set("roadmap_item", &id, "product_id", new.product_id)?;
        w.set("roadmap_item", &id, "horizon", new.horizon.as_str())?;
        w.set("roadmap_item", &id, "period", period.as_str())?;
        w.set("roadmap_item", &id, "title", title.as_str())?;
        w.set("roadmap_item", &id, "goal_id", new.goal_id)?;
        w.set("roadmap_item", &id, "parent_id", new.parent_id)?;
        get(w.conn(), &id)
    })
}

/// A move: to another period, and/or under another parent (goal for a theme).
#[derive(Default)]
pub struct Move<'a> {
    pub period: Option<&'a str>,
    pub parent_id: Option<&'a str>,
    pub goal_id: Option<&'a str>,
}

pub fn move_item(core: &Core, actor: &Actor, id: &str, mv: Move<'_>) -> Result<Item> {
    if mv.period.is_none() && mv.parent_id.is_none() && mv.goal_id.is_none() {
        return Err(Error::invalid("nothing to move: give a period, a parent or a goal"));
    }
    core.write(&actor.id, |w| {
        let item = get(w.conn(), id)?;
        let product_id = item.product_id.clone().unwrap_or_default();
        require_owner(w.conn(), actor, &product_id)?;
        check_links(w.conn(), &product_id, item.horizon, mv.goal_id, mv.parent_id)?;
        if let Some(period) = mv.period {
            let period = parse_period(item.horizon, period)?;
            if period != item.period {
                w.set("roadmap_item", id, "period", period)?;
            }
        }
        if let Some(parent) = mv.parent_id.filter(|p| Some(*p) != item.parent_id.as_deref()) {
            w.set("roadmap_item", id, "parent_id", parent)?;
        }
        if let Some(goal) = mv.goal_id.filter(|g| Some(*g) != item.goal_id.as_deref()) {
            w.set("roadmap_item", id, "goal_id", goal)?;
        }
        get(w.conn(), id)
    })
}

/// Renames an item.
pub fn update(core: &Core, actor: &Actor, id: &str, title: &str) -> Result<Item> {
    let title = clean_name("item title", title, MAX_TITLE)?;
    core.write(&actor.id, |w| {
        let item = get(w.conn(), id)?;
        require_owner(w.conn(), actor, item.product_id.as_deref().unwrap_or_default())?;
        if item.title != title {
            w.set("roadmap_item", id, "title", title.as_str())?;
        }
        get(w.conn(), id)
    })
}

/// Deletes (softly: undo with [`undelete`]; items serving it become orphans, never vanish).
pub fn delete(core: &Core, actor: &Actor, id: &str) -> Result<Item> {
    core.write(&actor.id, |w| {
        let item = get(w.conn(), id)?;
        require_owner(w.conn(), actor, item.product_id.as_deref().unwrap_or_default())?;
        w.set("roadmap_item", id, "deleted", true)?;
        Ok(item)
    })
}

/// Brings a deleted item back.
pub fn undelete(core: &Core, actor: &Actor, id: &str) -> Result<Item> {
    core.write(&actor.id, |w| {
        let (product_id, deleted): (Option<String>, bool) = w
            .conn()
            .query_row("SELECT product_id, deleted FROM roadmap_item WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?
            .ok_or_else(|| Error::not_found("roadmap item", id))?;
        require_owner(w.conn(), actor, product_id.as_deref().unwrap_or_default())?;
        if !deleted {
            return Err(Error::invalid("that item is not deleted"));
        }
        w.set("roadmap_item", id, "deleted", false)?;
        get(w.conn(), id)
    })
}

const SELECT: &str = "SELECT i.id, i.product_id, i.horizon, i.period, i.title, i.goal_id, i.parent_id,
        (i.parent_id IS NOT NULL AND p.id IS NULL) OR (i.goal_id IS NOT NULL AND g.id IS NULL)
    FROM roadmap_item i
    LEFT JOIN roadmap_item p ON p.id = i.parent_id AND p.deleted = 0
    LEFT JOIN goal g ON g.id = i.goal_id AND g.deleted = 0";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<Item>> {
    let horizon: String = r.get(2)?;
    let item = |horizon| -> rusqlite::Result<Item> {
        Ok(Item {
            id: r.get(0)?,
            product_id: r.get(1)?,
            horizon,
            period: r.get(3)?,
            title: r.get(4)?,
            goal_id: r.get(5)?,
            parent_id: r.get(6)?,
            orphan: r.get(7)?,
        })
    };
    Ok(match Horizon::parse(&horizon) {
        Ok(h) => Ok(item(h)?),
        Err(e) => Err(e),
    })
}

pub fn get(conn: &Connection, id: &str) -> Result<Item> {
    conn.query_row(&format!("{SELECT} WHERE i.id = ?1 AND i.deleted = 0"), [id], row)
        .optional()?
        .ok_or_else(|| Error::not_found("roadmap item", id))?
}

/// Items of one product (or all), longest horizon first, then by period and title.
pub fn list(core: &Core, product_id: Option<&str>) -> Result<Vec<Item>> {
    core.read(|c| {
        let order = "ORDER BY CASE i.horizon WHEN 'five_year' THEN 0 WHEN 'three_year' THEN 1 ELSE 2 END,
                     i.period, i.title COLLATE NOCASE, i.id";
        // Rows without a horizon (created by ops of which only some have arrived yet) wait.
        let filter = "i.deleted = 0 AND i.horizon <> ''";
        let mut stmt;
        let rows = match product_id {
            Some(p) => {
                stmt = c.prepare(&format!("{SELECT} WHERE {filter} AND i.product_id = ?1 {order}"))?;
                stmt.query_map([p], row)?
            }
            None => {
                stmt = c.prepare(&format!("{SELECT} WHERE {filter} {order}"))?;
                stmt.query_map([], row)?
            }
        };
        rows.map(|r| r?).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::{self, Role};
    use crate::ErrorCode;

    #[test]
    fn periods_must_fit_their_horizon() {
        use Horizon::*;
        assert_eq!(parse_period(OneYear, " 2027-q3 ").ok().as_deref(), Some("2027-Q3"));
        assert_eq!(parse_period(ThreeYear, "2027-H2").ok().as_deref(), Some("2027-H2"));
        assert_eq!(parse_period(ThreeYear, "2028").ok().as_deref(), Some("2028"));
        assert_eq!(parse_period(FiveYear, "2030").ok().as_deref(), Some("2030"));
        for (h, p) in [
            (OneYear, "2027"),
            (OneYear, "2027-Q5"),
            (OneYear, "2027-H1"),
            (ThreeYear, "2027-Q1"),
            (FiveYear, "2027-H1"),
            (FiveYear, "27"),
            (FiveYear, "abcd"),
            (FiveYear, ""),
            (FiveYear, "1999"),
            (OneYear, "2101-Q1"),
        ] {
            assert!(parse_period(h, p).is_err(), "{h:?} {p:?} should be refused");
        }
    }

    struct Fixture {
        core: Core,
        sam: Actor,
        product: String,
        goal: String,
    }

    fn fixture() -> Result<Fixture> {
        let core = Core::open_in_memory()?;
        workspace::init(&core, "Acme", "Sam", Role::Senior)?;
        let sam = workspace::me(&core)?;
        let goal = goals::create(&core, &sam, "Grow", "")?.id;
        let product = products::create(&core, &sam, "Checkout", None)?.id;
        Ok(Fixture { core, sam, product, goal })
    }

    fn item<'a>(f: &'a Fixture, h: Horizon, period: &'a str, title: &'a str, parent: Option<&'a str>) -> NewItem<'a> {
        let goal_id = (h == Horizon::FiveYear).then_some(f.goal.as_str());
        NewItem { product_id: &f.product, horizon: h, period, title, goal_id, parent_id: parent }
    }

    #[test]
    fn a_theme_serves_a_goal_and_items_serve_longer_horizons() -> Result<()> {
        let f = fixture()?;
        let theme = create(&f.core, &f.sam, item(&f, Horizon::FiveYear, "2030", "One-click everywhere", None))?;
        let init = create(&f.core, &f.sam, item(&f, Horizon::ThreeYear, "2027-H2", "Wallets", Some(&theme.id)))?;
        let one = create(&f.core, &f.sam, item(&f, Horizon::OneYear, "2027-Q1", "Apple Pay", Some(&init.id)))?;
        let direct = create(&f.core, &f.sam, item(&f, Horizon::OneYear, "2027-Q2", "Saved cards", Some(&theme.id)))?;
        assert_eq!(one.parent_id.as_deref(), Some(init.id.as_str()));
        let titles: Vec<String> = list(&f.core, Some(&f.product))?.into_iter().map(|i| i.title).collect();
        assert_eq!(titles, ["One-click everywhere", "Wallets", "Apple Pay", "Saved cards"]);

        // An item may not serve an item on its own or a shorter horizon, nor a theme a parent item.
        let err = create(&f.core, &f.sam, item(&f, Horizon::OneYear, "2027-Q1", "X", Some(&one.id))).err();
        assert_eq!(err.map(|e| e.code()), Some(ErrorCode::InvalidInput));
        let err = move_item(&f.core, &f.sam, &init.id, Move { parent_id: Some(&direct.id), ..Move::default() }).err();
        assert_eq!(err.map(|e| e.code()), Some(ErrorCode::InvalidInput));
        let err = create(
            &f.core,
            &f.sam,
            NewItem { parent_id: Some(&init.id), ..item(&f, Horizon::FiveYear, "2030", "T", None) },
        )
        .err();
        assert_eq!(err.map(|e| e.code()), Some(ErrorCode::InvalidInput));
        let err = create(&f.core, &f.sam, item(&f, Horizon::OneYear, "2027-Q1", "X", Some("no-such-id"))).err();
        assert_eq!(err.map(|e| e.to_string()).as_deref(), Some("roadmap item not found: no-such-id"));
        assert_eq!(list(&f.core, None)?.len(), 4, "refused creates changed nothing");
        Ok(())
    }

    #[test]
    fn moving_changes_period_and_parent_and_refuses_bad_input() -> Result<()> {
        let f = fixture()?;
        let theme = create(&f.core, &f.sam, item(&f, Horizon::FiveYear, "2030", "Theme", None))?;
        let theme2 = create(&f.core, &f.sam, item(&f, Horizon::FiveYear, "2031", "Theme 2", None))?;
        let one = create(&f.core, &f.sam, item(&f, Horizon::OneYear, "2027-Q1", "Item", Some(&theme.id)))?;
        let moved = move_item(
            &f.core,
            &f.sam,
            &one.id,
            Move { period: Some("2027-q4"), parent_id: Some(&theme2.id), ..Move::default() },
        )?;
        assert_eq!((moved.period.as_str(), moved.parent_id.as_deref()), ("2027-Q4", Some(theme2.id.as_str())));
        let before = f.core.read(crate::sync::dump)?;
        for mv in [Move { period: Some("2027"), ..Move::default() }, Move::default()] {
            assert!(move_item(&f.core, &f.sam, &one.id, mv).is_err());
        }
        assert!(move_item(&f.core, &f.sam, "nope", Move { period: Some("2027-Q1"), ..Move::default() }).is_err());
        assert_eq!(f.core.read(crate::sync::dump)?, before, "refused moves changed nothing");
        Ok(())
    }

    #[test]
    fn deleting_a_parent_leaves_its_children_as_orphans_and_undo_restores_it() -> Result<()> {
        let f = fixture()?;
        let theme = create(&f.core, &f.sam, item(&f, Horizon::FiveYear, "2030", "Theme", None))?;
        let child = create(&f.core, &f.sam, item(&f, Horizon::OneYear, "2027-Q1", "Child", Some(&theme.id)))?;
        assert!(!child.orphan);
        delete(&f.core, &f.sam, &theme.id)?;
        let left = list(&f.core, None)?;
        assert_eq!(left.len(), 1);
        assert!(left[0].orphan, "the child shows, flagged as an orphan");
        assert!(get_item(&f, &theme.id).is_err());
        undelete(&f.core, &f.sam, &theme.id)?;
        assert!(list(&f.core, None)?.iter().all(|i| !i.orphan));
        let renamed = update(&f.core, &f.sam, &child.id, "  Renamed ")?;
        assert_eq!(renamed.title, "Renamed");
        assert_eq!(update(&f.core, &f.sam, &child.id, "").err().map(|e| e.code()), Some(ErrorCode::InvalidInput));
        Ok(())
    }

    fn get_item(f: &Fixture, id: &str) -> Result<Item> {
        f.core.read(|c| get(c, id))
    }

    #[test]
    fn only_the_owner_or_leadership_edits_a_roadmap() -> Result<()> {
        let f = fixture()?;
        let kim = workspace::add_member(&f.core, &f.sam, "Kim", Role::Junior, None)?;
        let kim = f.core.read(|c| workspace::actor(c, &kim.id))?;
        let err = create(&f.core, &kim, item(&f, Horizon::FiveYear, "2030", "Mine", None)).err();
        assert_eq!(
            err.map(|e| e.to_string()).as_deref(),
            Some("Kim is a junior PM and may not edit the roadmap of Checkout")
        );
        assert!(list(&f.core, None)?.is_empty());
        Ok(())
    }
}
