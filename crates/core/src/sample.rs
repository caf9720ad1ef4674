//! A ready sample workspace, so a newcomer (`npm run app`, `baton sample`) sees a real roadmap
//! at once: a senior PM ("me"), leadership, two junior PMs, goals with measures, two product
//! families, two products planning from next year with five-, three- and one-year items,
//! requirements, guardrails, an unaligned item, a snapshot of the approved plan, and work
//! delegated to the juniors: one item accepted with stories (one waiting for Sam's review,
//! one approved), one offer not yet answered; and ideas: customer feedback (some linked, one
//! waiting for triage), Sam's idea given the go-ahead with changes (to place on the roadmap),
//! one declined, and Ana's idea waiting for Sam's sponsorship; a Checkout sprint running now,
//! the launch checklist template, and two entries in Ana's journal.

use chrono::Datelike;

use crate::delegation::stories::{self, Criterion, Mark, Verdict};
use crate::delegation::{self, reviews};
use crate::error::{Error, Result};
use crate::execution::journal::{self, JournalKind};
use crate::execution::{launches, sprints};
use crate::ideas::{self, decisions, feedback};
use crate::oplog::Core;
use crate::roadmap::guardrails::{self, GuardrailKind};
use crate::roadmap::{self, snapshots, Horizon, NewItem, Status};
use crate::workspace::{self, Role, WorkspaceInfo};
use crate::{goals, products};

pub(crate) fn create(core: &Core) -> Result<WorkspaceInfo> {
    // Leadership founds the workspace and adds Sam (a senior PM may not add leadership); then
    // this laptop is handed to Sam, who is "me" from here on, as if it had joined as Sam.
    workspace::init(core, "Northwind Commerce", "Lee Chen", Role::Leadership)?;
    let lee = workspace::me(core)?;
    let sam = workspace::add_member(core, &lee, "Sam Rivera", Role::Senior, None)?;
    core.transact(|tx| {
        tx.execute("UPDATE local_device SET member_id = ?1", [&sam.id])?;
        Ok(())
    })?;
    let sam = workspace::me(core)?;
    let ana = workspace::add_member(core, &sam, "Ana Ortiz", Role::Junior, None)?;
    let ben = workspace::add_member(core, &sam, "Ben Okafor", Role::Junior, None)?;

    let revenue = goals::create(
        core,
        &sam,
        "Grow self-serve revenue 30%",
        "Self-serve plans should carry growth without adding sales headcount.",
        "Net new ARR from self-serve plans",
    )?;
    let activation = goals::create(
        core,
        &sam,
        "New teams get value on day one",
        "A new team should share its first roadmap the day it signs up.",
        "Median time to first shared roadmap under 24 hours",
    )?;
    goals::create(
        core,
        &sam,
        "Be the most trusted tool in the category",
        "Customers trust us with their plans.",
        "NPS above 50; no data-loss incidents",
    )?;

    let y = chrono::Local::now().year() + 1;
    let commerce = products::create_family(core, &sam, "Commerce")?;
    let growth = products::create_family(core, &sam, "Growth")?;
    fn in_family(family: &str, y: i32) -> products::NewProduct<'_> {
        products::NewProduct { family_id: Some(family), base_year: Some(y) }
    }
    let checkout = products::create_with(core, &sam, "Checkout", None, in_family(&commerce.id, y))?;
    let onboarding = products::create_with(core, &sam, "Onboarding", None, in_family(&growth.id, y))?;

    let add = |product: &str, horizon, period: String, title: &str, goal: Option<&str>, parent: Option<&str>| {
        let new = NewItem {
            product_id: product,
            horizon,
            period: &period,
            title,
            goal_id: goal,
            parent_id: parent,
            status: None,
        };
        roadmap::create(core, &sam, new).map(|i| i.id)
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
    let pay = add(&checkout.id, Horizon::OneYear, format!("{y}-Q1"), "Apple Pay and Google Pay", None, Some(&wallets))?;
    let saved = add(
        &checkout.id,
        Horizon::OneYear,
        format!("{y}-Q2"),
        "Saved cards for returning buyers",
        None,
        Some(&wallets),
    )?;
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

    roadmap::update(
        core,
        &sam,
        &pay,
        roadmap::Update {
            status: Some(Status::InProgress),
            confidence: Some(roadmap::Confidence::High),
            metric: Some("Share of mobile checkouts paid with a wallet"),
            impact: Some("+4% mobile conversion, about $1.2M ARR"),
            requirements: Some(
                "## Goal\nBuyers on phones pay with the wallet they already use.\n\n## Must\n- Apple Pay on Safari and iOS\n- Google Pay on Chrome and Android\n- Fall back to the card form when no wallet is set up\n\n## Out of scope\n- Crypto wallets",
            ),
            ..roadmap::Update::default()
        },
    )?;
    guardrails::add(core, &sam, &theme, GuardrailKind::MustNot, "Never store raw card numbers on our servers")?;
    guardrails::add(core, &sam, &wallets, GuardrailKind::Budget, "At most two engineering squads")?;
    guardrails::add(core, &sam, &pay, GuardrailKind::Date, "Live before the holiday code freeze")?;
    snapshots::create(core, &sam, &checkout.id, &format!("{y} plan, as drafted"))?;
    delegate_sample(core, &sam, &ana, &ben, &pay, &saved, y)?;
    ideas_sample(core, &lee.id, &sam.id, &ana.id, &checkout.id)?;
    execution_sample(core, &sam, &ana.id, &checkout.id)?;
    // The sample is where a newcomer starts, not edits of theirs: nothing to undo.
    core.transact(|tx| {
        tx.execute("DELETE FROM undo_step", [])?;
        Ok(())
    })?;

    workspace::info(core)?.ok_or(Error::NoWorkspace)
}

/// Sam hands the wallets item to Ana, who accepts and writes two stories (one approved, one
/// waiting for review), and offers saved cards to Ben, who has not answered yet.
fn delegate_sample(
    core: &Core,
    sam: &workspace::Actor,
    ana: &workspace::Member,
    ben: &workspace::Member,
    pay: &str,
    saved: &str,
    y: i32,
) -> Result<()> {
    let due = format!("{y}-03-31");
    let brief = delegation::Brief {
        scope: Some("Apple Pay and Google Pay in the web checkout, with the card form as fallback"),
        non_goals: Some("Native apps; crypto wallets"),
        decisions: Some("Ana decides the flows and copy; anything touching fees or risk rules needs Sam"),
        due: Some(&due),
        cadence_days: Some(7),
    };
    let d = delegation::offer(core, sam, pay, &ana.id, &brief)?;
    let as_member = |id: &str| -> Result<workspace::Actor> {
        core.transact(|tx| {
            tx.execute("UPDATE local_device SET member_id = ?1", [id])?;
            Ok(())
        })?;
        workspace::me(core)
    };
    let ana_here = as_member(&ana.id)?;
    delegation::accept(core, &ana_here, &d.id)?;
    let criteria = |texts: &[&str]| -> Vec<Criterion> {
        texts.iter().map(|t| Criterion { text: (*t).to_owned(), done: false }).collect()
    };
    let tap = criteria(&["The wallet button shows only when a wallet is set up", "Paying takes one tap and Face ID"]);
    let one = stories::add(
        core,
        &ana_here,
        &d.id,
        &stories::Draft {
            title: Some("Pay with Apple Pay in one tap"),
            as_a: Some("returning buyer on an iPhone"),
            i_want: Some("to pay with Apple Pay"),
            so_that: Some("I don't type my card on a small screen"),
            criteria: Some(&tap),
            dev: Some("Priya (payments squad)"),
            qa: Some("Tom"),
            points: Some(5),
        },
    )?;
    let fallback = criteria(&["Without a wallet the card form shows as today"]);
    let two = stories::add(
        core,
        &ana_here,
        &d.id,
        &stories::Draft {
            title: Some("Fall back to the card form"),
            as_a: Some("buyer without a wallet"),
            i_want: Some("the card form I know"),
            so_that: Some("I can still pay"),
            criteria: Some(&fallback),
            points: Some(2),
            ..stories::Draft::default()
        },
    )?;
    for s in [&one, &two] {
        for c in &s.checks {
            stories::check(core, &ana_here, &s.id, &c.guardrail_id, Mark::Respected, "")?;
        }
    }
    reviews::request(core, &ana_here, &[one.id.clone(), two.id.clone()])?;
    let sam = as_member(&sam.id)?;
    reviews::decide(core, &sam, &two.id, Verdict::Approved, None, None)?;
    let saved_brief =
        delegation::Brief { scope: Some("Returning buyers pick a saved card"), ..delegation::Brief::default() };
    delegation::offer(core, &sam, saved, &ben.id, &saved_brief)?;
    Ok(())
}

/// Feedback in Sam's inbox; Sam's guest-checkout idea, backed by two pieces of it, submitted and
/// given the go-ahead with changes by Lee; a crypto idea Lee declined; Ana's idea sent to Sam.
fn ideas_sample(core: &Core, lee: &str, sam: &str, ana: &str, checkout: &str) -> Result<()> {
    let as_member = |id: &str| -> Result<workspace::Actor> {
        core.transact(|tx| {
            tx.execute("UPDATE local_device SET member_id = ?1", [id])?;
            Ok(())
        })?;
        workspace::me(core)
    };
    let sam = as_member(sam)?;
    let heard =
        |source, body, customer, who| feedback::NewFeedback { source, body, customer, who, heard_on: None, link: "" };
    let f1 = feedback::add(
        core,
        &sam,
        &heard(
            feedback::Source::Call,
            "We lose first-time buyers at the sign-up wall",
            "Bloom Florists",
            "Dana, ecommerce lead",
        ),
    )?;
    let f2 = feedback::add(
        core,
        &sam,
        &heard(feedback::Source::Analytics, "42% of new visitors leave at account creation", "All self-serve", ""),
    )?;
    feedback::add(
        core,
        &sam,
        &heard(feedback::Source::Support, "Can we pay by invoice?", "Enterprise trials", "Ticket 4812"),
    )?;
    let guest = ideas::add(
        core,
        &sam,
        &ideas::NewIdea {
            title: "Guest checkout",
            problem: "First-time buyers must create an account before paying, and many leave.",
            proposal: "Let buyers pay as guests and offer an account after the purchase.",
            product_id: Some(checkout),
        },
    )?;
    for f in [&f1, &f2] {
        feedback::link(core, &sam, &f.id, feedback::LinkTo::Idea(&guest.id))?;
    }
    let score = ideas::IdeaEdit {
        reach: Some(12_000),
        impact: Some(ideas::Impact::High),
        confidence: Some(80),
        effort: Some(30),
        ..ideas::IdeaEdit::default()
    };
    ideas::update(core, &sam, &guest.id, &score)?;
    ideas::evidence_add(core, &sam, &guest.id, ideas::EvidenceKind::Metric, "Sign-up drop-off 42% (last quarter)", "")?;
    ideas::submit(core, &sam, &guest.id)?;
    let crypto = ideas::add(
        core,
        &sam,
        &ideas::NewIdea {
            title: "Pay with crypto wallets",
            problem: "A few buyers ask to pay in crypto.",
            proposal: "Accept the two largest crypto wallets at checkout.",
            product_id: Some(checkout),
        },
    )?;
    ideas::submit(core, &sam, &crypto.id)?;
    let lee = as_member(lee)?;
    let verdict = |outcome, rationale, changes| decisions::Verdict { outcome, rationale, changes, revisit: None };
    decisions::decide(
        core,
        &lee,
        &guest.id,
        &verdict(
            decisions::Outcome::GoAheadWithChanges,
            "The drop-off is the largest leak in the funnel and the fix is small.",
            Some("Keep fraud checks on guest orders as strict as on accounts."),
        ),
    )?;
    decisions::decide(
        core,
        &lee,
        &crypto.id,
        &verdict(decisions::Outcome::No, "Regulatory risk and too little demand.", None),
    )?;
    let ana = as_member(ana)?;
    let reminder = ideas::add(
        core,
        &ana,
        &ideas::NewIdea {
            title: "Remind buyers of a saved cart",
            problem: "Carts left by signed-in buyers are forgotten.",
            proposal: "Email a reminder a day later, once.",
            product_id: Some(checkout),
        },
    )?;
    ideas::submit(core, &ana, &reminder.id)?;
    as_member(&sam.id)?;
    Ok(())
}

/// Sam's checkout sprint running this fortnight and the launch checklist every Checkout launch
/// starts from; two entries in Ana's journal.
fn execution_sample(core: &Core, sam: &workspace::Actor, ana: &str, checkout: &str) -> Result<()> {
    let today = chrono::Local::now().date_naive();
    let day = |d: i64| (today + chrono::Duration::days(d)).format("%Y-%m-%d").to_string();
    let (starts, ends) = (day(-3), day(10));
    let plan =
        sprints::Plan { name: Some("Sprint 14"), starts_on: Some(&starts), ends_on: Some(&ends), capacity: Some(20) };
    sprints::create(core, sam, checkout, &plan)?;
    for (text, mandatory) in
        [("Release notes published", true), ("Support team briefed", true), ("Metrics dashboard live", false)]
    {
        launches::template_add(core, sam, checkout, text, mandatory)?;
    }
    core.transact(|tx| {
        tx.execute("UPDATE local_device SET member_id = ?1", [ana])?;
        Ok(())
    })?;
    let ana_here = workspace::me(core)?;
    let (week_ago, yesterday) = (day(-7), day(-1));
    let entries = [
        (
            JournalKind::Learning,
            "Ask QA for the edge cases before writing criteria: Tom found three I had missed",
            week_ago,
        ),
        (JournalKind::Achievement, "Got the card-form fallback approved on the first review", yesterday),
    ];
    for (kind, body, on) in entries {
        let draft =
            journal::Draft { kind: Some(kind), body: Some(body), on_day: Some(&on), ..journal::Draft::default() };
        journal::add(core, &ana_here, &draft)?;
    }
    core.transact(|tx| {
        tx.execute("UPDATE local_device SET member_id = ?1", [&sam.id])?;
        Ok(())
    })?;
    Ok(())
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
        assert_eq!(products::list_families(&core)?.len(), 2);
        let items = roadmap::list(&core, None)?;
        let count = |h| items.iter().filter(|i| i.horizon == h).count();
        assert_eq!((count(Horizon::FiveYear), count(Horizon::ThreeYear), count(Horizon::OneYear)), (2, 3, 5));
        let unaligned: Vec<&str> = items.iter().filter(|i| i.unaligned).map(|i| i.title.as_str()).collect();
        assert_eq!(unaligned, ["Import from spreadsheets"]);
        assert!(items.iter().all(|i| !i.outside_window));
        assert_eq!(snapshots::list(&core, None)?.len(), 1);
        let queue = core.read(|c| delegation::queues::review_queue(c, &info.me.id))?;
        let waiting: Vec<&str> = queue.iter().map(|(_, s, _)| s.title.as_str()).collect();
        assert_eq!(waiting, ["Pay with Apple Pay in one tap"], "one story waits for Sam's review");
        let me = workspace::me(&core)?;
        let q = core.read(|c| decisions::queue(c, &me))?;
        let titles = |v: &[ideas::Idea]| v.iter().map(|i| i.title.clone()).collect::<Vec<_>>();
        assert_eq!(titles(&q.to_place), ["Guest checkout"], "Sam places the go-ahead");
        assert_eq!(titles(&q.to_sponsor), ["Remind buyers of a saved cart"], "Ana's idea waits for Sam");
        assert_eq!(core.read(feedback::new_count)?, 1);
        let checkout =
            products::list(&core)?.into_iter().find(|p| p.name == "Checkout").map(|p| p.id).unwrap_or_default();
        let sprints = core.read(|c| sprints::list(c, &checkout))?;
        assert_eq!(sprints.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["Sprint 14"]);
        assert_eq!(crate::undo::stacks(&core, &me)?, crate::undo::Stacks::default(), "nothing to undo in a new sample");
        assert!(create(&core).is_err(), "a second sample on the same device is refused");
        Ok(())
    }
}
