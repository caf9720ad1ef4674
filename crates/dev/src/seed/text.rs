//! The words the generator builds names, titles and texts from. Fixed lists: the same seed
//! picks the same words.

use super::Rng;

pub(super) const WORKSPACE: &str = "Meridian Group";

pub(super) const FIRST_NAMES: &[&str] = &[
    "Ava", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Kira", "Liam", "Maya", "Noah",
    "Olga", "Pavel", "Quinn", "Rosa", "Sami", "Tara", "Umar", "Vera", "Wen", "Ximena", "Yusuf", "Zoe", "Amir", "Bea",
    "Carlos", "Dana",
];

pub(super) const LAST_NAMES: &[&str] = &[
    "Adams", "Baptiste", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad", "Ivanova", "Jensen", "Kowalski",
    "Larsen", "Moreau", "Nakamura", "Okafor", "Petrov", "Quispe", "Rossi", "Schmidt", "Tanaka", "Ueda", "Varga",
    "Weber", "Xu", "Yilmaz", "Zhang", "Alvarez", "Brennan", "Chen", "Duarte",
];

pub(super) const FAMILIES: &[&str] = &[
    "Commerce",
    "Growth",
    "Platform",
    "Money",
    "Trust",
    "Insights",
    "Experience",
    "Operations",
    "Ecosystem",
    "Collaboration",
];

pub(super) const PRODUCTS: &[&str] = &[
    "Checkout",
    "Onboarding",
    "Billing",
    "Search",
    "Payments",
    "Identity",
    "Messaging",
    "Analytics",
    "Reporting",
    "Notifications",
    "Mobile App",
    "Admin Console",
    "Catalog",
    "Inventory",
    "Shipping",
    "Returns",
    "Loyalty",
    "Pricing",
    "Marketplace",
    "Partner API",
    "Data Platform",
    "Integrations",
    "Help Center",
    "Community",
    "Recommendations",
    "Storefront",
    "Subscriptions",
    "Invoicing",
    "Tax Engine",
    "Fraud Shield",
    "Compliance",
    "Audit Log",
    "Workflows",
    "Scheduling",
    "Documents",
    "Forms",
    "Dashboards",
    "Alerts",
    "Feature Flags",
    "Experiments",
    "Design System",
    "Localization",
    "Developer Portal",
    "Desktop App",
    "Security Center",
    "Payroll",
    "Expenses",
    "Procurement",
];

/// Organisation goals: title, description, measure.
pub(super) const GOALS: &[(&str, &str, &str)] = &[
    (
        "Grow self-serve revenue 30%",
        "Self-serve plans carry growth without adding sales headcount.",
        "Net new ARR from self-serve plans",
    ),
    (
        "New teams get value on day one",
        "A new team shares its first plan the day it signs up.",
        "Median time to first shared plan under 24 hours",
    ),
    (
        "Be the most trusted tool in the category",
        "Customers trust us with their plans.",
        "NPS above 50; no data-loss incidents",
    ),
    (
        "Win the mid-market",
        "Companies of 200 to 2,000 people choose us over the incumbents.",
        "Mid-market win rate above 35%",
    ),
    (
        "Halve the cost to serve",
        "Support and infrastructure grow slower than revenue.",
        "Cost to serve per account down 50%",
    ),
    (
        "Expand into Europe and Japan",
        "Local payment, language and data residency in two new regions.",
        "20% of new ARR from the new regions",
    ),
    ("Keep every customer we win", "Accounts renew and grow.", "Net revenue retention above 115%"),
    (
        "Ship faster with fewer incidents",
        "Small changes, shipped often, rarely rolled back.",
        "Change failure rate under 5%",
    ),
    (
        "Open the platform to partners",
        "Partners build on our APIs and bring customers.",
        "100 certified partner integrations",
    ),
    (
        "Make every screen accessible",
        "Everyone can use every feature with any input device.",
        "WCAG 2.2 AA on every screen",
    ),
    (
        "Become the system of record for plans",
        "Plans live here, not in slides and spreadsheets.",
        "70% of active accounts plan three horizons",
    ),
    ("Profitable growth", "Growth that pays for itself within a year.", "CAC payback under 12 months"),
    ("Delight power users", "The people who use us all day love it.", "Weekly active power users up 40%"),
    ("Zero-trust security posture", "Every access is verified and recorded.", "SOC 2 Type II and ISO 27001 kept clean"),
    ("Data that drives decisions", "Teams decide with numbers they trust.", "80% of reviews cite a product metric"),
    (
        "Mobile first for field teams",
        "Field teams do their whole job from a phone.",
        "Mobile share of actions above 45%",
    ),
    (
        "Reduce churn in the first 90 days",
        "New accounts reach value before the first renewal talk.",
        "90-day logo churn under 3%",
    ),
    ("Partner-led growth in new verticals", "Healthcare and education through partners.", "15 vertical partners live"),
    ("A platform engineers enjoy", "Internal tools that remove toil.", "Developer satisfaction above 4.2/5"),
    ("Sustainable operations", "Lower energy and waste per transaction.", "Carbon per transaction down 30%"),
    (
        "Pricing customers understand",
        "Fewer plans, clear limits, no surprises.",
        "Billing tickets per 1,000 accounts halved",
    ),
    ("World-class support", "Answers in minutes, fixes in hours.", "Median first response under 10 minutes"),
    ("Grow enterprise expansion", "Land in one team, expand to the company.", "Seats per enterprise account doubled"),
    (
        "Own the planning workflow end to end",
        "From strategy to sprint in one place.",
        "60% of items linked from goal to story",
    ),
];

const THEME_VERBS: &[&str] =
    &["Own", "Reinvent", "Unify", "Automate", "Simplify", "Scale", "Open up", "Personalise", "Secure", "Globalise"];
const THEME_OBJECTS: &[&str] = &[
    "the buying journey",
    "self-serve setup",
    "the partner ecosystem",
    "data insights",
    "team collaboration",
    "payments everywhere",
    "trust and safety",
    "the mobile experience",
    "enterprise administration",
    "the developer platform",
    "customer success",
    "pricing and packaging",
];
const VERBS: &[&str] = &[
    "Launch",
    "Rebuild",
    "Speed up",
    "Redesign",
    "Add",
    "Retire",
    "Localise",
    "Harden",
    "Automate",
    "Measure",
    "Simplify",
    "Integrate",
    "Migrate",
    "Expose",
    "Consolidate",
    "Pilot",
];
const OBJECTS: &[&str] = &[
    "saved payment methods",
    "guided setup",
    "role-based access",
    "usage-based billing",
    "the search index",
    "bulk import",
    "webhooks",
    "audit exports",
    "single sign-on",
    "offline mode",
    "smart defaults",
    "the rules engine",
    "team templates",
    "in-app messaging",
    "the reporting API",
    "multi-currency pricing",
    "fraud scoring",
    "the approval flow",
    "dark mode",
    "keyboard shortcuts",
    "data residency",
    "the partner sandbox",
    "usage dashboards",
    "push notifications",
];
const QUALIFIERS: &[&str] = &[
    "for returning buyers",
    "for admins",
    "in Europe",
    "on mobile",
    "for large teams",
    "for partners",
    "in Japan",
    "for new accounts",
    "at scale",
    "for finance teams",
    "",
    "",
    "",
    "",
];

const METRICS: &[&str] = &[
    "Conversion of returning buyers",
    "Weekly active teams",
    "Median time to first value",
    "Share of accounts using it monthly",
    "Support tickets per 1,000 accounts",
    "p95 latency of the main screen",
    "Net revenue retention",
    "Trial-to-paid conversion",
    "Incidents per quarter",
    "Seats per account",
];
const IMPACTS: &[&str] = &[
    "+2% conversion, about $0.8M ARR",
    "+4% mobile conversion, about $1.2M ARR",
    "-15% support load",
    "+10 NPS among admins",
    "Unblocks the enterprise pipeline, about $3M",
    "-30% infrastructure cost",
    "+6% retention in the first 90 days",
    "Required for the EU launch",
    "Removes the top churn reason",
    "+25% partner-sourced leads",
];
const MUSTS: &[&str] = &[
    "Works on every supported browser",
    "Keyboard and screen reader access",
    "An admin can turn it off per team",
    "Audit log entry for every change",
    "Fallback when the provider is down",
    "Import from the old format",
    "Metrics on the product dashboard",
    "Documented in the help center",
    "Localised in the launch languages",
    "Under 200 ms at p95",
    "Behind a feature flag until the beta ends",
    "Reviewed by security before launch",
];
const OUT_OF_SCOPE: &[&str] =
    &["Native desktop clients", "Custom fields", "Offline editing", "Crypto payments", "Legacy plans"];
const GUARDRAILS: &[&str] = &[
    "Never store raw card numbers on our servers",
    "At most two engineering squads",
    "Live before the holiday code freeze",
    "No new third-party data processors",
    "Keep the p95 page load under one second",
    "No breaking changes to the public API",
    "Within the approved budget of the half",
    "Must not reduce accessibility scores",
    "Ship in the EU region first",
    "No dark patterns in cancellation",
];

fn pick<'a>(rng: &mut Rng, xs: &[&'a str]) -> &'a str {
    xs.get(rng.below(xs.len())).copied().unwrap_or_default()
}

/// A five-year theme's title.
pub(super) fn theme_title(rng: &mut Rng) -> String {
    format!("{} {}", pick(rng, THEME_VERBS), pick(rng, THEME_OBJECTS))
}

/// An initiative's or a one-year item's title.
pub(super) fn item_title(rng: &mut Rng) -> String {
    let q = pick(rng, QUALIFIERS);
    let base = format!("{} {}", pick(rng, VERBS), pick(rng, OBJECTS));
    if q.is_empty() {
        base
    } else {
        format!("{base} {q}")
    }
}

pub(super) fn metric(rng: &mut Rng) -> String {
    pick(rng, METRICS).to_owned()
}

pub(super) fn impact(rng: &mut Rng) -> String {
    pick(rng, IMPACTS).to_owned()
}

pub(super) fn guardrail(rng: &mut Rng) -> String {
    pick(rng, GUARDRAILS).to_owned()
}

/// A bullet of requirements.
pub(super) fn must(rng: &mut Rng) -> String {
    pick(rng, MUSTS).to_owned()
}

/// Requirements in Markdown: a goal line, what it must do, what is out of scope.
pub(super) fn requirements(title: &str, musts: &[String], rng: &mut Rng) -> String {
    let mut out = format!("## Goal\n{title}, measured and shipped in small steps.\n\n## Must\n");
    for m in musts {
        out.push_str(&format!("- {m}\n"));
    }
    out.push_str(&format!("\n## Out of scope\n- {}", pick(rng, OUT_OF_SCOPE)));
    out
}

/// Every "First Last" pair, shuffled: distinct member names.
pub(super) fn people(rng: &mut Rng, n: usize) -> Vec<String> {
    let mut all: Vec<String> =
        FIRST_NAMES.iter().flat_map(|f| LAST_NAMES.iter().map(move |l| format!("{f} {l}"))).collect();
    rng.shuffle(&mut all);
    // Past the 900 pairs, number the names (still distinct).
    let mut out: Vec<String> = all.iter().take(n).cloned().collect();
    let mut round = 2;
    while out.len() < n {
        let more: Vec<String> = all.iter().take(n - out.len()).map(|name| format!("{name} {round}")).collect();
        out.extend(more);
        round += 1;
    }
    out
}

/// `n` distinct names from `list`, shuffled; numbered past the list's length.
pub(super) fn distinct(rng: &mut Rng, list: &[&str], n: usize) -> Vec<String> {
    let mut all: Vec<&str> = list.to_vec();
    rng.shuffle(&mut all);
    (0..n)
        .map(|i| {
            let name = all.get(i % all.len().max(1)).copied().unwrap_or("Product");
            match i / all.len().max(1) {
                0 => name.to_owned(),
                k => format!("{name} {}", k + 1),
            }
        })
        .collect()
}

const PERSONAS: &[&str] = &[
    "returning shopper",
    "first-time visitor",
    "store manager",
    "finance admin",
    "support agent",
    "mobile user",
    "team lead",
    "account owner",
    "partner developer",
    "new hire",
];

const STORY_ACTIONS: &[&str] = &[
    "see", "filter", "export", "undo", "share", "compare", "schedule", "approve", "search", "pin", "rename", "archive",
];

const STORY_OBJECTS: &[&str] = &[
    "my recent orders",
    "the monthly invoice",
    "saved searches",
    "delivery slots",
    "the audit trail",
    "team permissions",
    "payment methods",
    "usage limits",
    "the onboarding checklist",
    "open tickets",
    "price alerts",
    "the weekly report",
];

const BENEFITS: &[&str] = &[
    "I finish the task without calling support",
    "I trust the numbers I report",
    "I save a few minutes every day",
    "my team sees the same thing I do",
    "I notice problems before customers do",
    "I can prove what changed and when",
    "I do not lose work when the network drops",
];

const CRITERIA: &[&str] = &[
    "Works offline and syncs when back online",
    "Shows a clear message when nothing matches",
    "Loads in under 200 ms on a mid-range phone",
    "Keyboard and screen reader accessible",
    "Respects the user's permissions",
    "Logged in the audit trail",
    "Copy reviewed by content design",
    "Tracked with an analytics event",
    "Handles 10,000 rows without paging",
    "Localised in the five launch languages",
];

const DECISIONS: &[&str] = &[
    "You decide the story split and the order; check with me before changing the launch date.",
    "You own the UX details; pricing and legal wording come back to me.",
    "Decide scope cuts alone up to one sprint; anything bigger, ask.",
    "You choose the rollout plan; a new dependency needs my sign-off.",
];

const QUESTIONS: &[&str] = &[
    "Does this include the mobile apps or only web?",
    "Is the due date fixed, or can we ship in two steps?",
    "Who signs off on the legal copy?",
    "Can I pull a developer from the platform team for this?",
];

const ANSWERS: &[&str] = &[
    "Web first; mobile follows next quarter.",
    "Two steps are fine as long as the first lands before the review.",
    "Legal signs off; I have asked them to reserve time.",
    "Yes, for two sprints; I have told their lead.",
];

const CHANGE_REQUESTS: &[&str] = &[
    "Split this: the export and the sharing are two stories.",
    "The acceptance criteria do not say what happens on an empty list.",
    "Estimate looks low for the data migration part.",
    "Say which persona this is for; it reads like two users.",
    "This touches the payment flow: add the guardrail check and a rollback plan.",
];

const REPLIES: &[&str] = &[
    "Done, split and re-estimated.",
    "Good catch, criteria updated.",
    "Agreed, I will pair with QA on this one.",
    "Fixed; see the new estimate.",
];

const REMARKS: &[&str] = &[
    "How is this going? Anything blocking you?",
    "Nice progress this sprint.",
    "Let's look at the launch checklist at our next 1:1.",
    "Can you add the rollout plan to the brief's notes?",
];

const BLOCKERS: &[&str] = &[
    "Waiting for the API from the platform team",
    "Legal review pending",
    "Design not final",
    "Blocked by a data migration",
];

const CHECKINS: &[&str] = &[
    "Two stories in QA, one blocked on legal; on track for the due date.",
    "First stories shipped behind a flag; metrics look fine so far.",
    "Behind by a few days: the API changed; catching up next sprint.",
];

const VIOLATIONS: &[&str] = &[
    "Needs one extra field in checkout for the pilot market",
    "Keeps the old flow for two weeks during the migration",
    "Stores the export for 30 days, longer than the guardrail allows",
];

/// A story's title, "as a", "I want", "so that".
pub(super) fn story(rng: &mut Rng) -> (String, String, String, String) {
    let (action, object) = (pick(rng, STORY_ACTIONS), pick(rng, STORY_OBJECTS));
    let persona = pick(rng, PERSONAS);
    let title = format!("{}{} {object}", action.get(..1).unwrap_or("").to_uppercase(), action.get(1..).unwrap_or(""));
    (title, persona.to_owned(), format!("to {action} {object}"), pick(rng, BENEFITS).to_owned())
}

/// Two to four acceptance criteria.
pub(super) fn criteria(rng: &mut Rng) -> Vec<String> {
    (0..2 + rng.below(3)).map(|_| pick(rng, CRITERIA).to_owned()).collect()
}

pub(super) fn decisions(rng: &mut Rng) -> String {
    pick(rng, DECISIONS).to_owned()
}

pub(super) fn out_of_scope(rng: &mut Rng) -> String {
    pick(rng, OUT_OF_SCOPE).to_owned()
}

pub(super) fn question(rng: &mut Rng) -> String {
    pick(rng, QUESTIONS).to_owned()
}

pub(super) fn answer(rng: &mut Rng) -> String {
    pick(rng, ANSWERS).to_owned()
}

pub(super) fn change_request(rng: &mut Rng) -> String {
    pick(rng, CHANGE_REQUESTS).to_owned()
}

pub(super) fn reply(rng: &mut Rng) -> String {
    pick(rng, REPLIES).to_owned()
}

pub(super) fn remark(rng: &mut Rng) -> String {
    pick(rng, REMARKS).to_owned()
}

pub(super) fn blocker(rng: &mut Rng) -> String {
    pick(rng, BLOCKERS).to_owned()
}

pub(super) fn checkin(rng: &mut Rng) -> String {
    pick(rng, CHECKINS).to_owned()
}

pub(super) fn violation(rng: &mut Rng) -> String {
    pick(rng, VIOLATIONS).to_owned()
}

// Ideas, feedback and decisions (`seed/ideas.rs`).

const CUSTOMERS: &[&str] = &[
    "Northwind Traders",
    "Acme Retail",
    "Globex",
    "Initech",
    "Umbrella Health",
    "Stark Logistics",
    "Wayne Foods",
    "Hooli",
    "Vandelay Imports",
    "Soylent Grocers",
    "Cyberdyne Systems",
    "Tyrell Finance",
    "Wonka Confectionery",
    "Oceanic Air",
    "Pied Piper",
    "Massive Dynamic",
    "Monarch Hotels",
    "Blue Sun Energy",
    "Aperture Labs",
    "Gekko Capital",
    "Dunder Paper",
    "Prestige Worldwide",
    "Sterling Cooper",
    "Bluth Homes",
    "Krusty Kitchens",
    "Nakatomi Trading",
    "Oscorp Pharma",
    "Virtucon",
    "Zorin Mining",
    "Lacuna Clinics",
    "Rekall Travel",
    "Spacely Sprockets",
];

const SEGMENTS: &[&str] = &[
    "SMB retailers",
    "Enterprise finance teams",
    "Mid-market SaaS",
    "Public sector",
    "Healthcare providers",
    "Marketplaces",
    "Agencies",
    "Logistics operators",
];

const CONTACT_ROLES: &[&str] = &[
    "Head of Operations",
    "CFO",
    "IT admin",
    "Store manager",
    "Product lead",
    "Support lead",
    "Procurement manager",
    "Lead developer",
    "COO",
    "Finance analyst",
];

const PAINS: &[&str] = &[
    "lose an hour a week",
    "give up halfway",
    "call support",
    "export to a spreadsheet",
    "ask IT for help",
    "redo the work",
    "wait for the nightly sync",
    "miss the deadline",
];

const WORKAROUNDS: &[&str] = &[
    "the agent walked them through a manual export",
    "no workaround, escalated to engineering",
    "they use a browser extension for now",
    "fixed by clearing the cache, came back a week later",
    "they keep a shared spreadsheet instead",
];

const WISHES: &[&str] = &[
    "please let us do this in bulk",
    "make it work on the phone",
    "one screen for the whole team",
    "an API so our developers can automate it",
    "a weekly summary by email",
    "fewer clicks, it is a daily task",
];

const OBSERVATIONS: &[&str] = &[
    "hesitated for more than a minute",
    "gave up",
    "asked for help",
    "took the wrong path",
    "did not find the button",
];

const SCREENS: &[&str] = &[
    "the checkout page",
    "the settings screen",
    "the mobile app",
    "the dashboard",
    "the signup form",
    "the invoice view",
];

const EVENTS: &[&str] = &["the last release", "the redesign", "the price change", "the migration", "the holiday peak"];

const IDEA_VERBS: &[&str] = &[
    "Let customers manage",
    "Offer",
    "Auto-suggest",
    "Bundle",
    "Bring back",
    "Self-serve",
    "Notify on changes to",
    "Open an API for",
    "Simplify",
    "Personalise",
    "Schedule",
    "Share",
];

const APPROACHES: &[&str] = &[
    "Build a first version of",
    "Pilot",
    "Reuse the platform team's work on",
    "Partner with a vendor for",
    "Prototype",
    "Ship behind a flag",
];

const SCOPES: &[&str] = &[
    "for one market first",
    "web only in the first release",
    "for the top 50 accounts",
    "with the existing design system",
    "in two sprints",
    "without new infrastructure",
];

const GO_AHEAD: &[&str] = &[
    "Clear customer pull and a small effort: go.",
    "Among the best RICE scores this quarter, and it serves a company goal.",
    "Unblocks the enterprise pipeline; the evidence is strong.",
    "Cheap to try and easy to roll back.",
    "Support load alone pays for it within two quarters.",
];

const WITH_CHANGES: &[&str] = &[
    "Worth doing, but smaller than proposed.",
    "The problem is real; the proposal needs a safer rollout.",
    "Yes, with the scope cut to what the evidence supports.",
];

const CHANGES: &[&str] = &[
    "Start with one market and measure before widening.",
    "Cut the admin settings from the first release.",
    "Pair with the platform team on the API design.",
    "Add a latency guardrail before launch.",
    "Run it as an opt-in beta for a quarter.",
];

const NOT_NOW: &[&str] = &[
    "Good idea, wrong quarter: the team is on the migration.",
    "Needs the new data platform first.",
    "Revisit once the pilot numbers are in.",
    "No capacity before the holiday freeze.",
];

const NO: &[&str] = &[
    "Too few customers asked for it to justify the effort.",
    "Overlaps with work already on the roadmap.",
    "Conflicts with the pricing strategy.",
    "The risk to trust and safety outweighs the gain.",
    "A partner integration covers this better than we would.",
];

const RETURNS: &[&str] = &[
    "Add the numbers from support before this goes up.",
    "Who is the customer? Link the feedback.",
    "The effort looks low; check with engineering first.",
    "Narrow it to one segment.",
];

const EVIDENCE_NOTES: &[&str] = &[
    "Three of the last five churned accounts named this in the exit survey.",
    "Engineering estimates two sprints, one more for the migration.",
    "Competitors shipped something similar last year.",
    "The sales team lists it in every enterprise RFP.",
];

const DISMISSALS: &[&str] = &[
    "Duplicate of an entry already linked",
    "Not our product: forwarded to the partner team",
    "A bug: filed with support",
    "Spam from the contact form",
    "One customer's custom request, outside the strategy",
];

/// A customer name, or a segment.
pub(super) fn customer(rng: &mut Rng) -> String {
    if rng.chance(0.8) {
        pick(rng, CUSTOMERS).to_owned()
    } else {
        pick(rng, SEGMENTS).to_owned()
    }
}

/// Who said it: a contact's name and role.
pub(super) fn contact(rng: &mut Rng) -> String {
    format!("{} {}, {}", pick(rng, FIRST_NAMES), pick(rng, LAST_NAMES), pick(rng, CONTACT_ROLES))
}

/// A feedback entry's text for a source (`call`, `support`, `sales`, `analytics`, `research`,
/// anything else), and a link for some.
pub(super) fn feedback(rng: &mut Rng, source: &str) -> (String, String) {
    let (action, object) = (pick(rng, STORY_ACTIONS), pick(rng, STORY_OBJECTS));
    let body = match source {
        "call" => format!(
            "\"We {} every time we {action} {object}.\" They would pay for {}.",
            pick(rng, PAINS),
            pick(rng, OBJECTS)
        ),
        "support" => format!(
            "Ticket: a {} cannot {action} {object} {}; {}.",
            pick(rng, PERSONAS),
            pick(rng, QUALIFIERS),
            pick(rng, WORKAROUNDS)
        ),
        "sales" => format!(
            "Deal on hold: they need {} {} before signing (about ${}k a year).",
            pick(rng, OBJECTS),
            pick(rng, QUALIFIERS),
            10 + 5 * rng.below(60)
        ),
        "analytics" => format!(
            "{} down {}% on {} since {}.",
            pick(rng, METRICS),
            1 + rng.below(20),
            pick(rng, SCREENS),
            pick(rng, EVENTS)
        ),
        "research" => {
            let of = 5 + rng.below(8);
            format!(
                "{} of {of} participants {} when trying to {action} {object}.",
                1 + rng.below(of),
                pick(rng, OBSERVATIONS)
            )
        }
        _ => format!("From the community forum: {}, to {action} {object}.", pick(rng, WISHES)),
    };
    let link = if rng.chance(0.3) {
        format!("https://support.meridian.example/t/{}", 10_000 + rng.below(90_000))
    } else {
        String::new()
    };
    (body.replace("  ", " ").replace(" ;", ";"), link)
}

/// An idea's title, problem and proposal.
pub(super) fn idea(rng: &mut Rng) -> (String, String, String) {
    let object = pick(rng, OBJECTS);
    let q = pick(rng, QUALIFIERS);
    let title = if q.is_empty() {
        format!("{} {object}", pick(rng, IDEA_VERBS))
    } else {
        format!("{} {object} {q}", pick(rng, IDEA_VERBS))
    };
    let persona = pick(rng, PERSONAS);
    let head = persona.get(..1).unwrap_or("").to_uppercase();
    let mut problem = format!(
        "{head}{}s have to {} {} by hand; many {}.",
        persona.get(1..).unwrap_or(""),
        pick(rng, STORY_ACTIONS),
        pick(rng, STORY_OBJECTS),
        pick(rng, PAINS)
    );
    if rng.chance(0.6) {
        problem.push_str(&format!(" {} asked for {object} twice this quarter.", pick(rng, CUSTOMERS)));
    }
    let proposal = format!(
        "{} {object} {}. Success: {}.",
        pick(rng, APPROACHES),
        pick(rng, SCOPES),
        pick(rng, METRICS).to_lowercase()
    );
    (title, problem, proposal)
}

/// A decision's rationale, by outcome (`go_ahead`, `go_ahead_with_changes`, `not_now`, `no`).
pub(super) fn rationale(rng: &mut Rng, outcome: &str) -> String {
    let list = match outcome {
        "go_ahead" => GO_AHEAD,
        "go_ahead_with_changes" => WITH_CHANGES,
        "not_now" => NOT_NOW,
        _ => NO,
    };
    pick(rng, list).to_owned()
}

/// The changes a go-ahead with changes asks for: one or two.
pub(super) fn changes(rng: &mut Rng) -> String {
    let first = pick(rng, CHANGES);
    if rng.chance(0.4) {
        format!("{first} {}", pick(rng, CHANGES))
    } else {
        first.to_owned()
    }
}

pub(super) fn return_note(rng: &mut Rng) -> String {
    pick(rng, RETURNS).to_owned()
}

pub(super) fn evidence_note(rng: &mut Rng) -> String {
    pick(rng, EVIDENCE_NOTES).to_owned()
}

/// A metric as evidence: what it measures, and a number.
pub(super) fn evidence_metric(rng: &mut Rng) -> String {
    format!("{}: {}% {} over the last quarter", pick(rng, METRICS), 2 + rng.below(30), pick(rng, &["up", "down"]))
}

/// A link as evidence: its description and address.
pub(super) fn evidence_link(rng: &mut Rng) -> (String, String) {
    let kinds = ["Interview notes", "Dashboard", "Call recording", "Survey results", "Design sketch"];
    let k = rng.below(kinds.len());
    let what = kinds.get(k).copied().unwrap_or("Notes");
    (what.to_owned(), format!("https://docs.meridian.example/{}/{}", slug_of(what), 1_000 + rng.below(9_000)))
}

fn slug_of(s: &str) -> String {
    s.to_ascii_lowercase().replace(' ', "-")
}

pub(super) fn dismissal(rng: &mut Rng) -> String {
    pick(rng, DISMISSALS).to_owned()
}
