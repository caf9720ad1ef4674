import { describe, expect, it } from "vitest";
import type { Command } from "./components/CommandPalette";
import { menuGroups, PALETTE_ENTRY } from "./menu";

const noop = () => {};
const commands: Command[] = [
  { id: "go-goals", label: "Go to Goals", group: "Go", shortcut: "1", run: noop },
  { id: "go-roadmap", label: "Go to Roadmap", group: "Go", shortcut: "2", run: noop },
  { id: "new", label: "New…", group: "Edit", shortcut: "N", run: noop },
  { id: "sync-now", label: "Sync now", group: "Sync", run: noop },
  { id: "theme-dark", label: "Theme: Dark", group: "View", run: noop },
  { id: "shortcuts", label: "Keyboard shortcuts", group: "Help", shortcut: "?", run: noop },
  { id: "hit-item-1", label: "Checkout & pay", group: "Found", run: noop },
];

describe("menuGroups", () => {
  it("puts every command under its menu, in menu-bar order, with the palette first in View", () => {
    const menus = menuGroups(commands);
    expect(menus.map((m) => m.title)).toEqual(["&File", "&Edit", "&View", "&Go", "&Help"]);
    const byTitle = Object.fromEntries(menus.map((m) => [m.title, m.entries.map((e) => e.id)]));
    expect(byTitle["&File"]).toEqual(["sync-now"]);
    expect(byTitle["&View"]).toEqual([PALETTE_ENTRY, "theme-dark"]);
    expect(byTitle["&Go"]).toEqual(["go-goals", "go-roadmap"]);
    expect(byTitle["&Help"]).toEqual(["shortcuts"]);
  });

  it("names pages plainly in Go, gives only the palette a chord, and never lists found things", () => {
    const menus = menuGroups(commands);
    const entries = menus.flatMap((m) => m.entries);
    expect(entries.find((e) => e.id === "go-goals")?.label).toBe("Goals");
    expect(entries.filter((e) => e.accelerator !== null).map((e) => [e.id, e.accelerator])).toEqual([
      [PALETTE_ENTRY, "CmdOrCtrl+K"],
    ]);
    expect(entries.some((e) => e.id.startsWith("hit-"))).toBe(false);
  });

  it("writes a literal & so the menu does not take it for a mnemonic, and leaves out empty menus", () => {
    const menus = menuGroups([{ id: "x", label: "Import & export", group: "Help", run: noop }]);
    expect(menus.map((m) => m.title)).toEqual(["&View", "&Help"]);
    expect(menus[1].entries[0].label).toBe("Import && export");
  });
});
