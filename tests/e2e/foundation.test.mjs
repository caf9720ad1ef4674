// The foundation journeys on the real app: first run, the skeleton roadmap journey with bad
// input, a restart, and the CLI and the app sharing one workspace.

import { test } from "node:test";
import assert from "node:assert/strict";
import { launch, tempDataDir, removeDir, cli, byId, click, fill, choose, chooseValue, waitForText, textsOf, visibleText, onboard } from "./harness.mjs";


test("first run: create a workspace, add a goal, a product, a theme and a 1-year item; all survive a restart", async () => {
  const dir = tempDataDir();
  try {
    let app = await launch(dir);
    try {
      const { browser } = app;
      await onboard(browser, "Acme", "Sam Rivera", "senior");
      await waitForText(browser, "workspace-name", "Acme");

      await click(browser, "nav-goals");
      await fill(browser, "goal-title", "Grow self-serve revenue");
      await click(browser, "goal-add");
      await waitForText(browser, "goal-item", "Grow self-serve revenue");
      // An empty title is refused with a visible message, and nothing is added.
      await fill(browser, "goal-title", "   ");
      await click(browser, "goal-add");
      await waitForText(browser, "error", "goal title is empty");
      assert.equal((await textsOf(browser, "goal-item")).length, 1);

      await click(browser, "nav-roadmap");
      await fill(browser, "product-name", "Checkout");
      await fill(browser, "product-base-year-new", "2027");
      await click(browser, "product-add");
      await browser.waitUntil(async () => (await (await byId(browser, "product-select")).getValue()) !== "", {
        timeout: 10000,
        timeoutMsg: "the new product was not selected",
      });
      await waitForText(browser, "product-window", "2027");

      await chooseValue(browser, "item-horizon", "five_year");
      await chooseValue(browser, "item-period", "2030");
      await fill(browser, "item-title", "One-click checkout everywhere");
      await choose(browser, "item-parent", "Grow self-serve revenue");
      await click(browser, "item-add");
      await waitForText(browser, "lane-five_year", "One-click checkout everywhere");

      // An empty title is refused with a visible message, and the choices made stay.
      await chooseValue(browser, "item-horizon", "three_year");
      await chooseValue(browser, "item-period", "2027-H2");
      await fill(browser, "item-title", "   ");
      await click(browser, "item-add");
      await waitForText(browser, "error", "item title is empty");
      assert.equal(await (await byId(browser, "item-period")).getValue(), "2027-H2");
      await fill(browser, "item-title", "Wallets");
      await choose(browser, "item-parent", "One-click checkout everywhere");
      await click(browser, "item-add");
      await waitForText(browser, "lane-three_year", "Wallets");

      await chooseValue(browser, "item-horizon", "one_year");
      await chooseValue(browser, "item-period", "2027-Q1");
      await fill(browser, "item-title", "Apple Pay");
      await choose(browser, "item-parent", "Wallets");
      await click(browser, "item-add");
      await waitForText(browser, "lane-one_year", "Apple Pay");
      const card = await browser.$('[data-testid="lane-one_year"] [data-testid="item-card"]');
      assert.equal(await card.getAttribute("data-period"), "2027-Q1");
      assert.match(await visibleText(card), /Wallets/, "the card says what it serves");
    } finally {
      await app.close();
    }

    // What the app wrote is in the workspace file, as the CLI sees it.
    const items = cli(dir, "item", "list");
    assert.deepEqual(
      items.map((i) => [i.horizon, i.period, i.title]),
      [
        ["five_year", "2030", "One-click checkout everywhere"],
        ["three_year", "2027-H2", "Wallets"],
        ["one_year", "2027-Q1", "Apple Pay"],
      ],
    );

    app = await launch(dir);
    try {
      const { browser } = app;
      await waitForText(browser, "whoami", "Sam Rivera");
      await waitForText(browser, "lane-five_year", "One-click checkout everywhere");
      await waitForText(browser, "lane-one_year", "Apple Pay");
      await click(browser, "nav-goals");
      await waitForText(browser, "goal-item", "Grow self-serve revenue");
      assert.equal((await browser.$$('[data-testid="onboarding"]')).length, 0, "no first-run screen after a restart");
    } finally {
      await app.close();
    }
  } finally {
    removeDir(dir);
  }
});

test("the CLI and the app work on the same workspace", async () => {
  const dir = tempDataDir();
  try {
    cli(dir, "init", "--name", "Kim Park", "--role", "senior", "--workspace", "Globex");
    cli(dir, "goal", "add", "Retain enterprise customers");
    cli(dir, "product", "add", "Billing", "--base-year", "2027");
    cli(dir, "item", "add", "Usage-based pricing", "--product", "Billing", "--horizon", "five_year", "--period", "2029", "--goal", "Retain enterprise customers");

    const app = await launch(dir);
    try {
      const { browser } = app;
      await waitForText(browser, "whoami", "Kim Park");
      await waitForText(browser, "lane-five_year", "Usage-based pricing");

      // Added from the terminal while the app is open: shown when the window is focused again.
      cli(dir, "item", "add", "Metered invoices", "--product", "Billing", "--horizon", "three_year", "--period", "2027-H2", "--parent", "Usage-based pricing");
      await browser.execute(() => window.dispatchEvent(new Event("focus")));
      await waitForText(browser, "lane-three_year", "Metered invoices");

      // Added in the app: the CLI sees it at once.
      await chooseValue(browser, "item-horizon", "three_year");
      await chooseValue(browser, "item-period", "2028-H1");
      await fill(browser, "item-title", "Self-serve plan changes");
      await choose(browser, "item-parent", "Usage-based pricing");
      await click(browser, "item-add");
      await waitForText(browser, "lane-three_year", "Self-serve plan changes");
    } finally {
      await app.close();
    }
    const titles = cli(dir, "item", "list", "--product", "Billing").map((i) => i.title);
    assert.deepEqual(titles, ["Usage-based pricing", "Metered invoices", "Self-serve plan changes"]);
  } finally {
    removeDir(dir);
  }
});
