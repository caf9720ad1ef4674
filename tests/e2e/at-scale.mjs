// Measures a built Baton on a workspace (scripts/app-at-scale.sh runs it; see that script's
// header for what each figure means). Run under Xvfb:
//   node tests/e2e/at-scale.mjs --app target/release/baton-app --data-dir DIR [--runs 5]
// Each run starts the app on DIR through tauri-driver, reads the cold start, visits every page
// (Alignment, Sync, Goals, Snapshots, then Roadmap, Alignment and Sync again), reads the memory,
// and quits. Prints each run, then a summary table with the targets.

import { availableParallelism, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { launch } from "./harness.mjs";
import { coldStartMs, memory, visit } from "./timing.mjs";

const { values } = parseArgs({
  options: {
    app: { type: "string" },
    "data-dir": { type: "string" },
    runs: { type: "string", default: "5" },
  },
});
if (!values.app || !values["data-dir"]) {
  console.error("usage: node tests/e2e/at-scale.mjs --app BINARY --data-dir DIR [--runs N]");
  process.exit(2);
}
const dataDir = values["data-dir"];
const runs = Number(values.runs);

const COLD_START_TARGET_MS = 1000;
const MEMORY_TARGET_MB = 300;
/** A page shown this soon after the click reads as instant: no visible pause. */
const PAGE_TARGET_MS = 100;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const worst = (xs) => Math.max(...xs);
const ms = (x) => `${Math.round(x)} ms`;
const mb = (kb) => `${(kb / 1024).toFixed(0)} MB`;

const cold = [];
/** Per page: the first visit's time (the page reads its data) and the return visit's (the
 * page shows what it read last time at once and reads again behind it), one per run. */
const pages = {
  roadmap: { first: [], again: [] },
  alignment: { first: [], again: [] },
  sync: { first: [], again: [] },
};
const memories = [];

/** Opens the app; a session that fails to open (WebKitWebDriver refuses one now and then on a
 * busy machine) is tried once more. */
async function open() {
  try {
    return await launch(dataDir, { app: values.app });
  } catch (e) {
    console.log(`opening the app failed, trying once more: ${e.message.split("\n")[0]}`);
    return launch(dataDir, { app: values.app });
  }
}

const loadBefore = loadavg()[0];
for (let run = 1; run <= runs; run++) {
  const app = await open();
  try {
    const { browser } = app;
    cold.push(await coldStartMs(browser, dataDir));
    // The first page (the Roadmap, or for leadership the ideas awaiting it) is the cold start.
    pages.alignment.first.push(await visit(browser, "alignment"));
    pages.sync.first.push(await visit(browser, "sync"));
    await visit(browser, "goals");
    await visit(browser, "snapshots");
    pages.roadmap.again.push(await visit(browser, "roadmap"));
    pages.alignment.again.push(await visit(browser, "alignment"));
    pages.sync.again.push(await visit(browser, "sync"));
    // Let the last page's reads and any collection settle before reading the memory.
    await browser.pause(1000);
    const mem = await memory(dataDir);
    memories.push(mem);
    const pageText = Object.entries(pages)
      .map(([p, t]) => `${p} ${t.first.length === run ? ms(t.first.at(-1)) : "-"} / ${ms(t.again.at(-1))}`)
      .join(", ");
    console.log(
      `run ${run}: cold start ${ms(cold.at(-1))}; pages first / again: ${pageText}; ` +
        `PSS ${mem.map((p) => `${p.name} ${mb(p.pssKb)}`).join(" + ")} = ${mb(mem.reduce((n, p) => n + p.pssKb, 0))}`,
    );
  } finally {
    await app.close();
  }
}

// Memory: the run with the largest total, each process on its own line.
const total = (mem) => mem.reduce((n, p) => n + p.pssKb, 0);
const heaviest = memories.reduce((a, b) => (total(b) > total(a) ? b : a));

const rows = [
  ["cold start to interactive, median", ms(median(cold)), `≤ ${COLD_START_TARGET_MS} ms`, median(cold) <= COLD_START_TARGET_MS],
  ["cold start to interactive, worst", ms(worst(cold)), `≤ ${COLD_START_TARGET_MS} ms`, worst(cold) <= COLD_START_TARGET_MS],
  ...heaviest.map((p) => [`  PSS ${p.name}`, mb(p.pssKb), "", null]),
  ["memory (PSS), app + WebKit, after every page", mb(total(heaviest)), `≤ ${MEMORY_TARGET_MB} MB`, total(heaviest) / 1024 <= MEMORY_TARGET_MB],
];
for (const [page, t] of Object.entries(pages)) {
  for (const [which, xs] of [
    ["first visit", t.first],
    ["return visit", t.again],
  ]) {
    if (xs.length === 0) continue;
    rows.push([`${page}: click → content shown, ${which}, median`, ms(median(xs)), `≤ ${PAGE_TARGET_MS} ms`, median(xs) <= PAGE_TARGET_MS]);
    rows.push([`${page}: click → content shown, ${which}, worst`, ms(worst(xs)), `≤ ${PAGE_TARGET_MS} ms`, worst(xs) <= PAGE_TARGET_MS]);
  }
}

const width = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
// Other work on the machine slows every figure: say how busy it was.
const load = `load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after, on ${availableParallelism()} cores`;
console.log(`\nsummary over ${runs} runs (${dataDir}; ${load}):`);
for (const [figure, value, target, met] of rows) {
  const verdict = met === null ? "" : met ? "met" : "MISSED";
  console.log(`  ${figure.padEnd(width[0])}  ${value.padStart(width[1])}  ${target.padEnd(width[2])}  ${verdict}`);
}
