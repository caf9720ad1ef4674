import type { EvidenceKind } from "./bindings/EvidenceKind";
import type { FeedbackSource } from "./bindings/FeedbackSource";
import type { IdeaStage } from "./bindings/IdeaStage";
import type { IdeaView } from "./bindings/IdeaView";
import type { Impact } from "./bindings/Impact";
import type { Outcome } from "./bindings/Outcome";

export const FEEDBACK_SOURCES: readonly FeedbackSource[] = ["call", "support", "sales", "analytics", "research", "other"];

export const SOURCE_LABEL: Record<FeedbackSource, string> = {
  call: "Customer call",
  support: "Support",
  sales: "Sales",
  analytics: "Analytics",
  research: "Research",
  other: "Other",
};

export const OUTCOMES: readonly Outcome[] = ["go_ahead", "go_ahead_with_changes", "not_now", "no"];

export const OUTCOME_LABEL: Record<Outcome, string> = {
  go_ahead: "Go-ahead",
  go_ahead_with_changes: "Go-ahead with changes",
  not_now: "Not now",
  no: "No",
};

export const IMPACTS: readonly Impact[] = ["minimal", "low", "medium", "high", "massive"];

/** Intercom's RICE impact scale, as the core multiplies it. */
export const IMPACT_LABEL: Record<Impact, string> = {
  minimal: "Minimal (0.25)",
  low: "Low (0.5)",
  medium: "Medium (1)",
  high: "High (2)",
  massive: "Massive (3)",
};

export const EVIDENCE_KINDS: readonly EvidenceKind[] = ["link", "metric", "note"];

export const EVIDENCE_LABEL: Record<EvidenceKind, string> = {
  link: "Link",
  metric: "Metric",
  note: "Note",
};

export const STAGE_LABEL: Record<IdeaStage, string> = {
  draft: "Draft",
  awaiting_sponsor: "Awaiting sponsor",
  returned: "Returned",
  sponsored: "Sponsored",
  submitted: "Submitted",
  decided: "Decided",
};

/** The pipeline board's columns: a draft waiting for (or returned by) its sponsor is still a draft. */
export type Column = "draft" | "sponsored" | "submitted" | "decided";

export const COLUMNS: readonly Column[] = ["draft", "sponsored", "submitted", "decided"];

export function columnOf(stage: IdeaStage): Column {
  return stage === "awaiting_sponsor" || stage === "returned" ? "draft" : stage;
}

/** "12 evidence" style count: linked feedback plus links, metrics and notes. */
export function evidenceTotal(idea: IdeaView): number {
  return idea.feedbackCount + idea.evidenceCount;
}

/** A date shown as the user's calendar day, `YYYY-MM-DD`. */
export function dayOf(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
