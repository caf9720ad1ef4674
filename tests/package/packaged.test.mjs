// The package `npm run bundle` makes, checked as a user would meet it: the .deb, unpacked into a
// throwaway root, declares what it needs and holds the app, the CLI, the menu entry and the
// icon; the packaged app starts on an empty workspace, onboards, and the packaged CLI reads the
// workspace the app made. Run after `npm run bundle` (scripts/test.sh does), under Xvfb.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launch, tempDataDir, removeDir, onboard } from "../e2e/harness.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const debDir = path.join(root, "target/release/bundle/deb");

function theDeb() {
  const debs = existsSync(debDir) ? readdirSync(debDir).filter((f) => f.endsWith(".deb")) : [];
  assert.equal(debs.length, 1, `one .deb in ${debDir} (run npm run bundle first): ${debs}`);
  return path.join(debDir, debs[0]);
}

test("the .deb installs the app, the CLI, a menu entry and an icon, and the packaged app starts and onboards", async () => {
  const deb = theDeb();
  const fields = execFileSync("dpkg-deb", ["-f", deb, "Package", "Version", "Architecture", "Depends"], { encoding: "utf8" });
  const version = JSON.parse(readFileSync(path.join(root, "tauri.conf.json"), "utf8")).version;
  assert.match(fields, /^Package: baton$/m, fields);
  assert.match(fields, new RegExp(`^Version: ${version.replaceAll(".", "\\.")}$`, "m"), fields);
  assert.match(fields, /^Architecture: amd64$/m, fields);
  assert.match(fields, /^Depends: .*libwebkit2gtk-4\.1-0/m, "the window's library is a dependency");

  const installRoot = mkdtempSync(path.join(tmpdir(), "baton-deb-"));
  const dir = tempDataDir();
  try {
    execFileSync("dpkg-deb", ["-x", deb, installRoot]);
    const at = (p) => path.join(installRoot, p);
    for (const bin of ["usr/bin/baton-app", "usr/bin/baton"]) {
      assert.ok(existsSync(at(bin)), `${bin} is in the package`);
      assert.ok((statSync(at(bin)).mode & 0o111) !== 0, `${bin} is executable`);
    }
    const desktop = readFileSync(at("usr/share/applications/Baton.desktop"), "utf8");
    assert.match(desktop, /^Exec=baton-app/m, desktop);
    assert.match(desktop, /^Name=Baton$/m, desktop);
    const icons = execFileSync("find", [at("usr/share/icons"), "-name", "*.png"], { encoding: "utf8" }).trim();
    assert.ok(icons.length > 0, "an icon for the menu entry");

    const app = await launch(dir, { app: at("usr/bin/baton-app") });
    try {
      await onboard(app.browser, "Acme", "Sam Rivera", "senior");
    } finally {
      await app.close();
    }
    const me = JSON.parse(execFileSync(at("usr/bin/baton"), ["--data-dir", dir, "whoami", "--json"], { encoding: "utf8" }));
    assert.equal(me.me.name, "Sam Rivera", "the packaged CLI reads the workspace the packaged app made");
    assert.equal(me.name, "Acme");
  } finally {
    removeDir(installRoot);
    removeDir(dir);
  }
});
