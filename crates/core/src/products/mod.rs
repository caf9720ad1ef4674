//! Products, each owned by one senior PM who drafts its roadmaps.

use rusqlite::{Connection, OptionalExtension};

use crate::error::{Error, Result};
use crate::store::{new_id, Core};
use crate::workspace::{self, clean_name, Action, Actor, Role, MAX_NAME};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    pub id: String,
    pub name: String,
    pub owner_id: Option<String>,
    pub owner_name: Option<String>,
}

/// Creates a product. Its owner must be a senior PM; a senior creating one owns it by default.
pub fn create(core: &Core, actor: &Actor, name: &str, owner_id: Option<&str>) -> Result<Product> {
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
        w.set("product", &id, "name", name.as_str())?;
        w.set("product", &id, "owner_id", owner_id.as_str())?;
        get(w.conn(), &id)
    })
}

const SELECT: &str = "SELECT p.id, p.name, p.owner_id, m.name FROM product p
                      LEFT JOIN member m ON m.id = p.owner_id AND m.deleted = 0";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Product> {
    Ok(Product { id: r.get(0)?, name: r.get(1)?, owner_id: r.get(2)?, owner_name: r.get(3)? })
}

pub fn get(conn: &Connection, id: &str) -> Result<Product> {
    conn.query_row(&format!("{SELECT} WHERE p.id = ?1 AND p.deleted = 0"), [id], row)
        .optional()?
        .ok_or_else(|| Error::not_found("product", id))
}

pub fn list(core: &Core) -> Result<Vec<Product>> {
    core.read(|c| {
        let mut stmt = c.prepare(&format!("{SELECT} WHERE p.deleted = 0 ORDER BY p.name COLLATE NOCASE, p.id"))?;
        let rows = stmt.query_map([], row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    })
}

/// Finds a product by id or exact name (case-insensitive).
pub fn find(core: &Core, id_or_name: &str) -> Result<Product> {
    let all = list(core)?;
    crate::lookup::by_id_or_name(&all, "product", id_or_name, |p| &p.id, |p| &p.name).cloned()
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
}
