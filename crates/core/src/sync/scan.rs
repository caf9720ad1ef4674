//! Reading the sync folder, outside any transaction: what each device directory holds beyond
//! what this laptop has applied, every file checked (size, checksum, format, place) before any
//! of it is used. A slow network share or a huge file delays only this step, never the
//! database: the pass applies what was read afterwards, in one short transaction.
//!
//! Files are read op by op, not as a chain: a device may re-cut its log into other files (a
//! new or emptied folder, two USB sticks used in turn), so overlapping files are fine as long
//! as they agree; two files that disagree about the same change are a fork, reported by the
//! caller.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use rusqlite::Connection;

use super::segment::{self, Segment};
use crate::error::Result;
use crate::oplog::signing;

/// The state file each device rewrites every pass.
pub(super) const STATE_FILE: &str = "device.json";

/// The most `device.json` and an invite may hold: a few hundred bytes each in practice.
pub(super) const MAX_SMALL_FILE: u64 = 1024 * 1024;

/// How many changes one round of a pass reads before applying them: bounds the memory a pass
/// needs and how long one transaction lasts (a joining laptop reads a large workspace in
/// several rounds).
pub(super) const ROUND_OPS: usize = 50_000;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct DeviceState {
    pub format: u32,
    pub device: String,
    pub member: String,
    #[serde(default)]
    pub invite: Option<String>,
    pub seen: BTreeMap<String, i64>,
    pub at_ms: i64,
    /// Files of other devices this one found damaged, by device: their authors read this and
    /// rewrite them from their logs.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub damaged: BTreeMap<String, Vec<String>>,
    /// The writing laptop's public key (hex) and its signature of this file with `signature`
    /// empty (format 2).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub key: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub signature: String,
}

impl DeviceState {
    /// The bytes of the state file, signed by `key`.
    pub(super) fn signed(mut self, key: &signing::DeviceKey) -> std::result::Result<Vec<u8>, serde_json::Error> {
        self.key = key.public_hex();
        self.signature = String::new();
        self.signature = key.sign(&serde_json::to_vec_pretty(&self)?);
        serde_json::to_vec_pretty(&self)
    }

    /// Whether the file is signed by `public` (hex).
    pub(super) fn signed_by(&self, public: &str) -> bool {
        let unsigned = DeviceState { signature: String::new(), ..self.clone() };
        self.key == public
            && serde_json::to_vec_pretty(&unsigned).is_ok_and(|b| signing::verify(public, &b, &self.signature))
    }
}

/// An enrolled laptop: its public key (hex), and where its enrolment stands in its log (its
/// sequence number and clock): its changes before it are from before signatures (unsigned, and
/// with op ids not bound to its key).
#[derive(Debug, Clone)]
pub(super) struct Enrolled {
    pub key: String,
    pub seq: i64,
    pub hlc: i64,
}

/// What a reader knows of each laptop's key, to check what it reads (see `segment.rs`).
#[derive(Debug, Clone, Default)]
pub(super) struct Trusts {
    /// Enrolled laptops, by device id.
    pub keys: BTreeMap<String, Enrolled>,
    /// Laptops trusted on first use (`device_trust`) and this one: their unsigned changes are
    /// read until they enrol.
    pub legacy: BTreeSet<String>,
}

impl Trusts {
    pub(super) fn load(conn: &Connection, me: &str) -> Result<Trusts> {
        let mut stmt = conn.prepare_cached(
            "SELECT d.id, d.public_key, coalesce(e.seq, 0), coalesce(e.hlc, 0)
             FROM device d JOIN ident i ON i.id = d.id
             JOIN field_name f ON f.entity_table = 'device' AND f.field = 'member_id'
             LEFT JOIN op e ON e.n = (SELECT o.n FROM op o WHERE o.entity = i.n AND o.field = f.n AND o.device = i.n
                 ORDER BY o.hlc LIMIT 1)
             WHERE d.member_id IS NOT NULL",
        )?;
        let keys = stmt
            .query_map([], |r| {
                Ok((r.get::<_, String>(0)?, Enrolled { key: r.get(1)?, seq: r.get(2)?, hlc: r.get(3)? }))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = conn.prepare_cached("SELECT device_id FROM device_trust")?;
        let mut legacy: BTreeSet<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        legacy.insert(me.to_owned());
        Ok(Trusts { keys, legacy })
    }

    /// `device`'s enrolment, if it is enrolled (or moved from an enrolled identity).
    fn enrolled(&self, device: &str, seg: &Segment) -> Option<&Enrolled> {
        self.keys
            .get(device)
            .or_else(|| Some(seg.moved_from.as_str()).filter(|m| !m.is_empty()).and_then(|m| self.keys.get(m)))
    }

    fn key_of<'a>(&'a self, device: &str, seg: &Segment) -> Option<&'a str> {
        self.enrolled(device, seg).map(|e| e.key.as_str())
    }

    /// Whether `device` is enrolled or trusted (directly, or as the identity `seg` moved from).
    pub(super) fn known(&self, device: &str, seg: &Segment) -> bool {
        self.key_of(device, seg).is_some()
            || self.legacy.contains(device)
            || (!seg.moved_from.is_empty() && self.legacy.contains(&seg.moved_from))
    }

    /// Why `device`'s segment `seg` may not be read, if it may not.
    pub(super) fn refuse(&self, device: &str, seg: &Segment) -> Option<String> {
        if seg.format >= 2 {
            // Op ids are bound to the key that signs them, from the laptop's enrolment on (a
            // laptop not enrolled yet and not trusted from before signatures begins its log
            // with its enrolment: all of it).
            let since = match self.enrolled(device, seg) {
                Some(e) if e.key != seg.key => return Some(segment::NOT_SIGNED_BY_ITS_LAPTOP.to_owned()),
                Some(e) => Some(e.hlc),
                None if self.known(device, seg) => None,
                // A stranger's first file that does not enrol it: the caller says it is not
                // enrolled.
                None if seg.first_seq == 1
                    && !seg.ops.first().is_some_and(|op| op.table == "device" && op.entity_id == device) =>
                {
                    None
                }
                None => Some(i64::MIN),
            };
            let squatted = since.and_then(|since| {
                seg.ops.iter().find(|op| op.hlc >= since && !signing::op_id_bound(&seg.key, &op.op_id))
            });
            return squatted
                .map(|op| format!("it carries a change ({}) whose id was not made by that laptop", shown(&op.op_id)));
        }
        match self.keys.get(device) {
            Some(e) if seg.last_seq < e.seq => None,
            Some(_) => Some("it is not signed, but its laptop signs its changes since it was enrolled".to_owned()),
            None if self.known(device, seg) => None,
            None => Some("it is not signed, and its laptop is not enrolled in the workspace".to_owned()),
        }
    }

    /// `device`'s state file, if it may be believed: signed by its key when it is enrolled.
    pub(super) fn state(&self, device: &str, state: Option<DeviceState>) -> (Option<DeviceState>, bool) {
        match (state, self.keys.get(device)) {
            (Some(s), Some(e)) if !s.signed_by(&e.key) => (None, true),
            (s, _) => (s, false),
        }
    }
}

/// A checked segment file.
#[derive(Debug)]
pub(super) struct Good {
    pub name: String,
    pub hash: String,
    pub seg: Segment,
}

/// A segment-named file that could not be used, with why (in words) and the range its name
/// claims.
#[derive(Debug, Clone)]
pub(super) struct Bad {
    pub name: String,
    pub first: i64,
    pub last: i64,
    pub why: String,
    /// The file is a valid segment of another device or workspace (written into the wrong
    /// directory), not a damaged one.
    pub foreign: bool,
    /// The file is not signed by the laptop it claims to come from.
    pub forged: bool,
}

/// What one device directory holds beyond a position.
#[derive(Debug, Default)]
pub(super) struct DeviceFiles {
    pub good: Vec<Good>,
    pub bad: Vec<Bad>,
    /// Copies made by a file-sync tool (`… (conflicted copy).seg`): never read, reported.
    pub copies: Vec<String>,
    /// The directory could not be listed (in words).
    pub unreadable: Option<String>,
    /// Files were left unread because the round's budget was spent.
    pub more: bool,
}

/// Reads a file of the sync folder, refusing what is not a regular file (a symlink — to
/// `/dev/zero`, say —, a FIFO that would block the pass, a device) and anything over `max`
/// bytes, without reading more than that even if the file grows meanwhile.
pub(super) fn read_capped(path: &Path, max: u64) -> std::io::Result<Vec<u8>> {
    use std::io::{Error as IoError, ErrorKind};
    let meta = fs::symlink_metadata(path)?;
    if !meta.file_type().is_file() {
        return Err(IoError::new(ErrorKind::InvalidInput, "it is not a regular file (a link, a pipe or a device)"));
    }
    if meta.len() > max {
        return Err(IoError::new(ErrorKind::InvalidInput, format!("it is larger than {} MiB", max >> 20)));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    fs::File::open(path)?.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(IoError::new(ErrorKind::InvalidInput, format!("it is larger than {} MiB", max >> 20)));
    }
    Ok(bytes)
}

/// A name from the folder as it may be shown in a sentence: control characters (a line break,
/// an escape sequence) are written as escapes, never passed to a terminal or a page raw.
pub(crate) fn shown(name: &str) -> String {
    name.chars().map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() }).collect()
}

pub(super) fn is_conflict_copy(name: &str) -> bool {
    let lower = name.to_lowercase();
    lower.contains(".sync-conflict-") || lower.contains("conflicted copy") || lower.contains("(conflict")
}

pub(super) fn read_state(dir: &Path) -> Option<DeviceState> {
    let bytes = read_capped(&dir.join(STATE_FILE), MAX_SMALL_FILE).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// A segment file's range and name: `(first, last, name)`.
pub(super) type Named = (i64, i64, String);

/// The segment files of a directory sorted by range, and apart the conflict copies.
pub(super) fn list(dir: &Path) -> std::io::Result<(Vec<Named>, Vec<String>)> {
    let mut files = Vec::new();
    let mut copies = Vec::new();
    match fs::read_dir(dir) {
        Ok(entries) => {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                match segment::parse_name(&name) {
                    Some((a, b)) => files.push((a, b, name)),
                    None if is_conflict_copy(&name) => copies.push(name),
                    None => {}
                }
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    files.sort();
    Ok((files, copies))
}

/// Reads and checks one segment file of `device`'s directory.
pub(super) fn read_one(
    dir: &Path,
    workspace: &str,
    device: &str,
    trusts: &Trusts,
    (first, last, name): &Named,
) -> std::result::Result<Good, Bad> {
    let bad = |why: String, foreign: bool| Bad {
        name: name.clone(),
        first: *first,
        last: *last,
        why,
        foreign,
        forged: false,
    };
    let bytes = match read_capped(&dir.join(name), segment::MAX_BYTES) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::InvalidInput => return Err(bad(e.to_string(), false)),
        Err(e) => return Err(bad(format!("could not read it ({e})"), false)),
    };
    let (seg, hash) = segment::decode(&bytes).map_err(|why| match why {
        segment::Refusal::Forged(why) => Bad { forged: true, ..bad(why, false) },
        why => bad(why.to_string(), false),
    })?;
    let foreign = seg.workspace != workspace || seg.device != device;
    segment::check(&seg, workspace, device, *first, *last).map_err(|why| bad(why.to_string(), foreign))?;
    if let Some(why) = trusts.refuse(device, &seg) {
        return Err(Bad { forged: true, ..bad(why, false) });
    }
    Ok(Good { name: name.clone(), hash, seg })
}

/// The files of `device`'s directory that hold changes after `from` (and those overlapping it,
/// which the caller compares with what it applied), read and checked, up to about `budget`
/// changes.
pub(super) fn device_files(
    dir: &Path,
    workspace: &str,
    device: &str,
    trusts: &Trusts,
    from: i64,
    budget: usize,
) -> DeviceFiles {
    let mut out = DeviceFiles::default();
    let (files, copies) = match list(dir) {
        Ok(x) => x,
        Err(e) => {
            out.unreadable = Some(e.to_string());
            return out;
        }
    };
    out.copies = copies;
    let mut read = 0usize;
    for f in files.iter().filter(|(_, last, _)| *last > from) {
        if read >= budget {
            out.more = true;
            break;
        }
        match read_one(dir, workspace, device, trusts, f) {
            Ok(good) => {
                read += good.seg.ops.len();
                out.good.push(good);
            }
            Err(bad) => out.bad.push(bad),
        }
    }
    out
}

/// A device directory of the folder, as found by [`devices`].
pub(super) struct DeviceDir {
    pub device: String,
    pub dir: PathBuf,
}

/// The device directories of a workspace folder other than `me`, and the names that are not
/// Baton devices (reported once by the caller).
pub(super) fn devices(root: &Path, me: &str) -> std::io::Result<(Vec<DeviceDir>, Vec<String>)> {
    let entries = match fs::read_dir(root.join("devices")) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((Vec::new(), Vec::new())),
        Err(e) => return Err(e),
    };
    let mut dirs = Vec::new();
    let mut strangers = Vec::new();
    for e in entries.flatten() {
        // Directories only, not links to them: a link could lead anywhere.
        if !e.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let Some(name) = e.file_name().to_str().map(str::to_owned) else {
            strangers.push(e.file_name().to_string_lossy().into_owned());
            continue;
        };
        if name == me || name.starts_with('.') {
            continue;
        }
        if name.len() > 64 || name.contains(char::is_whitespace) || name.contains(char::is_control) {
            strangers.push(name);
            continue;
        }
        dirs.push(DeviceDir { device: name, dir: e.path() });
    }
    dirs.sort_by(|a, b| a.device.cmp(&b.device));
    strangers.sort();
    Ok((dirs, strangers))
}
