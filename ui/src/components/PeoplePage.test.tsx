import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Backend } from "../backend";
import { delegationTeam, Team, withWorkspace } from "../testing/fixtures";
import { findFrame, renderApp } from "../testing/render";

async function openPeople(backend: Backend) {
  const rendered = renderApp(backend);
  await rendered.user.click((await findFrame()).people);
  await screen.findAllByTestId("people-row");
  return rendered;
}

/** The rows of a section as text: indented by depth, then name, role and manager. */
function rowsOf(section: HTMLElement): string[] {
  return within(section)
    .getAllByTestId("people-row")
    .map((row) => {
      const cell = (id: string) => within(row).getByTestId(id).textContent;
      const you = within(row).queryByTestId("member-you") ? " (you)" : "";
      const reports = cell("member-manager")!.replace("Reports to ", "");
      return `${"  ".repeat(Number(row.dataset.depth))}${cell("member-name")}${you} · ${cell("member-role")} · ${reports}`;
    });
}

/** The row of the member called `name` (while edited too). */
function row(name: string): HTMLElement {
  const found = screen
    .getAllByTestId("people-row")
    .find(
      (r) =>
        within(r).queryByTestId("member-name")?.textContent === name ||
        within(r).queryByTestId("member-name-input")?.getAttribute("aria-label") === `Name of ${name}`,
    );
  if (!found) throw new Error(`no row for ${name}`);
  return found;
}

/** Lee (leadership) with two senior PMs, Sam (with two junior PMs) and Priya, and Bo, a junior
 * PM who reports to no one. */
async function withTeams() {
  const { backend: lee, me } = await withWorkspace("Lee Chen", "leadership");
  const sam = await lee.send("member_create", { name: "Sam Rivera", role: "senior", managerId: me.id });
  const priya = await lee.send("member_create", { name: "Priya Shah", role: "senior", managerId: me.id });
  const kim = await lee.send("member_create", { name: "Kim Lee", role: "junior", managerId: sam.id });
  const ana = await lee.send("member_create", { name: "Ana Ortiz", role: "junior", managerId: sam.id });
  const bo = await lee.send("member_create", { name: "Bo Park", role: "junior" });
  return { lee, me, sam, priya, kim, ana, bo };
}

describe("People page: reporting lines", () => {
  it("lists each lead with their team, then whoever has no manager, and marks me", async () => {
    const { lee } = await withTeams();
    await openPeople(lee);

    expect(screen.getByTestId("nav-people")).toHaveAttribute("aria-current", "page");
    expect(rowsOf(screen.getByTestId("people-teams"))).toEqual([
      "Lee Chen (you) · Leadership · No manager",
      "  Priya Shah · Senior PM · Lee Chen (you)",
      "  Sam Rivera · Senior PM · Lee Chen (you)",
      "    Ana Ortiz · Junior PM · Sam Rivera",
      "    Kim Lee · Junior PM · Sam Rivera",
    ]);
    expect(rowsOf(screen.getByTestId("people-unmanaged"))).toEqual(["Bo Park · Junior PM · No manager"]);
    expect(screen.getAllByTestId("member-you")).toHaveLength(1);
    // Read out as words, not only by indentation.
    expect(within(row("Kim Lee")).getByTestId("member-manager")).toHaveTextContent("Reports to Sam Rivera");
    // Leadership may edit everyone, and remove everyone but themselves.
    expect(screen.getAllByTestId("member-edit")).toHaveLength(6);
    expect(screen.getAllByTestId("member-remove")).toHaveLength(5);
    expect(within(row("Lee Chen")).queryByTestId("member-remove")).not.toBeInTheDocument();
  });

  it("5 opens the People page and 6 the Sync page", async () => {
    const { backend } = await withWorkspace();
    const { user } = renderApp(backend);
    await findFrame();
    await user.keyboard("5");
    expect(await screen.findByRole("heading", { name: "People" })).toBeInTheDocument();
    expect(await screen.findAllByTestId("people-row")).toHaveLength(1);
    await user.keyboard("6");
    expect(await screen.findByRole("heading", { name: "Sync" })).toBeInTheDocument();
  });
});

describe("People page: adding a member", () => {
  it("adds a member with a role and a manager, under that manager", async () => {
    const { lee, me, sam } = await withTeams();
    const { user } = await openPeople(lee);

    // Leadership adds any role; a new member reports to me unless told otherwise.
    const roles = screen.getByTestId("member-add-role");
    expect(within(roles).getAllByRole("option").map((o) => o.textContent)).toEqual([
      "Leadership",
      "Senior PM",
      "Junior PM",
    ]);
    const manager = screen.getByTestId("member-add-manager");
    expect(manager).toHaveValue(me.id);
    // Junior PMs manage no one: they are not offered.
    expect(within(manager).getAllByRole("option").map((o) => o.textContent)).toEqual([
      "No manager",
      "Reports to Lee Chen (you)",
      "Reports to Priya Shah",
      "Reports to Sam Rivera",
    ]);

    await user.type(screen.getByTestId("member-add-name"), "Zoe Quinn");
    await user.selectOptions(roles, "Junior PM");
    await user.selectOptions(manager, "Reports to Sam Rivera");
    await user.click(screen.getByRole("button", { name: "Add member" }));

    await waitFor(() =>
      expect(rowsOf(screen.getByTestId("people-teams"))).toContain("    Zoe Quinn · Junior PM · Sam Rivera"),
    );
    expect(lee.callsOf("member_create")).toEqual([{ name: "Zoe Quinn", role: "junior", managerId: sam.id }]);
    expect((await lee.send("member_list", {})).find((m) => m.name === "Zoe Quinn")).toMatchObject({
      role: "junior",
      managerId: sam.id,
    });
    // Ready for the next one.
    expect(screen.getByTestId("member-add-name")).toHaveValue("");
    expect(screen.getByTestId("member-add-name")).toHaveFocus();
  });

  it("a senior PM adds junior PMs only; 'No manager' is kept; a name the core refuses shows why", async () => {
    const { backend: sam } = await withWorkspace("Sam Rivera", "senior");
    await sam.send("member_create", { name: "Kim Lee", role: "junior" });
    const { user } = await openPeople(sam);

    expect(within(screen.getByTestId("member-add-role")).getAllByRole("option").map((o) => o.textContent)).toEqual([
      "Junior PM",
    ]);
    await user.type(screen.getByTestId("member-add-name"), "Kim Lee");
    await user.click(screen.getByTestId("member-add"));
    expect(await screen.findByRole("alert")).toHaveTextContent('a member called "Kim Lee" already exists');
    expect(screen.getByTestId("member-add-name")).toHaveValue("Kim Lee");

    // Without a manager given, the core has Sam manage the junior PMs he adds: "No manager"
    // undoes that.
    await user.clear(screen.getByTestId("member-add-name"));
    await user.type(screen.getByTestId("member-add-name"), "Bo Park");
    await user.selectOptions(screen.getByTestId("member-add-manager"), "No manager");
    await user.click(screen.getByTestId("member-add"));

    expect(await screen.findByTestId("people-unmanaged")).toBeInTheDocument();
    expect(rowsOf(screen.getByTestId("people-unmanaged"))).toEqual(["Bo Park · Junior PM · No manager"]);
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    const bo = (await sam.send("member_list", {})).find((m) => m.name === "Bo Park")!;
    expect(bo.managerId).toBeNull();
    expect(sam.callsOf("member_update")).toEqual([{ id: bo.id, managerId: "" }]);
  });

  it("the N key goes to the new member's name; the Sync page offers the member added last", async () => {
    const team = await Team.create("Lee Chen", "leadership");
    team.share();
    const lee = team.home;
    await lee.send("member_create", { name: "Ana Ortiz", role: "senior" });
    const { user } = await openPeople(lee);

    await user.keyboard("n");
    expect(screen.getByTestId("member-add-name")).toHaveFocus();
    await user.keyboard("Zoe Quinn{Enter}");
    await waitFor(() => expect(screen.getAllByTestId("people-row")).toHaveLength(3));
    const zoe = (await lee.send("member_list", {})).find((m) => m.name === "Zoe Quinn")!;

    await user.click(screen.getByTestId("people-sync-link"));
    expect(await screen.findByLabelText("Member to invite")).toHaveValue(zoe.id);
  });
});

describe("People page: editing a member", () => {
  it("changes a member's role and manager in one update, and the row moves to its new line", async () => {
    const { lee, priya, kim } = await withTeams();
    const { user } = await openPeople(lee);

    const kimRow = row("Kim Lee");
    await user.click(within(kimRow).getByRole("button", { name: "Edit Kim Lee" }));
    const form = within(kimRow).getByRole("form", { name: "Edit Kim Lee" });
    expect(within(form).getByTestId("member-name-input")).toHaveFocus();
    expect(within(form).getByTestId("member-role-input")).toHaveValue("junior");
    const manager = within(form).getByTestId("member-manager-input");
    expect(within(manager).getAllByRole("option").map((o) => o.textContent)).toEqual([
      "No manager",
      "Lee Chen (you)",
      "Priya Shah",
      "Sam Rivera",
    ]);

    await user.selectOptions(within(form).getByLabelText("Role of Kim Lee"), "Senior PM");
    await user.selectOptions(manager, "Priya Shah");
    await user.click(within(form).getByTestId("member-save"));

    await waitFor(() =>
      expect(rowsOf(screen.getByTestId("people-teams"))).toEqual([
        "Lee Chen (you) · Leadership · No manager",
        "  Priya Shah · Senior PM · Lee Chen (you)",
        "    Kim Lee · Senior PM · Priya Shah",
        "  Sam Rivera · Senior PM · Lee Chen (you)",
        "    Ana Ortiz · Junior PM · Sam Rivera",
      ]),
    );
    // Only what changed, in one call.
    expect(lee.callsOf("member_update")).toEqual([{ id: kim.id, role: "senior", managerId: priya.id }]);
    expect((await lee.send("member_list", {})).find((m) => m.id === kim.id)).toMatchObject({
      role: "senior",
      managerId: priya.id,
    });
    expect(within(row("Kim Lee")).getByTestId("member-edit")).toHaveFocus();
  });

  it("renames a member and clears a manager; Escape cancels; an untouched Save sends nothing", async () => {
    const { lee, ana } = await withTeams();
    const { user } = await openPeople(lee);

    await user.click(within(row("Ana Ortiz")).getByTestId("member-edit"));
    await user.type(within(row("Ana Ortiz")).getByTestId("member-name-input"), " Ruiz");
    await user.keyboard("{Escape}");
    expect(within(row("Ana Ortiz")).queryByRole("form")).not.toBeInTheDocument();
    expect(within(row("Ana Ortiz")).getByTestId("member-edit")).toHaveFocus();

    await user.click(within(row("Ana Ortiz")).getByTestId("member-edit"));
    await user.click(within(row("Ana Ortiz")).getByTestId("member-save"));
    expect(within(row("Ana Ortiz")).queryByRole("form")).not.toBeInTheDocument();
    expect(lee.callsOf("member_update")).toEqual([]);

    await user.click(within(row("Ana Ortiz")).getByTestId("member-edit"));
    const form = within(row("Ana Ortiz")).getByRole("form");
    await user.selectOptions(within(form).getByTestId("member-manager-input"), "No manager");
    // Enter in the name saves.
    await user.type(within(form).getByTestId("member-name-input"), " Ruiz{Enter}");

    await waitFor(() =>
      expect(rowsOf(screen.getByTestId("people-unmanaged"))).toEqual([
        "Ana Ortiz Ruiz · Junior PM · No manager",
        "Bo Park · Junior PM · No manager",
      ]),
    );
    expect(lee.callsOf("member_update")).toEqual([{ id: ana.id, name: "Ana Ortiz Ruiz", managerId: "" }]);
  });

  it("a junior PM edits only their own row; changing their own role is refused and changes nothing", async () => {
    const team = await Team.create("Sam Rivera", "senior");
    const jo = await team.laptop("Jo Chen", "junior");
    const before = await jo.send("member_list", {});
    const { user } = await openPeople(jo);

    // No form to add anyone, no Remove, and Edit on Jo's own row only (everyone may rename
    // themselves).
    expect(screen.queryByRole("form", { name: "Add a member" })).not.toBeInTheDocument();
    expect(screen.queryByTestId("member-remove")).not.toBeInTheDocument();
    expect(screen.getAllByTestId("member-edit")).toHaveLength(1);
    expect(within(row("Sam Rivera")).queryByTestId("member-edit")).not.toBeInTheDocument();

    await user.click(within(row("Jo Chen")).getByTestId("member-edit"));
    await user.selectOptions(within(row("Jo Chen")).getByTestId("member-role-input"), "Senior PM");
    await user.click(within(row("Jo Chen")).getByTestId("member-save"));

    expect(await screen.findByRole("alert")).toHaveTextContent("Jo Chen is a junior PM and may not change their own role");
    // The form stays as chosen, and nothing changed.
    expect(within(row("Jo Chen")).getByTestId("member-role-input")).toHaveValue("senior");
    expect(await jo.send("member_list", {})).toEqual(before);
    expect((await jo.send("workspace_get", {}))?.me.role).toBe("junior");

    // Cancel shows the row as it is.
    await user.click(within(row("Jo Chen")).getByTestId("member-cancel"));
    expect(within(row("Jo Chen")).getByTestId("member-role")).toHaveTextContent("Junior PM");
  });
});

describe("People page: removing a member", () => {
  it("asks first, says what removal means, and removes", async () => {
    const { lee, kim } = await withTeams();
    const { user } = await openPeople(lee);

    const remove = within(row("Kim Lee")).getByRole("button", { name: "Remove Kim Lee" });
    await user.click(remove);
    const prompt = within(row("Kim Lee")).getByRole("group", { name: "Remove Kim Lee?" });
    expect(prompt).toHaveTextContent(
      "Remove Kim Lee from the workspace? Their laptop still syncs, but every edit they make from then on is refused.",
    );
    // The safe choice has the keyboard; Escape keeps the member.
    expect(within(prompt).getByTestId("member-remove-cancel")).toHaveFocus();
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("member-remove-prompt")).not.toBeInTheDocument();
    expect(remove).toHaveFocus();
    expect(lee.callsOf("member_remove")).toEqual([]);

    await user.click(remove);
    await user.click(within(row("Kim Lee")).getByTestId("member-remove-confirm"));
    await waitFor(() =>
      expect(screen.getAllByTestId("member-name").map((n) => n.textContent)).not.toContain("Kim Lee"),
    );
    expect(lee.callsOf("member_remove")).toEqual([{ id: kim.id }]);
    expect((await lee.send("member_list", {})).map((m) => m.name)).not.toContain("Kim Lee");
  });

  it("a removal the core refuses shows its message and keeps the member", async () => {
    const { backend: sam } = await withWorkspace("Sam Rivera", "senior");
    const ana = await sam.send("member_create", { name: "Ana Ortiz", role: "junior" });
    const before = await sam.send("member_list", {});
    const { user } = await openPeople(sam);

    await user.click(within(row("Ana Ortiz")).getByTestId("member-remove"));
    await user.click(within(row("Ana Ortiz")).getByTestId("member-remove-confirm"));

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Sam Rivera is a senior PM and may not remove Ana Ortiz from the workspace",
    );
    expect(row("Ana Ortiz")).toBeInTheDocument();
    expect(within(row("Ana Ortiz")).getByTestId("member-remove")).toHaveFocus();
    expect(sam.callsOf("member_remove")).toEqual([{ id: ana.id }]);
    expect(await sam.send("member_list", {})).toEqual(before);
  });
});

describe("People page: mentors and a junior PM's load", () => {
  it("shows and sets a junior PM's mentor, and their delegations and stories in flight", async () => {
    const { team, sam, jo, delegationId } = await delegationTeam({ accept: true });
    const story = await jo.send("story_add", { delegationId: delegationId!, fields: { title: "Save a card" } });
    await jo.send("review_request", { ids: [story.id] });
    team.sync(jo, sam);
    const { user } = await openPeople(sam);

    const jos = row("Jo Chen");
    expect(within(jos).getByTestId("member-mentor")).toHaveTextContent("No mentor");
    expect(await within(jos).findByTestId("member-load")).toHaveTextContent("1 delegation · 1 story in flight");
    // Seniors have no mentor or load cells.
    expect(within(row("Sam Rivera")).queryByTestId("member-mentor")).not.toBeInTheDocument();

    await user.click(within(jos).getByTestId("member-edit"));
    await user.selectOptions(within(row("Jo Chen")).getByTestId("member-mentor-input"), "Sam Rivera (you)");
    await user.click(within(row("Jo Chen")).getByTestId("member-save"));

    await waitFor(() => expect(within(row("Jo Chen")).getByTestId("member-mentor")).toHaveTextContent("Sam Rivera (you)"));
    const samId = (await sam.send("workspace_get", {}))!.me.id;
    expect(sam.callsOf("member_update")).toEqual([{ id: expect.any(String), mentorId: samId }]);
    expect((await sam.send("member_list", {})).find((m) => m.name === "Jo Chen")?.mentorId).toBe(samId);
  });
});
