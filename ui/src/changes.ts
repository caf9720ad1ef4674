import type { ChangeView } from "./bindings/ChangeView";
import type { Horizon } from "./bindings/Horizon";
import type { Role } from "./bindings/Role";
import { HORIZON_OPTION, ROLE_LABEL } from "./labels";

/** How history and conflicts name a field the core reports by its column name. */
const FIELD_LABEL: Record<string, string> = {
  title: "title",
  description: "description",
  period: "period",
  goal_id: "goal",
  parent_id: "parent",
  product_id: "product",
  horizon: "horizon",
  owner_id: "owner",
  manager_id: "manager",
  name: "name",
  role: "role",
  deleted: "deleted",
};

/** Fields holding another entity's id: shown by that entity's title or name. */
const REFERENCE_FIELDS = new Set(["goal_id", "parent_id", "product_id", "owner_id", "manager_id"]);

export function fieldLabel(field: string): string {
  return FIELD_LABEL[field] ?? field.replace(/_/g, " ");
}

export function capitalized(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A value in words: “quoted” text, a referenced entity by name, or "nothing" when cleared.
 * `names` maps ids to titles/names of what is listed right now. */
export function valueText(field: string, value: string | null, names: ReadonlyMap<string, string>): string {
  if (value === null) return "nothing";
  if (field === "deleted") return value === "true" ? "deleted" : "not deleted";
  if (REFERENCE_FIELDS.has(field)) {
    const name = names.get(value);
    return name === undefined ? "something no longer listed" : `“${name}”`;
  }
  if (field === "horizon" && value in HORIZON_OPTION) return `“${HORIZON_OPTION[value as Horizon]}”`;
  if (field === "role" && value in ROLE_LABEL) return `“${ROLE_LABEL[value as Role]}”`;
  return `“${value}”`;
}

/** What a change did, after its author's name: "set title to “X”", "deleted it", … */
export function changeText(change: ChangeView, names: ReadonlyMap<string, string>): string {
  if (change.field === "deleted") return change.value === "true" ? "deleted it" : "brought it back";
  if (change.value === null) return `cleared the ${fieldLabel(change.field)}`;
  return `set ${fieldLabel(change.field)} to ${valueText(change.field, change.value, names)}`;
}

/** The author as shown: a change by a member this laptop does not know yet still reads well. */
export function authorText(change: ChangeView): string {
  return change.authorName || "Someone";
}
