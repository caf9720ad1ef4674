//! Ordinary events that used to lose edits or wedge a team, through a real folder: a laptop
//! restored from a backup, a copied data directory, moving between folders (two USB sticks in
//! turn), a file of another device in one's own directory, a damaged own file. Each ends with
//! every edit on every laptop, and says what happened in words.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::Path;

use super::sync_bad_files::{decode, encode, segments, synced, Laptop, Synced};
use crate::roadmap;
use crate::sync::folder;
use crate::sync::segment;
use crate::{goals, workspace, Core};

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap().flatten() {
        if e.file_type().unwrap().is_file() {
            fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// Closes the laptop's database, runs `f` on its data directory, opens it again.
fn with_closed(l: &mut Laptop, f: impl FnOnce(&Path)) {
    l.core = None;
    f(l.dir.path());
    l.core = Some(Core::open_dir(l.dir.path()).unwrap());
}

fn titles(l: &Laptop) -> Vec<String> {
    let mut t: Vec<String> = goals::list(l.core()).unwrap().into_iter().map(|g| g.title).collect();
    t.sort();
    t
}

fn problems_with(r: &folder::PassReport, words: &str) -> String {
    r.problems.iter().find(|p| p.contains(words)).cloned().unwrap_or_else(|| panic!("no {words:?} in {:?}", r.problems))
}

/// A second laptop running a copy of A's data directory, taken while A was closed.
fn copy_of_a(s: &mut Synced) -> Laptop {
    let mut c = Laptop::new();
    let from = s.a.dir.path().to_path_buf();
    s.a.core = None;
    with_closed(&mut c, |dir| {
        for e in fs::read_dir(dir).unwrap().flatten() {
            fs::remove_file(e.path()).unwrap();
        }
        copy_dir(&from, dir);
    });
    s.a.core = Some(Core::open_dir(&from).unwrap());
    c
}

/// A backup of A's data directory, taken after the first sync.
fn backup(s: &mut Synced) -> tempfile::TempDir {
    let saved = tempfile::tempdir().unwrap();
    with_closed(&mut s.a, |dir| copy_dir(dir, saved.path()));
    saved
}

fn restore(s: &mut Synced, saved: &Path) {
    with_closed(&mut s.a, |dir| {
        for e in fs::read_dir(dir).unwrap().flatten() {
            fs::remove_file(e.path()).unwrap();
        }
        copy_dir(saved, dir);
    });
}

#[test]
fn a_laptop_restored_from_a_backup_reads_its_newer_changes_back_and_continues_after_them() {
    let mut s = synced();
    let saved = backup(&mut s);
    s.a_edits_and_passes();
    s.a_edits_and_passes();
    let before = titles(&s.a);
    restore(&mut s, saved.path());
    assert_ne!(titles(&s.a), before, "the backup is older");

    let r = s.a.pass_anyway();
    let said = problems_with(&r, "read back 8 of this laptop's own changes");
    assert!(said.contains("restored from a backup"), "{said}");
    assert_eq!(titles(&s.a), before, "A holds its newer edits again");

    // The next edit continues after them: published, and B gets everything.
    s.a_edits_and_passes();
    s.b_converges(12);
    assert_eq!(s.a.pass().published, 0);
}

#[test]
fn a_restored_laptop_that_edits_before_its_first_pass_takes_a_new_identity_and_loses_nothing() {
    let mut s = synced();
    let saved = backup(&mut s);
    s.a_edits_and_passes();
    let old_device = workspace::info(s.a.core()).unwrap().unwrap().device_id;
    restore(&mut s, saved.path());
    // Offline edit on the restored laptop: it reuses positions its log published before.
    let lee = s.a.me();
    goals::create(s.a.core(), &lee, "Written after the restore", "", "").unwrap();

    let r = s.a.pass_anyway();
    let said = problems_with(&r, "now syncs as a new device");
    assert!(said.contains("keeps all 3 of its changes"), "{said}");
    let info = workspace::info(s.a.core()).unwrap().unwrap();
    assert_ne!(info.device_id, old_device);
    let all = titles(&s.a);
    assert!(all.contains(&"Written after the restore".to_owned()) && all.contains(&"Goal 1".to_owned()), "{all:?}");

    // B gets both: the edits published before the restore and the one after.
    let r = s.b.pass();
    // … and the new identity's enrolment with the laptop's key (member, key, who let it in).
    assert_eq!(r.received, 4 + 3 + 3, "{r:?}");
    s.assert_same();
    // Quiet from now on.
    assert!(s.a.pass().problems.is_empty());
}

#[test]
fn a_copied_data_directory_is_noticed_and_both_copies_keep_every_edit() {
    let mut s = synced();
    // C is a copy of A's data directory, taken while A was closed.
    let c = copy_of_a(&mut s);

    s.a_edits_and_passes();
    let lee = c.me();
    goals::create(c.core(), &lee, "From the copy", "", "").unwrap();
    let r = c.pass_anyway();
    problems_with(&r, "now syncs as a new device");
    assert_ne!(
        workspace::info(c.core()).unwrap().unwrap().device_id,
        workspace::info(s.a.core()).unwrap().unwrap().device_id
    );
    for _ in 0..2 {
        s.a.pass();
        s.b.pass();
        c.pass();
    }
    s.assert_same();
    assert_eq!(c.dump(), s.a.dump());
    let all = titles(&s.b);
    assert!(all.contains(&"From the copy".to_owned()) && all.contains(&"Goal 1".to_owned()), "{all:?}");
}

#[test]
fn two_usb_sticks_used_in_turn_carry_every_edit_with_no_problem() {
    let mut s = synced();
    let stick_one = s.folder.clone();
    let stick_two = tempfile::tempdir().unwrap();
    // Day 2 on the second stick.
    s.a_edits_and_passes();
    folder::set_folder(s.a.core(), stick_two.path()).unwrap();
    let r = folder::set_folder(s.b.core(), stick_two.path()).unwrap();
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    s.assert_same();
    // Day 3 back on the first: A's log there is cut differently from the second stick's.
    let lee = s.a.me();
    roadmap::rename(s.a.core(), &lee, &s.theme, "Day three").unwrap();
    let r = folder::set_folder(s.a.core(), &stick_one).unwrap();
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    let r = folder::set_folder(s.b.core(), &stick_one).unwrap();
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!(r.received, 1, "only the new change is applied, nothing twice: {r:?}");
    s.assert_same();
    // And back again: still nothing skipped, nothing repeated.
    roadmap::rename(s.b.core(), &s.b.me(), &s.theme, "Day four").unwrap();
    folder::set_folder(s.b.core(), stick_two.path()).unwrap();
    let r = folder::set_folder(s.a.core(), stick_two.path()).unwrap();
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    assert_eq!(r.received, 1, "{r:?}");
    s.assert_same();
}

#[test]
fn a_file_of_another_device_in_ones_own_directory_is_refused_set_aside_and_the_real_changes_follow() {
    let mut s = synced();
    // One of B's real segments, copied into A's directory under the name of A's next changes.
    let b_dir = s.a_dir.parent().unwrap().join(workspace::info(s.b.core()).unwrap().unwrap().device_id);
    let lee = s.b.me();
    goals::create(s.b.core(), &lee, "By Sam", "", "").unwrap();
    s.b.pass();
    let theirs = decode(&fs::read(b_dir.join(segments(&b_dir).pop().unwrap())).unwrap());
    let next = decode(&fs::read(s.a_dir.join(segments(&s.a_dir).pop().unwrap())).unwrap()).last_seq + 1;
    let n = theirs.ops.len() as i64;
    let name = segment::file_name(next, next + n - 1);
    fs::write(s.a_dir.join(&name), encode(&theirs, s.b.core())).unwrap();

    // B refuses it (it claims another device) and says so.
    let r = s.b.pass_anyway();
    let said = problems_with(&r, &name);
    assert!(said.contains("claims to come from device"), "{said}");
    // A notices it in its own directory, sets it aside, and its real changes get through.
    let r = s.a.pass_anyway();
    let said = problems_with(&r, "was not written by it");
    assert!(said.contains(&name) && said.contains("set aside"), "{said}");
    let r = s.a.pass_anyway();
    assert!(!r.problems.iter().any(|p| p.contains(&name)), "said once: {:?}", r.problems);
    assert!(s.a_dir.join(format!(".refused-{name}")).exists());
    s.a_edits_and_passes();
    s.b_converges(4);
}

#[test]
fn a_damaged_own_file_is_rewritten_by_its_author_once_a_reader_names_it() {
    let mut s = synced();
    s.a_edits_and_passes();
    let name = segments(&s.a_dir).pop().unwrap();
    let path = s.a_dir.join(&name);
    let good = fs::read(&path).unwrap();
    fs::write(&path, &good[..good.len() / 2]).unwrap();

    let r = s.b.pass_anyway();
    let said = problems_with(&r, &name);
    assert!(said.contains("damaged") && said.contains("once Lee's laptop syncs again"), "{said}");
    let r = s.a.pass_anyway();
    problems_with(&r, &format!("rewrote this laptop's damaged file {name}"));
    assert_eq!(decode(&fs::read(&path).unwrap()).ops, decode(&good).ops, "the same changes as before the damage");
    s.b_converges(4);
}

#[test]
fn a_restored_laptop_that_published_in_another_folder_is_settled_when_it_comes_back() {
    let mut s = synced();
    let stick_one = s.folder.clone();
    let stick_two = tempfile::tempdir().unwrap();
    let saved = backup(&mut s);
    let lee = s.a.me();
    goals::create(s.a.core(), &lee, "Before the restore", "", "").unwrap();
    s.a.pass();
    s.b.pass();
    restore(&mut s, saved.path());
    // The restored laptop edits and goes to the second stick: its positions there now hold
    // other changes than on the first stick.
    goals::create(s.a.core(), &lee, "After the restore", "", "").unwrap();
    folder::set_folder(s.a.core(), stick_two.path()).unwrap();
    folder::set_folder(s.b.core(), stick_two.path()).unwrap();
    // B holds other changes at those positions: it applies nothing of them yet.
    assert!(!titles(&s.b).contains(&"After the restore".to_owned()));

    // Back on the first stick the laptop sees it and moves its later changes to a new identity…
    let r = folder::set_folder(s.a.core(), &stick_one).unwrap();
    problems_with(&r, "now syncs as a new device");
    // …and once both sticks have been through both laptops, both hold everything and say nothing.
    for folder in [stick_two.path(), &stick_one, stick_two.path(), &stick_one] {
        folder::set_folder(s.a.core(), folder).unwrap();
        folder::set_folder(s.b.core(), folder).unwrap();
    }
    let want: Vec<String> = ["After the restore", "Before the restore"].map(str::to_owned).to_vec();
    assert!(want.iter().all(|t| titles(&s.b).contains(t)), "{:?}", titles(&s.b));
    s.assert_same();
    assert!(s.a.pass().problems.is_empty());
    assert!(s.b.pass().problems.is_empty());
    folder::set_folder(s.a.core(), stick_two.path()).unwrap();
    let r = folder::set_folder(s.b.core(), stick_two.path()).unwrap();
    assert!(r.problems.is_empty(), "nothing left to say on the second stick either: {:?}", r.problems);
}

#[test]
fn a_reader_follows_changes_that_moved_to_a_new_identity_and_gets_what_took_their_place() {
    let mut s = synced();
    let stick_one = s.folder.clone();
    let stick_two = tempfile::tempdir().unwrap();
    let saved = backup(&mut s);
    let lee = s.a.me();
    // Published on the first stick; Sam's laptop has not synced since.
    goals::create(s.a.core(), &lee, "Before the restore", "", "").unwrap();
    s.a.pass();
    restore(&mut s, saved.path());
    goals::create(s.a.core(), &lee, "After the restore", "", "").unwrap();
    // On the second stick Sam's laptop applies the restored laptop's changes at the positions
    // the first stick holds other changes at.
    folder::set_folder(s.a.core(), stick_two.path()).unwrap();
    folder::set_folder(s.b.core(), stick_two.path()).unwrap();
    assert!(titles(&s.b).contains(&"After the restore".to_owned()));
    // Back on the first stick Lee's laptop moves them to a new identity; Sam's laptop follows
    // them there and then reads what the old positions really hold.
    problems_with(&folder::set_folder(s.a.core(), &stick_one).unwrap(), "now syncs as a new device");
    let r = folder::set_folder(s.b.core(), &stick_one).unwrap();
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    let want = ["After the restore", "Before the restore"].map(str::to_owned);
    assert!(want.iter().all(|t| titles(&s.b).contains(t)), "{:?}", titles(&s.b));
    s.a.pass();
    s.assert_same();
    // The second stick still holds the moved copies under the old identity: not a fork.
    let r = folder::set_folder(s.b.core(), stick_two.path()).unwrap();
    assert!(r.problems.is_empty(), "{:?}", r.problems);
    folder::set_folder(s.a.core(), stick_two.path()).unwrap();
    s.b.pass();
    s.assert_same();
}

#[test]
fn two_copies_whose_files_a_sync_tool_renamed_are_noticed_and_keep_both_versions() {
    let mut s = synced();
    // C is a copy of A's data directory.
    let c = copy_of_a(&mut s);
    // Both write the same positions while apart; the file-sync tool keeps A's file under its
    // name and C's as a conflict copy. Sam's laptop applies A's version.
    let lee = s.a.me();
    goals::create(s.a.core(), &lee, "From A", "", "").unwrap();
    s.a.pass();
    let name = segments(&s.a_dir).pop().unwrap();
    let aside = tempfile::tempdir().unwrap();
    fs::rename(s.a_dir.join(&name), aside.path().join(&name)).unwrap();
    goals::create(c.core(), &lee, "From C", "", "").unwrap();
    c.pass();
    let stem = name.strip_suffix(".seg").unwrap();
    fs::rename(s.a_dir.join(&name), s.a_dir.join(format!("{stem}.sync-conflict-20261201-0101-X.seg"))).unwrap();
    fs::rename(aside.path().join(&name), s.a_dir.join(&name)).unwrap();
    s.b.pass_anyway();
    assert!(titles(&s.b).contains(&"From A".to_owned()));

    // A sees the copy, moves its changes to a new identity; C publishes its own again.
    problems_with(&s.a.pass_anyway(), "now syncs as a new device");
    for _ in 0..2 {
        c.pass_anyway();
        s.b.pass_anyway();
        s.a.pass_anyway();
    }
    for l in [&s.a, &s.b, &c] {
        let all = titles(l);
        assert!(all.contains(&"From A".to_owned()) && all.contains(&"From C".to_owned()), "{all:?}");
    }
    s.assert_same();
    assert_eq!(c.dump(), s.a.dump());
    // The copy is gone (every change in it is held), so nobody has anything more to say.
    for l in [&c, &s.b, &s.a] {
        assert!(l.pass_anyway().problems.is_empty());
    }
}

#[test]
fn a_third_laptop_does_not_wait_for_an_identity_a_restored_laptop_abandoned() {
    let mut s = synced();
    let lee = s.a.me();
    let kim = workspace::add_member(s.a.core(), &lee, "Kim", crate::workspace::Role::Senior, None).unwrap();
    let invite = folder::invite_create(s.a.core(), &lee, &kim.id).unwrap();
    s.a.pass();
    let c = Laptop::new();
    folder::join(c.core(), &s.folder, &invite.invite).unwrap();
    c.pass();
    let saved = backup(&mut s);
    s.a_edits_and_passes();
    c.pass();
    // Lee's laptop is restored twice from one backup; each time it edits offline and moves to a
    // new identity at its next pass. The first new identity is then abandoned: nothing moves
    // away from it, and it never passes again.
    for n in 1..=2 {
        restore(&mut s, saved.path());
        goals::create(s.a.core(), &lee, &format!("Written after restore {n}"), "", "").unwrap();
        problems_with(&s.a.pass_anyway(), "now syncs as a new device");
        c.pass();
    }
    // Kim edits; every laptop passes until each has seen everything.
    let kims = c.me();
    goals::create(c.core(), &kims, "Kim's goal", "", "").unwrap();
    for _ in 0..2 {
        c.pass();
        s.a.pass();
        s.b.pass();
    }
    c.pass();
    s.assert_same();
    let status = folder::status(c.core()).unwrap();
    assert_eq!(status.unseen_by_others, 0, "Lee's old identity will never pass again: {:?}", status.devices);
    let lees: Vec<_> = status.devices.iter().filter(|d| d.member_name == "Lee").collect();
    assert!(lees.iter().any(|d| d.replaced), "the identity left behind is shown as replaced: {lees:?}");
    let live: Vec<_> = lees.iter().filter(|d| !d.replaced).collect();
    assert_eq!(live.len(), 1, "{lees:?}");
    let live = live[0];
    assert_eq!(live.device_id, workspace::info(s.a.core()).unwrap().unwrap().device_id);
}
