//! A ready sample workspace, so a newcomer (`npm run app`, `baton sample`) sees a real roadmap
//! at once: a senior PM ("me"), leadership, two junior PMs, goals, two products and their
//! five-, three- and one-year items, placed relative to the current year.

use chrono::Datelike;

use crate::error::{Error, Result};
use crate::roadmap::{self, Horizon, NewItem};
use crate::store::{new_id, Core};
use crate::workspace::{self, Role, WorkspaceInfo};
use crate::{goals, products};

pub fn create(core: &Core) -> Result<WorkspaceInfo> {
    workspace::init(core, "Northwind Commerce", "Sam Rivera", Role::Senior)?;
    let sam = workspace::me(core)?;
    // A senior PM may not add leadership through the normal command; the sample seeds it as
    // the workspace's creator would have, through the same op path.
    let lee = new_id();
    core.write(&sam.id, |w| {
        w.set("member", &lee, "name", "Lee Chen")?;
        w.set("member", &lee, "role", "leadership")?;
        w.set("member", &lee, "manager_id", serde_json::Value::Null)?;
        Ok(())
    })?;
    workspace::add_member(core, &sam, "Ana Ortiz", Role::Junior, None)?;
    workspace::add_member(core, &sam, "Ben Okafor", Role::Junior, None)?;

    let revenue =
        goals::create(core, &sam, "Grow self-serve revenue 30%", "Measured as net new ARR from self-serve plans.")?;
    let activation = goals::create(
        core,
        &sam,
        "New teams get value on day one",
        "Median time to first shared roadmap under 24 hours.",
    )?;
    goals::create(core, &sam, "Be the most trusted tool in the category", "NPS above 50; no data-loss incidents.")?;

    let y = chrono::Local::now().year() + 1;
    let checkout = products::create(core, &sam, "Checkout", None)?;
    let onboarding = products::create(core, &sam, "Onboarding", None)?;

    let add = |product: &str, horizon, period: String, title: &str, goal: Option<&str>, parent: Option<&str>| {
        roadmap::create(
            core,
            &sam,
            NewItem { product_id: product, horizon, period: &period, title, goal_id: goal, parent_id: parent },
        )
        .map(|i| i.id)
    };
    let theme = add(
        &checkout.id,
        Horizon::FiveYear,
        format!("{}", y + 2),
        "One-click checkout everywhere",
        Some(&revenue.id),
        None,
    )?;
    let wallets = add(
        &checkout.id,
        Horizon::ThreeYear,
        format!("{y}-H2"),
        "Wallets and saved payment methods",
        None,
        Some(&theme),
    )?;
    let fraud =
        add(&checkout.id, Horizon::ThreeYear, format!("{}", y + 1), "Risk-based fraud checks", None, Some(&theme))?;
    add(&checkout.id, Horizon::OneYear, format!("{y}-Q1"), "Apple Pay and Google Pay", None, Some(&wallets))?;
    add(&checkout.id, Horizon::OneYear, format!("{y}-Q2"), "Saved cards for returning buyers", None, Some(&wallets))?;
    add(&checkout.id, Horizon::OneYear, format!("{y}-Q3"), "3-D Secure only when risky", None, Some(&fraud))?;

    let guided =
        add(&onboarding.id, Horizon::FiveYear, format!("{}", y + 1), "Guided first week", Some(&activation.id), None)?;
    let templates = add(
        &onboarding.id,
        Horizon::ThreeYear,
        format!("{y}-H1"),
        "Roadmap templates by industry",
        None,
        Some(&guided),
    )?;
    add(&onboarding.id, Horizon::OneYear, format!("{y}-Q1"), "Template gallery", None, Some(&templates))?;
    add(&onboarding.id, Horizon::OneYear, format!("{y}-Q4"), "Import from spreadsheets", None, None)?;

    workspace::info(core)?.ok_or(Error::NoWorkspace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_is_a_whole_small_roadmap() -> Result<()> {
        let core = Core::open_in_memory()?;
        let info = create(&core)?;
        assert_eq!((info.me.name.as_str(), info.me.role), ("Sam Rivera", Role::Senior));
        assert_eq!(workspace::list_members(&core)?.len(), 4);
        assert_eq!(goals::list(&core)?.len(), 3);
        assert_eq!(products::list(&core)?.len(), 2);
        let items = roadmap::list(&core, None)?;
        let count = |h| items.iter().filter(|i| i.horizon == h).count();
        assert_eq!((count(Horizon::FiveYear), count(Horizon::ThreeYear), count(Horizon::OneYear)), (2, 3, 5));
        assert!(create(&core).is_err(), "a second sample on the same device is refused");
        Ok(())
    }
}
