#!/usr/bin/env bash
# The app at organisation scale: builds the release app, opens it on a large workspace under
# Xvfb and prints what a person would feel, against the targets.
#
#   scripts/app-at-scale.sh [--scale small|large] [--data-dir DIR] [--runs N]
#
# Workspace: by default `baton dev seed --scale large` (PRODUCT.md's organisation), built once
# into target/at-scale/<scale>/ and reused (delete that folder to seed again); --data-dir DIR
# measures an existing workspace instead. Either way the app runs on a scratch copy of the data
# directory, so a run changes nothing in it (visiting Sync marks conflicts seen); the app's own
# sync passes still rewrite this laptop's device.json in the workspace's sync folder.
#
# What is measured (tests/e2e/at-scale.mjs through WebDriver: tauri-driver + WebKitWebDriver;
# the times are User Timing marks the UI sets, ui/src/marks.ts, read after the fact — nothing
# is polled for, so no polling interval is added to a figure):
# - cold start to interactive: from the app's process start (its start time in
#   /proc/<pid>/stat, to the 10 ms tick) to the first page (Roadmap) showing the workspace's
#   data — the selected product's lanes rendered from the core's answers — and a frame later
#   painted, with the main thread free to take input (the mark is set from a task queued by
#   the requestAnimationFrame after that render). The disk cache is warm after the first run:
#   "cold" is the process, not the disk. Median and worst of N runs (default 5); target 1 s.
# - memory: proportional set size (Pss in /proc/<pid>/smaps_rollup: private pages plus a share
#   of shared ones, so processes add up) of the app and of each process it started
#   (WebKitWebProcess, WebKitNetworkProcess), after visiting every page; the run with the
#   largest total is shown. Target: 300 MB together.
# - pages: from a click on a page's navigation button to its content shown and painted (the
#   same mark), for Roadmap, Alignment and Sync: the first visit (the page reads its data from
#   the core) and a return visit (it shows what it read before at once and re-reads behind).
#   Target: 100 ms, the pause a person notices.
set -euo pipefail
cd "$(dirname "$0")/.."

scale=large
data_dir=""
runs=5
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale="${2:?--scale needs small or large}"; shift 2 ;;
    --data-dir) data_dir="${2:?--data-dir needs a directory}"; shift 2 ;;
    --runs) runs="${2:?--runs needs a number}"; shift 2 ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    *) echo "app-at-scale: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$scale" in small|large) ;; *) echo "app-at-scale: --scale is small or large, not $scale" >&2; exit 2 ;; esac

bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"

echo "[at-scale] building the UI and the release app (incremental: the first build takes minutes)"
# The app embeds ui/dist, and a rewritten ui/dist rebuilds it: build the UI only when its
# sources are newer.
if [ ! -f ui/dist/index.html ] || [ -n "$(find ui/index.html ui/src vite.config.ts package-lock.json -newer ui/dist/index.html -print -quit)" ]; then
  npx vite build --logLevel warn
fi
cargo build -q --release -p baton-app -p baton-cli
app="$PWD/target/release/baton-app"
baton="$PWD/target/release/baton"

if [ -z "$data_dir" ]; then
  seeded="$PWD/target/at-scale/$scale"
  if [ ! -f "$seeded/.seeded" ]; then
    echo "[at-scale] seeding a $scale workspace into $seeded (once; a large one takes a while)"
    rm -rf "$seeded"
    mkdir -p "$seeded"
    "$baton" --data-dir "$seeded/workspace" dev seed --scale "$scale" --folder "$seeded/sync"
    touch "$seeded/.seeded"
  fi
  data_dir="$seeded/workspace"
fi
if ! "$baton" --data-dir "$data_dir" whoami >/dev/null; then
  echo "app-at-scale: no workspace in $data_dir" >&2
  exit 1
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cp -a "$data_dir/." "$scratch/"
echo "[at-scale] measuring on a copy of $data_dir ($(du -sh "$scratch" | cut -f1)), $runs runs"
xvfb-run -a -s "-screen 0 1280x800x24" \
  node tests/e2e/at-scale.mjs --app "$app" --data-dir "$scratch" --runs "$runs"
