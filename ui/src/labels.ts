import type { Confidence } from "./bindings/Confidence";
import type { Horizon } from "./bindings/Horizon";
import type { Role } from "./bindings/Role";
import type { Status } from "./bindings/Status";

/** Every role, most senior first. */
export const ROLES: readonly Role[] = ["leadership", "senior", "junior"];

export const ROLE_LABEL: Record<Role, string> = {
  senior: "Senior PM",
  leadership: "Leadership",
  junior: "Junior PM",
};

/** Longest horizon first: the order the lanes are shown in. */
export const HORIZONS: readonly Horizon[] = ["five_year", "three_year", "one_year"];

export const HORIZON_LANE: Record<Horizon, string> = {
  five_year: "5-year themes",
  three_year: "3-year initiatives",
  one_year: "1-year items",
};

export const HORIZON_OPTION: Record<Horizon, string> = {
  five_year: "5-year theme",
  three_year: "3-year initiative",
  one_year: "1-year item",
};

export const PERIOD_PLACEHOLDER: Record<Horizon, string> = {
  five_year: "2030",
  three_year: "2027 or 2027-H2",
  one_year: "2027-Q3",
};

const SPAN: Record<Horizon, number> = { five_year: 5, three_year: 3, one_year: 1 };

/** Whether an item on `parent` may be served by an item on `child` (strictly longer). */
export function isLongerHorizon(parent: Horizon, child: Horizon): boolean {
  return SPAN[parent] > SPAN[child];
}

/** Every status, in the order a roadmap item usually goes through them. */
export const STATUSES: readonly Status[] = ["idea", "planned", "in_progress", "done", "dropped"];

export const STATUS_LABEL: Record<Status, string> = {
  idea: "Idea",
  planned: "Planned",
  in_progress: "In progress",
  done: "Done",
  dropped: "Dropped",
};

export const CONFIDENCES: readonly Confidence[] = ["low", "medium", "high"];

export const CONFIDENCE_LABEL: Record<Confidence, string> = {
  low: "Low",
  medium: "Medium",
  high: "High",
};
