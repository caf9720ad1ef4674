//! Replicas syncing through a real folder converge: 3–5 laptops, each a real SQLite file in its
//! own temp dir, make random roadmap edits while offline and pass in random order — some not
//! for a long while (delayed delivery), some twice in a row (duplicates) — while the file-sync
//! tool leaves conflict copies of segments about, laptops are backed up and restored from their
//! backups (sometimes editing before their first pass), and laptops move between two folders
//! (two USB sticks used in turn). Once every laptop has visited both folders a few more times
//! and passed twice more, all hold byte-identical synced tables and the same op set, no op that
//! ever reached a folder is lost, and no problem was reported but the (ignored) conflict copies
//! and what a restored laptop says about itself.
//!
//! `BATON_SYNC_CASES=10000 cargo test -p baton-core --test sync_convergence` runs more cases
//! (default 1000). The random cases live under `/dev/shm` when there is one (override with
//! `BATON_SYNC_TMPDIR=/some/dir`): what they test is convergence, and on a shared disk the
//! fsyncs of every pass would cost more than everything else together. The fixed run below
//! uses the ordinary temp dir, fsyncs and all.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use crate::history;
use crate::oplog;
use crate::oplog::store;
use crate::roadmap::{self, Horizon, Move, NewItem};
use crate::sync::folder::{self, PassReport};
use crate::sync::segment;
use crate::workspace::{self, Actor, Role};
use crate::{goals, products, Core};
use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, TestRunner};
use serde_json::json;
use tempfile::TempDir;

/// Steps per case (edits, passes, conflict copies), across all replicas.
const MAX_STEPS: usize = 24;
const MIN_REPLICAS: usize = 3;
const MAX_REPLICAS: usize = 5;
const TITLES: [&str; 4] = ["Alpha", "Beta", "Gamma", "Delta"];
/// A value only conflict copies carry: it must never be applied.
const COPY_TITLE: &str = "From a conflict copy";

fn config() -> ProptestConfig {
    let cases = std::env::var("BATON_SYNC_CASES").ok().and_then(|s| s.trim().parse().ok()).unwrap_or(1000);
    ProptestConfig { cases, ..ProptestConfig::default() }
}

/// Which of the things at hand to use: taken modulo their number when the step runs.
#[derive(Debug, Clone, Copy)]
struct Pick(usize);

impl Pick {
    fn of(self, len: usize) -> usize {
        self.0 % len
    }
}

impl Arbitrary for Pick {
    type Parameters = ();
    type Strategy = BoxedStrategy<Pick>;
    fn arbitrary_with((): ()) -> Self::Strategy {
        (0..64usize).prop_map(Pick).boxed()
    }
}

#[derive(Debug, Clone)]
enum Edit {
    CreateGoal,
    /// A five-year theme under a goal, in year 2030 + n.
    CreateTheme(Pick, u8),
    /// A one-year item under a theme, in quarter n + 1.
    CreateOneYear(Pick, u8),
    Rename(Pick, u8),
    MovePeriod(Pick, u8),
    Delete(Pick),
    Undelete(Pick),
}

#[derive(Debug, Clone)]
enum Step {
    /// One replica edits, offline.
    Edit(Pick, Edit),
    /// One replica passes (twice: a duplicate delivery of everything it already has).
    Pass(Pick, bool),
    /// The file-sync tool leaves a conflict copy of a segment (altered or not).
    ConflictCopy(Pick, Pick, bool),
    /// A replica's data directory is backed up (closed, copied, opened again).
    Backup(Pick),
    /// A replica's data directory is replaced by its last backup, if it has one.
    Restore(Pick),
    /// A replica moves to the other of two folders (two USB sticks used in turn).
    Switch(Pick),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        1 => Just(Edit::CreateGoal),
        2 => (any::<Pick>(), 0..5u8).prop_map(|(g, y)| Edit::CreateTheme(g, y)),
        3 => (any::<Pick>(), 0..4u8).prop_map(|(t, q)| Edit::CreateOneYear(t, q)),
        4 => (any::<Pick>(), 0..4u8).prop_map(|(i, t)| Edit::Rename(i, t)),
        2 => (any::<Pick>(), 0..4u8).prop_map(|(i, p)| Edit::MovePeriod(i, p)),
        2 => any::<Pick>().prop_map(Edit::Delete),
        2 => any::<Pick>().prop_map(Edit::Undelete),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (any::<Pick>(), edit()).prop_map(|(who, e)| Step::Edit(who, e)),
        4 => (any::<Pick>(), prop::bool::weighted(0.2)).prop_map(|(who, twice)| Step::Pass(who, twice)),
        1 => (any::<Pick>(), any::<Pick>(), any::<bool>()).prop_map(|(d, s, alt)| Step::ConflictCopy(d, s, alt)),
        1 => any::<Pick>().prop_map(Step::Backup),
        1 => any::<Pick>().prop_map(Step::Restore),
        1 => any::<Pick>().prop_map(Step::Switch),
    ]
}

struct Replica {
    core: Core,
    me: Actor,
}

struct World {
    /// The sync folder and every replica's data directory live in here.
    _root: TempDir,
    devices: PathBuf,
    reps: Vec<Replica>,
    product: String,
    copies: usize,
    /// Each replica's last backup, if any.
    backups: Vec<Option<TempDir>>,
    /// Which folder each replica syncs through: `folder` (false) or `folder2` (true).
    on_second: Vec<bool>,
    /// Every op that has been in the folder: nothing of it may be lost, restores or not.
    published: BTreeSet<String>,
}

impl World {
    fn root(&self) -> &Path {
        self._root.path()
    }

    fn data_dir(&self, i: usize) -> PathBuf {
        self.root().join(format!("rep{i}"))
    }

    /// Closes replica `i`'s database, runs `f` on its data directory, opens it again.
    fn with_closed(&mut self, i: usize, f: impl FnOnce(&Path)) {
        let data = self.data_dir(i);
        drop(std::mem::replace(&mut self.reps[i].core, Core::open_in_memory().unwrap()));
        f(&data);
        self.reps[i].core = Core::open_dir(&data).unwrap();
    }
}

/// Replica 0 (leadership) makes the workspace, a goal, a product owned by a senior without a
/// laptop and a theme, and invites one leadership member per other replica, who joins; each
/// replica's database lives in `root/rep<i>`, the sync folder is `root/folder`.
fn populate(root: &Path, n: usize) -> (Vec<Replica>, String) {
    let folder = root.join("folder");
    fs::create_dir_all(&folder).unwrap();
    let core = Core::open_dir(&root.join("rep0")).unwrap();
    workspace::init(&core, "Acme", "Lee", Role::Leadership).unwrap();
    let lee = workspace::me(&core).unwrap();
    let sam = workspace::add_member(&core, &lee, "Sam", Role::Senior, None).unwrap();
    let goal = goals::create(&core, &lee, "Grow", "", "").unwrap().id;
    let product = products::create_with(
        &core,
        &lee,
        "Checkout",
        Some(&sam.id),
        products::NewProduct { base_year: Some(2027), ..Default::default() },
    )
    .unwrap()
    .id;
    let new = NewItem {
        product_id: &product,
        horizon: Horizon::FiveYear,
        period: "2030",
        title: "Theme",
        goal_id: Some(&goal),
        parent_id: None,
        status: None,
    };
    roadmap::create(&core, &lee, new).unwrap();
    let members: Vec<String> = (1..n)
        .map(|i| workspace::add_member(&core, &lee, &format!("Member {i}"), Role::Leadership, None).unwrap().id)
        .collect();
    folder::set_folder(&core, &folder).unwrap();
    let mut invites = Vec::new();
    for m in &members {
        invites.push(folder::invite_create(&core, &lee, m).unwrap().invite);
    }
    let mut reps = vec![Replica { core, me: lee }];
    for (i, invite) in invites.iter().enumerate() {
        let core = Core::open_dir(&root.join(format!("rep{}", i + 1))).unwrap();
        folder::join(&core, &folder, invite).unwrap();
        let me = workspace::me(&core).unwrap();
        reps.push(Replica { core, me });
    }
    // Every laptop learns the others' enrolments.
    for _ in 0..2 {
        for r in &reps {
            folder::pass(&r.core).unwrap();
        }
    }
    (reps, product)
}

fn devices_dir(root: &Path, reps: &[Replica]) -> PathBuf {
    let ws = workspace::info(&reps[0].core).unwrap().unwrap().id;
    root.join("folder").canonicalize().unwrap().join("baton").join(ws).join("devices")
}

/// A team set up from scratch (each replica opens a new database and joins by invite).
fn fresh_world(n: usize) -> World {
    let root = tempfile::tempdir().unwrap();
    let (reps, product) = populate(root.path(), n);
    World::new(root, reps, product)
}

/// Where the random cases keep their replicas and folders (see the module comment).
fn case_root() -> PathBuf {
    match std::env::var_os("BATON_SYNC_TMPDIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ if tempfile::tempdir_in("/dev/shm").is_ok() => PathBuf::from("/dev/shm"),
        _ => std::env::temp_dir(),
    }
}

/// Setting a team up costs dozens of fsyncs; each case starts from a copy of a team set up
/// once per size instead: the same database files and folder contents, each replica then
/// pointed at the case's own folder with `set_folder`.
struct Templates {
    _root: TempDir,
    /// Each case's own directory goes in here.
    cases: PathBuf,
    by_size: Vec<(usize, PathBuf, String)>,
}

impl Templates {
    fn new() -> Templates {
        let cases = case_root();
        let root = tempfile::tempdir_in(&cases).unwrap();
        let by_size = (MIN_REPLICAS..=MAX_REPLICAS)
            .map(|n| {
                let dir = root.path().join(format!("team{n}"));
                let (reps, product) = populate(&dir, n);
                // Closing each database checkpoints it into its one file.
                drop(reps);
                (n, dir, product)
            })
            .collect();
        Templates { _root: root, cases, by_size }
    }

    fn world(&self, n: usize) -> World {
        let (_, dir, product) = self.by_size.iter().find(|(size, _, _)| *size == n).unwrap();
        let root = tempfile::tempdir_in(&self.cases).unwrap();
        copy_dir(&dir.join("folder"), &root.path().join("folder"));
        let reps: Vec<Replica> = (0..n)
            .map(|i| {
                let data = root.path().join(format!("rep{i}"));
                fs::create_dir_all(&data).unwrap();
                fs::copy(dir.join(format!("rep{i}")).join(store::DB_FILE), data.join(store::DB_FILE)).unwrap();
                // The laptop's key goes with its database.
                let key = crate::oplog::signing::KEY_FILE;
                fs::copy(dir.join(format!("rep{i}")).join(key), data.join(key)).unwrap();
                let core = Core::open_dir(&data).unwrap();
                let r = folder::set_folder(&core, &root.path().join("folder")).unwrap();
                assert_eq!((r.published, r.received, r.problems.len()), (0, 0, 0), "{r:?}");
                let me = workspace::me(&core).unwrap();
                Replica { core, me }
            })
            .collect();
        World::new(root, reps, product.clone())
    }
}

impl World {
    fn new(root: TempDir, reps: Vec<Replica>, product: String) -> World {
        let n = reps.len();
        fs::create_dir_all(root.path().join("folder2")).unwrap();
        World {
            devices: devices_dir(root.path(), &reps),
            _root: root,
            reps,
            product,
            copies: 0,
            backups: (0..n).map(|_| None).collect(),
            on_second: vec![false; n],
            published: BTreeSet::new(),
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            fs::copy(e.path(), &target).unwrap();
        }
    }
}

fn ids(conn: &rusqlite::Connection, sql: &str) -> crate::Result<Vec<String>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Does `edit` on replica `r`, choosing among the things it can see; `false` if there was
/// nothing to edit. Every edit chosen this way is valid, so any error is a failure.
fn do_edit(w: &World, r: &Replica, edit: &Edit) -> bool {
    let (core, me) = (&r.core, &r.me);
    let items = roadmap::list(core, None).unwrap();
    let pick = |i: &Pick, v: &[roadmap::Item]| (!v.is_empty()).then(|| v[i.of(v.len())].clone());
    match edit {
        Edit::CreateGoal => {
            goals::create(core, me, "A goal", "", "").unwrap();
        }
        Edit::CreateTheme(g, year) => {
            let gs = goals::list(core).unwrap();
            let goal = &gs[g.of(gs.len())];
            let period = format!("{}", 2027 + u32::from(*year) % 5);
            let new = NewItem {
                product_id: &w.product,
                horizon: Horizon::FiveYear,
                period: &period,
                title: "New theme",
                goal_id: Some(&goal.id),
                parent_id: None,
                status: None,
            };
            roadmap::create(core, me, new).unwrap();
        }
        Edit::CreateOneYear(t, q) => {
            let themes: Vec<_> = items.iter().filter(|i| i.horizon == Horizon::FiveYear).cloned().collect();
            let Some(theme) = pick(t, &themes) else { return false };
            // A three-year initiative serving the theme.
            let period = format!("{}", 2027 + u32::from(*q) % 3);
            let new = NewItem {
                product_id: &w.product,
                horizon: Horizon::ThreeYear,
                period: &period,
                title: "New item",
                goal_id: None,
                parent_id: Some(&theme.id),
                status: None,
            };
            roadmap::create(core, me, new).unwrap();
        }
        Edit::Rename(i, t) => {
            let Some(item) = pick(i, &items) else { return false };
            roadmap::rename(core, me, &item.id, TITLES[usize::from(*t)]).unwrap();
        }
        Edit::MovePeriod(i, p) => {
            let Some(item) = pick(i, &items) else { return false };
            let period = match item.horizon {
                Horizon::OneYear => format!("2027-Q{}", p % 4 + 1),
                Horizon::ThreeYear => format!("{}-H{}", 2027 + u32::from(*p) % 3, p % 2 + 1),
                Horizon::FiveYear => format!("{}", 2027 + u32::from(*p) % 5),
            };
            roadmap::move_item(core, me, &item.id, Move { period: Some(&period), ..Move::default() }).unwrap();
        }
        Edit::Delete(i) => {
            let Some(item) = pick(i, &items) else { return false };
            roadmap::delete(core, me, &item.id).unwrap();
        }
        Edit::Undelete(i) => {
            // Items this laptop knows, deleted: not the bare deletions of items whose creation
            // has not reached it yet (undeleting one of those is refused as unknown; see below).
            let deleted = core
                .read(|c| {
                    ids(c, "SELECT id FROM roadmap_item WHERE deleted = 1 AND product_id IN (SELECT id FROM product) ORDER BY id")
                })
                .unwrap();
            if deleted.is_empty() {
                return false;
            }
            roadmap::undelete(core, me, &deleted[i.of(deleted.len())]).unwrap();
        }
    }
    true
}

fn is_copy_notice(p: &str) -> bool {
    p.starts_with("ignored ") && p.contains("a copy made by the file-sync tool")
}

/// What a restored laptop says about itself: it read its changes back, or took a new identity.
fn is_restore_notice(p: &str) -> bool {
    p.starts_with("read back ")
        || p.contains("this laptop now syncs as a new device")
        // A restored laptop that published on one stick what the other stick holds otherwise:
        // true until that laptop meets both and moves its changes (the last rounds are quiet).
        || p.contains("two laptops wrote as the same device")
}

/// A pass; the only problems a healthy folder may report are the conflict copies and what a
/// restored laptop says about itself.
fn pass(r: &Replica) -> Result<PassReport, TestCaseError> {
    let report = folder::pass(&r.core).unwrap();
    for p in &report.problems {
        prop_assert!(is_copy_notice(p) || is_restore_notice(p), "unexpected problem: {}", p);
    }
    Ok(report)
}

/// A pass that also records what is now in the folder.
fn pass_noting(w: &mut World, i: usize) -> Result<PassReport, TestCaseError> {
    let report = pass(&w.reps[i])?;
    w.published.extend(op_ids(&w.reps[i]));
    Ok(report)
}

fn op_ids(r: &Replica) -> BTreeSet<String> {
    r.core.read(oplog::all_ops).unwrap().into_iter().map(|o| o.op_id).collect()
}

fn backup(w: &mut World, i: usize) {
    let saved = tempfile::tempdir_in(w.root()).unwrap();
    let to = saved.path().to_path_buf();
    w.with_closed(i, |data| copy_dir(data, &to));
    w.backups[i] = Some(saved);
}

fn restore(w: &mut World, i: usize) -> Result<(), TestCaseError> {
    let Some(saved) = w.backups[i].as_ref().map(|d| d.path().to_path_buf()) else { return Ok(()) };
    w.with_closed(i, |data| {
        fs::remove_dir_all(data).unwrap();
        copy_dir(&saved, data);
    });
    // The backup may name the other folder: the laptop goes on with the one it uses now. No
    // pass yet: its next edits may come before one.
    let folder = w.root().join(if w.on_second[i] { "folder2" } else { "folder" }).canonicalize().unwrap();
    w.reps[i]
        .core
        .transact(|tx| Ok(tx.execute("UPDATE sync_config SET folder = ?1", [folder.to_str().unwrap()])?))
        .unwrap();
    Ok(())
}

fn switch(w: &mut World, i: usize) -> Result<(), TestCaseError> {
    w.on_second[i] = !w.on_second[i];
    let folder = w.root().join(if w.on_second[i] { "folder2" } else { "folder" });
    let report = folder::set_folder(&w.reps[i].core, &folder).unwrap();
    for p in &report.problems {
        prop_assert!(is_copy_notice(p) || is_restore_notice(p), "unexpected problem: {}", p);
    }
    w.published.extend(op_ids(&w.reps[i]));
    Ok(())
}

/// Copies a segment under a name a file-sync tool gives its conflict copies; `altered` makes
/// it a valid segment with other data (what a second writer would have left).
fn conflict_copy(w: &mut World, dev: &Pick, seg: &Pick, altered: bool) {
    let mut dirs: Vec<PathBuf> = fs::read_dir(&w.devices).unwrap().flatten().map(|e| e.path()).collect();
    dirs.sort();
    let dir = &dirs[dev.of(dirs.len())];
    let mut segs: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| segment::parse_name(n).is_some())
        .collect();
    if segs.is_empty() {
        return;
    }
    segs.sort();
    let name = &segs[seg.of(segs.len())];
    let stem = name.strip_suffix(".seg").unwrap();
    w.copies += 1;
    let copy = if w.copies.is_multiple_of(2) {
        format!("{stem}.sync-conflict-20261128-101010-AB{}.seg", w.copies)
    } else {
        format!("{stem} (conflicted copy {}).seg", w.copies)
    };
    let mut bytes = fs::read(dir.join(name)).unwrap();
    if altered {
        let (mut s, _) = segment::decode(&bytes).unwrap();
        for op in &mut s.ops {
            if op.field == "title" {
                op.value = json!(COPY_TITLE);
            }
        }
        // Signed as the laptop that wrote it (copies of a laptop share its key file).
        let key = w.reps.iter().map(|r| r.core.device_key().unwrap()).find(|k| k.public_hex() == s.key);
        bytes = match key {
            Some(key) => segment::encode(&s, &key).unwrap().0,
            None => segment::encode_unsigned(&s).unwrap().0,
        };
    }
    fs::write(dir.join(copy), bytes).unwrap();
}

fn op_set(r: &Replica) -> BTreeSet<String> {
    r.core.read(oplog::all_ops).unwrap().into_iter().map(|o| serde_json::to_string(&o).unwrap()).collect()
}

/// Runs `steps`, brings every replica to quiescence and checks they agree; returns the world.
fn run(mut w: World, steps: &[Step]) -> Result<World, TestCaseError> {
    let n = w.reps.len();
    for s in steps {
        match s {
            Step::Edit(who, e) => {
                do_edit(&w, &w.reps[who.of(n)], e);
            }
            Step::Pass(who, twice) => {
                pass_noting(&mut w, who.of(n))?;
                if *twice {
                    let again = pass_noting(&mut w, who.of(n))?;
                    prop_assert_eq!((again.published, again.received, again.conflicts), (0, 0, 0));
                }
            }
            Step::ConflictCopy(dev, seg, altered) => conflict_copy(&mut w, dev, seg, *altered),
            Step::Backup(who) => backup(&mut w, who.of(n)),
            Step::Restore(who) => restore(&mut w, who.of(n))?,
            Step::Switch(who) => switch(&mut w, who.of(n))?,
        }
    }
    // Quiescence: both sticks get plugged in everywhere a few more times — everyone passes on
    // the folder it uses, then on the other —, then everyone ends on the first folder and
    // passes twice more.
    for _ in 0..3 {
        for i in 0..n {
            pass_noting(&mut w, i)?;
            switch(&mut w, i)?;
        }
    }
    for i in 0..n {
        if w.on_second[i] {
            switch(&mut w, i)?;
        }
    }
    for _ in 0..2 {
        for i in 0..n {
            let report = pass_noting(&mut w, i)?;
            for p in &report.problems {
                prop_assert!(is_copy_notice(p), "replica {} still reports: {}", i, p);
            }
        }
    }
    let dumps: Vec<String> = w.reps.iter().map(|r| r.core.read(oplog::dump).unwrap()).collect();
    for (i, d) in dumps.iter().enumerate().skip(1) {
        prop_assert!(d == &dumps[0], "replica {} diverged from replica 0:\n--- 0\n{}\n--- {}\n{}", i, dumps[0], i, d);
    }
    let ops = op_set(&w.reps[0]);
    let held = op_ids(&w.reps[0]);
    let lost: Vec<&String> = w.published.difference(&held).collect();
    prop_assert!(lost.is_empty(), "ops that were in a folder are lost: {:?}", lost);
    if w.backups.iter().all(Option::is_none) {
        let written: i64 = w.reps.iter().map(|r| r.core.read(store::local_device).unwrap().unwrap().next_seq - 1).sum();
        prop_assert_eq!(ops.len() as i64, written, "every op any replica wrote is everywhere");
    }
    prop_assert!(!ops.iter().any(|o| o.contains(COPY_TITLE)), "nothing of a conflict copy was applied");
    let items = roadmap::list(&w.reps[0].core, None).unwrap();
    for (i, r) in w.reps.iter().enumerate() {
        prop_assert!(op_set(r) == ops, "replica {} has another op set", i);
        let st = folder::status(&r.core).unwrap();
        prop_assert_eq!((st.unpublished, st.unseen_by_others), (0, 0), "replica {}: {:?}", i, st);
        prop_assert!(st.devices.len() >= n - 1, "replica {}: {:?}", i, st.devices);
        prop_assert_eq!(&roadmap::list(&r.core, None).unwrap(), &items);
        history::conflicts(&r.core, false).unwrap();
        for item in &items {
            let h0 = history::history(&w.reps[0].core, "roadmap_item", &item.id, None).unwrap();
            prop_assert_eq!(history::history(&r.core, "roadmap_item", &item.id, None).unwrap(), h0);
        }
    }
    // "Recent conflicts" (in the dumps, so the same everywhere) is the definition's, with each
    // op's vector as its segment in the folder carries it.
    let want = oracle_conflicts(&w)?;
    for (i, r) in w.reps.iter().enumerate() {
        prop_assert_eq!(&r.core.read(super::conflicts::listed).unwrap(), &want, "replica {}", i);
    }
    // The op log is the source of truth: replaying it gives the same tables.
    let r0 = &w.reps[0].core;
    r0.transact(|tx| oplog::rebuild(tx)).unwrap();
    prop_assert!(r0.read(oplog::dump).unwrap() == dumps[0], "rebuilding replica 0 changed it");
    Ok(w)
}

/// The conflicts by the definition, from every op, the vectors the segments in the folder
/// carry, and the refused ops (judged alike everywhere, checked by the dumps).
fn oracle_conflicts(w: &World) -> Result<BTreeSet<(String, String)>, TestCaseError> {
    let mut by_op = BTreeMap::new();
    let mut vectors = BTreeMap::new();
    // Both folders: a laptop that moved to a new identity no longer publishes its old one, whose
    // last changes may be on the second stick only.
    let ws = w.devices.parent().unwrap().file_name().unwrap().to_owned();
    let second = w.root().join("folder2").canonicalize().unwrap().join("baton").join(ws).join("devices");
    let dirs =
        [&w.devices, &second].into_iter().filter(|d| d.is_dir()).flat_map(|d| fs::read_dir(d).unwrap().flatten());
    for dir in dirs {
        for f in fs::read_dir(dir.path()).unwrap().flatten() {
            let name = f.file_name().to_string_lossy().into_owned();
            if segment::parse_name(&name).is_none() {
                continue;
            }
            let (seg, _) = segment::decode(&fs::read(f.path()).unwrap()).unwrap();
            // Keyed by the op as well as its place: after a fork the second stick may still
            // hold, under the old identity, an op that moved away, at a place the first stick
            // gives to the other copy's op.
            for op in &seg.ops {
                let had = by_op.insert((op.device_id.clone(), op.seq, op.op_id.clone()), seg.seen.clone());
                prop_assert!(had.is_none_or(|v| v == seg.seen), "two vectors for one op");
            }
        }
    }
    let core = &w.reps[0].core;
    let ops = core.read(oplog::all_ops).unwrap();
    for o in &ops {
        let vv = by_op.get(&(o.device_id.clone(), o.seq, o.op_id.clone()));
        prop_assert!(vv.is_some(), "every op is in a file where the log holds it");
        vectors.insert((o.device_id.clone(), o.seq), vv.cloned().unwrap_or_default());
    }
    let refused: BTreeSet<String> = core
        .read(|c| ids(c, "SELECT baton_op_id(o.op_id) FROM op_refused r JOIN op o ON o.n = r.op"))
        .unwrap()
        .into_iter()
        .collect();
    Ok(super::conflicts::oracle(&ops, &vectors, &refused))
}

#[test]
fn replicas_syncing_through_a_folder_converge() {
    let templates = Templates::new();
    let mut runner = TestRunner::new(config());
    let cases = (MIN_REPLICAS..=MAX_REPLICAS, prop::collection::vec(step(), 0..=MAX_STEPS));
    let result = runner.run(&cases, |(n, steps)| run(templates.world(n), &steps).map(drop));
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// A fixed run, so a plain `cargo test` always exercises the interesting interleavings:
/// everyone renames the same theme offline, some deliveries wait, the theme is deleted while
/// another laptop adds an item under it and later undeleted, and conflict copies lie about.
#[test]
fn a_fixed_busy_run_converges() {
    let i = Pick;
    let mut steps = Vec::new();
    for who in 0..5 {
        steps.push(Step::Edit(i(who), Edit::Rename(i(0), (who % 4) as u8)));
    }
    steps.push(Step::Pass(i(3), false));
    steps.push(Step::Edit(i(0), Edit::Delete(i(0))));
    steps.push(Step::Edit(i(1), Edit::CreateOneYear(i(0), 2)));
    steps.push(Step::ConflictCopy(i(0), i(0), true));
    steps.push(Step::Pass(i(0), true));
    steps.push(Step::Pass(i(1), false));
    steps.push(Step::ConflictCopy(i(1), i(7), false));
    steps.push(Step::Pass(i(2), false));
    steps.push(Step::Edit(i(2), Edit::Undelete(i(0))));
    steps.push(Step::Edit(i(4), Edit::MovePeriod(i(1), 3)));
    let w = run(fresh_world(5), &steps).unwrap();
    assert_eq!(w.copies, 2);
    let items = roadmap::list(&w.reps[0].core, None).unwrap();
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(items.iter().all(|i| !i.orphan), "the theme is back: {items:?}");
    let theme = &items[0];
    assert_eq!((theme.horizon, theme.period.as_str()), (Horizon::FiveYear, "2030"));
    assert_eq!(items[1].parent_id.as_deref(), Some(theme.id.as_str()));
    for r in &w.reps {
        let titles = history::history(&r.core, "roadmap_item", &theme.id, Some("title")).unwrap();
        assert_eq!(titles.len(), 6, "the first title and five renames are all kept");
        let conflicts = history::conflicts(&r.core, false).unwrap();
        assert!(conflicts.iter().any(|c| c.entity_id == theme.id && c.field == "title"), "{conflicts:?}");
    }
}

/// Found by the property test: a laptop renames offline and publishes, is restored from a
/// backup taken before, and moves to the second folder, where a teammate's concurrent rename
/// waits; reading its own rename back later must list the same conflict as everyone else.
#[test]
fn a_restored_laptop_reading_its_rename_back_lists_the_conflict_everyone_lists() {
    let i = Pick;
    let steps = vec![
        Step::Backup(i(0)),
        Step::Switch(i(2)),
        Step::Edit(i(2), Edit::Rename(i(0), 0)),
        Step::Edit(i(0), Edit::Rename(i(0), 1)),
        Step::Pass(i(2), false),
        Step::Pass(i(0), false),
        Step::Restore(i(0)),
        Step::Switch(i(0)),
    ];
    let w = run(fresh_world(3), &steps).unwrap();
    for r in &w.reps {
        assert_eq!(history::conflicts(&r.core, false).unwrap().len(), 1);
    }
}

/// Found by the property test at 10,000 cases: a restored laptop publishes other changes at the
/// places it had published on the first stick, this time on the second; once it moves them to
/// a new identity everyone converges, and the conflicts are those of the definition.
#[test]
fn a_restored_laptop_that_published_on_both_sticks_converges() {
    let i = Pick;
    let steps = vec![
        Step::Edit(i(3), Edit::CreateGoal),
        Step::Pass(i(3), false),
        Step::Backup(i(0)),
        Step::Pass(i(0), false),
        Step::Edit(i(0), Edit::CreateGoal),
        Step::Pass(i(0), false),
        Step::Restore(i(0)),
        Step::Switch(i(0)),
        Step::Edit(i(0), Edit::CreateGoal),
    ];
    run(fresh_world(4), &steps).unwrap();
}

/// Found by the property test at 10,000 cases: a restored laptop publishes its first change on
/// one stick and a different first change on the other; a teammate that saw both is told of the
/// fork until the laptop meets both sticks, and then everyone converges, quietly.
#[test]
fn a_restored_laptop_whose_first_change_differs_between_sticks_converges() {
    let i = Pick;
    let steps = vec![
        Step::Switch(i(0)),
        Step::Backup(i(2)),
        Step::Edit(i(2), Edit::Rename(i(0), 0)),
        Step::Switch(i(2)),
        Step::Restore(i(2)),
        Step::Switch(i(2)),
        Step::Edit(i(2), Edit::CreateGoal),
    ];
    run(fresh_world(4), &steps).unwrap();
}

/// Found by the property test at 10,000 cases: the laptop that moved its changes to a new
/// identity listed one conflict fewer than the others (the teammate's rename over its own
/// pre-backup rename). It had never passed after receiving anything, so it had no checkpoint:
/// the ops it kept under the old identity were written under the empty vector, as their
/// segment says, and the move must record that vector for them, not leave them unknown.
#[test]
fn a_laptop_that_moved_to_a_new_identity_lists_the_conflicts_everyone_lists() {
    let i = Pick;
    let steps = vec![
        Step::Edit(i(0), Edit::Rename(i(0), 0)),
        Step::Backup(i(0)),
        Step::Edit(i(0), Edit::MovePeriod(i(0), 0)),
        Step::Pass(i(0), false),
        Step::Restore(i(0)),
        Step::Edit(i(1), Edit::Rename(i(0), 1)),
        Step::Edit(i(0), Edit::CreateGoal),
    ];
    run(fresh_world(4), &steps).unwrap();
}

/// A restored laptop that edits, receives something on the second stick and edits again, then
/// moves to a new identity when it meets the first stick: its later rename was written knowing
/// only its own changes before the split, never the other copy's rename at the freed position,
/// so every laptop lists the two renames as a conflict.
#[test]
fn a_moved_laptop_had_not_seen_the_other_copys_changes() {
    let i = Pick;
    let steps = vec![
        Step::Switch(i(1)),
        Step::Backup(i(0)),
        // The copy that is restored over: renames the theme and publishes on the first stick.
        Step::Edit(i(0), Edit::Rename(i(0), 0)),
        Step::Pass(i(0), false),
        Step::Restore(i(0)),
        Step::Edit(i(1), Edit::CreateGoal),
        Step::Pass(i(1), false),
        // The restored laptop: another change at the same position, a pass on the second stick
        // that receives the teammate's goal, then its own rename.
        Step::Edit(i(0), Edit::MovePeriod(i(0), 0)),
        Step::Switch(i(0)),
        Step::Edit(i(0), Edit::Rename(i(0), 1)),
    ];
    let w = run(fresh_world(3), &steps).unwrap();
    let theme = roadmap::list(&w.reps[0].core, None).unwrap().into_iter().find(|i| i.horizon == Horizon::FiveYear);
    let theme = theme.unwrap();
    assert_eq!(theme.title, "Beta");
    for r in &w.reps {
        let conflicts = history::conflicts(&r.core, false).unwrap();
        let titles: Vec<_> = conflicts.iter().filter(|c| c.entity_id == theme.id && c.field == "title").collect();
        assert_eq!(titles.len(), 1, "{conflicts:?}");
        assert_eq!((&titles[0].winner.value, &titles[0].loser.value), (&json!("Beta"), &json!("Alpha")));
    }
}

/// Found by the property test at 2,000 cases: a laptop restored twice from one backup,
/// editing before each first pass, takes a new identity twice. Nothing retires the first new
/// identity (nothing moved away from it), so the laptop's status counted its own new changes
/// as "not yet seen by others" forever. Identities enrolled with this laptop's key are this
/// laptop's own (an abandoned one, or a copy of it) and no longer count.
#[test]
fn a_laptop_restored_twice_from_one_backup_converges() {
    let i = Pick;
    let steps = vec![
        Step::Backup(i(0)),
        Step::Edit(i(0), Edit::CreateGoal),
        Step::Pass(i(0), false),
        Step::Restore(i(0)),
        Step::Edit(i(0), Edit::CreateGoal),
        Step::Pass(i(0), false),
        Step::Restore(i(0)),
        Step::Edit(i(0), Edit::CreateGoal),
    ];
    run(fresh_world(3), &steps).unwrap();
}
