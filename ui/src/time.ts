import { useEffect, useState } from "react";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "3 min ago", "2 h ago", "yesterday", "4 days ago", then the date. A time in
 * the future (another laptop's clock running ahead) reads as "just now". */
export function relativeTime(atMs: number, nowMs: number): string {
  const ago = nowMs - atMs;
  if (ago < 45_000) return "just now";
  if (ago < HOUR) return `${Math.max(1, Math.round(ago / MINUTE))} min ago`;
  if (ago < DAY) return `${Math.floor(ago / HOUR)} h ago`;
  const days = Math.floor(ago / DAY);
  if (days === 1) return "yesterday";
  if (days < 7) return `${days} days ago`;
  return new Date(atMs).toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric" });
}

/** A clock difference in words: "about 7 min", "about 3 h". */
export function aboutDuration(ms: number): string {
  if (ms < 90 * MINUTE) return `about ${Math.max(1, Math.round(ms / MINUTE))} min`;
  if (ms < 2 * DAY) return `about ${Math.round(ms / HOUR)} h`;
  return `about ${Math.round(ms / DAY)} days`;
}

/** The current time, updated every `everyMs`, so "3 min ago" does not go stale on screen. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** "1 change", "3 changes". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
