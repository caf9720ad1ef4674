//! How the webview draws. Without a GPU (no DRM render node: a virtual machine, a remote
//! desktop, CI), WebKitGTK's accelerated compositing draws every frame through Mesa's software
//! rasteriser (llvmpipe): measured here, ~120 MB more in the web process (247 MB instead of
//! 366 MB for the app and its WebKit processes on the sample workspace) and slower pages, for
//! nothing a GPU would have given. So Baton draws without it there; with a GPU, WebKit's
//! default stays. A user's own `WEBKIT_DISABLE_COMPOSITING_MODE` (`0` turns compositing back
//! on) always wins.

/// Sets the webview's defaults for this machine; call first in `run`, before any thread starts
/// (the environment is read by WebKit when the window is made).
pub(crate) fn choose() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() && !has_gpu() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
}

/// A GPU Mesa and WebKit can draw with: a DRM render node (`/dev/dri/renderD128`, …).
#[cfg(target_os = "linux")]
fn has_gpu() -> bool {
    std::fs::read_dir("/dev/dri")
        .map(|dir| dir.flatten().any(|e| e.file_name().to_string_lossy().starts_with("renderD")))
        .unwrap_or(false)
}
