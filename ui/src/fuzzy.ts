/**
 * Fuzzy matching for the command palette: every character of the query, in order, somewhere in
 * the text (case-insensitive). Matches score higher when they start words, run together, and
 * come early, so "gr" finds "Go to Roadmap" before "Go to Goals … Progress".
 */
export function fuzzyScore(query: string, text: string): number | null {
  const q = query.trim().toLowerCase();
  if (q === "") return 0;
  const t = text.toLowerCase();
  let score = 0;
  let at = 0;
  let previous = -2;
  for (const ch of q) {
    if (ch === " ") continue;
    const found = t.indexOf(ch, at);
    if (found < 0) return null;
    const wordStart = found === 0 || /[\s\-/·:]/.test(t[found - 1] ?? "");
    score += 1 + (wordStart ? 8 : 0) + (found === previous + 1 ? 5 : 0) - Math.min(found, 40) / 40;
    previous = found;
    at = found + 1;
  }
  return score;
}

/** `items` matching `query`, best first (ties keep their order). */
export function fuzzyFilter<T>(items: readonly T[], query: string, text: (item: T) => string): T[] {
  return items
    .map((item, i) => ({ item, i, score: fuzzyScore(query, text(item)) }))
    .filter((x): x is { item: T; i: number; score: number } => x.score !== null)
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .map((x) => x.item);
}
