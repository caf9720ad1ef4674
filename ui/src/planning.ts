// Words and small helpers for the planning screens (Sprints, Launches, Progress, Journal).
// Every figure, permission and status comes from the core; this file only names and formats.

import type { JournalKind } from "./bindings/JournalKind";
import type { LaunchStatus } from "./bindings/LaunchStatus";
import type { RiskKind } from "./bindings/RiskKind";
import type { SprintView } from "./bindings/SprintView";
import type { StoryStatus } from "./bindings/StoryStatus";
import type { TallyView } from "./bindings/TallyView";

/** `YYYY-MM-DD` of a local date. */
export function isoDay(date: Date): string {
  const m = String(date.getMonth() + 1).padStart(2, "0");
  const d = String(date.getDate()).padStart(2, "0");
  return `${date.getFullYear()}-${m}-${d}`;
}

/** Today on this laptop, `YYYY-MM-DD`. */
export function today(): string {
  return isoDay(new Date());
}

/** `day` (`YYYY-MM-DD`) moved by `days`. */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split("-").map(Number);
  return isoDay(new Date(y!, m! - 1, d! + days));
}

/** Days from `from` to `to` (`YYYY-MM-DD`), both counted: 1 for the same day. */
export function daysFromTo(from: string, to: string): number {
  const [a, b] = [from, to].map((day) => {
    const [y, m, d] = day.split("-").map(Number);
    return Date.UTC(y!, m! - 1, d!);
  });
  return Math.round((b! - a!) / 86_400_000) + 1;
}

/** "December 2026" for `2026-12-…`. */
export function monthLabel(day: string): string {
  const [y, m] = day.split("-").map(Number);
  return new Date(y!, m! - 1, 1).toLocaleDateString("en", { month: "long", year: "numeric" });
}

/** "Sprint 1 (2026-11-30 – 2026-12-11)", closed ones marked. */
export function sprintLabel(s: SprintView): string {
  return `${s.name} (${s.startsOn} – ${s.endsOn})${s.closed ? " · closed" : ""}`;
}

/** The sprint shown first: the open one whose dates contain `day`, else the first open one,
 * else the last one. */
export function defaultSprint(sprints: readonly SprintView[], day: string): SprintView | undefined {
  const open = sprints.filter((s) => !s.closed);
  return (
    open.find((s) => s.startsOn <= day && day <= s.endsOn) ?? open[0] ?? sprints[sprints.length - 1]
  );
}

/** The board's columns, in the order work goes through them. */
export const BOARD_COLUMNS = ["ready", "in_progress", "in_qa", "done", "blocked"] as const;
export type BoardColumn = (typeof BOARD_COLUMNS)[number];

/** The column a story shows in: approved but unstarted work (or work back in review) is "ready". */
export function boardColumn(status: StoryStatus): BoardColumn {
  return (BOARD_COLUMNS as readonly string[]).includes(status) ? (status as BoardColumn) : "ready";
}

export const LAUNCH_STATUS_LABEL: Record<LaunchStatus, string> = {
  planned: "Planned",
  launched: "Launched",
  cancelled: "Cancelled",
};

export const JOURNAL_KINDS: readonly JournalKind[] = ["learning", "achievement", "reflection"];

export const JOURNAL_KIND_LABEL: Record<JournalKind, string> = {
  learning: "Learning",
  achievement: "Achievement",
  reflection: "Reflection",
};

export const RISK_LABEL: Record<RiskKind, string> = {
  behind_plan: "Behind plan",
  blocked: "Blocked",
  guardrail: "Guardrail",
  checkin_overdue: "Check-in overdue",
  launch_overdue: "Launch overdue",
};

/** "64 %", or "no stories yet" when there are no points to count by. */
export function percentText(tally: TallyView): string {
  return tally.percent === null ? "no stories yet" : `${tally.percent} %`;
}
