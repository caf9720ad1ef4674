// Journeys 3 and 4 on two real apps: Sam, a senior PM, delegates a one-year item to Ana, a
// junior PM who reports to him, each on their own laptop, meeting only through a shared
// folder. Ana questions the offer, Sam answers, Ana accepts and writes three stories with
// criteria and guardrail checks and sends them for review; Sam approves two and asks for
// changes on one; Ana revises it; Sam sees exactly what changed and approves; a story Ana
// edits after its approval is back in Sam's review.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { launch, tempDataDir, removeDir, cli, byId, click, fill, choose, syncNow, waitForText, textsOf, walletsRoadmap, joinThrough } from "./harness.mjs";

const STORIES = ["Pay with one tap", "See the wallet button", "Get a receipt"];

/** The displayed elements with `data-testid=id` inside `scope` (an element). */
async function within(scope, id) {
  const out = [];
  for (const el of await scope.$$(`[data-testid="${id}"]`)) if (await el.isDisplayed()) out.push(el);
  return out;
}

/** The story row titled `title` on the delegated item page (waits for it). */
async function storyRow(browser, title) {
  let found;
  await browser.waitUntil(
    async () => {
      for (const row of await browser.$$('[data-testid="story-row"]')) {
        const [open] = await within(row, "story-open");
        if (open && (await open.getText()) === title) {
          found = row;
          return true;
        }
      }
      return false;
    },
    { timeout: 20000, timeoutMsg: `no story row ${title}` },
  );
  return found;
}

/** Waits until the story row titled `title` has status `status` (the core's, in data-status). */
async function waitForStatus(browser, title, status) {
  await browser.waitUntil(async () => (await (await storyRow(browser, title)).getAttribute("data-status")) === status, {
    timeout: 20000,
    timeoutMsg: `story ${title} did not become ${status}`,
  });
}

/** Opens a story's panel (its editor for the junior, its review for the senior). */
async function openStory(browser, title) {
  const [open] = await within(await storyRow(browser, title), "story-open");
  if ((await open.getAttribute("aria-expanded")) !== "true") await open.click();
  const panel = await byId(browser, "story-panel");
  await browser.waitUntil(async () => (await panel.getText()).includes(title), { timeout: 10000 });
  return panel;
}

/** Waits until the open story editor says its last change is saved. */
async function saved(browser) {
  await browser.waitUntil(async () => (await textsOf(browser, "story-save-state")).some((t) => t.startsWith("Saved")), {
    timeout: 15000,
    timeoutMsg: "the story editor did not save",
  });
}

/** Opens the delegated item from the board (the senior) or the inbox (the junior). */
async function openDelegation(browser, from) {
  await click(browser, from === "board" ? "nav-board" : "nav-inbox");
  const section = await byId(browser, from === "board" ? "board-delegation" : "inbox-mine-row");
  const [link] = await within(section, "delegation-link");
  await link.click();
  await byId(browser, "delegation-stories");
}

test("journeys 3 and 4: a delegation with a question, three stories, a review loop and an edit after approval, across two laptops", async () => {
  const [a, b, root] = [tempDataDir(), tempDataDir(), tempDataDir()];
  const share = `${root}/share`;
  mkdirSync(share);
  let appA;
  let appB;
  try {
    // Sam's roadmap, made with the CLI: a one-year item under an initiative with a guardrail.
    walletsRoadmap(a);
    cli(a, "guardrail", "add", "Wallets", "--kind", "must_not", "--statement", "No new card data stored");
    joinThrough(a, b, share, "Ana Ortiz");

    appA = await launch(a);
    appB = await launch(b);
    const [A, B] = [appA.browser, appB.browser];
    await waitForText(A, "whoami", "Sam Rivera");
    await waitForText(B, "whoami", "Ana Ortiz");

    // Sam delegates Apple Pay to Ana from the roadmap, with a brief.
    await click(A, "nav-roadmap");
    await waitForText(A, "item-card", "Apple Pay");
    for (const c of await A.$$('[data-testid="item-card"]')) {
      if ((await c.getText()).includes("Apple Pay")) {
        await c.click();
        break;
      }
    }
    await click(A, "item-delegate");
    await choose(A, "delegate-to", "Ana Ortiz");
    await fill(A, "delegate-scope", "Apple Pay in the web checkout");
    await fill(A, "delegate-non-goals", "Native apps");
    await fill(A, "delegate-decisions", "Ana decides the flows; fees need Sam");
    await click(A, "delegate-offer");
    await waitForText(A, "item-delegated-to", "Ana Ortiz");
    await syncNow(A);

    // Ana's inbox shows the offer; she asks a question first.
    await syncNow(B);
    await click(B, "nav-inbox");
    await waitForText(B, "inbox-offer", "Apple Pay");
    await waitForText(B, "offer-brief", "Apple Pay in the web checkout");
    await click(B, "offer-ask");
    await fill(B, "offer-question-input", "Does this include the mobile web?");
    await click(B, "offer-question-send");
    await waitForText(B, "offer-question", "Does this include the mobile web?");
    await syncNow(B);

    // Sam sees the question on the delegated item and answers it.
    await syncNow(A);
    await openDelegation(A, "board");
    await waitForText(A, "question-text", "Does this include the mobile web?");
    await fill(A, "answer-input", "Yes, every browser with a wallet");
    await click(A, "answer-send");
    await waitForText(A, "answer-text", "Yes, every browser with a wallet");
    await syncNow(A);

    // Ana sees the answer in her inbox and accepts.
    await syncNow(B);
    await click(B, "nav-inbox");
    await waitForText(B, "inbox-action", "Yes, every browser with a wallet");
    await click(B, "offer-accept");
    await byId(B, "inbox-mine-row");

    // She writes three stories with criteria and checks the inherited guardrail on each.
    await openDelegation(B, "inbox");
    for (const title of STORIES) {
      await fill(B, "story-new-title", title);
      await click(B, "story-add");
      const panel = await openStory(B, title);
      await fill(B, "story-as-a", "shopper");
      await fill(B, "story-i-want", `to ${title.toLowerCase()}`);
      await fill(B, "story-so-that", "I pay faster");
      for (const criterion of ["works on Safari", title === "Get a receipt" ? "shows a receipt" : "takes one tap"]) {
        await click(B, "criterion-add");
        const inputs = await within(panel, "criterion-text");
        await inputs[inputs.length - 1].setValue(criterion);
      }
      await choose(B, "story-check-mark", "Respected");
      await saved(B);
      await click(B, "story-close");
    }
    for (const title of STORIES) {
      const [box] = await within(await storyRow(B, title), "story-select");
      await box.click();
    }
    await click(B, "review-request");
    for (const title of STORIES) await waitForStatus(B, title, "in_review");
    await syncNow(B);

    // Sam's board shows three reviews waiting; he approves two and asks for changes on one.
    await syncNow(A);
    await click(A, "nav-board");
    await A.waitUntil(async () => (await textsOf(A, "waiting-row")).length === 3, {
      timeout: 20000,
      timeoutMsg: "the board did not show three reviews waiting",
    });
    await openDelegation(A, "board");
    for (const title of STORIES.slice(0, 2)) {
      await openStory(A, title);
      await click(A, "review-approve");
      await waitForStatus(A, title, "ready");
    }
    await openStory(A, "Get a receipt");
    await fill(A, "review-comment", "Say which receipt: email or screen?");
    await click(A, "review-changes");
    await waitForStatus(A, "Get a receipt", "changes_requested");
    await syncNow(A);

    // Ana sees the request and the comment, revises the criterion and asks again.
    await syncNow(B);
    await click(B, "nav-inbox");
    await waitForText(B, "inbox-action", "Say which receipt: email or screen?");
    await openDelegation(B, "inbox");
    const panel = await openStory(B, "Get a receipt");
    await waitForText(B, "comment", "Say which receipt: email or screen?");
    const [, second] = await within(panel, "criterion-text");
    await second.clearValue();
    await second.setValue("emails a receipt");
    await saved(B);
    await click(B, "story-close");
    const [box] = await within(await storyRow(B, "Get a receipt"), "story-select");
    await box.click();
    await click(B, "review-request");
    await waitForStatus(B, "Get a receipt", "in_review");
    await syncNow(B);

    // Sam sees exactly what changed since his request, and approves.
    await syncNow(A);
    await openDelegation(A, "board");
    await openStory(A, "Get a receipt");
    const changes = await textsOf(A, "story-change");
    assert.equal(changes.length, 1, `one change since the review: ${JSON.stringify(changes)}`);
    assert.match(changes[0], /criterion 2/);
    assert.match(changes[0], /shows a receipt/);
    assert.match(changes[0], /emails a receipt/);
    await click(A, "review-approve");
    await waitForStatus(A, "Get a receipt", "ready");
    await syncNow(A);

    // Ana raises the estimate of an approved story: it is back in review on Sam's laptop.
    await syncNow(B);
    await openDelegation(B, "inbox");
    await waitForStatus(B, "Pay with one tap", "ready");
    await openStory(B, "Pay with one tap");
    await fill(B, "story-points-input", "8");
    await saved(B);
    await waitForStatus(B, "Pay with one tap", "in_review");
    await syncNow(B);
    await syncNow(A);
    await openDelegation(A, "board");
    await waitForStatus(A, "Pay with one tap", "in_review");
    await openStory(A, "Pay with one tap");
    await waitForText(A, "story-change", "estimate");
    await waitForStatus(A, "See the wallet button", "ready");
  } finally {
    await appA?.close();
    await appB?.close();
    for (const dir of [a, b, root]) removeDir(dir);
  }
});
