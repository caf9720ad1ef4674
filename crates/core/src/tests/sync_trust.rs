//! Trust through a real folder (issue 10, "Trust" and "Migration"): every laptop signs what it
//! publishes with its own key, enrolled in the workspace by an op; readers refuse what is not
//! signed by the laptop it claims to come from, and the judge refuses an op whose author is
//! not the member its laptop is enrolled for. Invites are single-use, expiring and revocable,
//! decided by the judge the same way on every laptop. A workspace from before signatures
//! upgrades by trusting the laptops it had seen (trust on first use).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::Path;

use rusqlite::params;
use serde_json::json;
use sha2::Digest as _;

use super::sync_bad_files::{decode, encode, segments, synced, Laptop, Synced};
use crate::oplog::signing::{self, DeviceKey};
use crate::oplog::{self, store, Op};
use crate::sync::folder;
use crate::sync::segment::{self, Segment};
use crate::workspace::{self, Role};
use crate::{goals, Core};

fn device_dir(s: &Synced, core: &Core) -> std::path::PathBuf {
    s.a_dir.parent().unwrap().join(workspace::info(core).unwrap().unwrap().device_id)
}

fn goal_titles(core: &Core) -> Vec<String> {
    goals::list(core).unwrap().into_iter().map(|g| g.title).collect()
}

fn refused(core: &Core) -> Vec<(String, String)> {
    oplog::judge::refused(core).unwrap().into_iter().map(|r| (r.op_id, r.reason)).collect()
}

/// A segment of `core`'s laptop holding `ops` at its next positions, signed by its key, as a
/// Baton that skips its own checks would write it.
fn publish_by_hand(s: &Synced, core: &Core, ops: &[(&str, &str, &str, serde_json::Value, &str)]) -> Vec<String> {
    publish_with_ids(s, core, ops, &[])
}

/// [`publish_by_hand`], the first ops taking the ids `ids` instead of ids minted by the laptop.
fn publish_with_ids(
    s: &Synced,
    core: &Core,
    ops: &[(&str, &str, &str, serde_json::Value, &str)],
    ids: &[&str],
) -> Vec<String> {
    let minted = core.device_key().unwrap().op_ids();
    let dev = core.read(store::local_device).unwrap().unwrap();
    let clock = s.a.core().read(store::local_device).unwrap().unwrap().hlc.max(dev.hlc) + (1 << 16);
    let ops: Vec<Op> = ops
        .iter()
        .enumerate()
        .map(|(i, (table, entity, field, value, author))| Op {
            op_id: ids.get(i).map_or_else(|| minted.mint().unwrap(), |id| (*id).to_owned()),
            device_id: dev.device_id.clone(),
            seq: dev.next_seq + i as i64,
            hlc: clock + i as i64,
            author_id: (*author).to_owned(),
            table: (*table).to_owned(),
            entity_id: (*entity).to_owned(),
            field: (*field).to_owned(),
            value: value.clone(),
        })
        .collect();
    let (first, last) = (dev.next_seq, dev.next_seq + ops.len() as i64 - 1);
    let seg = Segment {
        format: segment::FORMAT,
        workspace: dev.workspace_id.clone(),
        device: dev.device_id.clone(),
        first_seq: first,
        last_seq: last,
        prev_hash: String::new(),
        seen: Default::default(),
        ops: ops.clone(),
        moved_from: String::new(),
        moved_ms: 0,
        key: String::new(),
    };
    fs::write(device_dir(s, core).join(segment::file_name(first, last)), encode(&seg, core)).unwrap();
    ops.into_iter().map(|o| o.op_id).collect()
}

#[test]
fn segments_and_state_files_are_signed_by_the_enrolled_key_and_status_lists_the_laptops() {
    let s = synced();
    let key = s.a.core().device_key().unwrap();
    for name in segments(&s.a_dir) {
        let seg = decode(&fs::read(s.a_dir.join(&name)).unwrap());
        assert_eq!((seg.format, seg.key.as_str()), (segment::FORMAT, key.public_hex().as_str()), "{name}");
    }
    let state: serde_json::Value = serde_json::from_slice(&fs::read(s.a_dir.join("device.json")).unwrap()).unwrap();
    assert_eq!(state["key"], json!(key.public_hex()));
    // The key file lives beside the database, owner-only; never in the synced tables.
    assert!(s.a.dir.path().join(signing::KEY_FILE).is_file());
    assert!(!s.a.dump().contains(&key.sign(b"x")[..16]));
    for laptop in [&s.a, &s.b] {
        let st = folder::status(laptop.core()).unwrap();
        let mut who: Vec<(String, String)> =
            st.enrolled.iter().map(|e| (e.member_name.clone(), e.how.clone())).collect();
        who.sort();
        assert_eq!(
            who,
            [("Lee".to_owned(), "founded the workspace".to_owned()), ("Sam".to_owned(), "invited by Lee".to_owned())]
        );
        assert_eq!(st.enrolled.iter().filter(|e| e.this_laptop).count(), 1);
    }
}

#[test]
fn a_tampered_segment_is_refused_reported_and_nothing_of_it_is_applied_until_its_laptop_rewrites_it() {
    let mut s = synced();
    let n = s.a_edits_and_passes();
    let (name, path) = s.newest();
    let good = fs::read(&path).unwrap();
    // Someone with access to the folder changes a title and fixes the checksum; they cannot sign.
    let text = String::from_utf8(good.clone()).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    assert!(lines[0].contains("Theme, take 1"));
    lines[0] = lines[0].replace("Theme, take 1", "Theme, hijacked");
    lines[1] = format!("sha256:{}", signing::hex(&sha2::Sha256::digest(lines[0].as_bytes())));
    fs::write(&path, format!("{}\n", lines.join("\n"))).unwrap();
    s.b_refuses(&name, &["is not signed by the laptop it claims to come from", "nothing in it was applied"]);
    // Or signs it with a key of their own.
    let mut seg = decode(&good);
    seg.ops[0].value = json!("Theme, hijacked");
    let stranger = DeviceKey::generate().unwrap();
    fs::write(&path, segment::encode(&seg, &stranger).unwrap().0).unwrap();
    s.b_refuses(&name, &["is not signed by the laptop it claims to come from"]);
    // B named the file in its state file: Lee's laptop rewrites it from its log.
    let r = s.a.pass_anyway();
    assert!(r.problems.iter().any(|p| p.contains("rewrote this laptop's damaged file")), "{:?}", r.problems);
    assert_eq!(decode(&fs::read(&path).unwrap()).ops, decode(&good).ops, "rewritten from the log");
    s.b_converges(n);
}

#[test]
fn an_op_whose_author_is_not_its_laptops_member_is_kept_flagged_and_not_applied_everywhere() {
    let s = synced();
    let lee = s.a.me();
    let sam = s.b.me();
    let goal = goals::list(s.a.core()).unwrap()[0].id.clone();
    // Sam's laptop (enrolled for Sam) writes a goal rename in Lee's name, and a role change
    // making Sam leadership in Lee's name (a forged member op); then one honest edit.
    let ids = publish_by_hand(
        &s,
        s.b.core(),
        &[
            ("goal", &goal, "title", json!("Forged by Sam"), &lee.id),
            ("member", &sam.id, "role", json!("leadership"), &lee.id),
            ("goal", &goal, "description", json!("Sam's honest note"), &sam.id),
        ],
    );
    let r = s.a.pass();
    assert_eq!(r.received, 3, "every op is kept in the log");
    assert!(!goal_titles(s.a.core()).contains(&"Forged by Sam".to_owned()));
    let role = workspace::list_members(s.a.core()).unwrap().into_iter().find(|m| m.id == sam.id).unwrap().role;
    assert_eq!(role, Role::Senior, "the forged promotion is not applied");
    let mut want = vec![
        (ids[0].clone(), "this change says Lee made it, but it was made on a laptop enrolled for Sam".to_owned()),
        (ids[1].clone(), "this change says Lee made it, but it was made on a laptop enrolled for Sam".to_owned()),
    ];
    want.sort();
    let mut got = refused(s.a.core());
    got.sort();
    assert_eq!(got, want);
    assert_eq!(goals::list(s.a.core()).unwrap()[0].description, "Sam's honest note", "the honest op applied");
    // A laptop joining later judges them the same way.
    let c = Laptop::new();
    let kim = workspace::add_member(s.a.core(), &lee, "Kim", Role::Junior, None).unwrap();
    let invite = folder::invite_create(s.a.core(), &lee, &kim.id).unwrap();
    folder::join(c.core(), &s.folder, &invite.invite).unwrap();
    let mut on_c = refused(c.core());
    on_c.sort();
    assert_eq!(on_c, want);
}

#[test]
fn an_op_id_taken_from_another_laptop_is_refused_everywhere_and_the_real_change_still_arrives() {
    let mut s = synced();
    let lee = s.a.me();
    let sam = s.b.me();
    let kim = workspace::add_member(s.a.core(), &lee, "Kim", Role::Junior, None).unwrap();
    let invite = folder::invite_create(s.a.core(), &lee, &kim.id).unwrap();
    s.a_edits_and_passes();
    let (_, path) = s.newest();
    let taken = decode(&fs::read(&path).unwrap()).ops.last().unwrap().op_id.clone();
    // Sam's laptop publishes a change of its own, signed by its own key, under the id of Lee's
    // change: a reader that took it first could never take Lee's.
    let goal = goals::list(s.a.core()).unwrap()[0].id.clone();
    publish_with_ids(&s, s.b.core(), &[("goal", &goal, "title", json!("Squatted"), &sam.id)], &[&taken]);
    // Kim's laptop joins and reads both; Lee's laptop reads Sam's file after its own.
    let (kims, r) = join(&s.folder, &invite.invite);
    r.unwrap();
    for l in [&kims, &s.a] {
        let r = l.pass_anyway();
        assert!(
            r.problems.iter().any(|p| p.contains("whose id was not made by that laptop")),
            "{}: {:?}",
            l.me().name,
            r.problems
        );
        assert_eq!(goal_titles(l.core()).iter().filter(|t| *t == "Squatted").count(), 0);
        let theme: String = l
            .core()
            .read(|c| Ok(c.query_row("SELECT title FROM roadmap_item WHERE id = ?1", [&s.theme], |r| r.get(0))?))
            .unwrap();
        assert_eq!(theme, "Theme, take 1", "Lee's change reached {}", l.me().name);
    }
    assert!(kims.dump() == s.a.dump(), "Kim's and Lee's laptops hold the same");
}

#[test]
fn a_laptop_whose_key_file_was_lost_publishes_nothing_says_why_and_catches_up_once_it_is_back() {
    let mut s = synced();
    let n = s.a_edits_and_passes();
    s.b_converges(n);
    let key_file = s.a.dir.path().join(signing::KEY_FILE);
    let saved = fs::read(&key_file).unwrap();
    fs::remove_file(&key_file).unwrap();
    s.a.core = Some(Core::open_dir(s.a.dir.path()).unwrap());
    let files = segments(&s.a_dir);
    let lee = s.a.me();
    crate::roadmap::rename(s.a.core(), &lee, &s.theme, "Theme, written without its key").unwrap();
    let r = s.a.pass_anyway();
    let said = r.problems.iter().find(|p| p.contains("key file (device.key) is not the one it enrolled with"));
    assert!(said.is_some_and(|p| p.contains("Nothing was published")), "{:?}", r.problems);
    assert_eq!(segments(&s.a_dir), files, "nothing published under the wrong key");
    assert!(folder::status(s.a.core()).unwrap().problems.iter().any(|p| p.contains("device.key")));
    // The file is put back: the change goes out, signed as before, and Sam's laptop reads it.
    fs::write(&key_file, saved).unwrap();
    s.a.core = Some(Core::open_dir(s.a.dir.path()).unwrap());
    s.a.pass();
    s.b_converges(1);
}

#[test]
fn the_sample_workspace_which_plays_all_its_people_on_one_laptop_says_it_cannot_sync() {
    let l = Laptop::new();
    crate::sample::create(l.core()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let r = folder::set_folder(l.core(), dir.path()).unwrap();
    assert!(
        r.problems.iter().any(|p| p.contains("enrolled for Lee Chen but acts as Sam Rivera") && p.contains("create a")),
        "{:?}",
        r.problems
    );
    assert_eq!(r.published, 0);
}

/// A laptop that joins with `invite` from `folder`; the error's sentence when it may not.
fn join(folder: &Path, invite: &str) -> (Laptop, Result<(), String>) {
    let l = Laptop::new();
    let r = folder::join(l.core(), folder, invite).map(|_| ()).map_err(|e| e.to_string());
    (l, r)
}

#[test]
fn an_expired_or_revoked_invite_enrols_no_laptop() {
    let s = synced();
    let lee = s.a.me();
    let kim = workspace::add_member(s.a.core(), &lee, "Kim", Role::Junior, None).unwrap();
    // Expired: an invite made with an expiry already past (as a week-old one would be), with
    // its file in the folder.
    let model = folder::invite_create(s.a.core(), &lee, &kim.id).unwrap();
    let old = store::new_id();
    s.a.core()
        .write(&lee.id, |w| {
            w.set("invite", &old, "member_id", kim.id.as_str())?;
            w.set("invite", &old, "created_by", lee.id.as_str())?;
            w.set("invite", &old, "expires_ms", chrono::Utc::now().timestamp_millis() - 1_000)
        })
        .unwrap();
    let invites = s.folder.join("baton").join(&model.workspace).join("invites");
    let file = fs::read_to_string(invites.join(format!("{}.json", model.invite))).unwrap();
    fs::write(invites.join(format!("{old}.json")), file.replace(&model.invite, &old)).unwrap();
    // Once made, an invite's expiry cannot be moved, nor its maker changed.
    for (field, value) in [("expires_ms", json!(i64::MAX / 2)), ("created_by", json!(kim.id))] {
        let e = s.a.core().write(&lee.id, |w| w.set("invite", &old, field, value.clone())).unwrap_err();
        assert!(e.to_string().contains("Lee could not change an invite once it is made"), "{field}: {e}");
    }
    s.a.pass();
    let (_, r) = join(&s.folder, &old);
    let why = r.unwrap_err();
    assert!(why.contains("Kim could not enrol a laptop with an invite that had expired"), "{why}");
    // Revoked.
    let revoked = folder::invite_create(s.a.core(), &lee, &kim.id).unwrap();
    // Revoking publishes it at once: no pass in between.
    folder::invite_revoke(s.a.core(), &lee, &revoked.invite).unwrap();
    let (_, r) = join(&s.folder, &revoked.invite);
    let why = r.unwrap_err();
    assert!(why.contains("an invite that had been revoked"), "{why}");
    let e = s.a.core().write(&lee.id, |w| w.set("invite", &revoked.invite, "revoked", false)).unwrap_err();
    assert!(e.to_string().contains("Lee could not change an invite once it is revoked"), "{e}");
    // A good one still works.
    let fresh = folder::invite_create(s.a.core(), &lee, &kim.id).unwrap();
    let (kims, r) = join(&s.folder, &fresh.invite);
    r.unwrap();
    assert_eq!(kims.me().name, "Kim");
}

#[test]
fn an_invite_used_by_two_laptops_enrols_only_the_first_in_clock_order_on_every_laptop() {
    let s = synced();
    let lee = s.a.me();
    let kim = workspace::add_member(s.a.core(), &lee, "Kim", Role::Junior, None).unwrap();
    let invite = folder::invite_create(s.a.core(), &lee, &kim.id).unwrap();
    // A copy of the folder as it is now: a second laptop joins through it before the first
    // one's state file says the invite is used.
    let copy = tempfile::tempdir().unwrap();
    copy_dir(&s.folder, copy.path());
    let (first, r) = join(&s.folder, &invite.invite);
    r.unwrap();
    let (second, r) = join(copy.path(), &invite.invite);
    r.unwrap();
    folder::set_folder(second.core(), &s.folder).unwrap();
    let second_id = workspace::info(second.core()).unwrap().unwrap().device_id;
    // The second laptop writes as Kim (she renames herself).
    second.core().write(&kim.id, |w| w.set("member", &kim.id, "name", "Kim, second laptop")).unwrap();
    for _ in 0..2 {
        for l in [&s.a, &s.b, &first, &second] {
            folder::pass(l.core()).unwrap();
        }
    }
    for l in [&s.a, &s.b, &first, &second] {
        let enrolled: Vec<String> =
            folder::status(l.core()).unwrap().enrolled.into_iter().map(|e| e.device_id).collect();
        assert!(!enrolled.contains(&second_id), "the second enrolment is refused on {}'s laptop", l.me().name);
        let reasons: Vec<String> = refused(l.core()).into_iter().map(|(_, r)| r).collect();
        assert!(reasons.iter().any(|r| r.contains("an invite another laptop had already used")), "{reasons:?}");
    }
    for l in [&s.a, &s.b, &first] {
        let names: Vec<String> = workspace::list_members(l.core()).unwrap().into_iter().map(|m| m.name).collect();
        assert!(names.contains(&"Kim".to_owned()), "{names:?}");
        let reasons: Vec<String> = refused(l.core()).into_iter().map(|(_, r)| r).collect();
        assert!(reasons.iter().any(|r| r.contains("whose enrolment in the workspace was refused")), "{reasons:?}");
    }
    assert_eq!(s.a.dump(), first.dump());
    assert_eq!(s.a.dump(), s.b.dump());
}

fn copy_dir(from: &Path, to: &Path) {
    for e in fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            fs::create_dir_all(&target).unwrap();
            copy_dir(&e.path(), &target);
        } else {
            fs::copy(e.path(), &target).unwrap();
        }
    }
}

#[test]
fn a_laptop_never_enrolled_is_not_read() {
    let s = synced();
    // A directory of a laptop that never joined, with an unsigned segment and a signed one in
    // Lee's name.
    let lee = s.a.me();
    let devices = s.a_dir.parent().unwrap();
    for (format, name) in [(1, "stranger-one"), (2, "stranger-two")] {
        let dir = devices.join(name);
        fs::create_dir_all(&dir).unwrap();
        let seg = Segment {
            format,
            workspace: workspace::info(s.a.core()).unwrap().unwrap().id,
            device: name.to_owned(),
            first_seq: 1,
            last_seq: 1,
            prev_hash: String::new(),
            seen: Default::default(),
            ops: vec![Op {
                op_id: store::new_id(),
                device_id: name.to_owned(),
                seq: 1,
                hlc: 1 << 20,
                author_id: lee.id.clone(),
                table: "goal".into(),
                entity_id: store::new_id(),
                field: "title".into(),
                value: json!("Planted"),
            }],
            moved_from: String::new(),
            moved_ms: 0,
            key: String::new(),
        };
        let bytes = if format == 1 {
            segment::encode_unsigned(&seg).unwrap().0
        } else {
            segment::encode(&seg, &DeviceKey::generate().unwrap()).unwrap().0
        };
        fs::write(dir.join(segment::file_name(1, 1)), bytes).unwrap();
    }
    let r = s.b.pass_anyway();
    assert_eq!(r.received, 0, "{r:?}");
    assert!(r.problems.iter().any(|p| p.contains("its laptop is not enrolled in the workspace")), "{:?}", r.problems);
    assert!(r.problems.iter().any(|p| p.contains("that laptop is not enrolled in the workspace")), "{:?}", r.problems);
    assert!(!goal_titles(s.b.core()).contains(&"Planted".to_owned()));
}

/// A data directory and folder as the Baton before signatures left them: Lee's laptop founded
/// the workspace and Sam's joined, both publishing unsigned (format 1) segments, neither
/// enrolled. The first pass after the upgrade trusts the laptops seen so far and says so;
/// each laptop enrols itself and signs from then on; an unsigned file from an enrolled laptop
/// is refused afterwards.
#[test]
fn a_workspace_from_before_signatures_upgrades_by_trusting_the_laptops_it_had_seen() {
    let folder_dir = tempfile::tempdir().unwrap();
    let folder_path = folder_dir.path().canonicalize().unwrap();
    let (a, b) = (Laptop::new(), Laptop::new());
    let (ws, lee, sam, dev_a, dev_b) = (store::new_id(), store::new_id(), store::new_id(), "laptop-a", "laptop-b");
    // Lee's laptop, as the old `init` and `member add` left it (no device enrolment).
    a.core()
        .transact(|tx| {
            tx.execute(
                "INSERT INTO local_device (singleton, device_id, workspace_id, member_id, next_seq, hlc)
                 VALUES (1, ?1, ?2, ?3, 1, 0)",
                params![dev_a, ws, lee],
            )?;
            let mut w = store::Writer::begin(tx, &lee, &a.core().device_key()?)?;
            w.set("workspace", &ws, "name", "Acme")?;
            w.set("member", &lee, "name", "Lee")?;
            w.set("member", &lee, "role", "leadership")?;
            w.set("member", &sam, "name", "Sam")?;
            w.set("member", &sam, "role", "senior")?;
            w.finish()?;
            Ok(())
        })
        .unwrap();
    let a_ops = a.core().read(oplog::all_ops).unwrap();
    // Sam's laptop received them, and wrote a goal.
    b.core()
        .transact(|tx| {
            tx.execute(
                "INSERT INTO local_device (singleton, device_id, workspace_id, member_id, next_seq, hlc)
                 VALUES (1, ?1, ?2, ?3, 1, 0)",
                params![dev_b, ws, sam],
            )?;
            oplog::receive(tx, &a_ops, None)?;
            tx.execute(
                "INSERT INTO sync_peer (device_id, applied_seq) VALUES (?1, ?2)",
                params![dev_a, a_ops.len() as i64],
            )?;
            let mut w = store::Writer::begin(tx, &sam, &b.core().device_key()?)?;
            let g = store::new_id();
            w.set("goal", &g, "title", "Sam's old goal")?;
            w.finish()?;
            Ok(())
        })
        .unwrap();
    let b_ops: Vec<Op> = b.core().read(oplog::all_ops).unwrap().into_iter().filter(|o| o.device_id == dev_b).collect();
    a.core().transact(|tx| oplog::receive(tx, &b_ops, None).map(|_| ())).unwrap();
    // Both published unsigned segments and state files, and set the folder.
    let root = folder_path.join("baton").join(&ws).join("devices");
    for (laptop, dev, member, ops, peer, peer_seq) in
        [(&a, dev_a, &lee, &a_ops, dev_b, b_ops.len()), (&b, dev_b, &sam, &b_ops, dev_a, a_ops.len())]
    {
        let dir = root.join(dev);
        fs::create_dir_all(&dir).unwrap();
        let last = ops.len() as i64;
        let seg = Segment {
            format: 1,
            workspace: ws.clone(),
            device: dev.to_owned(),
            first_seq: 1,
            last_seq: last,
            prev_hash: String::new(),
            seen: Default::default(),
            ops: ops.clone(),
            moved_from: String::new(),
            moved_ms: 0,
            key: String::new(),
        };
        fs::write(dir.join(segment::file_name(1, last)), segment::encode_unsigned(&seg).unwrap().0).unwrap();
        let state = json!({"format": 1, "device": dev, "member": member, "seen": {peer: peer_seq}, "at_ms": 1});
        fs::write(dir.join("device.json"), serde_json::to_vec(&state).unwrap()).unwrap();
        laptop
            .core()
            .transact(|tx| {
                tx.execute(
                    "INSERT INTO sync_config (singleton, folder, exported_seq) VALUES (1, ?1, ?2)",
                    params![folder_path.to_str().unwrap(), last],
                )?;
                tx.execute(
                    "INSERT INTO sync_peer (device_id, applied_seq) VALUES (?1, ?2)
                     ON CONFLICT (device_id) DO UPDATE SET applied_seq = excluded.applied_seq",
                    params![peer, peer_seq as i64],
                )?;
                // What the upgrade's migration does with a log holding the peer's changes.
                tx.execute("INSERT INTO device_trust (device_id) VALUES (?1)", [peer])?;
                Ok(())
            })
            .unwrap();
    }

    // The first pass after the upgrade on Lee's laptop.
    let r = a.pass_anyway();
    let trusted =
        r.problems.iter().find(|p| p.contains("trusted 1 laptop seen before signatures")).unwrap_or_else(|| {
            panic!("{:?}", r.problems);
        });
    assert!(trusted.contains("Sam's laptop"), "{trusted}");
    assert!(
        r.problems.iter().any(|p| p.contains("this laptop now signs the changes it publishes")),
        "{:?}",
        r.problems
    );
    // Said once.
    assert!(a.pass_anyway().problems.iter().all(|p| !p.contains("trusted")));
    // Sam's laptop upgrades too: it reads Lee's signed segments (Lee was trusted, now enrolled).
    let r = b.pass_anyway();
    assert!(
        r.problems.iter().any(|p| p.contains("trusted 1 laptop seen before signatures: Lee's laptop")),
        "{:?}",
        r.problems
    );
    a.pass();
    b.pass();
    assert_eq!(a.dump(), b.dump());
    for l in [&a, &b] {
        let st = folder::status(l.core()).unwrap();
        assert_eq!(st.enrolled.len(), 2, "{:?}", st.enrolled);
        assert!(st.enrolled.iter().all(|e| e.how.starts_with("trusted on first use")), "{:?}", st.enrolled);
        assert!(refused(l.core()).is_empty());
    }
    // New segments are signed.
    let a_dir = root.join(dev_a);
    let newest = segments(&a_dir).pop().unwrap();
    assert_eq!(decode(&fs::read(a_dir.join(&newest)).unwrap()).format, segment::FORMAT);
    // An unsigned file in Lee's name after its enrolment is refused by Sam's laptop.
    let next = a.core().read(store::local_device).unwrap().unwrap().next_seq;
    let forged = Segment {
        format: 1,
        workspace: ws.clone(),
        device: dev_a.to_owned(),
        first_seq: next,
        last_seq: next,
        prev_hash: String::new(),
        seen: Default::default(),
        ops: vec![Op {
            op_id: store::new_id(),
            device_id: dev_a.to_owned(),
            seq: next,
            hlc: a.core().read(store::local_device).unwrap().unwrap().hlc + (1 << 16),
            author_id: lee.clone(),
            table: "goal".into(),
            entity_id: store::new_id(),
            field: "title".into(),
            value: json!("Unsigned after the upgrade"),
        }],
        moved_from: String::new(),
        moved_ms: 0,
        key: String::new(),
    };
    let name = segment::file_name(next, next);
    fs::write(a_dir.join(&name), segment::encode_unsigned(&forged).unwrap().0).unwrap();
    let r = b.pass_anyway();
    assert_eq!(r.received, 0);
    assert!(
        r.problems
            .iter()
            .any(|p| p.contains(&name) && p.contains("its laptop signs its changes since it was enrolled")),
        "{:?}",
        r.problems
    );
}
