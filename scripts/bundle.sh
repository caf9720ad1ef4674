#!/usr/bin/env bash
# `npm run bundle`: installable packages of the release app, made by the Tauri bundler, in
# target/release/bundle/: a .deb (always) and an AppImage (when GitHub is reachable: the
# bundler downloads its linuxdeploy tool from there). The .deb holds the app (`baton-app`) and
# the command-line tool (`baton`), a menu entry and the icons.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

# The CLI goes into the package beside the app (tauri.conf.json: bundle.linux.deb.files).
cargo build --release -q -p baton-cli

bundles="deb"
if curl -fsI --max-time 5 https://github.com >/dev/null 2>&1; then
  bundles="deb,appimage"
else
  echo "[bundle] GitHub is not reachable: building the .deb only (the AppImage bundler downloads linuxdeploy from GitHub)"
fi
TAURI_APP_PATH=src-tauri npx tauri build --ci --bundles "$bundles"
find target/release/bundle -maxdepth 2 \( -name '*.deb' -o -name '*.AppImage' \) | sed 's/^/[bundle] built /'
