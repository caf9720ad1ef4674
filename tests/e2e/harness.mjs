// End-to-end harness: drives the real, built Baton app (target/debug/baton-app, or another
// build passed to `launch`) through tauri-driver + WebKitWebDriver, each app on its own
// temporary data directory.
// Run under Xvfb (scripts/test.sh does). Build first: cargo build -p baton-app -p baton-cli.

import { spawn, spawnSync, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer, connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { remote } from "webdriverio";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const APP = path.join(root, "target/debug/baton-app");
export const CLI = path.join(root, "target/debug/baton");

/** Throws, saying how to build it, when the binary `file` is missing. */
function requireBuilt(file) {
  if (!existsSync(file)) {
    throw new Error(`build the app first: cargo build -p baton-app -p baton-cli (missing ${file})`);
  }
}

export function tempDataDir() {
  return mkdtempSync(path.join(tmpdir(), "baton-e2e-"));
}

export function removeDir(dir) {
  rmSync(dir, { recursive: true, force: true });
}

/** Runs the baton CLI on `dataDir`; returns parsed JSON output. Throws with stderr on failure. */
export function cli(dataDir, ...args) {
  requireBuilt(CLI);
  const out = execFileSync(CLI, ["--data-dir", dataDir, ...args, "--json"], {
    env: { ...process.env, BATON_DATA_DIR: dataDir },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  return JSON.parse(out);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function waitForPort(port, ms) {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const sock = connect(port, "127.0.0.1");
      sock.once("connect", () => {
        sock.destroy();
        resolve();
      });
      sock.once("error", () => {
        sock.destroy();
        if (Date.now() > deadline) reject(new Error(`nothing listened on port ${port} within ${ms} ms (tauri-driver or WebKitWebDriver)`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** The ids of the Baton app processes running on `dataDir` (found by their BATON_DATA_DIR). */
export function appPids(dataDir) {
  const marker = `BATON_DATA_DIR=${dataDir}\0`;
  const pids = [];
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (!cmd.includes("baton-app")) continue;
      if (!readFileSync(`/proc/${pid}/environ`, "utf8").includes(marker)) continue;
      pids.push(Number(pid));
    } catch {
      // gone already, or not ours to read
    }
  }
  return pids;
}

/**
 * Ends any Baton app still running on `dataDir`, so a session that did not close cleanly never
 * leaves a window behind to hold up the test run.
 */
function killAppsOn(dataDir) {
  for (const pid of appPids(dataDir)) {
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      // gone already
    }
  }
}

/**
 * Starts Baton (`app`, the debug build by default) on `dataDir` and returns { browser, close }.
 * `close()` quits the app (ends the WebDriver session, which closes the window) and stops
 * tauri-driver with SIGTERM — never SIGKILL, which leaves WebKitWebDriver holding its port.
 */
export async function launch(dataDir, { app = APP } = {}) {
  requireBuilt(app);
  const port = await freePort();
  const nativePort = await freePort();
  const driver = spawn("tauri-driver", ["--port", String(port), "--native-port", String(nativePort)], {
    env: { ...process.env, BATON_DATA_DIR: dataDir },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let driverLog = "";
  driver.stderr.on("data", (d) => {
    driverLog += d.toString();
  });
  const stopDriver = () =>
    new Promise((resolve) => {
      if (driver.exitCode !== null) return resolve();
      driver.once("exit", () => resolve());
      driver.kill("SIGTERM");
      setTimeout(resolve, 5000).unref();
    });
  try {
    // tauri-driver listens at once but starts WebKitWebDriver beside it; a session request
    // that reaches it before WebKitWebDriver listens is dropped (UND_ERR_SOCKET), so both wait.
    await waitForPort(port, 15000);
    await waitForPort(nativePort, 15000);
    const browser = await withTimeout(
      remote({
        hostname: "127.0.0.1",
        port,
        logLevel: "error",
        connectionRetryCount: 0,
        capabilities: {
          browserName: "wry",
          "tauri:options": { application: app },
          "wdio:enforceWebDriverClassic": true,
        },
      }),
      60000,
      "opening a WebDriver session on the app",
    );
    const close = async () => {
      try {
        await withTimeout(browser.deleteSession(), 15000, "closing the app");
      } finally {
        await stopDriver();
        killAppsOn(dataDir);
      }
    };
    return { browser, close };
  } catch (e) {
    await stopDriver();
    killAppsOn(dataDir);
    throw new Error(`${e.message}\n--- tauri-driver said:\n${driverLog}`);
  }
}

/** The element with `data-testid=id`, waited for until displayed. */
export async function byId(browser, id, timeout = 20000) {
  const el = await browser.$(`[data-testid="${id}"]`);
  await el.waitForDisplayed({ timeout, timeoutMsg: `[data-testid="${id}"] did not appear within ${timeout} ms` });
  return el;
}

/**
 * Texts of every displayed element with `data-testid=id` (empty when there are none).
 * WebKitWebDriver answers "" for the text of an element styled `text-overflow: ellipsis`
 * (the sidebar's workspace name) although it is on screen; for a displayed element with an
 * empty answer the rendered `innerText` is used instead.
 */
export async function textsOf(browser, id) {
  const els = await browser.$$(`[data-testid="${id}"]`);
  const out = [];
  for (const el of els) {
    if (await el.isDisplayed()) out.push(await visibleText(el));
  }
  return out;
}

/** The text a person sees in a displayed element (see `textsOf` for the WebKit quirk). */
export async function visibleText(el) {
  const text = await el.getText();
  const inner = String(await el.getProperty("innerText"));
  return inner.length > text.length ? inner : text;
}

/** Waits until some element with `data-testid=id` has text containing `text`. */
export async function waitForText(browser, id, text, timeout = 20000) {
  await browser.waitUntil(async () => (await textsOf(browser, id)).some((t) => t.includes(text)), {
    timeout,
    timeoutMsg: `no [data-testid="${id}"] showed ${JSON.stringify(text)} within ${timeout} ms; saw ${JSON.stringify(await textsOf(browser, id))}`,
  });
}

/** Types into a field after clearing it. */
export async function fill(browser, id, value) {
  const el = await byId(browser, id);
  await el.clearValue();
  await el.setValue(value);
}

/**
 * Picks an <option> the way a person does: open the select, then click the option. (Clicking
 * the option alone changes the value but WebKit fires no `change` event, so the app would
 * never hear of it.)
 */
async function pick(select, option) {
  await select.click();
  await option.click();
}

/** Picks the <option> of select `id` whose visible text contains `text`. */
export async function choose(browser, id, text) {
  const select = await byId(browser, id);
  for (const option of await select.$$("option")) {
    if ((await option.getText()).includes(text)) return pick(select, option);
  }
  throw new Error(`select [data-testid="${id}"] has no option containing ${JSON.stringify(text)}`);
}

/** Picks the <option> of select `id` with value `value`. */
export async function chooseValue(browser, id, value) {
  const select = await byId(browser, id);
  const option = await select.$(`option[value="${value}"]`);
  if (!(await option.isExisting())) throw new Error(`select [data-testid="${id}"] has no option ${value}`);
  await pick(select, option);
  const now = await select.getValue();
  if (now !== value) throw new Error(`select [data-testid="${id}"] shows ${now} after picking ${value}`);
}

/**
 * Drags `from` onto `to` with the real X pointer (xdotool, under the test's Xvfb display), the
 * way a person does: press, move in small steps, release. WebKitWebDriver's synthesized
 * pointer actions reach the page as events, but @dnd-kit never sees a drop from them; real
 * input events work. The window sits at the screen's origin (no window manager), so page
 * coordinates plus the window's screen position are screen coordinates.
 */
export async function dragWithMouse(browser, from, to, { dx = 0, dy = 0 } = {}) {
  const center = (el) =>
    browser.execute((e) => {
      const r = e.getBoundingClientRect();
      return [Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2)];
    }, el);
  const [[fx, fy], [tx, ty]] = [await center(from), await center(to)];
  const [wx, wy] = await browser.execute(() => [window.screenX, window.screenY]);
  xdotool("mousemove", wx + fx, wy + fy, "mousedown", 1);
  const steps = 12;
  for (let i = 1; i <= steps; i++) {
    xdotool("mousemove", Math.round(wx + fx + ((tx + dx - fx) * i) / steps), Math.round(wy + fy + ((ty + dy - fy) * i) / steps));
    await browser.pause(25);
  }
  await browser.pause(150);
  xdotool("mouseup", 1);
}

/** Runs xdotool with `args` under the test's Xvfb display (real X pointer and keys, which reach
 * GTK — menus, native dialogs — as WebDriver's do not); returns its output, throws with its
 * stderr when it fails. */
export function xdotool(...args) {
  return execFileSync("xdotool", args.map(String), { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** Presses keys (xdotool names: "ctrl+l", "Return") with the real X keyboard, 120 ms apart. */
export function pressKeys(...keys) {
  xdotool("key", "--delay", "120", ...keys);
}

/** The X window id of the first window whose title contains `title` (a native dialog), waiting
 * up to 10 s for it. */
export async function windowTitled(browser, title) {
  let id = "";
  await browser.waitUntil(
    async () => {
      // `xdotool search` fails while no window matches.
      id = spawnSync("xdotool", ["search", "--name", title], { encoding: "utf8" }).stdout.trim().split("\n")[0] ?? "";
      return id !== "";
    },
    { timeout: 10000, timeoutMsg: `no window titled "${title}"` },
  );
  return id;
}

/** The displayed element with `data-testid=id` whose text includes `text` (waits for it). */
export async function findWithText(browser, id, text, timeout = 20000) {
  let found;
  await browser.waitUntil(
    async () => {
      for (const el of await browser.$$(`[data-testid="${id}"]`)) {
        if ((await el.isDisplayed()) && (await el.getText()).includes(text)) {
          found = el;
          return true;
        }
      }
      return false;
    },
    { timeout, timeoutMsg: `no [data-testid="${id}"] showing ${JSON.stringify(text)}` },
  );
  return found;
}

/** Sam Rivera's workspace on `dir`, made with the CLI: Ana Ortiz, a junior PM reporting to him;
 * the goal "Grow self-serve revenue"; Checkout (planning 2027) with the theme "One-click
 * everywhere" → the initiative "Wallets" → the one-year item "Apple Pay" (2027-Q2). */
export function walletsRoadmap(dir) {
  cli(dir, "init", "--name", "Sam Rivera", "--role", "senior", "--workspace", "Acme");
  cli(dir, "member", "add", "Ana Ortiz", "--role", "junior");
  cli(dir, "goal", "add", "Grow self-serve revenue");
  cli(dir, "product", "add", "Checkout", "--base-year", "2027");
  cli(dir, "item", "add", "One-click everywhere", "--product", "Checkout", "--horizon", "five_year", "--period", "2030", "--goal", "Grow self-serve revenue");
  cli(dir, "item", "add", "Wallets", "--product", "Checkout", "--horizon", "three_year", "--period", "2027-H1", "--parent", "One-click everywhere");
  cli(dir, "item", "add", "Apple Pay", "--product", "Checkout", "--horizon", "one_year", "--period", "2027-Q2", "--parent", "Wallets");
}

/** `from` syncs through `share`; the laptop on `to` joins the workspace there as `member`. */
export function joinThrough(from, to, share, member) {
  cli(from, "sync", "--folder", share);
  const invite = cli(from, "invite", "create", "--member", member).invite;
  cli(to, "join", "--folder", share, "--invite", invite);
}

/** First run in the app: creates workspace `workspace` as `name` with `role`, and waits for the frame. */
export async function onboard(browser, workspace, name, role) {
  await byId(browser, "onboarding");
  await fill(browser, "onboard-workspace", workspace);
  await fill(browser, "onboard-name", name);
  await chooseValue(browser, "onboard-role", role);
  await (await byId(browser, "onboard-submit")).click();
  await waitForText(browser, "whoami", name);
}

/** Clicks the element with `data-testid` = `id`. */
export async function click(browser, id) {
  await (await byId(browser, id)).click();
}

/** Opens the Sync page and runs a pass, waiting until it is done. */
export async function syncNow(browser) {
  await click(browser, "nav-sync");
  await click(browser, "sync-now");
  await waitForText(browser, "sync-status", "Last synced");
}
