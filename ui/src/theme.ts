import { useCallback, useEffect, useState } from "react";

/** What the reader picked: follow the OS, or one theme always. */
export type ThemeChoice = "system" | "light" | "dark";
export type Theme = "light" | "dark";

export const THEME_CHOICES: readonly ThemeChoice[] = ["system", "light", "dark"];
export const THEME_LABEL: Record<ThemeChoice, string> = {
  system: "Match the system",
  light: "Light",
  dark: "Dark",
};

/** Where the choice is kept: this window's local storage (a preference of this laptop, not of
 * the workspace, so it is not synced). */
const KEY = "baton.theme";
const DARK_QUERY = "(prefers-color-scheme: dark)";

function isChoice(v: unknown): v is ThemeChoice {
  return v === "system" || v === "light" || v === "dark";
}

export function storedChoice(): ThemeChoice {
  try {
    const v = window.localStorage.getItem(KEY);
    return isChoice(v) ? v : "system";
  } catch {
    return "system";
  }
}

function systemTheme(): Theme {
  return typeof window.matchMedia === "function" && window.matchMedia(DARK_QUERY).matches ? "dark" : "light";
}

export function resolve(choice: ThemeChoice): Theme {
  return choice === "system" ? systemTheme() : choice;
}

/** Sets `data-theme` on <html>, which styles.css keys its colours on. */
export function applyTheme(choice: ThemeChoice): Theme {
  const theme = resolve(choice);
  document.documentElement.dataset.theme = theme;
  return theme;
}

/** The reader's choice and a setter that keeps it, applies it, and follows the OS while the
 * choice is "system". */
export function useTheme(): [ThemeChoice, (choice: ThemeChoice) => void] {
  const [choice, setChoice] = useState<ThemeChoice>(storedChoice);
  useEffect(() => {
    applyTheme(choice);
    if (choice !== "system" || typeof window.matchMedia !== "function") return;
    const media = window.matchMedia(DARK_QUERY);
    const follow = () => applyTheme("system");
    media.addEventListener("change", follow);
    return () => media.removeEventListener("change", follow);
  }, [choice]);
  const choose = useCallback((next: ThemeChoice) => {
    try {
      window.localStorage.setItem(KEY, next);
    } catch {
      // Storage refused (private mode): the choice holds for this session.
    }
    setChoice(next);
  }, []);
  return [choice, choose];
}
