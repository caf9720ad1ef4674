//! `baton`: every Baton capability from the terminal, over the same core and the same database
//! file as the desktop app. Exit codes: 0 ok, 1 refused by the domain (message on stderr),
//! 2 usage error (clap's own).

use std::path::PathBuf;
use std::process::ExitCode;

use baton_core::api::{self, handlers};
use baton_core::lookup;
use baton_core::roadmap::Horizon;
use baton_core::workspace::Role;
use baton_core::{ApiError, Core, Error};
use clap::{Parser, Subcommand, ValueEnum};
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
    /// Organisation goals: add, list
    #[command(subcommand)]
    Goal(GoalVerb),
    /// Products: add, list
    #[command(subcommand)]
    Product(ProductVerb),
    /// Roadmap items on the five-, three- and one-year horizons: add, list, move
    #[command(subcommand)]
    Item(ItemVerb),
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
    },
    List,
}

#[derive(Subcommand)]
enum ProductVerb {
    Add {
        name: String,
        /// The senior PM who owns it (name or id) [default: you]
        #[arg(long)]
        owner: Option<String>,
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
    },
    List {
        /// Only this product (name or id)
        #[arg(long)]
        product: Option<String>,
    },
    /// Rename an item
    Update {
        /// Item id or exact title
        item: String,
        #[arg(long)]
        title: String,
    },
    /// Delete an item (undo with `baton item undelete ID`)
    Delete {
        /// Item id or exact title
        item: String,
    },
    /// Bring a deleted item back
    Undelete {
        /// Item id
        id: String,
    },
    /// Move an item to another period and/or parent
    Move {
        /// Item id or exact title
        item: String,
        #[arg(long)]
        period: Option<String>,
        #[arg(long)]
        parent: Option<String>,
        #[arg(long)]
        goal: Option<String>,
    },
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
            let manager_id =
                manager.map(|m| baton_core::workspace::find_member(&core, &m).map(|m| m.id)).transpose()?;
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
                ms.iter()
                    .map(|m| format!("{}\t{}\t{}\t{}", m.id, m.name, role_label(m.role), name_of(&m.manager_id)))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
        }
        Verb::Goal(GoalVerb::Add { title, description }) => {
            let g = handlers::goal_create(&core, api::GoalCreateReq { title, description: Some(description) })?;
            out(json, &g, |g| format!("added goal {:?}\t{}", g.title, g.id))
        }
        Verb::Goal(GoalVerb::List) => {
            let goals = handlers::goal_list(&core, none)?;
            out(json, &goals, |gs| gs.iter().map(|g| format!("{}\t{}", g.id, g.title)).collect::<Vec<_>>().join("\n"))
        }
        Verb::Product(ProductVerb::Add { name, owner }) => {
            let owner_id = owner.map(|o| baton_core::workspace::find_member(&core, &o).map(|m| m.id)).transpose()?;
            let p = handlers::product_create(&core, api::ProductCreateReq { name, owner_id })?;
            out(json, &p, |p| format!("added product {:?}\t{}", p.name, p.id))
        }
        Verb::Product(ProductVerb::List) => {
            let products = handlers::product_list(&core, none)?;
            out(json, &products, |ps| {
                ps.iter()
                    .map(|p| format!("{}\t{}\t{}", p.id, p.name, p.owner_name.clone().unwrap_or_default()))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
        }
        Verb::Item(ItemVerb::Add { title, product, horizon, period, parent, goal }) => {
            let product_id = baton_core::products::find(&core, &product)?.id;
            let parent_id = parent.map(|p| find_item(&core, Some(&product_id), &p)).transpose()?;
            let goal_id = goal.map(|g| find_goal(&core, &g)).transpose()?;
            let req = api::ItemCreateReq { product_id, horizon: horizon.into(), period, title, goal_id, parent_id };
            let i = handlers::item_create(&core, req)?;
            out(json, &i, |i| format!("added {:?} on {} {}\t{}", i.title, horizon_label(i.horizon), i.period, i.id))
        }
        Verb::Item(ItemVerb::List { product }) => {
            let product_id = product.map(|p| baton_core::products::find(&core, &p).map(|p| p.id)).transpose()?;
            let items = handlers::item_list(&core, api::ItemListReq { product_id })?;
            out(json, &items, |is| {
                is.iter()
                    .map(|i| format!("{}\t{}\t{}\t{}", i.id, horizon_label(i.horizon), i.period, i.title))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
        }
        Verb::Item(ItemVerb::Update { item, title }) => {
            let id = find_item(&core, None, &item)?;
            let i = handlers::item_update(&core, api::ItemUpdateReq { id, title })?;
            out(json, &i, |i| format!("renamed to {:?}", i.title))
        }
        Verb::Item(ItemVerb::Delete { item }) => {
            let id = find_item(&core, None, &item)?;
            let i = handlers::item_delete(&core, api::IdReq { id })?;
            out(json, &i, |i| format!("deleted {:?} (undo: baton item undelete {})", i.title, i.id))
        }
        Verb::Item(ItemVerb::Undelete { id }) => {
            let i = handlers::item_undelete(&core, api::IdReq { id })?;
            out(json, &i, |i| format!("restored {:?}", i.title))
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
            let member_id = baton_core::workspace::find_member(&core, &member)?.id;
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
        Verb::Item(ItemVerb::Move { item, period, parent, goal }) => {
            let id = find_item(&core, None, &item)?;
            let parent_id = parent.map(|p| find_item(&core, None, &p)).transpose()?;
            let goal_id = goal.map(|g| find_goal(&core, &g)).transpose()?;
            let i = handlers::item_move(&core, api::ItemMoveReq { id, period, parent_id, goal_id })?;
            out(json, &i, |i| format!("moved {:?} to {} {}", i.title, horizon_label(i.horizon), i.period))
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

/// Resolves an item by id or exact title (case-insensitive); an ambiguous title is refused.
fn find_item(core: &Core, product_id: Option<&str>, id_or_title: &str) -> Result<String, ApiError> {
    let items = handlers::item_list(core, api::ItemListReq { product_id: product_id.map(str::to_owned) })?;
    Ok(lookup::by_id_or_name(&items, "roadmap item", id_or_title, |i| &i.id, |i| &i.title)?.id.clone())
}

fn find_goal(core: &Core, id_or_title: &str) -> Result<String, ApiError> {
    let goals = handlers::goal_list(core, api::NoArgs {})?;
    Ok(lookup::by_id_or_name(&goals, "goal", id_or_title, |g| &g.id, |g| &g.title)?.id.clone())
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
