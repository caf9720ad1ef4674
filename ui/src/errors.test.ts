import { describe, expect, it } from "vitest";
import { presentError } from "./errors";

describe("presentError", () => {
  it("tells a refusal from Baton's own trouble by the code alone", () => {
    expect(presentError("permission_denied")).toMatchObject({ title: "Not allowed", tone: "notice", hint: null });
    expect(presentError("invalid_input").tone).toBe("notice");
    expect(presentError("not_found").tone).toBe("notice");
    expect(presentError("storage")).toMatchObject({ tone: "trouble" });
    expect(presentError("io").title).toBe("A file could not be read or written");
    expect(presentError("migration").hint).toContain("Update Baton");
  });

  it("treats a code it does not know (a newer core's) as trouble, never as silence", () => {
    expect(presentError("something_new")).toMatchObject({ tone: "trouble" });
  });

  it("never tells a desktop user to run a command", () => {
    for (const code of ["permission_denied", "invalid_input", "no_workspace", "storage", "io", "migration"]) {
      const { title, hint } = presentError(code);
      expect(`${title} ${hint ?? ""}`).not.toMatch(/baton [a-z]+|--/);
    }
  });
});
