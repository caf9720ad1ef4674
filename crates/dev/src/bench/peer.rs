//! The ops the main laptop receives in the apply measure: real ones, made by a peer laptop of
//! the generated workspace through the api — renames, status and confidence changes, metrics,
//! moves to another quarter, and new one-year items (about 30% of the ops), in the mix people
//! make — and published to the sync folder by a sync pass, as segment files.
//!
//! The peer works on a copy of its database and a linked copy of the folder, so the generated
//! workspace stays as it was. Its new segment files and its database after the edits are kept
//! in the cache (`received-v<R>-<ops>/`): the main laptop's data must equal the peer's once it
//! has received them.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use baton_core::api::{self, handlers, Confidence, Horizon, ItemView, NoArgs, Status};
use baton_core::sync::segment::{self, Segment};
use baton_core::Core;
use serde::{Deserialize, Serialize};

use super::cache::{self, Cache};
use super::stats::{self, Rng};
use super::{say, Context as _, Error, Options, Plan, Result, Step};
use crate::seed::Generated;

/// Bumped when the edits the peer makes change.
const VERSION: u32 = 1;

/// The peer's published ops, ready to be received.
#[derive(Debug, Clone)]
pub(crate) struct Received {
    /// The new segment files, in sequence order.
    pub(crate) segments: Vec<PathBuf>,
    /// The peer's data directory after its edits (its database is what the main laptop's
    /// data must equal after receiving).
    pub(crate) peer_dir: PathBuf,
    pub(crate) peer_device: String,
    pub(crate) peer_member: String,
    pub(crate) workspace_id: String,
    pub(crate) ops: usize,
    /// Commands the peer ran, by name.
    pub(crate) commands: BTreeMap<String, usize>,
}

#[derive(Serialize, Deserialize)]
struct Marker {
    segments: Vec<String>,
    peer_device: String,
    peer_member: String,
    workspace_id: String,
    ops: usize,
    commands: BTreeMap<String, usize>,
    seconds: f64,
}

/// The peer's published ops: from the cache, or made now.
pub(crate) fn prepare(opts: &Options, plan: &Plan, cache: &Cache, g: &Generated) -> Result<(Received, Step)> {
    let started = Instant::now();
    let name = "a peer laptop's edits, published";
    let dir = cache.dir.join(format!("received-v{VERSION}-{}", plan.received_ops));
    let marker_path = dir.join("received.json");
    if let Some(m) = cache::read_marker::<Marker>(&marker_path) {
        let received = from_marker(&dir, m.clone_fields());
        if received.segments.iter().all(|s| s.is_file()) {
            say(opts, format!("the peer's {} ops from the cache", received.ops));
            let step = Step {
                name: name.into(),
                seconds: started.elapsed().as_secs_f64(),
                cached: true,
                built_seconds: m.seconds,
            };
            return Ok((received, step));
        }
    }
    cache::remove_dir(&dir)?;
    let tmp = cache.dir.join(format!("received-v{VERSION}.tmp"));
    cache::remove_dir(&tmp)?;
    let mut m = make(opts, plan, g, &tmp)?;
    m.seconds = started.elapsed().as_secs_f64();
    cache::write_marker(&tmp.join("received.json"), &m)?;
    fs::rename(&tmp, &dir).context(|| format!("moving {} to {}", tmp.display(), dir.display()))?;
    let seconds = m.seconds;
    Ok((from_marker(&dir, m), Step { name: name.into(), seconds, cached: false, built_seconds: seconds }))
}

impl Marker {
    fn clone_fields(&self) -> Marker {
        Marker {
            segments: self.segments.clone(),
            peer_device: self.peer_device.clone(),
            peer_member: self.peer_member.clone(),
            workspace_id: self.workspace_id.clone(),
            ops: self.ops,
            commands: self.commands.clone(),
            seconds: self.seconds,
        }
    }
}

fn from_marker(dir: &Path, m: Marker) -> Received {
    Received {
        segments: m.segments.iter().map(|s| dir.join("segments").join(s)).collect(),
        peer_dir: dir.join("peer"),
        peer_device: m.peer_device,
        peer_member: m.peer_member,
        workspace_id: m.workspace_id,
        ops: m.ops,
        commands: m.commands,
    }
}

/// Reads and checks the segment files (as a pass does before applying them).
pub(crate) fn load(r: &Received) -> Result<Vec<Segment>> {
    let mut out = Vec::new();
    for path in &r.segments {
        let bytes = fs::read(path).context(|| format!("reading {}", path.display()))?;
        let (seg, _) = segment::decode(&bytes).map_err(|why| Error::new(format!("{}: {why}", path.display())))?;
        out.push(seg);
    }
    Ok(out)
}

/// The device folder of `device` in a sync folder.
pub(crate) fn device_folder(folder: &Path, workspace_id: &str, device: &str) -> PathBuf {
    folder.join("baton").join(workspace_id).join("devices").join(device)
}

/// A product the peer may edit, with its items.
struct Editable {
    id: String,
    base_year: i32,
    one_year: Vec<String>,
    initiatives: Vec<String>,
}

/// The generated laptop (not the main one) whose member may edit the most products.
fn choose_peer(g: &Generated) -> Result<PathBuf> {
    let mut best: Option<(usize, PathBuf)> = None;
    for dir in g.device_dirs.iter().skip(1) {
        let core = api::open_dir(dir)?;
        let editable = handlers::product_list(&core, NoArgs {})?.iter().filter(|p| p.can_edit).count();
        if editable > 0 && best.as_ref().is_none_or(|(n, _)| editable > *n) {
            best = Some((editable, dir.clone()));
        }
    }
    best.map(|(_, d)| d)
        .ok_or_else(|| Error::new("no laptop of the generated workspace but the main one may edit a product"))
}

fn editable(core: &Core) -> Result<Vec<Editable>> {
    let mut out = Vec::new();
    for p in handlers::product_list(core, NoArgs {})?.into_iter().filter(|p| p.can_edit) {
        let items = handlers::item_list(core, api::ItemListReq { product_id: Some(p.id.clone()), statuses: None })?;
        let of = |h: Horizon| items.iter().filter(|i: &&ItemView| i.horizon == h).map(|i| i.id.clone()).collect();
        let e = Editable {
            one_year: of(Horizon::OneYear),
            initiatives: of(Horizon::ThreeYear),
            id: p.id,
            base_year: p.base_year,
        };
        if !e.one_year.is_empty() && !e.initiatives.is_empty() {
            out.push(e);
        }
    }
    if out.is_empty() {
        return Err(Error::new("the peer may edit no product with initiatives and one-year items"));
    }
    Ok(out)
}

fn update(id: &str) -> api::ItemUpdateReq {
    api::ItemUpdateReq { id: id.to_owned(), ..Default::default() }
}

fn make(opts: &Options, plan: &Plan, g: &Generated, tmp: &Path) -> Result<Marker> {
    let source = choose_peer(g)?;
    let peer_dir = tmp.join("peer");
    cache::copy_db(&source, &peer_dir)?;
    let folder = tmp.join("folder");
    cache::link_tree(&g.folder, &folder)?;
    let core = api::open_dir(&peer_dir)?;
    let ws =
        handlers::workspace_get(&core, NoArgs {})?.ok_or_else(|| Error::new("the peer laptop has no workspace"))?;
    let folder_text = folder.canonicalize()?.to_string_lossy().into_owned();
    let first = handlers::sync_set_folder(&core, api::SyncFolderReq { folder: folder_text })?;
    say(
        opts,
        format!(
            "peer laptop {} ({}): first pass published {} and received {} ops; now editing until {} new ops",
            ws.me.name, ws.device_id, first.published, first.received, plan.received_ops
        ),
    );
    let start = handlers::sync_status(&core, NoArgs {})?.unpublished;
    let target = plan.received_ops as i64;
    let made = |core: &Core| -> Result<i64> { Ok(handlers::sync_status(core, NoArgs {})?.unpublished - start) };
    let mut products = editable(&core)?;
    let mut rng = Rng::new(opts.seed);
    let mut commands: BTreeMap<String, usize> = BTreeMap::new();
    let mut count = |name: &str| *commands.entry(name.to_owned()).or_default() += 1;
    let mut k = 0usize;
    let mut done = 0i64;
    let mut report_at = target / 10;
    // Mixed commands until close to the target, then single-op renames to hit it exactly.
    while done < target - 64 {
        for _ in 0..200 {
            k += 1;
            let p = rng.below(products.len());
            let roll = rng.below(1000);
            let prod = &mut products[p];
            let item = prod.one_year[rng.below(prod.one_year.len())].clone();
            if roll < 45 {
                let parent = prod.initiatives[rng.below(prod.initiatives.len())].clone();
                let req = api::ItemCreateReq {
                    product_id: prod.id.clone(),
                    horizon: Horizon::OneYear,
                    period: format!("{}-Q{}", prod.base_year, 1 + rng.below(4)),
                    title: stats::title(&mut rng, k),
                    goal_id: None,
                    parent_id: Some(parent),
                    status: None,
                };
                let made = handlers::item_create(&core, req)?;
                prod.one_year.push(made.id);
                count("item_create");
            } else if roll < 150 {
                let req = api::ItemMoveReq {
                    id: item,
                    period: Some(format!("{}-Q{}", prod.base_year, 1 + rng.below(4))),
                    parent_id: None,
                    goal_id: None,
                    before_id: None,
                    after_id: None,
                };
                handlers::item_move(&core, req)?;
                count("item_move (period)");
            } else if roll < 260 {
                let status = *rng.pick(&Status::ALL).unwrap_or(&Status::Planned);
                handlers::item_update(&core, api::ItemUpdateReq { status: Some(status), ..update(&item) })?;
                count("item_update (status)");
            } else if roll < 320 {
                let c = *rng.pick(&Confidence::ALL).unwrap_or(&Confidence::Medium);
                handlers::item_update(&core, api::ItemUpdateReq { confidence: Some(c), ..update(&item) })?;
                count("item_update (confidence)");
            } else if roll < 380 {
                let metric = format!("{} weekly active teams", 1000 + k);
                handlers::item_update(&core, api::ItemUpdateReq { metric: Some(metric), ..update(&item) })?;
                count("item_update (metric)");
            } else {
                let title = stats::title(&mut rng, k);
                handlers::item_update(&core, api::ItemUpdateReq { title: Some(title), ..update(&item) })?;
                count("item_update (title)");
            }
        }
        done = made(&core)?;
        if done >= report_at {
            say(opts, format!("  peer: {done} ops"));
            report_at += target / 10;
        }
        if done > target {
            return Err(Error::new(format!("the peer overshot: {done} ops for {target}")));
        }
        if target - done < 2_000 {
            break;
        }
    }
    // Each rename to a title no item has yet writes exactly one op.
    while done < target {
        for _ in 0..(target - done) {
            k += 1;
            let prod = &products[rng.below(products.len())];
            let item = &prod.one_year[rng.below(prod.one_year.len())];
            handlers::item_update(
                &core,
                api::ItemUpdateReq { title: Some(stats::title(&mut rng, k)), ..update(item) },
            )?;
            count("item_update (title)");
        }
        done = made(&core)?;
    }
    if done != target {
        return Err(Error::new(format!("the peer made {done} ops instead of {target}")));
    }
    let pass = handlers::sync_now(&core, NoArgs {})?;
    if pass.published as i64 != target || !pass.problems.is_empty() {
        return Err(Error::new(format!(
            "the peer's pass published {} ops of {target} ({:?})",
            pass.published, pass.problems
        )));
    }
    drop(core);
    cache::checkpoint(&cache::db_file(&peer_dir))?;

    // The segment files this pass added (the generated folder has the others).
    let mine = device_folder(&folder, &ws.id, &ws.device_id);
    let before = device_folder(&g.folder, &ws.id, &ws.device_id);
    let mut names: Vec<(i64, String)> = Vec::new();
    for e in fs::read_dir(&mine)? {
        let name = e?.file_name().to_string_lossy().into_owned();
        if let Some((first, _)) = segment::parse_name(&name) {
            if !before.join(&name).exists() {
                names.push((first, name));
            }
        }
    }
    names.sort();
    let seg_dir = tmp.join("segments");
    fs::create_dir_all(&seg_dir)?;
    for (_, name) in &names {
        fs::rename(mine.join(name), seg_dir.join(name))?;
    }
    cache::remove_dir(&folder)?;
    let segments: Vec<String> = names.into_iter().map(|(_, n)| n).collect();
    let marker = Marker {
        segments,
        peer_device: ws.device_id,
        peer_member: ws.me.name,
        workspace_id: ws.id,
        ops: plan.received_ops,
        commands,
        seconds: 0.0,
    };
    let ops: usize = load(&from_marker(tmp, marker.clone_fields()))?.iter().map(|s| s.ops.len()).sum();
    if ops != plan.received_ops {
        return Err(Error::new(format!("the peer's new segment files hold {ops} ops, not {}", plan.received_ops)));
    }
    Ok(marker)
}
