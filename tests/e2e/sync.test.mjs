// Journey 7 on two real apps: two laptops (two data directories) meet through a shared folder,
// edit the same title while the folder is unreachable, converge, and the overwritten title is
// in the history and restored from the UI.

import { test } from "node:test";
import assert from "node:assert/strict";
import { renameSync } from "node:fs";
import {
  launch,
  tempDataDir,
  removeDir,
  cli,
  byId,
  click,
  fill,
  syncNow,
  choose,
  chooseValue,
  waitForText,
  textsOf,
  visibleText,
} from "./harness.mjs";


/** Opens the detail panel of the card whose text contains `title`. */
async function openCard(browser, title) {
  await click(browser, "nav-roadmap");
  await waitForText(browser, "item-card", title);
  for (const card of await browser.$$('[data-testid="item-card"]')) {
    if ((await visibleText(card)).includes(title)) {
      await card.click();
      return byId(browser, "item-detail");
    }
  }
  throw new Error(`no card shows ${title}`);
}

async function rename(browser, from, to) {
  await openCard(browser, from);
  await fill(browser, "item-edit-title", to);
  await browser.keys("Enter");
  await waitForText(browser, "item-card", to);
  await click(browser, "item-detail-close");
}

async function themeTitle(browser) {
  await click(browser, "nav-roadmap");
  // Both laptops renamed the theme, so the lane shows one of the two "… wording" titles.
  await waitForText(browser, "lane-five_year", "wording");
  const [title] = await textsOf(browser, "lane-five_year");
  return title ?? "";
}

test("two laptops edit offline, meet through a folder, converge, and the overwritten title is restored", async () => {
  const [a, b, root] = [tempDataDir(), tempDataDir(), tempDataDir()];
  const share = `${root}/share`;
  const away = `${root}/share-unplugged`;
  renameSync(tempDataDir(), share);
  try {
    // Laptop A's starting point is made with the CLI; everything after runs in the two apps.
    cli(a, "init", "--name", "Lee Chen", "--role", "leadership", "--workspace", "Acme");
    cli(a, "member", "add", "Sam Rivera", "--role", "senior");
    cli(a, "goal", "add", "Grow self-serve revenue");
    cli(a, "product", "add", "Checkout", "--owner", "Sam Rivera", "--base-year", "2027");
    cli(a, "item", "add", "One-click checkout", "--product", "Checkout", "--horizon", "five_year", "--period", "2030", "--goal", "Grow self-serve revenue");

    const appA = await launch(a);
    let appB;
    try {
      const A = appA.browser;
      await waitForText(A, "whoami", "Lee Chen");
      await click(A, "nav-sync");
      await fill(A, "sync-folder", share);
      await click(A, "sync-folder-set");
      await waitForText(A, "sync-status", "Syncing through");
      await choose(A, "invite-member", "Sam Rivera");
      await click(A, "invite-create");
      await waitForText(A, "invite-id", "-");
      const invite = (await textsOf(A, "invite-id"))[0].trim();

      appB = await launch(b);
      const B = appB.browser;
      await fill(B, "onboard-join-folder", share);
      await fill(B, "onboard-join-invite", invite);
      await click(B, "onboard-join-submit");
      await waitForText(B, "whoami", "Sam Rivera");
      await waitForText(B, "lane-five_year", "One-click checkout");

      // A adds an item; B sees it after a sync.
      await click(A, "nav-roadmap");
      await chooseValue(A, "item-horizon", "five_year");
      await chooseValue(A, "item-period", "2031");
      await fill(A, "item-title", "Checkout in every market");
      await choose(A, "item-parent", "Grow self-serve revenue");
      await click(A, "item-add");
      await waitForText(A, "lane-five_year", "Checkout in every market");
      await syncNow(A);
      await syncNow(B);
      await click(B, "nav-roadmap");
      await waitForText(B, "lane-five_year", "Checkout in every market");

      // The folder becomes unreachable (USB stick pulled); both rename the same theme.
      renameSync(share, away);
      await rename(A, "One-click checkout", "One-click checkout — Lee's wording");
      await rename(B, "One-click checkout", "One-click checkout — Sam's wording");
      await click(A, "nav-sync");
      await click(A, "sync-now");
      await waitForText(A, "sync-problem", "cannot be reached");

      // The folder is back: both converge on the same title.
      renameSync(away, share);
      for (const browser of [A, B, A]) await syncNow(browser);
      const [titleA, titleB] = [await themeTitle(A), await themeTitle(B)];
      assert.equal(titleA, titleB, "both laptops show the same winner");
      assert.match(titleA, /wording/);
      const lost = titleA.includes("Lee's") ? "One-click checkout — Sam's wording" : "One-click checkout — Lee's wording";
      const kept = titleA.includes("Lee's") ? "One-click checkout — Lee's wording" : "One-click checkout — Sam's wording";

      // The conflict is listed, and the overwritten value is in the history and restorable.
      await click(A, "nav-sync");
      await waitForText(A, "conflict-item", lost);
      await openCard(A, kept);
      await waitForText(A, "history-row", lost);
      for (const row of await A.$$('[data-testid="history-row"]')) {
        if ((await visibleText(row)).includes(lost)) {
          await (await row.$('[data-testid="history-restore"]')).click();
          break;
        }
      }
      await waitForText(A, "item-card", lost);
      await click(A, "item-detail-close");
      for (const browser of [A, B]) await syncNow(browser);
      await click(B, "nav-roadmap");
      await waitForText(B, "lane-five_year", lost);
    } finally {
      await appB?.close();
      await appA.close();
    }
    // Same state on disk on both laptops.
    const items = (dir) => cli(dir, "item", "list").map((i) => `${i.period} ${i.title}`);
    assert.deepEqual(items(a), items(b));
  } finally {
    for (const d of [a, b, root]) removeDir(d);
  }
});
