// Journeys 5 and 6 on two real apps: Sam, a senior PM, and Ana, the junior PM he delegated
// Apple Pay to, each on their own laptop, meeting only through a shared folder. The
// delegation and its approved stories are made with the CLI (journeys 3 and 4 have their own
// test). Sam opens a sprint and sets up the launch with its checklist; Ana plans two approved
// stories into the sprint, moves them to done, completes the launch checklist and records the
// launch; Sam's progress overview shows the points rolled up to the goal (with the item that has
// no stories yet left out, and saying so); Ana writes two journal entries and shares the
// summary through the system's save dialog, and the file holds them.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, existsSync } from "node:fs";
import {
  launch,
  tempDataDir,
  removeDir,
  cli,
  byId,
  click,
  fill,
  choose,
  syncNow,
  waitForText,
  textsOf,
  xdotool,
  pressKeys,
  windowTitled,
  findWithText,
  walletsRoadmap,
  joinThrough,
} from "./harness.mjs";

/** The displayed elements with `data-testid=id` inside `scope`. */
async function within(scope, id) {
  const out = [];
  for (const el of await scope.$$(`[data-testid="${id}"]`)) if (await el.isDisplayed()) out.push(el);
  return out;
}

/** Picks the option containing `text` in the select `id` inside `scope`. */
async function chooseIn(scope, id, text) {
  const [select] = await within(scope, id);
  for (const option of await select.$$("option")) {
    if ((await option.getText()).includes(text)) {
      await select.click();
      await option.click();
      return;
    }
  }
  throw new Error(`no option ${text} in ${id}`);
}

test("journeys 5 and 6: sprint, done stories, launch checklist and launch, progress rolled up to the goal, journal shared — across two laptops", async () => {
  const [a, b, root] = [tempDataDir(), tempDataDir(), tempDataDir()];
  const share = `${root}/share`;
  mkdirSync(share);
  const summary = `${root}/ana-summary.md`;
  let appA;
  let appB;
  try {
    // Sam's roadmap: Apple Pay (delegated to Ana) and Google Pay (no stories yet) under Wallets.
    walletsRoadmap(a);
    cli(a, "item", "add", "Google Pay", "--product", "Checkout", "--horizon", "one_year", "--period", "2027-Q3", "--parent", "Wallets");
    cli(a, "delegate", "offer", "Apple Pay", "--to", "Ana Ortiz", "--scope", "Apple Pay in the web checkout");
    joinThrough(a, b, share, "Ana Ortiz");
    // Ana accepts and writes three stories; Sam approves them (journeys 3 and 4, by CLI).
    cli(b, "delegate", "accept", "Apple Pay");
    for (const [title, points] of [["Pay with one tap", 5], ["See the wallet button", 3], ["Get a receipt", 2]]) {
      cli(b, "story", "add", "Apple Pay", "--title", title, "--points", String(points));
    }
    cli(b, "review", "request", "Pay with one tap", "See the wallet button", "Get a receipt");
    cli(b, "sync");
    cli(a, "sync");
    for (const title of ["Pay with one tap", "See the wallet button", "Get a receipt"]) cli(a, "review", "approve", title);
    cli(a, "sync");
    cli(b, "sync");

    appA = await launch(a);
    appB = await launch(b);
    const [A, B] = [appA.browser, appB.browser];
    await waitForText(A, "whoami", "Sam Rivera");
    await waitForText(B, "whoami", "Ana Ortiz");

    // Sam opens a sprint (dates prefilled from today) and keeps the launch checklist template.
    await click(A, "nav-sprints");
    await fill(A, "sprint-new-name", "Sprint 1");
    await fill(A, "sprint-new-capacity", "10");
    await click(A, "sprint-create");
    await waitForText(A, "capacity-bar", "0 of 10 points planned");
    await click(A, "nav-launches");
    for (const [text, mandatory] of [["Release notes published", true], ["Support team briefed", false]]) {
      await fill(A, "template-new", text);
      const box = await byId(A, "template-mandatory");
      if ((await box.isSelected()) !== mandatory) await box.click();
      await click(A, "template-add");
      await waitForText(A, "template-entry", text);
    }
    // The launch of Apple Pay, owned by Ana.
    await choose(A, "launch-new-item", "Apple Pay");
    await choose(A, "launch-new-owner", "Ana Ortiz");
    await fill(A, "launch-new-target", "2027-06-15");
    await click(A, "launch-create");
    await findWithText(A, "launch-row", "Apple Pay");
    await syncNow(A);

    // Ana plans two approved stories into the sprint, by the Plan button, and takes them to done.
    await syncNow(B);
    await click(B, "nav-sprints");
    await waitForText(B, "sprint-select", "Sprint 1");
    for (const title of ["Pay with one tap", "See the wallet button"]) {
      const row = await findWithText(B, "backlog-story", title);
      const [plan] = await within(row, "plan-story");
      await plan.click();
      await findWithText(B, "board-card", title);
    }
    await waitForText(B, "capacity-bar", "8 of 10 points planned");
    assert.deepEqual(
      (await textsOf(B, "backlog-story")).map((t) => t.includes("Get a receipt")),
      [true],
      "the third approved story stays in the backlog",
    );
    for (const title of ["Pay with one tap", "See the wallet button"]) {
      for (const [stage, column] of [["In progress", "in_progress"], ["Done", "done"]]) {
        const card = await findWithText(B, "board-card", title);
        await chooseIn(card, "card-stage", stage);
        // The card moves to its column once the change is written.
        const to = await byId(B, `board-column-${column}`);
        await B.waitUntil(async () => (await to.getText()).includes(title), {
          timeout: 15000,
          timeoutMsg: `${title} did not reach ${stage}`,
        });
      }
    }
    await waitForText(B, "capacity-bar", "8 of 10 points planned · 8 done");

    // Ana completes the launch checklist and records the launch.
    await click(B, "nav-launches");
    await (await findWithText(B, "launch-row", "Apple Pay")).click();
    const detail = await byId(B, "launch-detail");
    const entries = await within(detail, "launch-entry");
    assert.equal(entries.length, 2, "the checklist came from Sam's template");
    for (const entry of entries) {
      const [box] = await within(entry, "launch-entry-check");
      if (!(await box.isSelected())) await box.click();
      await B.waitUntil(async () => box.isSelected(), { timeout: 10000, timeoutMsg: "an entry did not tick" });
    }
    await fill(B, "launch-notes", "Live for all web buyers");
    await click(B, "launch-mark");
    await waitForText(B, "launch-status", "Launched");
    await syncNow(B);

    // Sam's overview: 8 of Apple Pay's 10 points done; Google Pay has no stories and is left out.
    await syncNow(A);
    await click(A, "nav-progress");
    await waitForText(A, "progress-rule", "without stories");
    const goal = await findWithText(A, "progress-goal", "Grow self-serve revenue");
    await A.waitUntil(async () => (await (await within(goal, "progress-percent"))[0].getText()).includes("80 %"), {
      timeout: 20000,
      timeoutMsg: "the goal does not show 80 %",
    });
    assert.match(await goal.getText(), /1 item without stories/);
    const [expand] = await within(goal, "progress-expand");
    await expand.click();
    const apple = await findWithText(A, "progress-node", "Apple Pay");
    assert.match(await apple.getText(), /80 %/);
    await click(A, "nav-launches");
    await waitForText(A, "launch-row", "Launched");

    // Ana writes two journal entries and shares the period's summary through the save dialog.
    await click(B, "nav-journal");
    for (const [kind, body] of [
      ["Learning", "Plan only approved stories: the sprint stays honest"],
      ["Achievement", "Launched Apple Pay with the checklist complete"],
    ]) {
      await choose(B, "journal-kind", kind);
      await fill(B, "journal-body", body);
      await click(B, "journal-add");
      await waitForText(B, "journal-entry", body);
    }
    await click(B, "journal-share");
    const dialog = await windowTitled(B, "Save the journal summary");
    xdotool("windowfocus", "--sync", dialog);
    // GTK's save dialog: the name field has focus; a full path there saves to it.
    pressKeys("ctrl+a");
    xdotool("type", "--delay", "20", summary);
    pressKeys("Return");
    await waitForText(B, "journal-shared", summary);
    assert.ok(existsSync(summary), "the summary file was written");
    const text = readFileSync(summary, "utf8");
    assert.match(text, /^# Ana Ortiz — learnings and achievements/);
    assert.match(text, /## Achievements \(1\)\n\n- \*\*\d{4}-\d{2}-\d{2}\*\* Launched Apple Pay with the checklist complete/);
    assert.match(text, /## Learnings \(1\)\n\n- \*\*\d{4}-\d{2}-\d{2}\*\* Plan only approved stories: the sprint stays honest/);

    // Sam, Ana's manager, reads her journal too once it arrives.
    await syncNow(B);
    await syncNow(A);
    assert.equal(cli(a, "journal", "list", "--of", "Ana Ortiz").length, 2);
  } finally {
    await appA?.close();
    await appB?.close();
    removeDir(a);
    removeDir(b);
    removeDir(root);
  }
});
