import type { MemberView } from "./bindings/MemberView";
import type { Role } from "./bindings/Role";

/** One member on the People page, where their reporting line puts them. */
export interface PersonRow {
  member: MemberView;
  /** Managers above them on the line shown (0: at the top of a team, or without a manager). */
  depth: number;
}

export interface ReportingLines {
  /** Each team's lead (leadership, a senior PM, or anyone with reports and no manager),
   * followed by those who report to them, depth first. */
  teams: PersonRow[];
  /** Everyone else with no manager: junior PMs who report to no one yet. */
  unmanaged: PersonRow[];
}

/** Leadership first, then senior PMs, then junior PMs (siblings, and the tops of teams). */
const ROLE_ORDER: Record<Role, number> = { leadership: 0, senior: 1, junior: 2 };

function byRoleThenName(a: MemberView, b: MemberView): number {
  return (
    ROLE_ORDER[a.role] - ROLE_ORDER[b.role] ||
    a.name.localeCompare(b.name, undefined, { sensitivity: "base" }) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/**
 * The members as reporting lines: every team from its lead down (a leader, the senior PMs who
 * report to them, each senior PM's junior PMs), then the junior PMs who report to no one.
 * Whatever the managers say, every member is listed once: a manager who is no longer a member
 * leaves their reports at the top of a line, and a loop (two laptops each making the other
 * member the manager, say) is cut where it would come back round.
 */
export function reportingLines(members: readonly MemberView[]): ReportingLines {
  const byId = new Map(members.map((m) => [m.id, m]));
  const managerOf = (m: MemberView) =>
    m.managerId !== null && m.managerId !== m.id ? (byId.get(m.managerId) ?? null) : null;
  const reportsTo = new Map<string, MemberView[]>();
  for (const m of members) {
    const manager = managerOf(m);
    if (manager) reportsTo.set(manager.id, [...(reportsTo.get(manager.id) ?? []), m]);
  }
  for (const list of reportsTo.values()) list.sort(byRoleThenName);

  const sorted = [...members].sort(byRoleThenName);
  const shown = new Set<string>();
  const teams: PersonRow[] = [];
  const walk = (m: MemberView, depth: number) => {
    if (shown.has(m.id)) return;
    shown.add(m.id);
    teams.push({ member: m, depth });
    for (const r of reportsTo.get(m.id) ?? []) walk(r, depth + 1);
  };

  const unmanaged: PersonRow[] = [];
  for (const m of sorted) {
    if (managerOf(m) !== null) continue;
    if (m.role !== "junior" || reportsTo.has(m.id)) walk(m, 0);
    else {
      shown.add(m.id);
      unmanaged.push({ member: m, depth: 0 });
    }
  }
  // Only members in a loop of managers are left: each loop starts a team where it is entered.
  for (const m of sorted) walk(m, 0);
  return { teams, unmanaged };
}
