//! Product families and products, each product owned by one senior PM who drafts its roadmaps
//! from a planning base year.

pub(crate) mod tables;

use chrono::Datelike;
use rusqlite::{Connection, OptionalExtension};

use crate::error::{Error, Result};
use crate::oplog::{judge, new_id, Core};
use crate::workspace::{self, clean_name, Action, Actor, Role, MAX_NAME};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Product {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) owner_id: Option<String>,
    pub(crate) owner_name: Option<String>,
    pub(crate) family_id: Option<String>,
    pub(crate) family_name: Option<String>,
    /// The first year of the planning window: one-year items sit on its quarters, three-year
    /// initiatives on base … base+2, five-year themes on base … base+4.
    pub(crate) base_year: i32,
}

pub(crate) const FIRST_BASE_YEAR: i32 = 2000;
pub(crate) const LAST_BASE_YEAR: i32 = 2096;

/// The year a product without a base year set plans from.
pub(crate) fn current_year() -> i32 {
    chrono::Local::now().year()
}

fn check_base_year(year: i32) -> Result<i32> {
    if (FIRST_BASE_YEAR..=LAST_BASE_YEAR).contains(&year) {
        Ok(year)
    } else {
        Err(Error::invalid(format!("base year {year} is outside {FIRST_BASE_YEAR}–{LAST_BASE_YEAR}")))
    }
}

/// What a new product starts with besides its name and owner.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct NewProduct<'a> {
    pub(crate) family_id: Option<&'a str>,
    pub(crate) base_year: Option<i32>,
}

#[cfg(test)]
/// Creates a product. Its owner must be a senior PM; a senior creating one owns it by default.
pub(crate) fn create(core: &Core, actor: &Actor, name: &str, owner_id: Option<&str>) -> Result<Product> {
    create_with(core, actor, name, owner_id, NewProduct::default())
}

pub(crate) fn create_with(
    core: &Core,
    actor: &Actor,
    name: &str,
    owner_id: Option<&str>,
    more: NewProduct<'_>,
) -> Result<Product> {
    let base_year = check_base_year(more.base_year.unwrap_or_else(current_year))?;
    let name = clean_name("product name", name, MAX_NAME)?;
    actor.require(Action::CreateProduct, "create products")?;
    let owner_id = match owner_id {
        Some(id) => id.to_owned(),
        None if actor.role == Role::Senior => actor.id.clone(),
        None => return Err(Error::invalid("choose the senior PM who owns this product")),
    };
    let id = new_id();
    core.write(&actor.id, |w| {
        let owner = workspace::member(w.conn(), &owner_id)?;
        if owner.role != Role::Senior {
            return Err(Error::invalid(format!(
                "{} is {}; a product is owned by a senior PM",
                owner.name,
                owner.role.label()
            )));
        }
        workspace::require_unused_name(w.conn(), "product", &name)?;
        if let Some(family) = more.family_id {
            get_family(w.conn(), family)?;
        }
        w.set("product", &id, "name", name.as_str())?;
        w.set("product", &id, "base_year", base_year)?;
        if let Some(family) = more.family_id {
            w.set("product", &id, "family_id", family)?;
        }
        // Last: every op of a product before its owner is set is the creator's (a senior may
        // create a product for another senior, who alone edits it afterwards).
        w.set("product", &id, "owner_id", owner_id.as_str())?;
        get(w.conn(), &id)
    })
}

/// What to change on a product; `None` leaves a field as it is. `family_id: Some(None)` takes
/// the product out of its family.
#[derive(Debug, Default)]
pub(crate) struct ProductUpdate<'a> {
    pub(crate) name: Option<&'a str>,
    pub(crate) family_id: Option<Option<&'a str>>,
    pub(crate) base_year: Option<i32>,
}

/// Renames a product, moves it between families or to the next planning cycle (its owner or
/// leadership). Moving the base year keeps every item; those now outside a horizon's window
/// are flagged, not moved or dropped.
pub(crate) fn update(core: &Core, actor: &Actor, id: &str, up: ProductUpdate<'_>) -> Result<Product> {
    let name = up.name.map(|n| clean_name("product name", n, MAX_NAME)).transpose()?;
    let base_year = up.base_year.map(check_base_year).transpose()?;
    core.write(&actor.id, |w| {
        let old = get(w.conn(), id)?;
        // The rule roadmap items declare: the product's owner (or leadership).
        judge::require_now(w.conn(), &actor.id, "roadmap_item", "", "product_id", Some(&old.id))?;
        if let Some(name) = name.filter(|n| *n != old.name) {
            if !name.eq_ignore_ascii_case(&old.name) {
                workspace::require_unused_name(w.conn(), "product", &name)?;
            }
            w.set("product", id, "name", name)?;
        }
        if let Some(family) = up.family_id.filter(|f| *f != old.family_id.as_deref()) {
            if let Some(f) = family {
                get_family(w.conn(), f)?;
            }
            w.set("product", id, "family_id", family)?;
        }
        if let Some(year) = base_year.filter(|y| *y != old.base_year) {
            w.set("product", id, "base_year", year)?;
        }
        get(w.conn(), id)
    })
}

const SELECT: &str = "SELECT p.id, p.name, p.owner_id, m.name, p.family_id, f.name, p.base_year FROM product p
                      LEFT JOIN member m ON m.id = p.owner_id AND m.deleted = 0
                      LEFT JOIN product_family f ON f.id = p.family_id AND f.deleted = 0";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Product> {
    let base_year: i32 = r.get(6)?;
    Ok(Product {
        id: r.get(0)?,
        name: r.get(1)?,
        owner_id: r.get(2)?,
        owner_name: r.get(3)?,
        family_id: r.get(4)?,
        family_name: r.get(5)?,
        base_year: if base_year == 0 { current_year() } else { base_year },
    })
}

pub(crate) fn get(conn: &Connection, id: &str) -> Result<Product> {
    conn.prepare_cached(&format!("{SELECT} WHERE p.id = ?1 AND p.deleted = 0"))?
        .query_row([id], row)
        .optional()?
        .ok_or_else(|| Error::not_found("product", id))
}

pub(crate) fn list(core: &Core) -> Result<Vec<Product>> {
    core.read(|c| {
        let mut stmt =
            c.prepare_cached(&format!("{SELECT} WHERE p.deleted = 0 ORDER BY p.name COLLATE NOCASE, p.id"))?;
        let rows = stmt.query_map([], row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })
}

/// Finds a product by id or exact name (case-insensitive).
pub(crate) fn find(core: &Core, id_or_name: &str) -> Result<Product> {
    let all = list(core)?;
    crate::lookup::by_id_or_name(&all, "product", id_or_name, |p| &p.id, |p| &p.name).cloned()
}

/// A group of related products (a senior PM may own a whole family).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Family {
    pub(crate) id: String,
    pub(crate) name: String,
}

pub(crate) fn create_family(core: &Core, actor: &Actor, name: &str) -> Result<Family> {
    let name = clean_name("product family name", name, MAX_NAME)?;
    actor.require(Action::CreateProduct, "create product families")?;
    let id = new_id();
    core.write(&actor.id, |w| {
        workspace::require_unused_name(w.conn(), "product_family", &name)?;
        w.set("product_family", &id, "name", name.as_str())?;
        get_family(w.conn(), &id)
    })
}

pub(crate) fn get_family(conn: &Connection, id: &str) -> Result<Family> {
    conn.query_row("SELECT id, name FROM product_family WHERE id = ?1 AND deleted = 0", [id], |r| {
        Ok(Family { id: r.get(0)?, name: r.get(1)? })
    })
    .optional()?
    .ok_or_else(|| Error::not_found("product family", id))
}

pub(crate) fn list_families(core: &Core) -> Result<Vec<Family>> {
    core.read(|c| {
        let mut stmt =
            c.prepare("SELECT id, name FROM product_family WHERE deleted = 0 ORDER BY name COLLATE NOCASE, id")?;
        let rows = stmt.query_map([], |r| Ok(Family { id: r.get(0)?, name: r.get(1)? }))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })
}

pub(crate) fn find_family(core: &Core, id_or_name: &str) -> Result<Family> {
    let all = list_families(core)?;
    crate::lookup::by_id_or_name(&all, "product family", id_or_name, |f| &f.id, |f| &f.name).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_product_is_owned_by_a_senior_pm() -> Result<()> {
        let core = Core::open_in_memory()?;
        workspace::init(&core, "Acme", "Lee", Role::Leadership)?;
        let lee = workspace::me(&core)?;
        let err = create(&core, &lee, "Checkout", None).err().map(|e| e.to_string());
        assert_eq!(err.as_deref(), Some("choose the senior PM who owns this product"));
        let err = create(&core, &lee, "Checkout", Some(&lee.id)).err().map(|e| e.to_string());
        assert_eq!(err.as_deref(), Some("Lee is leadership; a product is owned by a senior PM"));
        let sam = workspace::add_member(&core, &lee, "Sam", Role::Senior, None)?;
        let p = create(&core, &lee, "Checkout", Some(&sam.id))?;
        assert_eq!(p.owner_name.as_deref(), Some("Sam"));
        let err = create(&core, &lee, "checkout", Some(&sam.id)).err().map(|e| e.code());
        assert_eq!(err, Some(crate::ErrorCode::InvalidInput));
        assert_eq!(list(&core)?, vec![p]);
        Ok(())
    }

    #[test]
    fn a_junior_may_not_create_a_product() -> Result<()> {
        let core = Core::open_in_memory()?;
        workspace::init(&core, "Acme", "Jo", Role::Junior)?;
        let jo = workspace::me(&core)?;
        let err = create(&core, &jo, "Checkout", None).err().map(|e| e.to_string());
        assert_eq!(err.as_deref(), Some("Jo is a junior PM and may not create products"));
        assert!(list(&core)?.is_empty());
        Ok(())
    }

    #[test]
    fn families_group_products_and_the_base_year_moves_with_the_planning_cycle() -> Result<()> {
        let core = Core::open_in_memory()?;
        workspace::init(&core, "Acme", "Sam", Role::Senior)?;
        let sam = workspace::me(&core)?;
        let family = create_family(&core, &sam, "Commerce")?;
        let more = NewProduct { family_id: Some(&family.id), base_year: Some(2027) };
        let p = create_with(&core, &sam, "Checkout", None, more)?;
        assert_eq!((p.family_name.as_deref(), p.base_year), (Some("Commerce"), 2027));
        let p = update(&core, &sam, &p.id, ProductUpdate { base_year: Some(2028), ..ProductUpdate::default() })?;
        assert_eq!(p.base_year, 2028);
        let p = update(&core, &sam, &p.id, ProductUpdate { family_id: Some(None), ..ProductUpdate::default() })?;
        assert_eq!(p.family_id, None);
        let ana = workspace::add_member(&core, &sam, "Ana", Role::Junior, None)?;
        let ana = core.read(|c| workspace::actor(c, &ana.id))?;
        let before = core.read(crate::oplog::dump)?;
        for bad in [
            ProductUpdate { base_year: Some(1999), ..ProductUpdate::default() },
            ProductUpdate { family_id: Some(Some("nope")), ..ProductUpdate::default() },
            ProductUpdate { name: Some(""), ..ProductUpdate::default() },
        ] {
            assert!(update(&core, &sam, &p.id, bad).is_err());
        }
        assert!(create_family(&core, &sam, "commerce").is_err(), "family names are unique");
        let err = update(&core, &ana, &p.id, ProductUpdate { base_year: Some(2029), ..ProductUpdate::default() });
        assert_eq!(err.err().map(|e| e.code()), Some(crate::ErrorCode::PermissionDenied));
        assert_eq!(core.read(crate::oplog::dump)?, before, "refused updates changed nothing");
        Ok(())
    }

    #[test]
    fn a_senior_may_create_a_product_for_another_senior_who_alone_edits_it() -> Result<()> {
        let core = Core::open_in_memory()?;
        workspace::init(&core, "Acme", "Lee", Role::Leadership)?;
        let lee = workspace::me(&core)?;
        let sue = workspace::add_member(&core, &lee, "Sue", Role::Senior, None)?;
        let owen = workspace::add_member(&core, &lee, "Owen", Role::Senior, None)?;
        let sue = core.read(|c| workspace::actor(c, &sue.id))?;
        let family = create_family(&core, &sue, "Commerce")?;
        let more = NewProduct { family_id: Some(&family.id), base_year: Some(2027) };
        let p = create_with(&core, &sue, "Checkout", Some(&owen.id), more)?;
        assert_eq!((p.owner_name.as_deref(), p.base_year), (Some("Owen"), 2027));
        assert!(crate::oplog::judge::refused(&core)?.is_empty(), "every op of the creation was allowed");
        let err = update(&core, &sue, &p.id, ProductUpdate { base_year: Some(2028), ..ProductUpdate::default() });
        assert_eq!(err.err().map(|e| e.code()), Some(crate::ErrorCode::PermissionDenied));
        Ok(())
    }
}
