// Issue 14 on the real app: the command palette and the `?` sheet from the keyboard, and the
// dark theme chosen from the palette, kept across a restart, and back to the system's; search
// everything from the palette, opening what it finds where it lives; the window restored where it
// was left; one instance per workspace, a second launch focusing the first.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { launch, tempDataDir, removeDir, cli, byId, chooseValue, textsOf, appPids, APP, xdotool, pressKeys, windowTitled } from "./harness.mjs";

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

test("Ctrl+Z undoes an edit and Ctrl+Shift+Z redoes it, as changes the CLI reads on the same workspace", async () => {
  const dir = tempDataDir();
  cli(dir, "sample");
  const status = () => cli(dir, "item", "show", "Apple Pay and Google Pay").item.status;
  try {
    const app = await launch(dir);
    try {
      const { browser } = app;
      await byId(browser, "workspace-name");
      await (await byId(browser, "nav-roadmap")).click();
      for (const c of await browser.$$('[data-testid="item-card"]')) {
        if ((await c.getText()).includes("Apple Pay and Google Pay")) {
          await c.click();
          break;
        }
      }
      const before = status();
      await chooseValue(browser, "item-status", "done");
      await (await byId(browser, "item-fields-save")).click();
      await browser.waitUntil(async () => status() === "done", { timeout: 10000, timeoutMsg: "the status was not saved" });
      // The focus is on Save, not in a field (where Ctrl+Z is the field's own text undo).
      await browser.keys(["Control", "z"]);
      await browser.waitUntil(async () => (await textsOf(browser, "undo-notice")).some((t) => t.startsWith("Undid")), {
        timeout: 10000,
        timeoutMsg: "no notice of the undo",
      });
      await browser.waitUntil(async () => status() === before, { timeout: 10000, timeoutMsg: "the undo did not reach the file" });
      await browser.keys(["Control", "Shift", "z"]);
      await browser.waitUntil(async () => status() === "done", { timeout: 10000, timeoutMsg: "the redo did not reach the file" });
      assert.match((await textsOf(browser, "undo-notice")).join(" "), /^Redid the change to roadmap item “Apple Pay and Google Pay”/);
    } finally {
      await app.close();
    }
  } finally {
    removeDir(dir);
  }
});

/** The window's rectangle as the app reports it (WebDriver's window rect: outer position and size). */
async function rect(browser) {
  const { x, y, width, height } = await browser.getWindowRect();
  return { x, y, width, height };
}

test("the window comes back where it was left, at its size, after a restart", async () => {
  const dir = tempDataDir();
  cli(dir, "init", "--name", "Sam Rivera", "--role", "senior", "--workspace", "Acme");
  try {
    const wanted = { x: 140, y: 90, width: 960, height: 620 };
    let app = await launch(dir);
    try {
      await byId(app.browser, "workspace-name");
      await app.browser.setWindowRect(wanted.x, wanted.y, wanted.width, wanted.height);
      await app.browser.waitUntil(async () => JSON.stringify(await rect(app.browser)) === JSON.stringify(wanted), {
        timeout: 5000,
        timeoutMsg: `the window did not move to ${JSON.stringify(wanted)}`,
      });
      // Kept once the window rests (the harness ends the app by signal, not by its close
      // button, so the save at a normal exit would not run).
      const kept = path.join(dir, "window-state.json");
      await app.browser.waitUntil(async () => existsSync(kept) && JSON.parse(readFileSync(kept, "utf8")).main?.x === wanted.x, {
        timeout: 5000,
        timeoutMsg: "the window's place was not written beside the workspace",
      });
    } finally {
      await app.close();
    }
    app = await launch(dir);
    try {
      await byId(app.browser, "workspace-name");
      assert.deepEqual(await rect(app.browser), wanted, "the window opens where and as large as it was left");
    } finally {
      await app.close();
    }
  } finally {
    removeDir(dir);
  }
});

/** The pid of the X window holding the keyboard focus (xdotool reads the window's _NET_WM_PID). */
function focusedPid() {
  try {
    return Number(xdotool("getwindowfocus", "getwindowpid").trim());
  } catch {
    return 0; // no window has the focus
  }
}

/** Runs the app binary directly on `dir`, as a second double-click would; resolves with its exit. */
function launchAgain(dir) {
  return new Promise((resolve) => {
    const child = spawn(APP, [], { env: { ...process.env, BATON_DATA_DIR: dir }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => child.kill("SIGTERM"), 20000);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}

test("a second launch on the same workspace focuses the first window instead of opening a second", async () => {
  const first = tempDataDir();
  const other = tempDataDir();
  cli(first, "init", "--name", "Sam Rivera", "--role", "senior", "--workspace", "Acme");
  cli(other, "init", "--name", "Jo Park", "--role", "junior", "--workspace", "Beta");
  try {
    const a = await launch(first);
    try {
      await byId(a.browser, "workspace-name");
      const [pidA] = appPids(first);
      // Another workspace is another instance: its window opens beside the first and takes the focus.
      const b = await launch(other);
      try {
        await byId(b.browser, "workspace-name");
        const [pidB] = appPids(other);
        await b.browser.waitUntil(async () => focusedPid() === pidB, {
          timeout: 10000,
          timeoutMsg: `the second workspace's window (pid ${pidB}) never had the focus (focused: ${focusedPid()})`,
        });

        const again = await launchAgain(first);
        assert.equal(again.signal, null, `the second launch had to be stopped: ${again.stderr}`);
        assert.equal(again.code, 0, `the second launch failed: ${again.stderr}`);
        assert.deepEqual(appPids(first), [pidA], "one app on the first workspace, still the first one");
        await a.browser.waitUntil(async () => focusedPid() === pidA, {
          timeout: 10000,
          timeoutMsg: `the first window (pid ${pidA}) was not focused (focused: ${focusedPid()})`,
        });
        // And it still works.
        await (await byId(a.browser, "workspace-name")).waitForDisplayed();
      } finally {
        await b.close();
      }
    } finally {
      await a.close();
    }
  } finally {
    removeDir(first);
    removeDir(other);
  }
});

/** Presses `keys` as the keyboard would (X events through GTK, so menu mnemonics and
 * accelerators see them; WebDriver's keys go to the page only). */

test("the native menu bar offers the palette's commands: Help › Keyboard shortcuts, Go › Goals, Ctrl+K once", async () => {
  const dir = tempDataDir();
  cli(dir, "init", "--name", "Sam Rivera", "--role", "senior", "--workspace", "Acme");
  try {
    const app = await launch(dir);
    try {
      const { browser } = app;
      await byId(browser, "workspace-name");
      const [pid] = appPids(dir);
      await browser.waitUntil(async () => focusedPid() === pid, { timeout: 10000, timeoutMsg: "the window never had the focus" });

      // Alt+H opens Help; its first entry is the shortcut sheet.
      pressKeys("alt+h", "Return");
      await (await byId(browser, "shortcut-list")).waitForDisplayed({ timeout: 5000 });
      await browser.keys(["Escape"]);
      await browser.waitUntil(async () => !(await (await browser.$('[data-testid="shortcut-list"]')).isExisting()), {
        timeout: 5000,
        timeoutMsg: "the sheet did not close",
      });

      // A senior starts on the Roadmap. Alt+G opens Go, whose entries are the palette's pages
      // in their order (Inbox, Board, Goals, Roadmap, …): two down is Goals.
      assert.equal(await (await byId(browser, "nav-roadmap")).getAttribute("aria-current"), "page");
      pressKeys("alt+g", "Down", "Down", "Return");
      await browser.waitUntil(async () => (await (await byId(browser, "nav-goals")).getAttribute("aria-current")) === "page", {
        timeout: 5000,
        timeoutMsg: "Go › Goals did not open the goals",
      });

      // Ctrl+K is the menu's accelerator and the window's shortcut: the palette opens, once.
      pressKeys("ctrl+k");
      const input = await byId(browser, "palette-input");
      await browser.pause(800);
      assert.equal(await input.isDisplayed(), true, "the palette stays open (not toggled twice)");
    } finally {
      await app.close();
    }
  } finally {
    removeDir(dir);
  }
});

test("the app keeps a log beside the workspace, saying when it started and on what", async () => {
  const dir = tempDataDir();
  cli(dir, "init", "--name", "Sam Rivera", "--role", "senior", "--workspace", "Acme");
  try {
    const app = await launch(dir);
    try {
      await byId(app.browser, "workspace-name");
      const log = path.join(dir, "logs", "baton.log");
      await app.browser.waitUntil(async () => existsSync(log) && readFileSync(log, "utf8").includes(`started on ${dir}`), {
        timeout: 5000,
        timeoutMsg: `no start line in ${log}`,
      });
      assert.match(readFileSync(log, "utf8"), /Baton \d+\.\d+\.\d+ started on /);
    } finally {
      await app.close();
    }
  } finally {
    removeDir(dir);
  }
});

/** The X window titled `title`, once it is there (a native dialog). */
test("Choose… on the Sync page opens the system's folder picker, and the folder picked is the one synced through", async () => {
  const dir = tempDataDir();
  const folder = tempDataDir();
  cli(dir, "init", "--name", "Sam Rivera", "--role", "senior", "--workspace", "Acme");
  try {
    const app = await launch(dir);
    try {
      const { browser } = app;
      await (await byId(browser, "nav-sync")).click();
      await (await byId(browser, "sync-folder-choose")).click();
      const picker = await windowTitled(browser, "The folder your team syncs through");
      xdotool("windowfocus", "--sync", picker);
      // GTK's chooser: Ctrl+L types a location; Return picks it.
      pressKeys("ctrl+l");
      xdotool("type", "--delay", "20", folder);
      pressKeys("Return");
      await browser.waitUntil(async () => (await (await byId(browser, "sync-folder")).getValue()) === folder, {
        timeout: 10000,
        timeoutMsg: `the field did not get ${folder}`,
      });
      await (await byId(browser, "sync-folder-set")).click();
      await browser.waitUntil(async () => (await (await byId(browser, "sync-status")).getText()).includes(folder), {
        timeout: 20000,
        timeoutMsg: "the Sync page does not say it syncs through the folder picked",
      });
      assert.deepEqual(cli(dir, "sync", "--status").folder, folder, "the CLI sees the same folder");
    } finally {
      await app.close();
    }
  } finally {
    removeDir(dir);
    removeDir(folder);
  }
});
