//! What a laptop does with a sync folder that is not as it should be (shared/design/SYNC.md,
//! "Transports"): a partial write, a flipped bit, a broken hash chain, a newer format, sync-tool
//! conflict copies, temp files, a gap, an op it cannot accept, a vanished folder, a full disk.
//!
//! Every case starts with laptops A (Lee) and B (Sam) synced once; A then edits and passes,
//! the file it wrote is damaged (or files are added), and B passes. B's synced tables must be
//! unchanged by that pass, its report must name the file in words, and once the file is good
//! again B's next pass carries on from where it stopped and the laptops converge.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::oplog::store;
use crate::oplog::{self, Op};
use crate::roadmap::{self, Horizon, NewItem};
use crate::sync::folder::{self, PassReport};
use crate::sync::segment::{self, Segment};
use crate::workspace::{self, Actor, Role};
use crate::{goals, products, Core};
use serde_json::json;
use tempfile::TempDir;

pub(super) struct Laptop {
    pub(super) dir: TempDir,
    pub(super) core: Option<Core>,
}

impl Laptop {
    pub(super) fn new() -> Laptop {
        let dir = tempfile::tempdir().unwrap();
        let core = Some(Core::open_dir(dir.path()).unwrap());
        Laptop { dir, core }
    }
    pub(super) fn core(&self) -> &Core {
        self.core.as_ref().unwrap()
    }
    pub(super) fn me(&self) -> Actor {
        workspace::me(self.core()).unwrap()
    }
    pub(super) fn dump(&self) -> String {
        self.core().read(oplog::dump).unwrap()
    }
    pub(super) fn op_ids(&self) -> Vec<String> {
        self.core().read(oplog::all_ops).unwrap().into_iter().map(|o| o.op_id).collect()
    }
    /// A pass that reports no problem.
    pub(super) fn pass(&self) -> PassReport {
        let r = folder::pass(self.core()).unwrap();
        assert!(r.problems.is_empty(), "unexpected problems: {:?}", r.problems);
        r
    }
    /// A pass that may report problems (it must still not fail).
    pub(super) fn pass_anyway(&self) -> PassReport {
        folder::pass(self.core()).unwrap()
    }
}

/// A and B, synced once through `folder`.
pub(super) struct Synced {
    _folder_dir: Option<TempDir>,
    pub(super) folder: PathBuf,
    pub(super) a: Laptop,
    pub(super) b: Laptop,
    pub(super) product: String,
    pub(super) theme: String,
    /// A's directory in the folder.
    pub(super) a_dir: PathBuf,
    pub(super) edits: usize,
}

pub(super) fn synced() -> Synced {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().to_path_buf();
    Synced { _folder_dir: Some(dir), ..synced_in(&folder) }
}

pub(super) fn synced_in(folder: &Path) -> Synced {
    let a = Laptop::new();
    workspace::init(a.core(), "Acme", "Lee", Role::Leadership).unwrap();
    let lee = a.me();
    let sam = workspace::add_member(a.core(), &lee, "Sam", Role::Senior, None).unwrap();
    let goal = goals::create(a.core(), &lee, "Grow", "30% by 2028", "").unwrap().id;
    let product = products::create_with(
        a.core(),
        &lee,
        "Checkout",
        Some(&sam.id),
        products::NewProduct { base_year: Some(2027), ..Default::default() },
    )
    .unwrap()
    .id;
    let theme = roadmap::create(
        a.core(),
        &lee,
        NewItem {
            product_id: &product,
            horizon: Horizon::FiveYear,
            period: "2030",
            title: "One-click everywhere",
            goal_id: Some(&goal),
            parent_id: None,
            status: None,
        },
    )
    .unwrap()
    .id;
    let r = folder::set_folder(a.core(), folder).unwrap();
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    let invite = folder::invite_create(a.core(), &lee, &sam.id).unwrap();
    let b = Laptop::new();
    folder::join(b.core(), folder, &invite.invite).unwrap();
    b.pass();
    a.pass();
    assert_eq!(a.dump(), b.dump());
    let info = workspace::info(a.core()).unwrap().unwrap();
    let a_dir = folder.canonicalize().unwrap().join("baton").join(&info.id).join("devices").join(&info.device_id);
    Synced { _folder_dir: None, folder: folder.to_path_buf(), a, b, product, theme, a_dir, edits: 0 }
}

impl Synced {
    /// A renames the theme and adds a goal (four ops: title, description, measure), then passes; returns how many it published.
    pub(super) fn a_edits_and_passes(&mut self) -> usize {
        self.edits += 1;
        let lee = self.a.me();
        roadmap::rename(self.a.core(), &lee, &self.theme, &format!("Theme, take {}", self.edits)).unwrap();
        goals::create(self.a.core(), &lee, &format!("Goal {}", self.edits), "", "").unwrap();
        let r = self.a.pass();
        assert_eq!(r.published, 4);
        r.published
    }

    /// The name and path of A's newest segment in the folder.
    pub(super) fn newest(&self) -> (String, PathBuf) {
        let name = segments(&self.a_dir).pop().unwrap();
        (name.clone(), self.a_dir.join(name))
    }

    /// B passes; the pass must change nothing and report a problem naming `name`, with `words`.
    pub(super) fn b_refuses(&self, name: &str, words: &[&str]) -> PassReport {
        let (dump, ops) = (self.b.dump(), self.b.op_ids());
        let r = self.b.pass_anyway();
        assert_eq!(r.received, 0, "{r:?}");
        assert!(self.b.dump() == dump, "B's tables changed in a pass that should apply nothing");
        assert_eq!(self.b.op_ids(), ops, "B's op log changed");
        let hit = r.problems.iter().find(|p| p.contains(name));
        let Some(hit) = hit else { panic!("no problem names {name}: {:?}", r.problems) };
        assert!(hit.contains("Lee's laptop"), "names whose file it is: {hit}");
        for w in words {
            assert!(hit.contains(w), "{w:?} missing from {hit:?}");
        }
        assert_eq!(folder::status(self.b.core()).unwrap().problems, r.problems, "status keeps the last problems");
        r
    }

    /// B passes cleanly, receives `want` ops and then holds exactly what A holds.
    pub(super) fn b_converges(&self, want: usize) {
        let r = self.b.pass();
        assert_eq!(r.received, want, "{r:?}");
        self.assert_same();
    }

    pub(super) fn assert_same(&self) {
        let (da, db) = (self.a.dump(), self.b.dump());
        assert!(da == db, "laptops diverged:\n--- A\n{da}\n--- B\n{db}");
        let mut ia = self.a.op_ids();
        let mut ib = self.b.op_ids();
        ia.sort();
        ib.sort();
        assert_eq!(ia, ib);
    }
}

/// Segment file names in a device directory, in order.
pub(super) fn segments(dir: &Path) -> Vec<String> {
    let mut v: Vec<(i64, String)> = fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            segment::parse_name(&name).map(|(first, _)| (first, name))
        })
        .collect();
    v.sort();
    v.into_iter().map(|(_, n)| n).collect()
}

pub(super) fn decode(bytes: &[u8]) -> Segment {
    segment::decode(bytes).unwrap().0
}

/// A segment's bytes, signed by the laptop `core` (what that laptop would have written).
pub(super) fn encode(seg: &Segment, core: &Core) -> Vec<u8> {
    segment::encode(seg, &core.device_key().unwrap()).unwrap().0
}

#[test]
fn a_truncated_segment_is_skipped_until_it_is_whole() {
    let mut s = synced();
    let n = s.a_edits_and_passes();
    let (name, path) = s.newest();
    let good = fs::read(&path).unwrap();
    let body_end = good.iter().position(|&b| b == b'\n').unwrap();
    for cut in [0, 1, good.len() / 2, body_end, body_end + 1, good.len() - 2, good.len() - 1] {
        fs::write(&path, &good[..cut]).unwrap();
        s.b_refuses(&name, &["damaged or incomplete"]);
    }
    fs::write(&path, &good).unwrap();
    s.b_converges(n);
}

#[test]
fn a_flipped_byte_fails_the_checksum() {
    let mut s = synced();
    let n = s.a_edits_and_passes();
    let (name, path) = s.newest();
    let good = fs::read(&path).unwrap();
    let body_end = good.iter().position(|&b| b == b'\n').unwrap();
    // In the body (a title, a clock, a brace), and in the checksum line itself.
    for at in [good.len() / 3, body_end - 1, 1, body_end + 10] {
        let mut bad = good.clone();
        bad[at] ^= 0x01;
        fs::write(&path, &bad).unwrap();
        s.b_refuses(&name, &["damaged or incomplete", "checksum does not match"]);
    }
    fs::write(&path, &good).unwrap();
    s.b_converges(n);
}

#[test]
fn a_file_that_rewrites_a_change_already_applied_is_a_fork_reported_and_nothing_more_is_applied() {
    let mut s = synced();
    s.a_edits_and_passes();
    s.b.pass();
    let (_, first) = s.newest();
    let n = s.a_edits_and_passes();
    let (_, second) = s.newest();
    // One file over both runs of Lee's log whose first change differs from the one B applied
    // (another copy of Lee's laptop wrote it).
    let (a, b) = (decode(&fs::read(&first).unwrap()), decode(&fs::read(&second).unwrap()));
    let mut both = Segment { last_seq: b.last_seq, ..a.clone() };
    both.ops.extend(b.ops.iter().cloned());
    both.ops[0].op_id = s.a.core().device_key().unwrap().op_ids().mint().unwrap();
    let name = segment::file_name(both.first_seq, both.last_seq);
    fs::write(s.a_dir.join(&name), encode(&both, s.a.core())).unwrap();
    s.b_refuses(&name, &["holds a different change", "two laptops wrote as the same device"]);
    fs::remove_file(s.a_dir.join(&name)).unwrap();
    s.b_converges(n);
}

#[test]
fn two_files_that_disagree_about_the_same_changes_are_a_fork_and_the_agreed_part_is_applied() {
    let mut s = synced();
    let n = s.a_edits_and_passes();
    let (name, path) = s.newest();
    let good = fs::read(&path).unwrap();
    let seg = decode(&good);
    // A second file over the same changes, the last one different: the agreed ones are
    // applied, the disputed one and everything after it wait.
    let mut other = seg.clone();
    other.ops.last_mut().unwrap().op_id = s.a.core().device_key().unwrap().op_ids().mint().unwrap();
    let other_name = segment::file_name(seg.last_seq, seg.last_seq);
    other.first_seq = seg.last_seq;
    other.ops = vec![other.ops.pop().unwrap()];
    fs::write(s.a_dir.join(&other_name), encode(&other, s.a.core())).unwrap();
    let r = s.b.pass_anyway();
    assert_eq!(r.received, n - 1, "{r:?}");
    let hit =
        r.problems.iter().find(|p| p.contains("two different versions")).unwrap_or_else(|| panic!("{:?}", r.problems));
    assert!(hit.contains(&name) && hit.contains(&other_name) && hit.contains("Lee's laptop"), "{hit}");
    fs::remove_file(s.a_dir.join(&other_name)).unwrap();
    s.b_converges(1);
}

#[test]
fn a_segment_from_a_newer_baton_is_refused_by_version() {
    let mut s = synced();
    let n = s.a_edits_and_passes();
    let (name, path) = s.newest();
    let good = fs::read(&path).unwrap();
    // A newer Baton's file (its checksum right; what else it holds is for that version).
    let body = serde_json::to_string(&Segment { format: 99, ..decode(&good) }).unwrap();
    let hash = {
        use sha2::Digest as _;
        crate::oplog::signing::hex(&sha2::Sha256::digest(body.as_bytes()))
    };
    fs::write(&path, format!("{body}\nsha256:{hash}\n")).unwrap();
    s.b_refuses(&name, &["newer version of Baton", "format 99", "update Baton"]);
    fs::write(&path, &good).unwrap();
    s.b_converges(n);
}

#[test]
fn sync_tool_conflict_copies_are_ignored_and_reported() {
    let mut s = synced();
    let n = s.a_edits_and_passes();
    let (name, path) = s.newest();
    let good = fs::read(&path).unwrap();
    // Valid segments with other data, as a file-sync tool leaves them when two writers collide.
    let mut other = decode(&good);
    for op in &mut other.ops {
        if op.field == "title" {
            op.value = json!("From a conflict copy");
        }
    }
    let other = encode(&other, s.a.core());
    assert!(segment::decode(&other).is_ok());
    let stem = name.strip_suffix(".seg").unwrap();
    let copies = [format!("{stem}.sync-conflict-20261128-101010-ABC.seg"), format!("{stem} (conflicted copy).seg")];
    for c in &copies {
        fs::write(s.a_dir.join(c), &other).unwrap();
    }
    // The original has not arrived yet: only the copies are there.
    let away = tempfile::tempdir().unwrap();
    fs::rename(&path, away.path().join(&name)).unwrap();
    for c in &copies {
        let r = s.b_refuses(c, &["ignored", "a copy made by the file-sync tool"]);
        assert_eq!(r.problems.len(), 2, "{:?}", r.problems);
    }

    // The original arrives: it is used, the copies are still ignored (and said so).
    fs::rename(away.path().join(&name), &path).unwrap();
    let r = s.b.pass_anyway();
    assert_eq!(r.received, n);
    assert_eq!(r.problems.len(), 2, "{:?}", r.problems);
    for c in &copies {
        assert!(
            r.problems.iter().any(|p| p.contains(c.as_str()) && p.contains("file-sync tool")),
            "{c}: {:?}",
            r.problems
        );
    }
    s.assert_same();
    let all = s.b.core().read(oplog::all_ops).unwrap();
    assert!(all.iter().all(|o| o.value != json!("From a conflict copy")), "nothing of a copy was applied");
}

#[test]
fn temp_files_are_ignored_silently() {
    let mut s = synced();
    let n = s.a_edits_and_passes();
    let (name, path) = s.newest();
    let good = fs::read(&path).unwrap();
    // A writer caught between writing its temp file and renaming it (one whole, one partial).
    let tmp = s.a_dir.join(format!(".tmp-{}-{name}", store::new_id()));
    let partial = s.a_dir.join(format!(".tmp-{}-{name}", store::new_id()));
    fs::rename(&path, &tmp).unwrap();
    fs::write(&partial, &good[..good.len() / 2]).unwrap();
    let dump = s.b.dump();
    let r = s.b.pass();
    assert_eq!(r.received, 0);
    assert_eq!(s.b.dump(), dump);

    fs::rename(&tmp, &path).unwrap();
    s.b_converges(n);
    assert!(s.b.pass().problems.is_empty(), "the leftover partial temp file stays silent");
}

#[test]
fn a_gap_in_a_log_waits_for_the_missing_segment() {
    let mut s = synced();
    let before = s.b.dump();
    let mut published = Vec::new();
    let mut dumps = Vec::new();
    for _ in 0..3 {
        published.push(s.a_edits_and_passes());
        dumps.push(s.a.dump());
    }
    let names = segments(&s.a_dir);
    let [.., s1, s2, s3] = names.as_slice() else { panic!("three new segments: {names:?}") };
    let away = tempfile::tempdir().unwrap();
    let hide = |n: &str| fs::rename(s.a_dir.join(n), away.path().join(n)).unwrap();
    let bring = |n: &str| fs::rename(away.path().join(n), s.a_dir.join(n)).unwrap();

    // The first new segment is missing: nothing after it is applied.
    hide(s1);
    let (first1, _) = segment::parse_name(s1).unwrap();
    let (first2, _) = segment::parse_name(s2).unwrap();
    s.b_refuses(s2, &[&format!("waiting for changes {first1}–{} from", first2 - 1), "not in the sync folder yet"]);
    assert_eq!(s.b.dump(), before);

    // A middle one is missing: what comes before it is applied, nothing after it.
    bring(s1);
    hide(s2);
    let (first3, _) = segment::parse_name(s3).unwrap();
    let r = s.b.pass_anyway();
    assert_eq!(r.received, published[0]);
    assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
    let want = format!("waiting for changes {first2}–{} from Lee's laptop", first3 - 1);
    assert!(r.problems[0].contains(s3.as_str()) && r.problems[0].contains(&want), "{}", r.problems[0]);
    assert!(s.b.dump() == dumps[0], "B holds exactly A's state as of the first new segment");
    s.b_refuses(s3, &[&want]);

    bring(s2);
    s.b_converges(published[1] + published[2]);
}

#[test]
fn a_segment_holding_an_op_baton_cannot_accept_is_refused_whole() {
    let mut s = synced();
    let n = s.a_edits_and_passes();
    let (name, path) = s.newest();
    let good = fs::read(&path).unwrap();
    let clock_before = s.b.core().read(store::local_device).unwrap().unwrap().hlc;
    let breakers: [Breaker; 4] = [
        ("unknown field goal.color", |op| op.field = "color".into()),
        ("unknown field spaceship.measure", |op| op.table = "spaceship".into()),
        ("does not fit a field", |op| op.value = json!(42)),
        ("bad entity id", |op| op.entity_id = String::new()),
    ];
    for (why, breaker) in breakers {
        let mut seg = decode(&good);
        assert!(seg.ops.len() >= 3);
        // The last op is bad, so the good ones before it would show if they leaked.
        let last = seg.ops.len() - 1;
        breaker(&mut seg.ops[last]);
        fs::write(&path, encode(&seg, s.a.core())).unwrap();
        s.b_refuses(&name, &["cannot accept", why]);
        let clock = s.b.core().read(store::local_device).unwrap().unwrap().hlc;
        assert_eq!(clock, clock_before, "B's clock did not observe a refused file");
        assert!(item_titles(&s.b).iter().all(|t| !t.starts_with("Theme, take")), "no op of the file applied");
    }
    fs::write(&path, &good).unwrap();
    s.b_converges(n);
}

#[test]
fn an_oversized_segment_is_refused_unread() {
    let mut s = synced();
    let n = s.a_edits_and_passes();
    let (name, path) = s.newest();
    let good = fs::read(&path).unwrap();
    // Sparse: no 64 MiB are written, and none may be read.
    fs::OpenOptions::new().write(true).open(&path).unwrap().set_len(segment::MAX_BYTES + 1).unwrap();
    s.b_refuses(&name, &["larger than 64 MiB"]);
    fs::write(&path, &good).unwrap();
    s.b_converges(n);
}

#[test]
fn a_segment_in_the_wrong_place_and_a_stray_folder_are_refused() {
    let mut s = synced();
    let n = s.a_edits_and_passes();
    let (_, path) = s.newest();
    let devices = s.a_dir.parent().unwrap().to_path_buf();
    // A's segment copied into the folder of a device that does not exist.
    let fake = devices.join("0190ffff-0000-7000-8000-00000000f00d");
    fs::create_dir_all(&fake).unwrap();
    let first = segments(&s.a_dir).into_iter().next().unwrap();
    fs::copy(s.a_dir.join(&first), fake.join(&first)).unwrap();
    fs::create_dir_all(devices.join("not a device")).unwrap();
    let good = fs::read(&path).unwrap();
    fs::remove_file(&path).unwrap();
    let dump = s.b.dump();
    let r = s.b.pass_anyway();
    assert_eq!(r.received, 0);
    assert_eq!(s.b.dump(), dump);
    assert!(
        r.problems.iter().any(|p| p.contains(&first) && p.contains("claims to come from device")),
        "{:?}",
        r.problems
    );
    assert!(r.problems.iter().any(|p| p.contains("not a Baton device: not a device")), "{:?}", r.problems);
    fs::write(&path, &good).unwrap();
    let r = s.b.pass_anyway();
    assert_eq!(r.received, n);
    assert_eq!(r.problems.len(), 2, "only the two strays are still reported: {:?}", r.problems);
    s.assert_same();
}

#[test]
fn one_laptops_bad_file_does_not_hold_up_another_laptops_changes() {
    let mut s = synced();
    let lee = s.a.me();
    let kim = workspace::add_member(s.a.core(), &lee, "Kim", Role::Leadership, None).unwrap();
    let invite = folder::invite_create(s.a.core(), &lee, &kim.id).unwrap();
    let c = Laptop::new();
    folder::join(c.core(), &s.folder, &invite.invite).unwrap();
    s.b.pass();
    s.a.pass();
    let n = s.a_edits_and_passes();
    goals::create(c.core(), &c.me(), "From Kim", "", "").unwrap();
    assert_eq!(c.pass().published, 3);
    let (name, path) = s.newest();
    let good = fs::read(&path).unwrap();
    fs::write(&path, &good[..good.len() - 5]).unwrap();
    let r = s.b.pass_anyway();
    assert_eq!(r.received, 3, "Kim's changes arrive: {r:?}");
    assert!(r.problems.len() == 1 && r.problems[0].contains(&name), "{:?}", r.problems);
    assert!(goals::list(s.b.core()).unwrap().iter().any(|g| g.title == "From Kim"));
    fs::write(&path, &good).unwrap();
    assert_eq!(s.b.pass().received, n);
    c.pass();
    s.a.pass();
    s.assert_same();
    assert_eq!(c.dump(), s.a.dump());
}

/// What a broken op's refusal says, and how to break it.
type Breaker = (&'static str, fn(&mut Op));

fn item_titles(l: &Laptop) -> Vec<String> {
    let items = roadmap::list(l.core(), None).unwrap();
    items.into_iter().map(|i| i.title).collect()
}

#[test]
fn a_vanished_folder_is_reported_and_sync_resumes_when_it_is_back() {
    let mut s = synced();
    let n = s.a_edits_and_passes();
    let backup = tempfile::tempdir().unwrap();
    copy_dir(&s.folder, backup.path());
    fs::remove_dir_all(&s.folder).unwrap();

    let dump = s.b.dump();
    let r = s.b.pass_anyway();
    assert_eq!((r.published, r.received), (0, 0));
    assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
    assert!(r.problems[0].contains("cannot be reached"), "{}", r.problems[0]);
    assert_eq!(s.b.dump(), dump);
    assert!(!s.folder.exists(), "a pass does not recreate a vanished folder");

    // A keeps working offline; its changes wait.
    let lee = s.a.me();
    goals::create(s.a.core(), &lee, "Written while the folder was gone", "", "").unwrap();
    let r = s.a.pass_anyway();
    assert!(r.problems.iter().any(|p| p.contains("cannot be reached")), "{:?}", r.problems);
    assert_eq!(folder::status(s.a.core()).unwrap().unpublished, 3);

    // The folder comes back (from a copy): both carry on.
    copy_dir(backup.path(), &s.folder);
    assert_eq!(s.a.pass().published, 3);
    s.b_converges(n + 3);
    assert_eq!(folder::status(s.a.core()).unwrap().unpublished, 0);
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

/// A tmpfs mounted for one test, unmounted when dropped (even when the test fails).
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(dir: &Path, size: &str) -> Option<Tmpfs> {
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Tmpfs(dir.to_path_buf()))
    }
    fn resize(&self, size: &str) {
        let st = Command::new("mount").args(["-o", &format!("remount,size={size}")]).arg(&self.0).status().unwrap();
        assert!(st.success(), "remount failed");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

#[test]
fn a_full_disk_is_reported_nothing_is_lost_and_the_next_pass_publishes_everything() {
    let dir = tempfile::tempdir().unwrap();
    let mounted = if is_root() { Tmpfs::mount(dir.path(), "128k") } else { None };
    let Some(tmpfs) = mounted else {
        println!("skipped: needs root to mount tmpfs");
        return;
    };
    let s = synced_in(dir.path());
    let lee = s.a.me();
    let long = "x".repeat(goals::MAX_DESCRIPTION);
    for i in 0..10 {
        goals::create(s.a.core(), &lee, &format!("Big goal {i}"), &long, "").unwrap();
    }
    let r = s.a.pass_anyway();
    assert_eq!(r.published, 0, "{r:?}");
    assert!(
        r.problems.iter().any(|p| p.contains("could not publish") && p.contains("disk is full")),
        "{:?}",
        r.problems
    );
    let st = folder::status(s.a.core()).unwrap();
    assert_eq!(st.unpublished, 30, "{st:?}");
    assert!(st.problems.iter().any(|p| p.contains("disk is full")));
    let leftovers: Vec<String> = fs::read_dir(&s.a_dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "temp files left behind: {leftovers:?}");
    let dump = s.b.dump();
    let r = s.b.pass_anyway();
    assert_eq!(r.received, 0);
    assert_eq!(s.b.dump(), dump);

    // Trying again on a still-full disk changes nothing either.
    let r = s.a.pass_anyway();
    assert!(r.problems.iter().any(|p| p.contains("disk is full")), "{:?}", r.problems);
    assert_eq!(folder::status(s.a.core()).unwrap().unpublished, 30);

    tmpfs.resize("8m");
    assert_eq!(s.a.pass().published, 30);
    assert_eq!(folder::status(s.a.core()).unwrap().unpublished, 0);
    s.b_converges(30);
    assert_eq!(goals::list(s.b.core()).unwrap().len(), 11);
    drop(s);
    drop(tmpfs);
}

/// A pass that dies after renaming its segment into place but before its transaction commits
/// (the app killed, a power cut, the laptop's own disk full at commit) must not wedge sync.
///
/// Fails today (core bug): `publish` writes `<exported+1>-<last>.seg` and records the new
/// `exported_seq` only in the pass's transaction. If that never commits, the next pass writes
/// the same ops again together with any newer ones under a different name (`11-13` next to
/// `11-12`); a reader that applied `11-12` then waits forever ("starts at 11 but 13 is the next
/// one needed"), and so does every laptop that joins later. Restoring the database file from
/// just before the pass reproduces exactly the state such a crash leaves.
#[test]
fn a_pass_interrupted_after_publishing_does_not_wedge_readers() {
    let mut s = synced();
    let lee = s.a.me();
    goals::create(s.a.core(), &lee, "Before the crash", "", "").unwrap();
    let db = s.a.dir.path().join(store::DB_FILE);
    let snapshot = tempfile::tempdir().unwrap();
    s.a.core = None;
    fs::copy(&db, snapshot.path().join("db")).unwrap();
    s.a.core = Some(Core::open_dir(s.a.dir.path()).unwrap());
    assert_eq!(s.a.pass().published, 3);
    s.b.pass();

    // The crash: the pass's transaction never committed.
    s.a.core = None;
    for ext in ["-wal", "-shm"] {
        let _ = fs::remove_file(s.a.dir.path().join(format!("{}{ext}", store::DB_FILE)));
    }
    fs::copy(snapshot.path().join("db"), &db).unwrap();
    s.a.core = Some(Core::open_dir(s.a.dir.path()).unwrap());
    assert_eq!(folder::status(s.a.core()).unwrap().unpublished, 3);

    goals::create(s.a.core(), &lee, "After the crash", "", "").unwrap();
    s.a.pass();
    let r = s.b.pass_anyway();
    assert!(r.problems.is_empty(), "B is stuck: {:?}", r.problems);
    s.assert_same();
}

/// An edit that overwrote a concurrent edit must be listed as a conflict on both laptops, even
/// when the writer could not publish it at once (here: the folder's disk was full).
///
/// Fails today (core bug): a segment's `seen` vector is taken when it is *published*
/// (`folder::publish` → `version_vector`), not when its ops were *written*. A's rename, made
/// without having seen Sam's, waits unpublished while A's pass still *receives* Sam's rename;
/// when A's rename is finally published its `seen` claims A had seen Sam's edit, so B's
/// `apply_segment` thinks it is not concurrent and records no conflict: on B, Sam's title is
/// silently replaced by Lee's, and `conflicts` on B lists nothing (A lists the conflict).
#[test]
fn a_conflict_is_recorded_on_both_laptops_even_when_one_published_late() {
    let dir = tempfile::tempdir().unwrap();
    let mounted = if is_root() { Tmpfs::mount(dir.path(), "128k") } else { None };
    let Some(tmpfs) = mounted else {
        println!("skipped: needs root to mount tmpfs");
        return;
    };
    let s = synced_in(dir.path());
    let (lee, sam) = (s.a.me(), s.b.me());
    roadmap::rename(s.b.core(), &sam, &s.theme, "Sam's title").unwrap();
    assert_eq!(s.b.pass().published, 1);
    std::thread::sleep(std::time::Duration::from_millis(3));
    // Lee renames the theme without having seen Sam's rename, and fills the folder's disk.
    roadmap::rename(s.a.core(), &lee, &s.theme, "Lee's title").unwrap();
    let long = "x".repeat(goals::MAX_DESCRIPTION);
    for i in 0..10 {
        goals::create(s.a.core(), &lee, &format!("Big goal {i}"), &long, "").unwrap();
    }
    let r = s.a.pass_anyway();
    assert!(r.problems.iter().any(|p| p.contains("disk is full")), "{:?}", r.problems);
    assert_eq!((r.published, r.received, r.conflicts), (0, 1, 1), "A sees the conflict");
    tmpfs.resize("8m");
    assert_eq!(s.a.pass().published, 31);
    let r = s.b.pass();
    assert_eq!(r.received, 31);
    s.assert_same();
    let title =
        |l: &Laptop| roadmap::list(l.core(), None).unwrap().into_iter().find(|i| i.id == s.theme).unwrap().title;
    assert_eq!((title(&s.a), title(&s.b)), ("Lee's title".to_owned(), "Lee's title".to_owned()));
    let on_a = crate::history::conflicts(s.a.core(), false).unwrap();
    assert_eq!(on_a.len(), 1);
    assert_eq!(on_a[0].loser.value, json!("Sam's title"));
    assert_eq!(r.conflicts, 1, "B was not told its edit was overwritten by a concurrent one");
    let on_b = crate::history::conflicts(s.b.core(), false).unwrap();
    assert_eq!(on_b.len(), 1);
    drop(s);
    drop(tmpfs);
}

#[test]
fn the_product_still_lists_on_b_after_all_this() {
    // A sanity check of the fixture itself: B acts as Sam and sees Sam's product.
    let s = synced();
    assert_eq!(s.b.me().name, "Sam");
    let p = products::list(s.b.core()).unwrap();
    assert_eq!((p.len(), p[0].id.as_str()), (1, s.product.as_str()));
}

/// A junior's laptop running a Baton that skips the role checks (an old or modified build)
/// publishes an edit of a senior's roadmap next to a change it may make: every laptop keeps
/// the file's ops, applies the allowed one, and flags the other without applying it.
#[test]
fn an_edit_the_authors_role_did_not_allow_is_kept_flagged_and_not_applied_on_every_laptop() {
    let s = synced();
    let lee = s.a.me();
    let kim = workspace::add_member(s.a.core(), &lee, "Kim", Role::Junior, None).unwrap();
    let invite = folder::invite_create(s.a.core(), &lee, &kim.id).unwrap();
    let c = Laptop::new();
    folder::join(c.core(), &s.folder, &invite.invite).unwrap();
    s.b.pass();
    s.a.pass();
    s.assert_same();

    // What Kim's laptop writes, bypassing its own checks: its first segment after its enrolment.
    let info = workspace::info(c.core()).unwrap().unwrap();
    let next = c.core().read(store::local_device).unwrap().unwrap().next_seq;
    let clock =
        s.a.core()
            .read(store::local_device)
            .unwrap()
            .unwrap()
            .hlc
            .max(c.core().read(store::local_device).unwrap().unwrap().hlc)
            + (1 << 16);
    let ids = c.core().device_key().unwrap().op_ids();
    let forged_id = ids.mint().unwrap();
    let op = |seq: i64, table: &str, entity: &str, field: &str, value: serde_json::Value| Op {
        op_id: if seq == next { forged_id.clone() } else { ids.mint().unwrap() },
        device_id: info.device_id.clone(),
        seq,
        hlc: clock + seq,
        author_id: kim.id.clone(),
        table: table.into(),
        entity_id: entity.into(),
        field: field.into(),
        value,
    };
    let seg = Segment {
        format: segment::FORMAT,
        workspace: info.id.clone(),
        device: info.device_id.clone(),
        first_seq: next,
        last_seq: next + 1,
        prev_hash: String::new(),
        seen: Default::default(),
        moved_from: String::new(),
        moved_ms: 0,
        key: String::new(),
        ops: vec![
            op(next, "roadmap_item", &s.theme, "title", json!("Kim's theme")),
            op(next + 1, "member", &kim.id, "name", json!("Kim Park")),
        ],
    };
    let c_dir = s.a_dir.parent().unwrap().join(&info.device_id);
    fs::write(c_dir.join(segment::file_name(next, next + 1)), encode(&seg, c.core())).unwrap();

    for laptop in [&s.a, &s.b] {
        let r = laptop.pass();
        assert_eq!(r.received, 2, "both ops are kept in the log");
        assert_eq!(item_titles(laptop), ["One-click everywhere"], "the roadmap is unchanged");
        let names: Vec<String> = workspace::list_members(laptop.core()).unwrap().into_iter().map(|m| m.name).collect();
        assert!(names.contains(&"Kim Park".to_owned()), "the allowed op applied: {names:?}");
        let refused = oplog::judge::refused(laptop.core()).unwrap();
        assert_eq!(refused.len(), 1);
        assert_eq!(refused[0].op_id, forged_id);
        assert_eq!(refused[0].reason, "Kim was a junior PM and could not edit the roadmap of Checkout");
    }
    s.assert_same();
}

/// What a hostile or odd folder holds must not crash, hang or exhaust a pass: a device folder
/// named in Japanese, a FIFO and a link to `/dev/zero` named like segments, a name with control
/// characters. Each is reported in words (control characters escaped) and A's real changes
/// still arrive.
#[cfg(unix)]
#[test]
fn odd_names_pipes_and_links_in_the_folder_are_reported_not_followed() {
    let mut s = synced();
    let n = s.a_edits_and_passes();
    let devices = s.a_dir.parent().unwrap().to_path_buf();
    // A folder a person made by hand, with a multi-byte name (its first 8 bytes cut a character).
    let japanese = devices.join("新しいフォルダー");
    fs::create_dir_all(&japanese).unwrap();
    fs::write(japanese.join("000000000001-000000000001.seg"), b"not a segment").unwrap();
    // A device folder holding a FIFO and a link to /dev/zero where segments would be.
    let odd = devices.join("0190ffff-0000-7000-8000-00000000beef");
    fs::create_dir_all(&odd).unwrap();
    let fifo = odd.join("000000000001-000000000001.seg");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().map(|st| st.success()).unwrap_or(false);
    assert!(made, "mkfifo is needed for this test");
    let linked = devices.join("0190ffff-0000-7000-8000-00000000cafe");
    fs::create_dir_all(&linked).unwrap();
    std::os::unix::fs::symlink("/dev/zero", linked.join("000000000001-000000000001.seg")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", linked.join("device.json")).unwrap();
    // A name with a line break and an escape sequence in it.
    fs::create_dir_all(devices.join("evil\n\u{1b}[31mname")).unwrap();

    let r = s.b.pass_anyway();
    assert_eq!(r.received, n, "A's changes still arrive: {:?}", r.problems);
    s.assert_same();
    let text = r.problems.join("\n");
    assert!(r.problems.iter().all(|p| !p.chars().any(char::is_control)), "raw control characters: {text:?}");
    assert!(text.contains(r"evil\n\u{1b}[31mname"), "the odd name is shown escaped: {text}");
    let not_regular = r.problems.iter().filter(|p| p.contains("not a regular file")).count();
    assert_eq!(not_regular, 2, "the FIFO and the link are refused unread: {text}");
    assert!(text.contains("device 新しいフォ"), "the hand-made folder is named whole characters: {text}");
}

#[test]
fn temp_files_left_by_an_interrupted_pass_are_removed_by_the_next() {
    let mut s = synced();
    s.a_edits_and_passes();
    let leftover = s.a_dir.join(".tmp-0190ffff-0000-7000-8000-000000000001-000000000009-000000000012.seg");
    fs::write(&leftover, b"half a segment").unwrap();
    s.a_edits_and_passes();
    assert!(!leftover.exists(), "the leftover temp file is gone");
    s.b_converges(8);
}
