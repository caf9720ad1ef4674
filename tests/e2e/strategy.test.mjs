// Journey 1 of PRODUCT.md on the real app: a senior PM, offline, drafts the roadmap of a
// product they own — product, theme, initiative, two one-year items linked up the horizons,
// requirements and a guardrail (inherited by the one-year item), an unaligned item flagged,
// a planning-cycle snapshot, a move to another quarter by keyboard and by dragging (with the
// real mouse), and the
// diff that shows the moves. The CLI then reads the same file.

import { test } from "node:test";
import assert from "node:assert/strict";
import { Key } from "webdriverio";
import { launch, tempDataDir, removeDir, cli, byId, click, fill, choose, chooseValue, waitForText, textsOf, visibleText, dragWithMouse, onboard } from "./harness.mjs";


/** The roadmap card titled `title` (waits for it). */
async function card(browser, title) {
  await waitForText(browser, "item-card", title);
  for (const c of await browser.$$('[data-testid="item-card"]')) {
    if ((await visibleText(c)).includes(title)) return c;
  }
  throw new Error(`no card ${title}`);
}

async function addItem(browser, horizon, period, title, parent) {
  await chooseValue(browser, "item-horizon", horizon);
  await chooseValue(browser, "item-period", period);
  await fill(browser, "item-title", title);
  if (parent) await choose(browser, "item-parent", parent);
  else await chooseValue(browser, "item-parent", "");
  await click(browser, "item-add");
  await waitForText(browser, `lane-${horizon}`, title);
}

async function openDetail(browser, title) {
  await (await card(browser, title)).click();
  const detail = await byId(browser, "item-detail");
  await browser.waitUntil(async () => (await visibleText(detail)).includes(title), {
    timeout: 20000,
    timeoutMsg: `the detail of ${title} did not open`,
  });
  return detail;
}

async function periodOf(browser, title) {
  return (await card(browser, title)).getAttribute("data-period");
}

test("journey 1: a senior PM drafts a product's roadmap on three horizons, snapshots it and sees a move in the diff", async () => {
  const dir = tempDataDir();
  try {
    const app = await launch(dir);
    try {
      const { browser } = app;
      await onboard(browser, "Acme", "Sam Rivera", "senior");

      // An organisation goal with its measure.
      await click(browser, "nav-goals");
      await fill(browser, "goal-title", "Grow self-serve revenue");
      await fill(browser, "goal-measure", "Net new ARR from self-serve plans");
      await click(browser, "goal-add");
      await waitForText(browser, "goal-item", "Net new ARR from self-serve plans");

      // The product, planning from 2027.
      await click(browser, "nav-roadmap");
      await fill(browser, "product-name", "Checkout");
      await fill(browser, "product-base-year-new", "2027");
      await click(browser, "product-add");
      await waitForText(browser, "product-window", "2027");
      const quarters = [];
      for (const col of await browser.$$('[data-testid="lane-one_year"] [data-testid="period"]')) {
        quarters.push(await col.getAttribute("data-period"));
      }
      assert.deepEqual(quarters, ["2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"], "the one-year lane is the base year's quarters");

      // Theme → initiative → two one-year items, each linked to the next-longer horizon.
      await addItem(browser, "five_year", "2030", "One-click checkout everywhere", "Grow self-serve revenue");
      await addItem(browser, "three_year", "2027-H2", "Wallets and saved payment methods", "One-click checkout everywhere");
      await addItem(browser, "one_year", "2027-Q1", "Apple Pay", "Wallets and saved payment methods");
      await addItem(browser, "one_year", "2027-Q2", "Saved cards", "Wallets and saved payment methods");
      // The parent choices for a one-year item are only three-year initiatives.
      await chooseValue(browser, "item-horizon", "one_year");
      const parents = [];
      for (const o of await (await byId(browser, "item-parent")).$$("option")) parents.push(await o.getText());
      assert.ok(parents.some((p) => p.includes("Wallets")), `parents offered: ${parents}`);
      assert.ok(!parents.some((p) => p.includes("One-click checkout everywhere")), "a theme is not offered to a one-year item");

      // An item that serves nothing is flagged on its card and on the Alignment page.
      await addItem(browser, "one_year", "2027-Q4", "Import from spreadsheets", null);
      const loose = await card(browser, "Import from spreadsheets");
      assert.equal(await loose.getAttribute("data-unaligned"), "true");
      assert.equal((await loose.$$('[data-testid="flag-unaligned"]')).length, 1);
      assert.equal(await (await card(browser, "Apple Pay")).getAttribute("data-unaligned"), null);

      // A guardrail on the initiative.
      let detail = await openDetail(browser, "Wallets and saved payment methods");
      await chooseValue(browser, "guardrail-kind", "must_not");
      await fill(browser, "guardrail-statement", "Never store raw card numbers");
      await click(browser, "guardrail-add");
      await waitForText(browser, "guardrail-row", "Never store raw card numbers");
      await click(browser, "item-detail-close");

      // Requirements on the one-year item, previewed as Markdown; the initiative's guardrail
      // shows there as inherited, with where it comes from.
      detail = await openDetail(browser, "Apple Pay");
      const inherited = await detail.$('[data-testid="guardrail-row"][data-inherited="true"]');
      await inherited.waitForDisplayed({ timeout: 20000 });
      assert.match(await visibleText(inherited), /Never store raw card numbers/);
      assert.match(await visibleText(await inherited.$('[data-testid="guardrail-source"]')), /Wallets and saved payment methods/);
      assert.match(await visibleText(await byId(browser, "item-serves")), /Wallets and saved payment methods/);
      if (!(await (await browser.$('[data-testid="requirements-edit"]')).isDisplayed())) {
        await click(browser, "requirements-tab-edit");
      }
      // WebKitWebDriver drops "\n" in typed text: new lines are typed as Enter.
      const requirements = "## Must\n\n- Apple Pay on Safari and iOS\n- Fall back to the card form";
      await fill(browser, "requirements-edit", requirements.replaceAll("\n", Key.Enter));
      await click(browser, "requirements-save");
      await click(browser, "requirements-tab-preview");
      const preview = await byId(browser, "requirements-preview");
      await preview.$("h5").waitForDisplayed({ timeout: 20000 });
      assert.equal(await visibleText(await preview.$("h5")), "Must");
      assert.equal((await preview.$$("li")).length, 2);
      await click(browser, "item-detail-close");

      await click(browser, "nav-alignment");
      await waitForText(browser, "unaligned-item", "Import from spreadsheets");
      await waitForText(browser, "align-goal", "Grow self-serve revenue");
      await waitForText(browser, "align-counts", "1 theme");
      assert.ok(!(await textsOf(browser, "unaligned-item")).some((t) => t.includes("Apple Pay")));

      // Freeze the plan.
      await click(browser, "nav-snapshots");
      await fill(browser, "snapshot-name", "2027 plan, approved 2026-12-10");
      await click(browser, "snapshot-create");
      await waitForText(browser, "snapshot-row", "2027 plan, approved 2026-12-10");

      // Move Apple Pay a quarter later from the keyboard (Alt+→ on the focused card).
      await click(browser, "nav-roadmap");
      const apple = await card(browser, "Apple Pay");
      await browser.execute((el) => el.focus(), apple);
      await browser.action("key").down(Key.Alt).down(Key.ArrowRight).up(Key.ArrowRight).up(Key.Alt).perform();
      await browser.waitUntil(async () => (await periodOf(browser, "Apple Pay")) === "2027-Q2", {
        timeout: 20000,
        timeoutMsg: "Alt+→ did not move Apple Pay to 2027-Q2",
      });

      // Drag Saved cards to Q3, with the mouse.
      const saved = await card(browser, "Saved cards");
      const q3 = await browser.$('[data-testid="lane-one_year"] [data-testid="period"][data-period="2027-Q3"]');
      await dragWithMouse(browser, saved, q3);
      await browser.waitUntil(async () => (await periodOf(browser, "Saved cards")) === "2027-Q3", {
        timeout: 20000,
        timeoutMsg: "dragging did not move Saved cards to 2027-Q3",
      });

      // The diff with now shows both moves, and nothing else as moved.
      await click(browser, "nav-snapshots");
      await waitForText(browser, "snapshot-row", "2027 plan");
      await click(browser, "snapshot-diff");
      await byId(browser, "snapshot-diff-view");
      await waitForText(browser, "diff-entry", "Apple Pay");
      const moved = [];
      for (const e of await browser.$$('[data-testid="diff-entry"][data-kind="moved"]')) moved.push(await visibleText(e));
      assert.equal(moved.length, 2, `moved entries: ${JSON.stringify(moved)}`);
      assert.ok(moved.some((t) => t.includes("Apple Pay") && t.includes("2027-Q1") && t.includes("2027-Q2")), JSON.stringify(moved));
      assert.ok(moved.some((t) => t.includes("Saved cards") && t.includes("2027-Q2") && t.includes("2027-Q3")), JSON.stringify(moved));
      const changed = [];
      for (const e of await browser.$$('[data-testid="diff-entry"][data-kind="changed"]')) changed.push(await visibleText(e));
      assert.deepEqual(changed, [], "the snapshot was taken after the requirements and guardrail");
    } finally {
      await app.close();
    }

    // The same file, read by the CLI.
    const items = cli(dir, "item", "list", "--product", "Checkout");
    assert.deepEqual(
      items.map((i) => [i.period, i.title, i.unaligned]),
      [
        ["2030", "One-click checkout everywhere", false],
        ["2027-H2", "Wallets and saved payment methods", false],
        ["2027-Q2", "Apple Pay", false],
        ["2027-Q3", "Saved cards", false],
        ["2027-Q4", "Import from spreadsheets", true],
      ].map(([p, t, u]) => [p, t, u]),
    );
    const diff = cli(dir, "snapshot", "diff", "2027 plan, approved 2026-12-10");
    assert.deepEqual(
      diff.entries.filter((e) => e.kind === "moved").map((e) => [e.title, e.before, e.after]),
      [
        ["Apple Pay", "2027-Q1", "2027-Q2"],
        ["Saved cards", "2027-Q2", "2027-Q3"],
      ],
    );
  } finally {
    removeDir(dir);
  }
});
