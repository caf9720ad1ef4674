fn main() {
    // Only the commands listed here may be called from the UI, and only through a capability
    // that grants them (capabilities/default.json).
    let manifest = tauri_build::AppManifest::new().commands(&["baton_call", "set_menu", "notify"]);
    if let Err(e) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)) {
        println!("cargo:warning=tauri build step failed: {e:#}");
        std::process::exit(1);
    }
}
