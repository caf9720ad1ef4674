// Journey 2 on two real apps: Sam, a senior PM, on the first laptop; Lee (leadership) on the
// second, meeting only through a shared folder. Sam adds two pieces of feedback, creates an
// idea, links them to it and submits; Lee's queue shows it and she approves it with changes;
// Sam's app shows the decision and he places the idea as a one-year item whose detail shows its
// evidence and the decision. A second idea is declined and found again in the decision log.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { launch, tempDataDir, removeDir, cli, byId, click, fill, choose, syncNow, waitForText, textsOf, findWithText } from "./harness.mjs";

const YEAR = new Date().getFullYear();

/** Adds a piece of feedback on the Feedback page. */
async function addFeedback(browser, body, customer) {
  await fill(browser, "feedback-body", body);
  await fill(browser, "feedback-customer", customer);
  await click(browser, "feedback-add");
  await findWithText(browser, "feedback-row", body);
}

/** Creates an idea on the Ideas page (it opens beside the board) and fills its problem and proposal. */
async function addIdea(browser, title, problem, proposal) {
  await click(browser, "nav-ideas");
  await fill(browser, "idea-new-title", title);
  await choose(browser, "idea-new-product", "Checkout");
  await click(browser, "idea-new-add");
  // The new draft opens beside the board, its fields editable.
  await byId(browser, "idea-problem");
  await fill(browser, "idea-problem", problem);
  await fill(browser, "idea-proposal", proposal);
  // Leaving a field saves it; the card's panel re-reads the idea once saved.
  await (await byId(browser, "rice-reach")).click();
  await browser.waitUntil(async () => (await (await byId(browser, "idea-proposal")).getValue()) === proposal, { timeout: 10000 });
  await browser.pause(300);
}

test("journey 2: feedback, an idea submitted, a leader's go-ahead with changes, placed on the roadmap; a declined idea found in the log", async () => {
  const [a, b, root] = [tempDataDir(), tempDataDir(), tempDataDir()];
  const share = `${root}/share`;
  mkdirSync(share);
  let appA;
  let appB;
  try {
    // Lee made the workspace; Sam owns Checkout and joins on his own laptop.
    cli(b, "init", "--name", "Lee Park", "--role", "leadership", "--workspace", "Acme");
    cli(b, "member", "add", "Sam Rivera", "--role", "senior");
    cli(b, "product", "add", "Checkout", "--owner", "Sam Rivera", "--base-year", String(YEAR));
    cli(b, "sync", "--folder", share);
    const invite = cli(b, "invite", "create", "--member", "Sam Rivera").invite;
    cli(a, "join", "--folder", share, "--invite", invite);

    appA = await launch(a);
    appB = await launch(b);
    const [A, B] = [appA.browser, appB.browser];
    await waitForText(A, "whoami", "Sam Rivera");
    await waitForText(B, "whoami", "Lee Park");

    // Sam adds two pieces of feedback.
    await click(A, "nav-feedback");
    await addFeedback(A, "I gave up when it asked me to create an account", "Acme Retail");
    await addFeedback(A, "Guests cannot buy without signing up", "SMB segment");
    await waitForText(A, "nav-feedback-count", "2");

    // He creates the idea, scores it, and links both pieces of feedback to it.
    await addIdea(A, "Guest checkout", "First-time buyers leave at sign-up", "Let them pay without an account");
    await fill(A, "rice-reach", "4000");
    await choose(A, "rice-impact", "High");
    await fill(A, "rice-confidence", "80");
    await fill(A, "rice-effort", "2");
    await (await byId(A, "rice-reach")).click();
    await waitForText(A, "rice-arithmetic", "reach 4,000");
    await click(A, "nav-feedback");
    for (const body of ["I gave up when it asked me to create an account", "Guests cannot buy without signing up"]) {
      const row = await findWithText(A, "feedback-row", body);
      await (await row.$('[data-testid="feedback-link-open"]')).click();
      await choose(A, "feedback-link-target", "Guest checkout");
      await click(A, "feedback-link-save");
      await A.waitUntil(async () => !(await textsOf(A, "feedback-row")).some((t) => t.includes(body)), {
        timeout: 20000,
        timeoutMsg: `${body} stayed in the open feedback`,
      });
    }
    await click(A, "nav-ideas");
    const card = await findWithText(A, "idea-card", "Guest checkout");
    await waitForText(A, "idea-evidence-count", "2 pieces of evidence");
    await card.click();
    await click(A, "idea-submit");
    await findWithText(A, "column-submitted", "Guest checkout");

    // A second idea, submitted too.
    await addIdea(A, "Pay with crypto wallets", "A few buyers asked", "Accept two wallets");
    await click(A, "idea-submit");
    await findWithText(A, "column-submitted", "Pay with crypto wallets");
    await syncNow(A);

    // Lee's queue shows both; she approves the first with changes and declines the second.
    await syncNow(B);
    await waitForText(B, "nav-decide-count", "2");
    await click(B, "nav-decide");
    await (await (await findWithText(B, "decide-row", "Guest checkout")).$("button")).click();
    await waitForText(B, "decide-content", "I gave up when it asked me to create an account");
    await waitForText(B, "decide-content", "Guests cannot buy without signing up");
    await click(B, "decide-outcome-go_ahead_with_changes");
    await fill(B, "decide-changes", "Offer to save the card after paying");
    await fill(B, "decide-rationale", "Clear demand and a large drop at sign-up");
    await click(B, "decide-save");
    await waitForText(B, "nav-decide-count", "1");
    await (await (await findWithText(B, "decide-row", "Pay with crypto wallets")).$("button")).click();
    await waitForText(B, "decide-content", "Accept two wallets");
    await click(B, "decide-outcome-no");
    await fill(B, "decide-rationale", "Volatility and fraud risk outweigh demand");
    await click(B, "decide-save");
    await waitForText(B, "decide-page", "Nothing awaits your decision.");
    await syncNow(B);

    // Sam's app shows the decision; he places the idea as a one-year item.
    await syncNow(A);
    await click(A, "nav-ideas");
    await (await findWithText(A, "idea-card", "Guest checkout")).click();
    await waitForText(A, "decision-outcome", "Go-ahead with changes");
    await waitForText(A, "decision-changes", "Offer to save the card after paying");
    await choose(A, "idea-place-horizon", "1-year item");
    await fill(A, "idea-place-period", `${YEAR}-Q4`);
    await click(A, "idea-place");
    await waitForText(A, "idea-placed", "Guest checkout");

    // The item's detail on the roadmap shows its evidence and the decision.
    await click(A, "nav-roadmap");
    await (await findWithText(A, "item-card", "Guest checkout")).click();
    await waitForText(A, "item-idea-decision", "Go-ahead with changes");
    await waitForText(A, "item-idea-decision", "Clear demand and a large drop at sign-up");
    await waitForText(A, "item-idea-evidence", "I gave up when it asked me to create an account");
    await waitForText(A, "item-idea-evidence", "Guests cannot buy without signing up");

    // The declined idea is found again through the decision log's search.
    await click(A, "nav-decisions");
    await fill(A, "decisions-search", "wallets");
    await A.waitUntil(async () => (await textsOf(A, "decision")).length === 1, {
      timeout: 20000,
      timeoutMsg: "the search did not narrow the log to one decision",
    });
    await waitForText(A, "decision-idea", "Pay with crypto wallets");
    await waitForText(A, "decision-outcome", "No");
    await waitForText(A, "decision-rationale", "Volatility and fraud risk outweigh demand");
    assert.deepEqual(await textsOf(A, "decisions-count"), ["1 decision match"]);
  } finally {
    await appA?.close();
    await appB?.close();
    for (const dir of [a, b, root]) removeDir(dir);
  }
});
