//! Segment files: how one device's ops travel through a shared folder.
//!
//! A segment holds a contiguous run of one device's ops (`first_seq..=last_seq`). Its file is
//! two lines:
//!
//! ```text
//! {"format":1,"workspace":"…","device":"…","first_seq":1,"last_seq":40,"prev_hash":"","seen":{…},"ops":[…]}
//! sha256:<hex of the first line's bytes>
//! ```
//!
//! The checksum catches truncated and corrupted files; `prev_hash` is the checksum of the same
//! device's previous segment (empty for the first), still written for older Baton versions that
//! check a chain — readers now read op by op, so re-cut files are fine; `seen` is the version
//! vector `{device: max seq}` of the writer when it wrote the segment, which tells a reader
//! whether two edits were concurrent; `moved_from`/`moved_ms` (only when set) name the identity
//! these changes moved from. A reader refuses a `format` newer than it knows instead of
//! guessing.
//!
//! **Format 2** (signed) adds `key`, the writing laptop's public key (hex), to the first line
//! and a third line, `ed25519:<hex>`: that key's signature of the first line's bytes (the
//! header and every op). [`decode`] checks that the signature is the key's; the reader then
//! checks that the key is the one the device is enrolled with (`scan.rs`). Format 1 (two
//! lines, unsigned) is still read from laptops not enrolled yet, and for an enrolled laptop's
//! changes from before its enrolment ([`encode_unsigned`] writes it, for tests of the upgrade).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::oplog::signing::{self, DeviceKey};
use crate::oplog::Op;

/// The format written: signed.
pub const FORMAT: u32 = 2;
/// The unsigned format of Baton before device keys.
pub const UNSIGNED: u32 = 1;
/// Ops per segment file: keeps each file small enough to read and check in one go.
pub const MAX_OPS: usize = 10_000;
/// Larger files are refused unread (a hostile or broken file must not exhaust memory).
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    pub format: u32,
    pub workspace: String,
    pub device: String,
    pub first_seq: i64,
    pub last_seq: i64,
    pub prev_hash: String,
    pub seen: BTreeMap<String, i64>,
    pub ops: Vec<Op>,
    /// The device identity this device's changes were moved from (see `own.rs`), if any:
    /// readers holding one of these ops under that identity move it here.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub moved_from: String,
    /// When they were moved (wall clock, ms).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub moved_ms: i64,
    /// The writing laptop's public key (hex), format 2: the third line is its signature.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub key: String,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

/// The file name of a segment: zero-padded so names sort by sequence.
pub fn file_name(first_seq: i64, last_seq: i64) -> String {
    format!("{first_seq:012}-{last_seq:012}.seg")
}

/// `(first_seq, last_seq)` from a segment file name; `None` for anything else (temp files,
/// sync-tool conflict copies such as `…seg.sync-conflict-…` or `… (conflicted copy).seg`).
pub fn parse_name(name: &str) -> Option<(i64, i64)> {
    let stem = name.strip_suffix(".seg")?;
    let (a, b) = stem.split_once('-')?;
    if a.len() != 12 || b.len() != 12 || !a.bytes().chain(b.bytes()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some((a.parse().ok()?, b.parse().ok()?))
}

/// The bytes of a segment file signed by `key` (format 2), and its hash (the checksum of the
/// first line, which the next segment chains to).
pub fn encode(seg: &Segment, key: &DeviceKey) -> Result<(Vec<u8>, String), String> {
    let seg = Segment { format: FORMAT, key: key.public_hex(), ..seg.clone() };
    let body = serde_json::to_string(&seg).map_err(|e| format!("cannot encode segment: {e}"))?;
    let hash = signing::hex(&Sha256::digest(body.as_bytes()));
    let signature = key.sign(body.as_bytes());
    Ok((format!("{body}\nsha256:{hash}\ned25519:{signature}\n").into_bytes(), hash))
}

/// The bytes of an unsigned segment (format 1, as Baton wrote before device keys), and its
/// hash.
pub fn encode_unsigned(seg: &Segment) -> Result<(Vec<u8>, String), String> {
    let seg = Segment { format: UNSIGNED, key: String::new(), ..seg.clone() };
    let body = serde_json::to_string(&seg).map_err(|e| format!("cannot encode segment: {e}"))?;
    let hash = signing::hex(&Sha256::digest(body.as_bytes()));
    Ok((format!("{body}\nsha256:{hash}\n").into_bytes(), hash))
}

/// What a reader says of a file whose signature is not its claimed laptop's.
pub const NOT_SIGNED_BY_ITS_LAPTOP: &str = "it is not signed by the laptop it claims to come from";

/// Why a segment file was not applied, in words a person can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Cut short or damaged on the way (checksum missing or wrong).
    Damaged(String),
    /// Written by a newer Baton.
    NewerFormat(u32),
    /// Does not belong where it was found, or breaks its device's log.
    Inconsistent(String),
    /// Not signed by the laptop it claims to come from (changed by someone else, or written
    /// with another key).
    Forged(String),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Damaged(why) => write!(f, "damaged or incomplete ({why})"),
            Refusal::NewerFormat(v) => {
                write!(f, "written by a newer version of Baton (format {v}); update Baton to read it")
            }
            Refusal::Inconsistent(why) | Refusal::Forged(why) => write!(f, "{why}"),
        }
    }
}

#[derive(Deserialize)]
struct FormatOnly {
    format: u32,
}

/// Checks a segment file's bytes and decodes it; returns the segment and its hash. A format-2
/// file must carry its key's signature of its first line (whether that key is the device's is
/// the reader's question).
pub fn decode(bytes: &[u8]) -> Result<(Segment, String), Refusal> {
    let text = std::str::from_utf8(bytes).map_err(|_| Refusal::Damaged("not text".into()))?;
    let text = text.strip_suffix('\n').ok_or_else(|| Refusal::Damaged("no final line break".into()))?;
    let mut lines = text.splitn(3, '\n');
    let body = lines.next().unwrap_or_default();
    let check = lines.next().ok_or_else(|| Refusal::Damaged("no checksum line".into()))?;
    let signature = lines.next();
    let want = check.strip_prefix("sha256:").ok_or_else(|| Refusal::Damaged("no checksum line".into()))?;
    let hash = signing::hex(&Sha256::digest(body.as_bytes()));
    if hash != want {
        return Err(Refusal::Damaged("checksum does not match".into()));
    }
    let format = serde_json::from_str::<FormatOnly>(body)
        .map_err(|e| Refusal::Damaged(format!("unreadable header: {e}")))?
        .format;
    if format > FORMAT {
        return Err(Refusal::NewerFormat(format));
    }
    let seg: Segment = serde_json::from_str(body).map_err(|e| Refusal::Damaged(format!("unreadable: {e}")))?;
    if format >= 2 {
        let signed = signature
            .and_then(|l| l.strip_prefix("ed25519:"))
            .is_some_and(|sig| signing::verify(&seg.key, body.as_bytes(), sig));
        if !signed {
            return Err(Refusal::Forged(NOT_SIGNED_BY_ITS_LAPTOP.into()));
        }
    } else if signature.is_some() {
        return Err(Refusal::Damaged("a line too many".into()));
    }
    Ok((seg, hash))
}

/// Checks that a decoded segment is the run `(first, last)` of `device`'s log in `workspace`.
pub fn check(seg: &Segment, workspace: &str, device: &str, first: i64, last: i64) -> Result<(), Refusal> {
    let bad = |why: String| Err(Refusal::Inconsistent(why));
    if seg.workspace != workspace {
        return bad(format!("belongs to another workspace ({})", seg.workspace));
    }
    if seg.device != device {
        return bad(format!("claims to come from device {} but sits in the folder of {device}", seg.device));
    }
    if (seg.first_seq, seg.last_seq) != (first, last) || seg.first_seq < 1 || seg.last_seq < seg.first_seq {
        return bad(format!("its contents ({}–{}) do not match its name", seg.first_seq, seg.last_seq));
    }
    if seg.ops.len() as i64 != last - first + 1 {
        return bad(format!("holds {} changes where its name promises {}", seg.ops.len(), last - first + 1));
    }
    for (i, op) in seg.ops.iter().enumerate() {
        if op.device_id != device || op.seq != first + i as i64 {
            return bad(format!("change {} is out of sequence", op.op_id));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg() -> Segment {
        let op = |seq| Op {
            op_id: format!("op{seq}"),
            device_id: "d1".into(),
            seq,
            hlc: seq << 16,
            author_id: "m1".into(),
            table: "goal".into(),
            entity_id: "g1".into(),
            field: "title".into(),
            value: serde_json::json!("Grow"),
        };
        Segment {
            moved_from: String::new(),
            moved_ms: 0,
            key: String::new(),
            format: UNSIGNED,
            workspace: "w".into(),
            device: "d1".into(),
            first_seq: 1,
            last_seq: 2,
            prev_hash: String::new(),
            seen: BTreeMap::from([("d1".to_owned(), 2)]),
            ops: vec![op(1), op(2)],
        }
    }

    #[test]
    fn a_segment_round_trips_and_names_sort_by_sequence() -> Result<(), String> {
        let (bytes, hash) = encode_unsigned(&seg())?;
        let (back, hash2) = decode(&bytes).map_err(|e| e.to_string())?;
        assert_eq!((back, hash2), (seg(), hash));
        assert_eq!(file_name(1, 2), "000000000001-000000000002.seg");
        assert_eq!(parse_name("000000000001-000000000002.seg"), Some((1, 2)));
        for other in [
            "000000000001-000000000002.sync-conflict-20261128-101010-ABCDEF.seg",
            "000000000001-000000000002 (conflicted copy).seg",
            ".tmp-000000000001-000000000002.seg",
            "1-2.seg",
            "000000000001-000000000002.seg.part",
        ] {
            assert_eq!(parse_name(other), None, "{other}");
        }
        Ok(())
    }

    #[test]
    fn truncated_or_altered_bytes_are_refused() -> Result<(), String> {
        let (bytes, _) = encode_unsigned(&seg())?;
        for cut in [0, 10, bytes.len() / 2, bytes.len() - 1] {
            assert!(matches!(decode(&bytes[..cut]), Err(Refusal::Damaged(_))), "cut at {cut}");
        }
        let mut flipped = bytes.clone();
        flipped[20] ^= 1;
        assert!(matches!(decode(&flipped), Err(Refusal::Damaged(_))));
        Ok(())
    }

    #[test]
    fn a_newer_format_is_refused_by_version() -> Result<(), String> {
        let body = serde_json::to_string(&Segment { format: 7, ..seg() }).map_err(|e| e.to_string())?;
        let hash = signing::hex(&Sha256::digest(body.as_bytes()));
        let bytes = format!("{body}\nsha256:{hash}\n").into_bytes();
        assert_eq!(decode(&bytes), Err(Refusal::NewerFormat(7)));
        Ok(())
    }

    #[test]
    fn a_segment_must_match_its_place() {
        let s = seg();
        assert!(check(&s, "w", "d1", 1, 2).is_ok());
        assert!(check(&s, "other", "d1", 1, 2).is_err());
        assert!(check(&s, "w", "d2", 1, 2).is_err());
        assert!(check(&s, "w", "d1", 1, 3).is_err());
        let mut gap = seg();
        gap.ops[1].seq = 3;
        assert!(check(&gap, "w", "d1", 1, 2).is_err());
    }

    #[test]
    fn a_signed_segment_verifies_and_a_rewritten_one_does_not() -> Result<(), String> {
        let key = DeviceKey::generate().map_err(|e| e.to_string())?;
        let (bytes, _) = encode(&seg(), &key)?;
        let (back, _) = decode(&bytes).map_err(|e| e.to_string())?;
        assert_eq!((back.format, back.key.as_str()), (FORMAT, key.public_hex().as_str()));
        // Someone changes an op and fixes the checksum, but cannot sign.
        let text = String::from_utf8(bytes).map_err(|e| e.to_string())?;
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        lines[0] = lines[0].replace("Grow", "Shrink");
        lines[1] = format!("sha256:{}", signing::hex(&Sha256::digest(lines[0].as_bytes())));
        let tampered = format!("{}\n", lines.join("\n")).into_bytes();
        assert_eq!(decode(&tampered).map(|_| ()), Err(Refusal::Forged(NOT_SIGNED_BY_ITS_LAPTOP.into())));
        // Or drops the signature line.
        let unsigned = format!("{}\n{}\n", lines[0], lines[1]).into_bytes();
        assert!(matches!(decode(&unsigned), Err(Refusal::Forged(_))));
        Ok(())
    }
}
