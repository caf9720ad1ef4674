// A laptop restored from a backup, on two real apps: its database is older than what it had
// already published to the team's folder. It reads its own newer changes back, says so on the
// Sync page, and its next edit reaches the teammate's app with nothing lost.

import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, rmSync, mkdirSync } from "node:fs";
import { launch, tempDataDir, removeDir, cli, byId, click, fill, syncNow, waitForText, textsOf } from "./harness.mjs";


async function goalTitles(browser) {
  await click(browser, "nav-goals");
  await byId(browser, "goal-add");
  return (await textsOf(browser, "goal-item")).join("\n");
}

test("a laptop restored from a backup reads its newer changes back, says so, and loses nothing", async () => {
  const [a, b, root] = [tempDataDir(), tempDataDir(), tempDataDir()];
  const share = `${root}/share`;
  const backup = `${root}/backup`;
  mkdirSync(share);
  let appA;
  let appB;
  try {
    // The team's starting point, made with the CLI: Lee's laptop and Sam's, synced once.
    cli(a, "init", "--name", "Lee Chen", "--role", "leadership", "--workspace", "Acme");
    cli(a, "member", "add", "Sam Rivera", "--role", "senior");
    cli(a, "sync", "--folder", share);
    const invite = cli(a, "invite", "create", "--member", "Sam Rivera").invite;
    cli(b, "join", "--folder", share, "--invite", invite);

    // Lee's laptop is backed up; afterwards Lee adds a goal and syncs it to the folder.
    cpSync(a, backup, { recursive: true });
    cli(a, "goal", "add", "Written before the restore");
    cli(a, "sync");

    // The disk fails; Lee restores yesterday's backup and opens the app.
    rmSync(a, { recursive: true, force: true });
    cpSync(backup, a, { recursive: true });
    appA = await launch(a);
    const A = appA.browser;
    await waitForText(A, "whoami", "Lee Chen");
    await syncNow(A);
    await waitForText(A, "sync-problem", "read back 3 of this laptop's own changes");
    await waitForText(A, "sync-problem", "restored from a backup");
    assert.match(await goalTitles(A), /Written before the restore/, "the goal published before the restore is back");

    // Lee's next edit continues after them and reaches Sam's app.
    await fill(A, "goal-title", "Written after the restore");
    await click(A, "goal-add");
    await waitForText(A, "goal-item", "Written after the restore");
    await syncNow(A);

    appB = await launch(b);
    const B = appB.browser;
    await waitForText(B, "whoami", "Sam Rivera");
    await syncNow(B);
    const onB = await goalTitles(B);
    assert.match(onB, /Written before the restore/);
    assert.match(onB, /Written after the restore/);
    // Nothing more to say on either laptop: no gap, no fork, nothing waiting.
    await syncNow(B);
    assert.deepEqual(await textsOf(B, "sync-problem"), []);
    await syncNow(A);
    assert.deepEqual(await textsOf(A, "sync-problem"), []);
  } finally {
    await appA?.close();
    await appB?.close();
    for (const dir of [a, b, root]) removeDir(dir);
  }
});
