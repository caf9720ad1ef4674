import { readFileSync } from "node:fs";
import { join } from "node:path";
import { act, renderHook } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { applyTheme, storedChoice, useTheme } from "./theme";

/** The custom properties of the rule whose selector is `selector` in styles.css. */
function palette(selector: string): Record<string, string> {
  const css = readFileSync(join(__dirname, "styles.css"), "utf8");
  const start = css.indexOf(`${selector} {`);
  expect(start, `styles.css has a ${selector} rule`).toBeGreaterThanOrEqual(0);
  const body = css.slice(start, css.indexOf("}", start));
  return Object.fromEntries([...body.matchAll(/(--[\w-]+):\s*(#[0-9a-fA-F]{6})/g)].map((m) => [m[1], m[2]]));
}

/** WCAG 2.x relative luminance and contrast ratio. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

// Text (AA: 4.5:1) on the backgrounds it is drawn on; the focus ring and borders of controls
// (non-text, AA: 3:1) against the page.
const TEXT_PAIRS: [string, string][] = [
  ["--text", "--bg"],
  ["--text", "--bg-sidebar"],
  ["--text", "--bg-raised"],
  ["--text", "--bg-hover"],
  ["--muted", "--bg"],
  ["--muted", "--bg-sidebar"],
  ["--muted", "--bg-raised"],
  ["--accent-text", "--accent"],
  ["--danger-text", "--danger-bg"],
  ["--warn-text", "--warn-bg"],
  ["--ok-text", "--ok-bg"],
];
const NON_TEXT_PAIRS: [string, string][] = [
  ["--focus", "--bg"],
  ["--focus", "--bg-raised"],
  ["--focus", "--bg-sidebar"],
  ["--accent", "--bg"],
  ["--ok-bg", "--bg"],
];

describe("themes", () => {
  it("no style sheet hard-codes a colour outside the two palettes", () => {
    for (const sheet of ["delegation.css", "roadmap.css", "strategy.css", "planning.css"]) {
      const css = readFileSync(join(__dirname, sheet), "utf8");
      expect(css.match(/#[0-9a-fA-F]{3,6}\b/g) ?? [], sheet).toEqual([]);
    }
  });

  for (const [name, selector] of [
    ["light", ":root"],
    ["dark", ':root[data-theme="dark"]'],
  ] as const) {
    it(`the ${name} theme's text and controls pass WCAG AA contrast`, () => {
      const colours = palette(selector);
      const failing: string[] = [];
      for (const [pairs, min] of [
        [TEXT_PAIRS, 4.5],
        [NON_TEXT_PAIRS, 3],
      ] as const) {
        for (const [fg, bg] of pairs) {
          expect(colours[fg], `${fg} in the ${name} theme`).toBeDefined();
          expect(colours[bg], `${bg} in the ${name} theme`).toBeDefined();
          const ratio = contrast(colours[fg]!, colours[bg]!);
          if (ratio < min) failing.push(`${fg} on ${bg}: ${ratio.toFixed(2)}:1 (needs ${min}:1)`);
        }
      }
      expect(failing).toEqual([]);
    });
  }
});

describe("the theme choice", () => {
  afterEach(() => {
    window.localStorage.clear();
    vi.unstubAllGlobals();
  });

  function systemPrefersDark(dark: boolean) {
    const listeners = new Set<() => void>();
    const media = {
      matches: dark,
      addEventListener: (_: string, l: () => void) => listeners.add(l),
      removeEventListener: (_: string, l: () => void) => listeners.delete(l),
    };
    vi.stubGlobal("matchMedia", () => media);
    return {
      change(next: boolean) {
        media.matches = next;
        listeners.forEach((l) => l());
      },
    };
  }

  it("follows the system until the reader picks one, keeps the pick, and follows the system again on request", () => {
    const os = systemPrefersDark(true);
    expect(storedChoice()).toBe("system");
    const { result } = renderHook(() => useTheme());
    expect(document.documentElement.dataset.theme).toBe("dark");
    os.change(false);
    expect(document.documentElement.dataset.theme).toBe("light");

    act(() => result.current[1]("dark"));
    expect(document.documentElement.dataset.theme).toBe("dark");
    os.change(true);
    os.change(false);
    // A picked theme ignores the system.
    expect(document.documentElement.dataset.theme).toBe("dark");
    expect(storedChoice()).toBe("dark");

    act(() => result.current[1]("system"));
    expect(document.documentElement.dataset.theme).toBe("light");
    expect(storedChoice()).toBe("system");
  });

  it("a stored choice that is not a theme reads as following the system", () => {
    systemPrefersDark(false);
    window.localStorage.setItem("baton.theme", "purple");
    expect(storedChoice()).toBe("system");
    expect(applyTheme(storedChoice())).toBe("light");
  });
});
