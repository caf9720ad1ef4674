import { describe, expect, it } from "vitest";
import type { MemberView } from "./bindings/MemberView";
import type { Role } from "./bindings/Role";
import { reportingLines, type PersonRow } from "./people";

const member = (name: string, role: Role, managerId: string | null = null): MemberView => ({
  id: name.toLowerCase(),
  name,
  role,
  managerId,
  mentorId: null,
});

const lines = (rows: PersonRow[]) => rows.map((r) => `${"  ".repeat(r.depth)}${r.member.name}`);

describe("reportingLines", () => {
  it("lists each team from its lead down, then the junior PMs without a manager", () => {
    const { teams, unmanaged } = reportingLines([
      member("Ana", "junior", "sam"),
      member("Bo", "junior", null),
      member("Kim", "junior", "sam"),
      member("Lee", "leadership"),
      member("Max", "senior", null),
      member("Priya", "senior", "lee"),
      member("Sam", "senior", "lee"),
      member("Zoe", "junior", "priya"),
    ]);
    expect(lines(teams)).toEqual(["Lee", "  Priya", "    Zoe", "  Sam", "    Ana", "    Kim", "Max"]);
    expect(lines(unmanaged)).toEqual(["Bo"]);
  });

  it("siblings come by role, then by name whatever its case", () => {
    const { teams } = reportingLines([
      member("zed", "junior", "lee"),
      member("Amy", "junior", "lee"),
      member("Lee", "leadership"),
      member("Yann", "senior", "lee"),
    ]);
    expect(lines(teams)).toEqual(["Lee", "  Yann", "  Amy", "  zed"]);
  });

  it("a removed manager leaves their reports at the top; a loop of managers is listed once", () => {
    const { teams, unmanaged } = reportingLines([
      member("Ana", "junior", "gone"),
      member("Kai", "senior", "gone"),
      member("Rue", "senior", "uma"),
      member("Uma", "senior", "rue"),
      member("Vic", "junior", "uma"),
    ]);
    expect(lines(teams)).toEqual(["Kai", "Rue", "  Uma", "    Vic"]);
    expect(lines(unmanaged)).toEqual(["Ana"]);
  });
});
