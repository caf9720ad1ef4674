#!/usr/bin/env bash
# `npm test`: every check CI runs, in order, stopping at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"

# Safety net: nothing a test starts may touch the real workspace.
BATON_DATA_DIR="$(mktemp -d)"
export BATON_DATA_DIR
trap 'rm -rf "$BATON_DATA_DIR"' EXIT

# A clean CI clone builds everything once, so incremental compilation only costs disk (its
# caches were about a third of target/); the disk left is printed so a full disk is plain.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"
df -h . | tail -1 | awk '{print "[disk] " $4 " free before the run"}'

# Each step says how long the run has taken so far, to see where the minutes go.
step() { printf '\n\033[1m== %s\033[0m (at %d s)\n' "$*" "$SECONDS"; }

step "build the UI (the app embeds ui/dist)"
npx vite build --logLevel warn
step "cargo fmt --check"
cargo fmt --all --check
step "cargo clippy"
cargo clippy -q --workspace --all-targets -- -D warnings
step "cargo test (core, CLI, bindings drift check)"
cargo test -q --workspace
step "tsc --noEmit"
npx tsc --noEmit -p .
step "eslint"
npx eslint --max-warnings 0 .
step "build the app and the CLI (the component and end-to-end tests run them)"
cargo build -q -p baton-app -p baton-cli
step "vitest (component tests against the real core: baton rpc)"
# The binary just built: letting Vitest build the CLI alone would resolve crate features for
# it alone and recompile shared dependencies.
BATON_BIN="$PWD/target/debug/baton" npx vitest run
step "end-to-end: the real app under Xvfb through tauri-driver"
# Inside a private D-Bus session: a second launch finds the first through it (single instance).
timeout 1200 dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" node --test --test-concurrency=1 --test-timeout=300000 tests/e2e/
step "package: npm run bundle (the release .deb), unpacked into a throwaway root and started"
bash scripts/bundle.sh
timeout 900 dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" node --test --test-timeout=300000 tests/package/
df -h . | tail -1 | awk '{print "[disk] " $4 " free after the run"}'
printf '\nall checks passed in %d s\n' "$SECONDS"
