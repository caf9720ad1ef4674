#!/usr/bin/env bash
# `npm run app`: set up, build, and open Baton on a ready workspace. If the workspace directory
# ($BATON_DATA_DIR, else ~/.local/share/app.baton.desktop) has no workspace yet, a sample one is
# created so there is a real roadmap to look at; delete that directory to start from scratch.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"

echo "[app] building the UI and the app (the first build takes a few minutes)"
npx vite build --logLevel warn
cargo build -q -p baton-app -p baton-cli

if ! target/debug/baton whoami >/dev/null 2>&1; then
  target/debug/baton sample
fi
echo "[app] workspace: $(target/debug/baton where)"

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "[app] no display found: running Baton inside a virtual X server (xvfb-run); screenshots only"
  exec xvfb-run -a -s "-screen 0 1280x800x24" target/debug/baton-app
fi
exec target/debug/baton-app
