// Issue 14 on the real app: the command palette and the `?` sheet from the keyboard, and the
// dark theme chosen from the palette, kept across a restart, and back to the system's; search
// everything from the palette, opening what it finds where it lives.

import { test } from "node:test";
import assert from "node:assert/strict";
import { launch, tempDataDir, removeDir, cli, byId, chooseValue, textsOf } from "./harness.mjs";

/** The page background as the webview paints it. */
async function background(browser) {
  return browser.execute(() => getComputedStyle(document.body).backgroundColor);
}

async function command(browser, words) {
  await browser.keys(["Control", "k"]);
  const input = await byId(browser, "palette-input");
  await input.setValue(words);
  await browser.keys(["Enter"]);
  await browser.waitUntil(async () => !(await (await browser.$('[data-testid="palette-input"]')).isExisting()), {
    timeout: 5000,
    timeoutMsg: "the palette did not close after Enter",
  });
}

test("the palette goes to a page and switches to dark and back; the choice survives a restart; ? lists the shortcuts", async () => {
  const dir = tempDataDir();
  cli(dir, "init", "--name", "Sam Rivera", "--role", "senior", "--workspace", "Acme");
  try {
    let app = await launch(dir);
    try {
      const { browser } = app;
      await byId(browser, "workspace-name");
      // The theme is a preference of the webview's storage, shared by every run on this machine.
      await chooseValue(browser, "theme-choice", "system");
      const light = await background(browser);

      await command(browser, "go sync");
      assert.equal(await (await byId(browser, "nav-sync")).getAttribute("aria-current"), "page");

      await command(browser, "theme dark");
      assert.equal(await browser.execute(() => document.documentElement.dataset.theme), "dark");
      assert.equal(await background(browser), "rgb(23, 23, 26)");
      assert.notEqual(light, "rgb(23, 23, 26)");
      assert.equal(await (await byId(browser, "theme-choice")).getValue(), "dark");

      await browser.keys(["?"]);
      const sheet = await textsOf(browser, "shortcut-list");
      assert.ok(sheet.some((t) => t.includes("Command palette")), sheet.join(" | "));
      await browser.keys(["Escape"]);
    } finally {
      await app.close();
    }

    app = await launch(dir);
    try {
      const { browser } = app;
      await byId(browser, "workspace-name");
      assert.equal(await browser.execute(() => document.documentElement.dataset.theme), "dark", "kept across a restart");
      await command(browser, "match the system");
      assert.equal(await (await byId(browser, "theme-choice")).getValue(), "system");
      assert.notEqual(await background(browser), "rgb(23, 23, 26)", "Xvfb's system theme is light");
    } finally {
      await app.close();
    }
  } finally {
    removeDir(dir);
  }
});

test("the palette finds a roadmap item by a word of its requirements and opens it on its roadmap", async () => {
  const dir = tempDataDir();
  cli(dir, "sample");
  try {
    const app = await launch(dir);
    try {
      const { browser } = app;
      await byId(browser, "workspace-name");
      await (await byId(browser, "nav-goals")).click();
      await browser.keys(["Control", "k"]);
      const input = await byId(browser, "palette-input");
      await input.setValue("android");
      await browser.waitUntil(
        async () => (await textsOf(browser, "palette-hit")).some((t) => t.includes("Apple Pay and Google Pay")),
        { timeout: 10000, timeoutMsg: "no hit for a word of the item's requirements" },
      );
      const hits = await textsOf(browser, "palette-hit");
      assert.ok(hits[0].includes("Google Pay on Chrome and Android"), hits.join(" | "));
      await browser.keys(["Enter"]);
      assert.equal(await (await byId(browser, "nav-roadmap")).getAttribute("aria-current"), "page");
      await byId(browser, "item-detail");
      const title = await byId(browser, "item-edit-title");
      await browser.waitUntil(async () => (await title.getValue()) === "Apple Pay and Google Pay", {
        timeout: 10000,
        timeoutMsg: "the item's details did not open",
      });
    } finally {
      await app.close();
    }
  } finally {
    removeDir(dir);
  }
});
