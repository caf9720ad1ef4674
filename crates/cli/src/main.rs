//! `baton`: every Baton capability from the terminal, over the same core and the same database
//! file as the desktop app. Exit codes: 0 ok, 1 refused by the domain (message on stderr),
//! 2 usage error (clap's own).

mod rpc;

use std::path::PathBuf;
use std::process::ExitCode;

use baton_core::api::{self, handlers};
use baton_core::roadmap::guardrails::GuardrailKind;
use baton_core::roadmap::snapshots::{self, ChangeKind};
use baton_core::roadmap::{self, Confidence, Horizon, Status};
use baton_core::workspace::Role;
use baton_core::{goals, products, workspace};
use baton_core::{ApiError, Core, Error};
use clap::{ArgGroup, Parser, Subcommand, ValueEnum};
use serde::Serialize;

#[derive(Parser)]
#[command(name = "baton", version, about = "Baton: roadmap delegation, offline-first", propagate_version = true)]
struct Cli {
    /// Workspace data directory [default: $BATON_DATA_DIR, else the app's data directory]
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Print machine-readable JSON
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    verb: Verb,
}

#[derive(Subcommand)]
enum Verb {
    /// Create the workspace on this device, with you as its first member
    Init {
        /// Your name
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
        /// The workspace's name
        #[arg(long, default_value = "My workspace")]
        workspace: String,
    },
    /// Create a ready sample workspace (a senior PM's products and roadmaps)
    Sample,
    /// Show the workspace and who you are on this device
    Whoami,
    /// People: add, list
    #[command(subcommand)]
    Member(MemberVerb),
    /// Organisation goals: add, update, list
    #[command(subcommand)]
    Goal(GoalVerb),
    /// Product families: add, list
    #[command(subcommand)]
    Family(FamilyVerb),
    /// Products: add, update, list
    #[command(subcommand)]
    Product(ProductVerb),
    /// Roadmap items on the five-, three- and one-year horizons: add, list, show, update, move, delete
    #[command(subcommand)]
    Item(ItemVerb),
    /// Guardrails on items (scope, budget, quality, date, must-not): add, list, update, delete
    #[command(subcommand)]
    Guardrail(GuardrailVerb),
    /// What serves each goal: goal → theme → initiative → item, unaligned items, unserved goals
    Alignment {
        /// Only this product (name or id)
        #[arg(long)]
        product: Option<String>,
    },
    /// Named snapshots of a product's roadmap, and what changed since: create, list, diff
    #[command(subcommand)]
    Snapshot(SnapshotVerb),
    /// Print where the workspace database is
    Where,
    /// Sync through a shared folder: `--folder DIR` once to choose it, then `baton sync`
    Sync {
        /// The shared folder (network share, Syncthing/Dropbox folder, USB stick)
        #[arg(long, value_name = "DIR")]
        folder: Option<PathBuf>,
        /// Only show the sync status; don't run a pass
        #[arg(long)]
        status: bool,
    },
    /// Invitations for teammates' laptops
    #[command(subcommand)]
    Invite(InviteVerb),
    /// On a new laptop: join a workspace from its sync folder with an invite
    Join {
        #[arg(long, value_name = "DIR")]
        folder: PathBuf,
        #[arg(long)]
        invite: String,
    },
    /// Every value an entity's fields have held (newest first)
    History {
        /// The entity's id
        entity: String,
        /// Only this field (e.g. title, period)
        field: Option<String>,
    },
    /// Set a field back to the value of an earlier change (see `baton history`)
    Restore {
        /// The change's id (op id)
        op: String,
    },
    /// Edits that met concurrently in a sync: what won and what was overwritten
    Conflicts {
        /// Also those already looked at
        #[arg(long)]
        all: bool,
    },
    /// Changes received through sync that their author's role did not allow (kept, not applied)
    Refused,
    /// Serve the command list as JSON lines on stdin/stdout (for programs and the UI's tests)
    Rpc,
}

#[derive(Subcommand)]
enum InviteVerb {
    /// Create an invite for a member; prints the invite id the other laptop joins with
    Create {
        /// The member (name or id)
        #[arg(long)]
        member: String,
        /// The sync folder, if not chosen yet
        #[arg(long, value_name = "DIR")]
        folder: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum MemberVerb {
    Add {
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
        /// Their manager (name or id)
        #[arg(long)]
        manager: Option<String>,
    },
    List,
}

#[derive(Subcommand)]
enum GoalVerb {
    Add {
        title: String,
        #[arg(long, default_value = "")]
        description: String,
        /// How progress is measured
        #[arg(long, default_value = "")]
        measure: String,
    },
    /// Change a goal's title, description or measure
    #[command(group(ArgGroup::new("change").required(true).multiple(true)))]
    Update {
        /// Goal id or exact title
        goal: String,
        #[arg(long, group = "change")]
        title: Option<String>,
        #[arg(long, group = "change")]
        description: Option<String>,
        #[arg(long, group = "change")]
        measure: Option<String>,
    },
    List,
}

#[derive(Subcommand)]
enum FamilyVerb {
    Add { name: String },
    List,
}

#[derive(Subcommand)]
enum ProductVerb {
    Add {
        name: String,
        /// The senior PM who owns it (name or id) [default: you]
        #[arg(long)]
        owner: Option<String>,
        /// Its product family (name or id)
        #[arg(long)]
        family: Option<String>,
        /// First year of its planning window [default: this year]
        #[arg(long, value_name = "YEAR")]
        base_year: Option<i32>,
    },
    /// Rename a product, change its family, or move it to another planning cycle
    #[command(group(ArgGroup::new("change").required(true).multiple(true)))]
    Update {
        /// Product id or exact name
        product: String,
        #[arg(long, group = "change")]
        name: Option<String>,
        /// Its product family (name or id)
        #[arg(long, group = "change", conflicts_with = "no_family")]
        family: Option<String>,
        /// Take it out of its family
        #[arg(long, group = "change")]
        no_family: bool,
        /// First year of its planning window; items now outside it are kept and flagged
        #[arg(long, value_name = "YEAR", group = "change")]
        base_year: Option<i32>,
    },
    List,
}

#[derive(Subcommand)]
enum ItemVerb {
    Add {
        title: String,
        /// Product name or id
        #[arg(long)]
        product: String,
        #[arg(long, value_enum)]
        horizon: HorizonArg,
        /// 2030 (five-year), 2027 or 2027-H2 (three-year), 2027-Q3 (one-year)
        #[arg(long)]
        period: String,
        /// The longer-horizon item it serves (id or exact title)
        #[arg(long)]
        parent: Option<String>,
        /// The organisation goal a five-year theme serves (id or exact title)
        #[arg(long)]
        goal: Option<String>,
        /// [default: planned]
        #[arg(long, value_enum)]
        status: Option<StatusArg>,
    },
    List {
        /// Only this product (name or id)
        #[arg(long)]
        product: Option<String>,
        /// Only items with one of these statuses (repeat, or separate with commas)
        #[arg(long = "status", value_enum, value_delimiter = ',', num_args = 1..)]
        statuses: Vec<StatusArg>,
    },
    /// One item: its fields, what it serves, requirements, guardrails, children
    Show {
        /// Item id or exact title
        item: String,
        /// Look the title up in this product (name or id)
        #[arg(long)]
        product: Option<String>,
    },
    /// Change an item's title, status, confidence, metric, impact or requirements
    #[command(group(ArgGroup::new("change").required(true).multiple(true)))]
    Update {
        /// Item id or exact title
        item: String,
        /// Look the title up in this product (name or id)
        #[arg(long)]
        product: Option<String>,
        #[arg(long, group = "change")]
        title: Option<String>,
        #[arg(long, value_enum, group = "change")]
        status: Option<StatusArg>,
        #[arg(long, value_enum, group = "change")]
        confidence: Option<ConfidenceArg>,
        /// How success is measured ("" clears it)
        #[arg(long, group = "change")]
        metric: Option<String>,
        /// Expected revenue or business impact ("" clears it)
        #[arg(long, group = "change")]
        impact: Option<String>,
        /// Requirements, in Markdown
        #[arg(long, group = "change", conflicts_with = "requirements_file")]
        requirements: Option<String>,
        /// Read the requirements from a file ('-': standard input)
        #[arg(long, value_name = "PATH", group = "change")]
        requirements_file: Option<PathBuf>,
    },
    /// Delete an item (undo with `baton item undelete ID`)
    Delete {
        /// Item id or exact title
        item: String,
        /// Look the title up in this product (name or id)
        #[arg(long)]
        product: Option<String>,
    },
    /// Bring a deleted item back
    Undelete {
        /// Item id
        id: String,
    },
    /// Move an item to another period, under another parent, and/or next to another item
    Move {
        /// Item id or exact title
        item: String,
        /// Look the title up in this product (name or id)
        #[arg(long)]
        product: Option<String>,
        /// 2030 (five-year), 2027 or 2027-H2 (three-year), 2027-Q3 (one-year); placed last there
        #[arg(long)]
        period: Option<String>,
        /// The longer-horizon item it will serve (id or exact title)
        #[arg(long)]
        parent: Option<String>,
        /// The goal a five-year theme will serve (id or exact title)
        #[arg(long)]
        goal: Option<String>,
        /// Place it just before this item of the same period (id or exact title)
        #[arg(long, value_name = "ITEM", conflicts_with = "after")]
        before: Option<String>,
        /// Place it just after this item of the same period (id or exact title)
        #[arg(long, value_name = "ITEM")]
        after: Option<String>,
    },
}

#[derive(Subcommand)]
enum GuardrailVerb {
    /// Set a limit on an item; everything serving the item inherits it
    Add {
        /// Item id or exact title
        item: String,
        /// Look the title up in this product (name or id)
        #[arg(long)]
        product: Option<String>,
        #[arg(long, value_enum)]
        kind: KindArg,
        #[arg(long)]
        statement: String,
    },
    /// An item's own guardrails, then those it inherits
    List {
        /// Item id or exact title
        item: String,
        /// Look the title up in this product (name or id)
        #[arg(long)]
        product: Option<String>,
    },
    #[command(group(ArgGroup::new("change").required(true).multiple(true)))]
    Update {
        /// Guardrail id (see `baton guardrail list ITEM`)
        id: String,
        #[arg(long, value_enum, group = "change")]
        kind: Option<KindArg>,
        #[arg(long, group = "change")]
        statement: Option<String>,
    },
    Delete {
        /// Guardrail id
        id: String,
    },
}

#[derive(Subcommand)]
enum SnapshotVerb {
    /// Freeze a product's roadmap under a name
    Create {
        /// Product name or id
        #[arg(long)]
        product: String,
        /// Like "2027 plan, approved 2026-12-10"
        #[arg(long)]
        name: String,
    },
    /// Snapshots, newest first
    List {
        /// Only this product (name or id)
        #[arg(long)]
        product: Option<String>,
    },
    /// What changed since a snapshot (or between two)
    Diff {
        /// Snapshot id or exact name
        snapshot: String,
        /// Look names up in this product (name or id)
        #[arg(long)]
        product: Option<String>,
        /// Compare with this later snapshot instead of the roadmap now
        #[arg(long, value_name = "SNAPSHOT")]
        to: Option<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum StatusArg {
    Idea,
    Planned,
    #[value(name = "in_progress", alias = "in-progress")]
    InProgress,
    Done,
    Dropped,
}

impl From<StatusArg> for Status {
    fn from(s: StatusArg) -> Status {
        match s {
            StatusArg::Idea => Status::Idea,
            StatusArg::Planned => Status::Planned,
            StatusArg::InProgress => Status::InProgress,
            StatusArg::Done => Status::Done,
            StatusArg::Dropped => Status::Dropped,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum ConfidenceArg {
    Low,
    Medium,
    High,
}

impl From<ConfidenceArg> for Confidence {
    fn from(c: ConfidenceArg) -> Confidence {
        match c {
            ConfidenceArg::Low => Confidence::Low,
            ConfidenceArg::Medium => Confidence::Medium,
            ConfidenceArg::High => Confidence::High,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum KindArg {
    Scope,
    Budget,
    Quality,
    Date,
    #[value(name = "must_not", alias = "must-not")]
    MustNot,
    Other,
}

impl From<KindArg> for GuardrailKind {
    fn from(k: KindArg) -> GuardrailKind {
        match k {
            KindArg::Scope => GuardrailKind::Scope,
            KindArg::Budget => GuardrailKind::Budget,
            KindArg::Quality => GuardrailKind::Quality,
            KindArg::Date => GuardrailKind::Date,
            KindArg::MustNot => GuardrailKind::MustNot,
            KindArg::Other => GuardrailKind::Other,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum RoleArg {
    Leadership,
    Senior,
    Junior,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Role {
        match r {
            RoleArg::Leadership => Role::Leadership,
            RoleArg::Senior => Role::Senior,
            RoleArg::Junior => Role::Junior,
        }
    }
}

// The horizons are named by their span; "Year" is part of the name, not a redundant postfix.
#[allow(clippy::enum_variant_names)]
#[derive(Clone, Copy, ValueEnum)]
enum HorizonArg {
    #[value(name = "five_year", alias = "5y")]
    FiveYear,
    #[value(name = "three_year", alias = "3y")]
    ThreeYear,
    #[value(name = "one_year", alias = "1y")]
    OneYear,
}

impl From<HorizonArg> for Horizon {
    fn from(h: HorizonArg) -> Horizon {
        match h {
            HorizonArg::FiveYear => Horizon::FiveYear,
            HorizonArg::ThreeYear => Horizon::ThreeYear,
            HorizonArg::OneYear => Horizon::OneYear,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = cli.json;
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if json {
                eprintln!("{}", serde_json::to_string(&e).unwrap_or_else(|_| e.message.clone()));
            } else {
                eprintln!("baton: {}", e.message);
            }
            ExitCode::from(1)
        }
    }
}

type CliResult = Result<(), ApiError>;

fn open(data_dir: Option<PathBuf>) -> Result<Core, ApiError> {
    let dir = data_dir
        .or_else(baton_core::store::default_data_dir)
        .ok_or_else(|| ApiError::from(Error::invalid("no data directory: pass --data-dir or set BATON_DATA_DIR")))?;
    Ok(Core::open_dir(&dir)?)
}

/// Prints `value` as JSON, or as the human text `human` renders.
fn out<T: Serialize>(json: bool, value: &T, human: impl FnOnce(&T) -> String) -> CliResult {
    if json {
        let text = serde_json::to_string_pretty(value)
            .map_err(|e| ApiError::from(Error::invalid(format!("cannot encode output: {e}"))))?;
        println!("{text}");
    } else {
        let text = human(value);
        if !text.is_empty() {
            println!("{text}");
        }
    }
    Ok(())
}

fn role_label(r: Role) -> &'static str {
    match r {
        Role::Leadership => "leadership",
        Role::Senior => "senior PM",
        Role::Junior => "junior PM",
    }
}

fn run(cli: Cli) -> CliResult {
    let json = cli.json;
    let core = open(cli.data_dir)?;
    let none = api::NoArgs {};
    match cli.verb {
        Verb::Rpc => rpc::serve(&core),
        Verb::Where => {
            let path = core.path().map(|p| p.display().to_string()).unwrap_or_default();
            out(json, &serde_json::json!({ "database": path }), |_| path.clone())
        }
        Verb::Init { name, role, workspace } => {
            let req = api::WorkspaceInitReq { workspace_name: workspace, member_name: name, role: role.into() };
            let w = handlers::workspace_init(&core, req)?;
            out(json, &w, |w| {
                format!("created workspace {:?}; you are {} ({})", w.name, w.me.name, role_label(w.me.role))
            })
        }
        Verb::Sample => {
            let w: api::WorkspaceView = baton_core::sample::create(&core)?.into();
            out(json, &w, |w| {
                format!("created sample workspace {:?}; you are {} ({})", w.name, w.me.name, role_label(w.me.role))
            })
        }
        Verb::Whoami => {
            let w = handlers::workspace_get(&core, none)?.ok_or(Error::NoWorkspace)?;
            out(json, &w, |w| format!("{} ({}) in {:?}", w.me.name, role_label(w.me.role), w.name))
        }
        Verb::Member(MemberVerb::Add { name, role, manager }) => {
            let manager_id = manager.map(|m| workspace::find_member(&core, &m).map(|m| m.id)).transpose()?;
            let m = handlers::member_create(&core, api::MemberCreateReq { name, role: role.into(), manager_id })?;
            out(json, &m, |m| format!("added {} ({})\t{}", m.name, role_label(m.role), m.id))
        }
        Verb::Member(MemberVerb::List) => {
            let members = handlers::member_list(&core, none)?;
            out(json, &members, |ms| {
                let name_of = |id: &Option<String>| {
                    id.as_ref()
                        .and_then(|id| ms.iter().find(|m| &m.id == id))
                        .map(|m| m.name.clone())
                        .unwrap_or_default()
                };
                let rows = ms
                    .iter()
                    .map(|m| vec![m.id.clone(), m.name.clone(), role_label(m.role).into(), name_of(&m.manager_id)]);
                table(&["ID", "NAME", "ROLE", "MANAGER"], rows, "no members")
            })
        }
        Verb::Goal(GoalVerb::Add { title, description, measure }) => {
            let req = api::GoalCreateReq { title, description: Some(description), measure: Some(measure) };
            let g = handlers::goal_create(&core, req)?;
            out(json, &g, |g| format!("added goal {:?}\t{}", g.title, g.id))
        }
        Verb::Goal(GoalVerb::Update { goal, title, description, measure }) => {
            let id = goals::find(&core, &goal)?.id;
            let g = handlers::goal_update(&core, api::GoalUpdateReq { id, title, description, measure })?;
            out(json, &g, |g| format!("updated goal {:?}{}", g.title, labelled("measure", &g.measure)))
        }
        Verb::Goal(GoalVerb::List) => {
            let goals = handlers::goal_list(&core, none)?;
            out(json, &goals, |gs| {
                let rows = gs.iter().map(|g| vec![g.id.clone(), g.title.clone(), g.measure.clone()]);
                table(&["ID", "GOAL", "MEASURE"], rows, "no goals yet: baton goal add TITLE")
            })
        }
        Verb::Family(FamilyVerb::Add { name }) => {
            let f = handlers::family_create(&core, api::FamilyCreateReq { name })?;
            out(json, &f, |f| format!("added product family {:?}\t{}", f.name, f.id))
        }
        Verb::Family(FamilyVerb::List) => {
            let families = handlers::family_list(&core, none)?;
            out(json, &families, |fs| {
                let rows = fs.iter().map(|f| vec![f.id.clone(), f.name.clone()]);
                table(&["ID", "FAMILY"], rows, "no product families yet: baton family add NAME")
            })
        }
        Verb::Product(ProductVerb::Add { name, owner, family, base_year }) => {
            let owner_id = owner.map(|o| workspace::find_member(&core, &o).map(|m| m.id)).transpose()?;
            let family_id = family.map(|f| products::find_family(&core, &f).map(|f| f.id)).transpose()?;
            let p = handlers::product_create(&core, api::ProductCreateReq { name, owner_id, family_id, base_year })?;
            out(json, &p, |p| format!("added product {:?}, planning from {}\t{}", p.name, p.base_year, p.id))
        }
        Verb::Product(ProductVerb::Update { product, name, family, no_family, base_year }) => {
            let id = products::find(&core, &product)?.id;
            let family_id = match family {
                Some(f) => Some(products::find_family(&core, &f)?.id),
                None if no_family => Some(String::new()),
                None => None,
            };
            let p = handlers::product_update(&core, api::ProductUpdateReq { id, name, family_id, base_year })?;
            out(json, &p, |p| {
                let family = p.family_name.as_deref().map(|f| format!(", in {f}")).unwrap_or_default();
                format!("updated product {:?}{family}, planning from {}", p.name, p.base_year)
            })
        }
        Verb::Product(ProductVerb::List) => {
            let products = handlers::product_list(&core, none)?;
            out(json, &products, |ps| {
                let rows = ps.iter().map(|p| {
                    vec![
                        p.id.clone(),
                        p.name.clone(),
                        p.owner_name.clone().unwrap_or_default(),
                        p.family_name.clone().unwrap_or_default(),
                        p.base_year.to_string(),
                    ]
                });
                table(
                    &["ID", "PRODUCT", "OWNER", "FAMILY", "BASE YEAR"],
                    rows,
                    "no products yet: baton product add NAME",
                )
            })
        }
        Verb::Item(ItemVerb::Add { title, product, horizon, period, parent, goal, status }) => {
            let product_id = products::find(&core, &product)?.id;
            let parent_id = parent.map(|p| find_item(&core, Some(&product_id), &p)).transpose()?;
            let goal_id = goal.map(|g| goals::find(&core, &g).map(|g| g.id)).transpose()?;
            let status = status.map(Into::into);
            let req =
                api::ItemCreateReq { product_id, horizon: horizon.into(), period, title, goal_id, parent_id, status };
            let i = handlers::item_create(&core, req)?;
            out(json, &i, |i| {
                format!("added {:?} on {} {}{}\t{}", i.title, horizon_label(i.horizon), i.period, flags_note(i), i.id)
            })
        }
        Verb::Item(ItemVerb::List { product, statuses }) => {
            let product_id = product.map(|p| products::find(&core, &p).map(|p| p.id)).transpose()?;
            let statuses = Some(statuses.into_iter().map(Into::into).collect());
            let items = handlers::item_list(&core, api::ItemListReq { product_id, statuses })?;
            let names = product_names(&core)?;
            out(json, &items, |is| {
                let rows = is.iter().map(|i| {
                    vec![
                        i.id.clone(),
                        name_in(&names, i.product_id.as_deref()),
                        horizon_label(i.horizon).into(),
                        i.period.clone(),
                        i.status.as_str().into(),
                        i.title.clone(),
                        flags(i).join(", "),
                    ]
                });
                table(&["ID", "PRODUCT", "HORIZON", "PERIOD", "STATUS", "TITLE", "FLAGS"], rows, "no items")
            })
        }
        Verb::Item(ItemVerb::Show { item, product }) => {
            let id = find_item_in(&core, product.as_deref(), &item)?;
            let d = handlers::item_get(&core, api::IdReq { id })?;
            let names = product_names(&core)?;
            out(json, &d, |d| detail_text(d, &names))
        }
        Verb::Item(ItemVerb::Update {
            item,
            product,
            title,
            status,
            confidence,
            metric,
            impact,
            requirements,
            requirements_file,
        }) => {
            let id = find_item_in(&core, product.as_deref(), &item)?;
            let requirements = match requirements_file {
                Some(path) => Some(read_text(&path)?),
                None => requirements,
            };
            let req = api::ItemUpdateReq {
                id,
                title,
                status: status.map(Into::into),
                confidence: confidence.map(Into::into),
                metric,
                impact,
                requirements,
            };
            let i = handlers::item_update(&core, req)?;
            out(json, &i, |i| {
                format!(
                    "updated {:?}: {} {}, {}, confidence {}{}",
                    i.title,
                    horizon_label(i.horizon),
                    i.period,
                    i.status.as_str(),
                    i.confidence.as_str(),
                    flags_note(i)
                )
            })
        }
        Verb::Item(ItemVerb::Delete { item, product }) => {
            let id = find_item_in(&core, product.as_deref(), &item)?;
            let i = handlers::item_delete(&core, api::IdReq { id })?;
            out(json, &i, |i| format!("deleted {:?} (undo: baton item undelete {})", i.title, i.id))
        }
        Verb::Item(ItemVerb::Undelete { id }) => {
            let i = handlers::item_undelete(&core, api::IdReq { id })?;
            out(json, &i, |i| format!("restored {:?}", i.title))
        }
        Verb::Item(ItemVerb::Move { item, product, period, parent, goal, before, after }) => {
            let it = roadmap::find(&core, product_id_of(&core, product.as_deref())?.as_deref(), &item)?;
            // Parents and neighbours are looked up in the item's own product.
            let scope = it.product_id.as_deref();
            let parent_id = parent.map(|p| find_item(&core, scope, &p)).transpose()?;
            let before_id = before.map(|b| find_item(&core, scope, &b)).transpose()?;
            let after_id = after.map(|a| find_item(&core, scope, &a)).transpose()?;
            let goal_id = goal.map(|g| goals::find(&core, &g).map(|g| g.id)).transpose()?;
            let req = api::ItemMoveReq { id: it.id, period, parent_id, goal_id, before_id, after_id };
            let i = handlers::item_move(&core, req)?;
            out(json, &i, |i| {
                format!("moved {:?} to {} {}{}", i.title, horizon_label(i.horizon), i.period, flags_note(i))
            })
        }
        Verb::Guardrail(GuardrailVerb::Add { item, product, kind, statement }) => {
            let item_id = find_item_in(&core, product.as_deref(), &item)?;
            let g = handlers::guardrail_add(&core, api::GuardrailAddReq { item_id, kind: kind.into(), statement })?;
            out(json, &g, |g| format!("added {} guardrail on {:?}\t{}", g.kind.as_str(), g.item_title, g.id))
        }
        Verb::Guardrail(GuardrailVerb::List { item, product }) => {
            let item_id = find_item_in(&core, product.as_deref(), &item)?;
            let list = handlers::guardrail_list(&core, api::GuardrailListReq { item_id })?;
            out(json, &list, |gs| {
                let rows = gs
                    .iter()
                    .map(|g| vec![g.id.clone(), g.kind.as_str().into(), g.statement.clone(), guardrail_source(g)]);
                table(&["ID", "KIND", "STATEMENT", "SET BY"], rows, "no guardrails")
            })
        }
        Verb::Guardrail(GuardrailVerb::Update { id, kind, statement }) => {
            let req = api::GuardrailUpdateReq { id, kind: kind.map(Into::into), statement };
            let g = handlers::guardrail_update(&core, req)?;
            out(json, &g, |g| format!("updated guardrail on {:?}: {}: {}", g.item_title, g.kind.as_str(), g.statement))
        }
        Verb::Guardrail(GuardrailVerb::Delete { id }) => {
            let g = handlers::guardrail_delete(&core, api::IdReq { id })?;
            out(json, &g, |g| {
                format!(
                    "deleted guardrail on {:?}: {}: {} (its history: baton history {})",
                    g.item_title,
                    g.kind.as_str(),
                    g.statement,
                    g.id
                )
            })
        }
        Verb::Alignment { product } => {
            let product_id = product_id_of(&core, product.as_deref())?;
            let scoped = product_id.is_some();
            let a = handlers::alignment_get(&core, api::ProductScopeReq { product_id })?;
            out(json, &a, |a| alignment_text(a, scoped))
        }
        Verb::Snapshot(SnapshotVerb::Create { product, name }) => {
            let product_id = products::find(&core, &product)?.id;
            let s = handlers::snapshot_create(&core, api::SnapshotCreateReq { product_id, name })?;
            out(json, &s, |s| format!("took snapshot {:?} of {} items\t{}", s.name, s.item_count, s.id))
        }
        Verb::Snapshot(SnapshotVerb::List { product }) => {
            let product_id = product_id_of(&core, product.as_deref())?;
            let list = handlers::snapshot_list(&core, api::ProductScopeReq { product_id })?;
            let names = product_names(&core)?;
            out(json, &list, |ss| {
                let rows = ss.iter().map(|s| {
                    vec![
                        s.id.clone(),
                        name_in(&names, Some(&s.product_id)),
                        s.name.clone(),
                        taken(&s.taken_at),
                        s.taken_by.clone().unwrap_or_default(),
                        s.item_count.to_string(),
                    ]
                });
                table(&["ID", "PRODUCT", "SNAPSHOT", "TAKEN", "BY", "ITEMS"], rows, "no snapshots")
            })
        }
        Verb::Snapshot(SnapshotVerb::Diff { snapshot, product, to }) => {
            let product_id = product_id_of(&core, product.as_deref())?;
            let from = snapshots::find(&core, product_id.as_deref(), &snapshot)?;
            let to_id = to.map(|t| snapshots::find(&core, Some(&from.product_id), &t).map(|s| s.id)).transpose()?;
            let d = handlers::snapshot_diff(&core, api::SnapshotDiffReq { from_id: from.id, to_id })?;
            out(json, &d, diff_text)
        }
        Verb::Refused => {
            let list = handlers::refused_list(&core, none)?;
            out(json, &list, |rs| {
                if rs.is_empty() {
                    return "no refused changes".into();
                }
                rs.iter()
                    .map(|r| {
                        format!(
                            "{}  {}  {} {} of {} = {} — {}",
                            when(r.at_ms as i64),
                            r.author_name.as_deref().unwrap_or(&r.author_id),
                            r.entity_table,
                            r.field,
                            r.entity_id,
                            abbreviate(&r.value),
                            r.reason
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })
        }
        Verb::Sync { folder, status } => {
            if status {
                let s = handlers::sync_status(&core, none)?;
                return out(json, &s, status_text);
            }
            let report = match folder {
                Some(f) => handlers::sync_set_folder(&core, api::SyncFolderReq { folder: path_text(&f)? })?,
                None => handlers::sync_now(&core, none)?,
            };
            out(json, &report, |r| {
                let mut lines = vec![format!(
                    "sent {} changes, received {}, {} new conflicts",
                    r.published, r.received, r.conflicts
                )];
                lines.extend(r.problems.iter().map(|p| format!("problem: {p}")));
                lines.join("\n")
            })
        }
        Verb::Invite(InviteVerb::Create { member, folder }) => {
            if let Some(f) = folder {
                handlers::sync_set_folder(&core, api::SyncFolderReq { folder: path_text(&f)? })?;
            }
            let member_id = workspace::find_member(&core, &member)?.id;
            let invite = handlers::invite_create(&core, api::InviteCreateReq { member_id })?;
            out(json, &invite, |i| {
                format!(
                    "invite for {}: {}\non their laptop: baton join --folder <the shared folder> --invite {}",
                    i.member_name, i.invite, i.invite
                )
            })
        }
        Verb::Join { folder, invite } => {
            let w = handlers::workspace_join(&core, api::JoinReq { folder: path_text(&folder)?, invite })?;
            out(json, &w, |w| format!("joined {:?} as {} ({})", w.name, w.me.name, role_label(w.me.role)))
        }
        Verb::History { entity, field } => {
            let changes = handlers::history_list(&core, api::HistoryReq { entity_id: entity, field })?;
            out(json, &changes, |cs| cs.iter().map(change_text).collect::<Vec<_>>().join("\n"))
        }
        Verb::Restore { op } => {
            let c = handlers::history_restore(&core, api::RestoreReq { op_id: op })?;
            out(json, &c, |c| format!("{} is {} again", c.field, c.value.as_deref().unwrap_or("empty")))
        }
        Verb::Conflicts { all } => {
            let list = handlers::conflict_list(&core, api::ConflictListReq { unseen_only: !all })?;
            handlers::conflict_mark_seen(&core, api::NoArgs {})?;
            out(json, &list, |cs| {
                cs.iter()
                    .map(|c| {
                        format!(
                            "{} of {:?}: {} kept {:?}, overwriting {:?} by {} (restore: baton restore {})",
                            c.field,
                            c.entity_label,
                            c.winner.author_name,
                            c.winner.value.as_deref().unwrap_or(""),
                            c.loser.value.as_deref().unwrap_or(""),
                            c.loser.author_name,
                            c.loser.op_id
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })
        }
    }
}

fn horizon_label(h: Horizon) -> &'static str {
    match h {
        Horizon::FiveYear => "5-year",
        Horizon::ThreeYear => "3-year",
        Horizon::OneYear => "1-year",
    }
}

/// Resolves an item by id or exact title (case-insensitive) within a product when given; an
/// ambiguous title is refused.
fn find_item(core: &Core, product_id: Option<&str>, id_or_title: &str) -> Result<String, ApiError> {
    Ok(roadmap::find(core, product_id, id_or_title)?.id)
}

/// Resolves an item within the product named by `product` (name or id), when given.
fn find_item_in(core: &Core, product: Option<&str>, id_or_title: &str) -> Result<String, ApiError> {
    find_item(core, product_id_of(core, product)?.as_deref(), id_or_title)
}

fn product_id_of(core: &Core, product: Option<&str>) -> Result<Option<String>, ApiError> {
    Ok(product.map(|p| products::find(core, p).map(|p| p.id)).transpose()?)
}

/// Product names by id, for lists that show which product a row belongs to.
fn product_names(core: &Core) -> Result<Vec<(String, String)>, ApiError> {
    Ok(handlers::product_list(core, api::NoArgs {})?.into_iter().map(|p| (p.id, p.name)).collect())
}

fn name_in(names: &[(String, String)], id: Option<&str>) -> String {
    id.and_then(|id| names.iter().find(|(pid, _)| pid == id)).map(|(_, n)| n.clone()).unwrap_or_default()
}

/// An item's warning flags, in words.
fn flags(i: &api::ItemView) -> Vec<&'static str> {
    let mut out = Vec::new();
    if i.orphan {
        out.push("orphan");
    } else if i.unaligned {
        out.push("unaligned");
    }
    if i.outside_window {
        out.push("outside window");
    }
    out
}

/// The flags as a suffix for one-line messages: " [unaligned]".
fn flags_note(i: &api::ItemView) -> String {
    let f = flags(i);
    if f.is_empty() {
        String::new()
    } else {
        format!(" [{}]", f.join(", "))
    }
}

fn labelled(label: &str, value: &str) -> String {
    if value.is_empty() {
        String::new()
    } else {
        format!(", {label} {value:?}")
    }
}

/// Rows under a header, each column padded to its widest cell (the last one not padded);
/// `empty` when there are no rows.
fn table(header: &[&str], rows: impl Iterator<Item = Vec<String>>, empty: &str) -> String {
    let rows: Vec<Vec<String>> = rows.collect();
    if rows.is_empty() {
        return empty.to_owned();
    }
    let mut all = vec![header.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>()];
    all.extend(rows);
    let cols = header.len();
    // A column empty on every row is left out.
    let used: Vec<bool> =
        (0..cols).map(|c| all.iter().skip(1).any(|r| r.get(c).is_some_and(|v| !v.is_empty()))).collect();
    let widths: Vec<usize> =
        (0..cols).map(|c| all.iter().map(|r| r.get(c).map_or(0, |v| v.chars().count())).max().unwrap_or(0)).collect();
    all.iter()
        .map(|r| {
            let cells: Vec<(usize, &String)> = r.iter().enumerate().filter(|(c, _)| used[*c]).collect();
            let last = cells.len().saturating_sub(1);
            let line: Vec<String> = cells
                .iter()
                .enumerate()
                .map(|(n, (c, v))| if n == last { (*v).clone() } else { format!("{v:<w$}", w = widths[*c]) })
                .collect();
            line.join("  ").trim_end().to_owned()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn guardrail_source(g: &api::GuardrailView) -> String {
    if g.inherited {
        format!("inherited from {:?}", g.item_title)
    } else {
        "own".into()
    }
}

/// One line for an item: horizon, period, title.
fn item_line(i: &api::ItemView) -> String {
    format!("{} {}  {}{}", horizon_label(i.horizon), i.period, i.title, flags_note(i))
}

fn detail_text(d: &api::ItemDetailView, products: &[(String, String)]) -> String {
    let i = &d.item;
    let mut fields: Vec<(&str, String)> = vec![
        ("id", i.id.clone()),
        ("product", name_in(products, i.product_id.as_deref())),
        ("horizon", horizon_label(i.horizon).into()),
        ("period", i.period.clone()),
        ("status", i.status.as_str().into()),
        ("confidence", i.confidence.as_str().into()),
    ];
    if !i.metric.is_empty() {
        fields.push(("metric", i.metric.clone()));
    }
    if !i.impact.is_empty() {
        fields.push(("impact", i.impact.clone()));
    }
    let mut chain: Vec<String> =
        d.ancestors.iter().map(|a| format!("{} ({} {})", a.title, horizon_label(a.horizon), a.period)).collect();
    if let Some(g) = &d.goal {
        chain.push(format!("goal {:?}", g.title));
    }
    fields.push(("serves", if chain.is_empty() { "nothing".into() } else { chain.join(" → ") }));
    let f = flags(i);
    if !f.is_empty() {
        fields.push(("flags", f.join(", ")));
    }
    let width = fields.iter().map(|(k, _)| k.len()).max().unwrap_or(0) + 1;
    let mut lines = vec![i.title.clone()];
    lines.extend(fields.iter().map(|(k, v)| format!("  {:<width$} {v}", format!("{k}:"))));
    lines.push(String::new());
    if d.guardrails.is_empty() {
        lines.push("Guardrails: none".into());
    } else {
        lines.push("Guardrails:".into());
        let rows = d.guardrails.iter().map(|g| vec![g.kind.as_str().into(), g.statement.clone(), guardrail_source(g)]);
        lines.extend(table(&["KIND", "STATEMENT", "SET BY"], rows, "").lines().map(|l| format!("  {l}")));
    }
    lines.push(String::new());
    if d.requirements.trim().is_empty() {
        lines.push("Requirements: none".into());
    } else {
        lines.push("Requirements:".into());
        lines.extend(d.requirements.lines().map(|l| format!("  {l}").trim_end().to_owned()));
    }
    if !d.children.is_empty() {
        lines.push(String::new());
        lines.push("Served by:".into());
        lines.extend(d.children.iter().map(|c| format!("  {}", item_line(c))));
    }
    lines.join("\n")
}

fn counts_text(c: &api::CountsView) -> String {
    let plural = |n: u32, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut parts = Vec::new();
    if c.themes > 0 {
        parts.push(plural(c.themes, "theme", "themes"));
    }
    if c.initiatives > 0 {
        parts.push(plural(c.initiatives, "initiative", "initiatives"));
    }
    if c.items > 0 {
        parts.push(plural(c.items, "item", "items"));
    }
    if parts.is_empty() {
        return String::new();
    }
    let mut text = parts.join(", ");
    if c.done > 0 || c.in_progress > 0 {
        text.push_str(&format!("; {} done, {} in progress", c.done, c.in_progress));
    }
    format!("  ({text})")
}

fn node_lines(n: &api::AlignNodeView, depth: usize, lines: &mut Vec<String>) {
    let i = &n.item;
    let mut notes = vec![i.status.as_str()];
    notes.extend(flags(i).into_iter().filter(|f| *f != "unaligned"));
    lines.push(format!(
        "{}{} {}  {}  [{}]{}",
        "  ".repeat(depth),
        horizon_label(i.horizon),
        i.period,
        i.title,
        notes.join(", "),
        counts_text(&n.counts)
    ));
    for c in &n.children {
        node_lines(c, depth + 1, lines);
    }
}

fn alignment_text(a: &api::AlignmentView, scoped: bool) -> String {
    let mut lines = Vec::new();
    let unserved = |id: &str| a.unserved_goals.iter().any(|g| g.id == id);
    for g in a.goals.iter().filter(|g| !g.themes.is_empty() || (scoped && !unserved(&g.goal.id))) {
        lines.push(format!("Goal: {}{}", g.goal.title, counts_text(&g.counts)));
        if g.themes.is_empty() {
            lines.push("  (served by other products only)".into());
        }
        for t in &g.themes {
            node_lines(t, 1, &mut lines);
        }
    }
    if lines.is_empty() {
        lines.push(
            if a.goals.is_empty() { "no goals yet: baton goal add TITLE" } else { "no theme serves a goal yet" }.into(),
        );
    }
    lines.push(String::new());
    if a.unaligned.is_empty() {
        lines.push("Unaligned: none".into());
    } else {
        lines.push("Unaligned (serving nothing):".into());
        for n in &a.unaligned {
            node_lines(n, 1, &mut lines);
        }
    }
    lines.push(String::new());
    if a.unserved_goals.is_empty() {
        lines.push("Goals nothing serves: none".into());
    } else {
        lines.push("Goals nothing serves:".into());
        lines.extend(a.unserved_goals.iter().map(|g| format!("  {}", g.title)));
    }
    lines.join("\n")
}

fn kind_heading(k: ChangeKind) -> &'static str {
    match k {
        ChangeKind::Added => "Added",
        ChangeKind::Removed => "Removed",
        ChangeKind::Moved => "Moved",
        ChangeKind::Reparented => "Reparented",
        ChangeKind::Changed => "Changed",
    }
}

/// A value on one short line: its first line, cut at 60 characters.
fn abbreviate(v: &str) -> String {
    let first = v.lines().next().unwrap_or("");
    let cut: String = first.chars().take(60).collect();
    if cut.len() < first.len() || v.lines().nth(1).is_some() {
        format!("{cut}…")
    } else {
        cut
    }
}

fn snapshot_label(s: &api::SnapshotView) -> String {
    format!("{:?} ({})", s.name, taken(&s.taken_at))
}

fn diff_text(d: &api::SnapshotDiffView) -> String {
    let to = d.to.as_ref().map_or_else(|| "now".to_owned(), snapshot_label);
    let mut lines = vec![format!("From {} to {to}", snapshot_label(&d.from))];
    if d.entries.is_empty() {
        lines.push("no changes".into());
        return lines.join("\n");
    }
    let shown = |v: &Option<String>| match v.as_deref() {
        None => "nothing".to_owned(),
        Some("") => "(empty)".to_owned(),
        Some(v) => abbreviate(v),
    };
    let mut kind = None;
    for e in &d.entries {
        if kind != Some(e.kind) {
            kind = Some(e.kind);
            lines.push(String::new());
            lines.push(format!("{}:", kind_heading(e.kind)));
        }
        let what = format!("  {} {}", horizon_label(e.horizon), e.title);
        lines.push(match e.kind {
            ChangeKind::Added => format!("{what}  (in {})", shown(&e.after)),
            ChangeKind::Removed => format!("{what}  (was in {})", shown(&e.before)),
            ChangeKind::Moved | ChangeKind::Reparented => {
                format!("{what}: {} → {}", shown(&e.before), shown(&e.after))
            }
            ChangeKind::Changed => {
                format!("{what}  {}: {} → {}", e.field.as_deref().unwrap_or("field"), shown(&e.before), shown(&e.after))
            }
        });
    }
    lines.join("\n")
}

/// A snapshot's RFC 3339 time, in local time.
fn taken(at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(at)
        .map(|t| t.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|_| at.to_owned())
}

/// The text of a file, or of standard input for `-`.
fn read_text(path: &std::path::Path) -> Result<String, ApiError> {
    let read = if path.as_os_str() == "-" {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).map(|_| text)
    } else {
        std::fs::read_to_string(path)
    };
    read.map_err(|e| Error::invalid(format!("cannot read {}: {e}", path.display())).into())
}

fn path_text(p: &std::path::Path) -> Result<String, ApiError> {
    p.to_str()
        .map(str::to_owned)
        .ok_or_else(|| Error::invalid(format!("the path {} is not valid text", p.display())).into())
}

fn when(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| "?".into())
}

fn change_text(c: &api::ChangeView) -> String {
    format!(
        "{}\t{}\t{}\t{} = {}{}",
        c.op_id,
        when(c.at_ms),
        if c.author_name.is_empty() { "?" } else { &c.author_name },
        c.field,
        c.value.as_deref().map(|v| format!("{v:?}")).unwrap_or_else(|| "empty".into()),
        if c.current { "  (current)" } else { "" }
    )
}

fn status_text(s: &api::SyncStatusView) -> String {
    let mut lines = vec![match (&s.folder, s.last_pass_ms) {
        (None, _) => "sync is not set up: baton sync --folder DIR".to_owned(),
        (Some(f), Some(t)) => format!("syncing through {f}; last sync {}", when(t)),
        (Some(f), None) => format!("syncing through {f}; not synced yet"),
    }];
    lines.push(format!(
        "{} changes not yet in the folder; {} not yet seen by every other laptop",
        s.unpublished, s.unseen_by_others
    ));
    for d in &s.devices {
        let name = if d.member_name.is_empty() { d.device_id.as_str() } else { d.member_name.as_str() };
        lines.push(format!(
            "laptop of {name}: {} changes received, last seen {}",
            d.changes_received,
            d.last_seen_ms.map(when).unwrap_or_else(|| "never".into())
        ));
    }
    if s.unseen_conflicts > 0 {
        lines.push(format!("{} new conflicts: baton conflicts", s.unseen_conflicts));
    }
    lines.extend(s.problems.iter().map(|p| format!("problem: {p}")));
    lines.join("\n")
}
