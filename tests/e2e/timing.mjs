// What the app costs, read from a running Baton: when a page showed its data (the User Timing
// marks `ui/src/marks.ts` sets, read through WebDriver), when the app's process started, and
// the memory of the app and its WebKit processes. Used by scripts/app-at-scale.sh and the
// timing e2e test; nothing here asserts on a time.

import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { appPids, byId } from "./harness.mjs";

/** The mark a page sets once it shows its data (as `shownMark` in ui/src/marks.ts). */
const shownMark = (page) => `baton:shown:${page}`;

/** Milliseconds since 1970 at which the page's mark `name` was set, or null when not (yet) set. */
async function markEpochMs(browser, name) {
  return browser.execute((n) => {
    const entries = performance.getEntriesByName(n, "mark");
    if (entries.length === 0) return null;
    return performance.timeOrigin + entries[entries.length - 1].startTime;
  }, name);
}

/** Waits until `page` has shown its data (its mark set after page time `after`, in ms since the
 * page's time origin); returns that mark's page time. */
async function waitShown(browser, page, after, timeout) {
  let at = null;
  await browser.waitUntil(
    async () => {
      at = await browser.execute(
        (n, t) => {
          const e = performance.getEntriesByName(n, "mark").at(-1);
          return e && e.startTime >= t ? e.startTime : null;
        },
        shownMark(page),
        after,
      );
      return at !== null;
    },
    { timeout, interval: 20, timeoutMsg: `the ${page} page did not show its data within ${timeout} ms` },
  );
  return at;
}

/**
 * Goes to `page` the way a click on its navigation button does, and returns the milliseconds
 * from that click to the page's data shown and painted (its mark): the time a person waits.
 */
export async function visit(browser, page, timeout = 60000) {
  await byId(browser, `nav-${page}`);
  const clickedAt = await browser.execute((id) => {
    const t = performance.now();
    document.querySelector(`[data-testid="${id}"]`).click();
    return t;
  }, `nav-${page}`);
  return (await waitShown(browser, page, clickedAt, timeout)) - clickedAt;
}

/** Seconds since boot → ms since 1970, from /proc/uptime (read together with the clock). */
function bootEpochMs() {
  const uptime = Number(readFileSync("/proc/uptime", "utf8").split(" ")[0]);
  return Date.now() - uptime * 1000;
}

/** Clock ticks per second of /proc/<pid>/stat's start time (USER_HZ: 100 on Linux). */
const TICKS_PER_S = 100;

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces). */
function statFields(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/** When process `pid` started, in ms since 1970 (to the 10 ms tick). */
export function startedAtMs(pid) {
  // Field 22 of stat is the start time in ticks since boot; fields[0] is field 3.
  return bootEpochMs() + (Number(statFields(pid)[19]) / TICKS_PER_S) * 1000;
}

/** The one Baton app running on `dataDir`, waiting for it to appear. */
export async function appPid(dataDir, timeout = 10000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const pids = appPids(dataDir);
    if (pids.length === 1) return pids[0];
    if (pids.length > 1) throw new Error(`${pids.length} Baton apps run on ${dataDir}`);
    if (Date.now() > deadline) throw new Error(`no Baton app runs on ${dataDir}`);
    await new Promise((done) => setTimeout(done, 20));
  }
}

/**
 * Cold start of the app `launch` just opened on `dataDir`, in ms: from its process's start to
 * the first page (Roadmap) showing the workspace's data, painted, with the main thread free
 * for input (its mark). The start is read from /proc (10 ms ticks), the mark through WebDriver.
 */
export async function coldStartMs(browser, dataDir, timeout = 60000) {
  const pid = await appPid(dataDir);
  const started = startedAtMs(pid);
  // The first page: the Roadmap, or — for leadership with ideas awaiting a decision — those.
  let first = null;
  await browser.waitUntil(
    async () => {
      first = await browser.execute(
        (names) => names.find((n) => performance.getEntriesByName(n, "mark").length > 0) ?? null,
        FIRST_PAGES.map(shownMark),
      );
      return first !== null;
    },
    { timeout, interval: 20, timeoutMsg: `no first page showed its data within ${timeout} ms` },
  );
  return (await markEpochMs(browser, first)) - started;
}

/** The pages the app may open on, for a senior PM or leadership. */
const FIRST_PAGES = ["roadmap", "decide"];

/** The processes below `pid` (children, grandchildren, …). */
function descendants(pid) {
  const parent = new Map();
  for (const p of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      parent.set(Number(p), Number(statFields(p)[1]));
    } catch {
      // ended meanwhile
    }
  }
  const out = [];
  const walk = (of) => {
    for (const [child, ppid] of parent) {
      if (ppid === of) {
        out.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return out;
}

/** The program `pid` runs (its file name: /proc/<pid>/comm cuts names at 15 characters). */
function programOf(pid) {
  const argv0 = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0];
  return argv0 ? path.basename(argv0) : readFileSync(`/proc/${pid}/comm`, "utf8").trim();
}

/** Proportional set size of `pid` in kB: its private pages plus its share of shared ones. */
function pssKb(pid) {
  const line = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8").match(/^Pss:\s+(\d+) kB/m);
  if (!line) throw new Error(`no Pss in /proc/${pid}/smaps_rollup`);
  return Number(line[1]);
}

/**
 * Memory of the app on `dataDir` and of every process it started (WebKitWebProcess,
 * WebKitNetworkProcess, …): [{ name, pid, pssKb }], the app first.
 */
export async function memory(dataDir) {
  const app = await appPid(dataDir);
  return [app, ...descendants(app)].map((pid) => ({
    name: programOf(pid),
    pid,
    pssKb: pssKb(pid),
  }));
}
