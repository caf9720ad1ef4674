//! The TypeScript bindings under ui/src/bindings are committed; this fails when regenerating
//! them would change anything, so the UI never compiles against a stale command map.

use std::collections::BTreeMap;
use std::path::Path;

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            out.insert(name, std::fs::read_to_string(e.path()).unwrap_or_default());
        }
    }
    out
}

#[test]
fn committed_bindings_match_the_command_list() -> std::io::Result<()> {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/bindings");
    let fresh = tempfile::tempdir()?;
    baton_core::api::write_bindings(fresh.path())?;
    let (want, have) = (read_dir(fresh.path()), read_dir(&committed));
    assert!(want.contains_key("commands.ts") && want.len() > 5, "generator wrote {:?}", want.keys());
    let stale: Vec<&String> = want.keys().chain(have.keys()).filter(|k| want.get(*k) != have.get(*k)).collect();
    assert!(stale.is_empty(), "ui/src/bindings is stale ({stale:?}): run `npm run bindings` and commit the result");
    Ok(())
}
