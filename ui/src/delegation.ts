// Words and small helpers for the delegation screens (Inbox, Board, the delegated item). Every
// permission and every status comes from the core; this file only names and formats them.

import { createContext, useContext } from "react";
import type { CommentView } from "./bindings/CommentView";
import type { DelegationState } from "./bindings/DelegationState";
import type { InboxKind } from "./bindings/InboxKind";
import type { Mark } from "./bindings/Mark";
import type { Stage } from "./bindings/Stage";
import type { StoryStatus } from "./bindings/StoryStatus";

/** A number the core may leave out (null: none yet) read as 0. */
export function num(value: number | null | undefined): number {
  return value ?? 0;
}

export const STORY_STATUS_LABEL: Record<StoryStatus, string> = {
  draft: "Draft",
  in_review: "In review",
  changes_requested: "Changes requested",
  ready: "Ready",
  in_progress: "In progress",
  in_qa: "In QA",
  done: "Done",
  blocked: "Blocked",
};

export const STAGES: readonly Stage[] = ["draft", "in_progress", "in_qa", "done"];

export const STAGE_LABEL: Record<Stage, string> = {
  draft: "Draft",
  in_progress: "In progress",
  in_qa: "In QA",
  done: "Done",
};

/** The marks a guardrail check can be given (unchecked is where it starts). */
export const MARKS: readonly Mark[] = ["respected", "at_risk", "violated"];

export const MARK_LABEL: Record<Mark, string> = {
  unchecked: "Not checked",
  respected: "Respected",
  at_risk: "At risk",
  violated: "Violated",
};

export const DELEGATION_STATE_LABEL: Record<DelegationState, string> = {
  offered: "Offered",
  questioned: "Question asked",
  accepted: "Running",
  completed: "Completed",
  withdrawn: "Withdrawn",
};

export const INBOX_KIND_LABEL: Record<InboxKind, string> = {
  changes_requested: "Changes requested",
  question_answered: "Question answered",
  comments: "New comments",
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How long something has waited, short: "under a minute", "12 min", "2 h", "3 days". */
export function waitedFor(ms: number): string {
  if (ms < MINUTE) return "under a minute";
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min`;
  if (ms < 2 * DAY) return `${Math.floor(ms / HOUR)} h`;
  return `${Math.floor(ms / DAY)} days`;
}

/** "every 7 days", "no check-ins". */
export function cadenceText(days: number): string {
  if (days <= 0) return "no check-ins";
  return days === 1 ? "every day" : `every ${days} days`;
}

/** A story's comments as threads: each first comment with its replies, oldest first. */
export function threads(comments: readonly CommentView[]): { head: CommentView; replies: CommentView[] }[] {
  const heads = comments.filter((c) => c.parentId === null).sort((a, b) => num(a.atMs) - num(b.atMs));
  return heads.map((head) => ({
    head,
    replies: comments.filter((c) => c.parentId === head.id).sort((a, b) => num(a.atMs) - num(b.atMs)),
  }));
}

/** Opening a delegated item from anywhere in the app (the Frame provides it). */
export interface Navigation {
  openDelegation(id: string, storyId?: string | null): void;
}

export const NavContext = createContext<Navigation | null>(null);

/** The app's navigation; null outside the Frame (a component rendered alone). */
export function useNav(): Navigation | null {
  return useContext(NavContext);
}
