import type { Command } from "./components/CommandPalette";

/** The native menu bar, as the shell builds it (src-tauri/src/menu.rs). */
export interface MenuEntry {
  id: string;
  label: string;
  /** A Ctrl/⌘ chord; single-key shortcuts stay the window's (they would fire while typing). */
  accelerator: string | null;
  separated: boolean;
}

export interface MenuGroup {
  /** `&` marks the mnemonic (Alt+letter opens the menu). */
  title: string;
  entries: MenuEntry[];
}

/** The menu entry that opens the command palette (the window toggles it itself). */
export const PALETTE_ENTRY = "palette";

/** Which palette groups each menu shows, in menu-bar order. File also gets Quit from the shell. */
const MENUS: readonly { title: string; groups: readonly string[] }[] = [
  { title: "&File", groups: ["Sync"] },
  { title: "&Edit", groups: ["Edit"] },
  { title: "&View", groups: ["View"] },
  { title: "&Go", groups: ["Go"] },
  { title: "&Help", groups: ["Help"] },
];

/** A GTK/Windows label: a literal `&` is written `&&`. */
function literal(label: string): string {
  return label.replaceAll("&", "&&");
}

/**
 * The menu bar for the palette's `commands`: each command once, under the menu of its group,
 * with the palette itself first in View. Found things (search hits) are not commands of a menu.
 */
export function menuGroups(commands: readonly Command[]): MenuGroup[] {
  return MENUS.map(({ title, groups }) => {
    const entries: MenuEntry[] = commands
      .filter((c) => groups.includes(c.group) && !c.id.startsWith("hit-"))
      .map((c) => ({
        id: c.id,
        label: literal(c.group === "Go" ? c.label.replace(/^Go to /, "") : c.label),
        accelerator: null,
        separated: false,
      }));
    if (title === "&View") {
      entries.unshift({ id: PALETTE_ENTRY, label: "Command palette…", accelerator: "CmdOrCtrl+K", separated: false });
      if (entries.length > 1) entries[1] = { ...entries[1], separated: true };
    }
    return { title, entries };
  }).filter((m) => m.entries.length > 0);
}
