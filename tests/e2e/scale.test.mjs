// The app on a generated organisation (`baton dev seed --scale small`: 4 products, ~300 roadmap
// items, teammates' laptops syncing through a folder): Roadmap, Alignment and Sync show what the
// workspace holds, as the CLI reads it, and scrolling brings the later rows of the (windowed)
// Alignment tree into view. Prints how long each page took to show — never asserted: speed is
// measured by scripts/app-at-scale.sh, not by tests. Then a junior joins that workspace from a
// new laptop in the app: while the join pulls its ~28,000 changes, a status line says so.

import { test } from "node:test";
import assert from "node:assert/strict";
import { launch, tempDataDir, removeDir, cli, byId, textsOf, waitForText, fill, click } from "./harness.mjs";
import { coldStartMs, memory, visit } from "./timing.mjs";

/** Scrolls the page (Frame's <main>) to `where` ("bottom" or px from the top) and lets it render. */
async function scrollPage(browser, where) {
  await browser.execute((to) => {
    const page = document.querySelector("main.page");
    page.scrollTop = to === "bottom" ? page.scrollHeight : to;
  }, where);
  await browser.pause(200);
}

/** Whether a button named `title` is in the page and inside the visible part of the window. */
async function onScreen(browser, title) {
  return browser.execute((t) => {
    const button = [...document.querySelectorAll('[data-testid="align-item-open"]')].find((b) => b.textContent === t);
    if (!button) return false;
    const r = button.getBoundingClientRect();
    return r.bottom > 0 && r.top < window.innerHeight;
  }, title);
}

/** The titles of an alignment tree's nodes, depth first, as the page lists them. */
function titles(nodes) {
  return nodes.flatMap((n) => [n.item.title, ...titles(n.children)]);
}

test("a generated workspace: Roadmap, Alignment and Sync show it; scrolling the tree brings later rows (timings printed); a junior's join says where it stands", async (t) => {
  const dir = tempDataDir();
  let folder;
  try {
    const seeded = cli(dir, "dev", "seed", "--scale", "small");
    folder = seeded.folder;
    const [first] = cli(dir, "product", "list");
    const items = cli(dir, "item", "list", "--product", first.id);
    const alignment = cli(dir, "alignment");
    const status = cli(dir, "sync", "--status");

    const app = await launch(dir);
    try {
      const { browser } = app;
      const times = { "cold start": await coldStartMs(browser, dir) };
      // Leadership opens on the ideas awaiting its decision when there are any (the generator
      // makes some): go to the Roadmap as they would.
      if ((await (await byId(browser, "nav-roadmap")).getAttribute("aria-current")) !== "page") {
        await visit(browser, "roadmap");
      }

      // Roadmap: the first product's three horizons, every card of it.
      assert.equal(await (await byId(browser, "product-select")).getValue(), first.id);
      const cards = await textsOf(browser, "item-card");
      assert.equal(cards.length, items.length, "every item of the product has its card");
      for (const horizon of ["five_year", "three_year", "one_year"]) {
        const lane = (await textsOf(browser, `lane-${horizon}`))[0];
        for (const item of items.filter((i) => i.horizon === horizon)) {
          assert.ok(lane.includes(item.title), `${item.title} is in the ${horizon} lane`);
        }
      }

      // Alignment, every product: the goals in order, the first rows on screen, the last ones
      // brought by scrolling — only the rows near the screen are in the page.
      times["alignment, first visit"] = await visit(browser, "alignment");
      const goals = await textsOf(browser, "align-goal");
      assert.deepEqual(
        goals.map((g) => alignment.goals.find((a) => g.startsWith(a.goal.title))?.goal.title),
        alignment.goals.map((g) => g.goal.title),
      );
      const tree = alignment.goals.flatMap((g) => titles(g.themes));
      assert.ok(await onScreen(browser, tree[0]), `${tree[0]}, the first row, is on screen`);
      const last = tree.at(-1);
      assert.equal(await onScreen(browser, last), false, `${last}, the last row, is not on screen yet`);
      const rendered = (await browser.$$('[data-testid="align-node"]')).length;
      assert.ok(rendered < tree.length, `${rendered} of ${tree.length} rows rendered`);
      await scrollPage(browser, "bottom");
      await browser.waitUntil(() => onScreen(browser, last), { timeout: 5000, timeoutMsg: `${last} did not come into view` });
      assert.equal(await onScreen(browser, tree[0]), false, "the first row has scrolled away");
      for (const n of alignment.unaligned) await waitForText(browser, "unaligned-item", n.item.title);

      // Sync: every other laptop, no conflicts (no two laptops edited the same thing).
      times["sync, first visit"] = await visit(browser, "sync");
      const devices = await textsOf(browser, "sync-device");
      assert.equal(devices.length, status.devices.length);
      for (const d of status.devices) {
        assert.ok(devices.some((text) => text.startsWith(`${d.memberName}'s laptop`)), `${d.memberName}'s laptop is listed`);
      }
      const none = await browser.$('//p[contains(., "No conflicts: every edit merged cleanly.")]');
      await none.waitForDisplayed({ timeout: 20000 });

      times["roadmap, return visit"] = await visit(browser, "roadmap");
      times["alignment, return visit"] = await visit(browser, "alignment");
      times["sync, return visit"] = await visit(browser, "sync");
      const mem = await memory(dir);

      t.diagnostic(
        `small workspace, debug build: ${Object.entries(times)
          .map(([what, ms]) => `${what} ${Math.round(ms)} ms`)
          .join(", ")}; PSS ${mem.map((p) => `${p.name} ${Math.round(p.pssKb / 1024)} MB`).join(" + ")}`,
      );
    } finally {
      await app.close();
    }

    // A junior joins from a new laptop: the join pulls the whole workspace (seconds), and the
    // window says what it is doing and how many changes have come while it does.
    const junior = cli(dir, "member", "list").find((m) => m.role === "junior");
    const invite = cli(dir, "invite", "create", "--member", junior.id).invite;
    const laptop = tempDataDir();
    const second = await launch(laptop);
    try {
      const { browser } = second;
      await fill(browser, "onboard-join-folder", folder);
      await fill(browser, "onboard-join-invite", invite);
      await click(browser, "onboard-join-submit");
      const seen = [];
      await browser.waitUntil(
        async () => {
          const line = await browser.$('[data-testid="sync-activity"]');
          if (await line.isExisting()) seen.push(await line.getText());
          return seen.length > 0;
        },
        { timeout: 30000, interval: 100, timeoutMsg: "the join never said where it stood" },
      );
      assert.match(seen[0], /^Joining the workspace: [\d,]+ changes? received/);
      await waitForText(browser, "whoami", junior.name, 120000);
      const line = await browser.$('[data-testid="sync-activity"]');
      await line.waitForExist({ reverse: true, timeout: 10000, timeoutMsg: "the status line stayed after the join" });
      t.diagnostic(`join in the app: first said "${seen[0]}"`);
    } finally {
      await second.close();
      removeDir(laptop);
    }
  } finally {
    removeDir(dir);
    if (folder) removeDir(folder);
  }
});
