import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { Faults } from "./testing/faults";
import { baton, firstRun, sampleWorkspace, Team, withWorkspace } from "./testing/fixtures";
import { findFrame, renderApp } from "./testing/render";

describe("first run", () => {
  it("creates the workspace and shows the app frame with who you are", async () => {
    const backend = firstRun();
    const { user } = renderApp(backend);

    const form = await screen.findByRole("form", { name: "Create your workspace" });
    expect(form).toBeInTheDocument();
    expect(screen.getByLabelText("Your role")).toHaveValue("senior");
    await user.type(screen.getByLabelText("Workspace name"), "Acme");
    await user.type(screen.getByLabelText("Your name"), "Sam Rivera");
    await user.click(screen.getByRole("button", { name: "Create" }));

    expect(await screen.findByTestId("whoami")).toHaveTextContent("Sam Rivera · Senior PM");
    expect(screen.getByTestId("workspace-name")).toHaveTextContent("Acme");
    expect(screen.queryByRole("form", { name: "Create your workspace" })).not.toBeInTheDocument();
    // Roadmap is the default page.
    expect(screen.getByTestId("nav-roadmap")).toHaveAttribute("aria-current", "page");
    expect(await screen.findByText(/No products yet — add the first one/)).toBeInTheDocument();
    // The workspace is really there.
    expect((await backend.send("workspace_get", {}))?.name).toBe("Acme");
  });

  it("uses the chosen role", async () => {
    const backend = firstRun();
    const { user } = renderApp(backend);
    await user.type(await screen.findByLabelText("Workspace name"), "Acme");
    await user.type(screen.getByLabelText("Your name"), "Lee Park");
    await user.selectOptions(screen.getByLabelText("Your role"), "Leadership");
    await user.click(screen.getByRole("button", { name: "Create" }));

    expect(await screen.findByTestId("whoami")).toHaveTextContent("Lee Park · Leadership");
    expect(backend.callsOf("workspace_init")).toEqual([
      { workspaceName: "Acme", memberName: "Lee Park", role: "leadership" },
    ]);
  });

  it("shows why it failed, keeps what was typed, and can be dismissed", async () => {
    const backend = firstRun();
    const { user } = renderApp(backend);
    await user.type(await screen.findByLabelText("Workspace name"), "Acme");
    await user.click(screen.getByRole("button", { name: "Create" }));

    const banner = await screen.findByRole("alert");
    expect(banner).toHaveTextContent("your name is empty");
    expect(screen.getByLabelText("Workspace name")).toHaveValue("Acme");
    expect(screen.getByRole("form", { name: "Create your workspace" })).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Dismiss error" }));
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();

    // Fixing the input and retrying works.
    await user.type(screen.getByLabelText("Your name"), "Sam");
    await user.click(screen.getByRole("button", { name: "Create" }));
    expect(await screen.findByTestId("whoami")).toHaveTextContent("Sam · Senior PM");
  });
});

describe("first run: joining a teammate's workspace", () => {
  /** Lee (leadership) syncs Acme through a folder and invites Sam Rivera (senior PM). */
  const invited = async () => {
    const team = await Team.create("Lee Chen", "leadership", "Acme");
    return { folder: team.folder, invite: team.invite("Sam Rivera", "senior") };
  };

  it("joins with the shared folder and the invite and shows the app as the invited member", async () => {
    const { folder, invite } = await invited();
    const backend = firstRun();
    const { user } = renderApp(backend);

    expect(await screen.findByRole("form", { name: "Join a teammate's workspace" })).toBeInTheDocument();
    // Both choices are on the first-run screen.
    expect(screen.getByRole("form", { name: "Create your workspace" })).toBeInTheDocument();
    await user.type(screen.getByLabelText("Shared folder"), folder);
    await user.type(screen.getByLabelText("Invite"), invite);
    await user.click(screen.getByRole("button", { name: "Join" }));

    expect(await screen.findByTestId("whoami")).toHaveTextContent("Sam Rivera · Senior PM");
    expect(screen.getByTestId("workspace-name")).toHaveTextContent("Acme");
    expect(screen.queryByRole("form", { name: "Join a teammate's workspace" })).not.toBeInTheDocument();
    expect(backend.callsOf("workspace_join")).toEqual([{ folder, invite }]);
    expect(backend.callsOf("workspace_init")).toEqual([]);
    // Lee's laptop is the one this laptop has seen.
    expect((await backend.send("sync_status", {})).devices.map((d) => d.memberName)).toEqual(["Lee Chen"]);
  });

  it("shows why a join failed and keeps both fields", async () => {
    const { folder, invite } = await invited();
    const { user } = renderApp(firstRun());

    await user.type(await screen.findByLabelText("Shared folder"), folder);
    await user.type(screen.getByLabelText("Invite"), "0197a3c2-typo");
    await user.click(screen.getByRole("button", { name: "Join" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("invite not found: 0197a3c2-typo");
    expect(screen.getByLabelText("Shared folder")).toHaveValue(folder);
    expect(screen.getByLabelText("Invite")).toHaveValue("0197a3c2-typo");

    await user.clear(screen.getByLabelText("Invite"));
    await user.type(screen.getByLabelText("Invite"), `${invite}{Enter}`);
    expect(await screen.findByTestId("whoami")).toHaveTextContent("Sam Rivera");
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });
});

describe("app frame", () => {
  it("switches pages with the nav and with 1 / 2, but not while typing", async () => {
    const { backend } = await withWorkspace();
    const { user } = renderApp(backend);
    const nav = await findFrame();

    await user.click(nav.goals);
    expect(await screen.findByRole("heading", { name: "Goals" })).toBeInTheDocument();
    expect(nav.goals).toHaveAttribute("aria-current", "page");

    await user.keyboard("2");
    expect(await screen.findByRole("heading", { name: "Roadmap" })).toBeInTheDocument();
    await user.keyboard("1");
    const title = await screen.findByRole("textbox", { name: "Goal title" });

    // Typing "2" into a field types it; it does not navigate.
    await user.type(title, "Q2 goal");
    expect(title).toHaveValue("Q2 goal");
    expect(screen.getByRole("heading", { name: "Goals" })).toBeInTheDocument();
  });

  it("N focuses the page's new-entry field", async () => {
    const { backend } = await withWorkspace();
    const { user } = renderApp(backend);
    await findFrame();
    await user.keyboard("1");
    const title = await screen.findByRole("textbox", { name: "Goal title" });
    expect(title).not.toHaveFocus();
    await user.keyboard("n");
    expect(title).toHaveFocus();
    expect(title).toHaveValue("");
  });

  it("re-reads everything when the window regains focus (changes made by the CLI)", async () => {
    const { backend } = await withWorkspace();
    const { user } = renderApp(backend);
    await user.click((await findFrame()).goals);
    expect(await screen.findByText(/No goals yet/)).toBeInTheDocument();

    // Someone uses `baton` on the same database while the app is in the background.
    baton(backend.dataDir, ["goal", "add", "Grow self-serve revenue"]);
    expect(screen.queryByTestId("goal-item")).not.toBeInTheDocument();

    act(() => {
      fireEvent.focus(window);
    });
    expect(await screen.findByTestId("goal-item")).toHaveTextContent("Grow self-serve revenue");
  });

  it("re-reads everything after a background sync pass (baton://synced)", async () => {
    const team = await Team.create("Lee Chen", "leadership");
    const sam = await team.laptop("Sam Rivera", "senior");
    const { user, unmount } = renderApp(sam);
    await user.click((await findFrame()).goals);
    expect(await screen.findByText(/No goals yet/)).toBeInTheDocument();
    expect(sam.syncedListenerCount).toBe(1);

    // Lee's goal arrives through the sync folder; the shell's background pass announces it.
    await team.home.send("goal_create", { title: "Win enterprise" });
    team.sync(team.home);
    const reads = sam.callsOf("goal_list").length;
    const pass = await act(() => sam.syncInBackground());
    expect(pass.received).toBeGreaterThan(0);
    expect(await screen.findByTestId("goal-item")).toHaveTextContent("Win enterprise");
    expect(sam.callsOf("goal_list").length).toBeGreaterThan(reads);

    unmount();
    expect(sam.syncedListenerCount).toBe(0);
  });

  it("opens the ready sample workspace (`baton sample`) on Sam's roadmap", async () => {
    const { backend } = await sampleWorkspace();
    const { user } = renderApp(backend);
    await findFrame();
    expect(screen.getByTestId("whoami")).toHaveTextContent("Sam Rivera · Senior PM");
    expect(screen.getByTestId("workspace-name")).toHaveTextContent("Northwind Commerce");
    expect(await screen.findByRole("option", { name: "Checkout · Sam Rivera", selected: true })).toBeInTheDocument();
    const card = await screen.findByRole("button", { name: /Apple Pay and Google Pay/ });
    await user.click(card);
    const panel = await screen.findByRole("complementary", { name: "Item details" });
    // Its own guardrail and those it inherits from the initiative and the theme it serves.
    await waitFor(() =>
      expect(within(panel).getAllByTestId("guardrail-row").map((r) => r.getAttribute("data-inherited"))).toEqual([
        "false",
        "true",
        "true",
      ]),
    );
    expect(panel).toHaveTextContent("Never store raw card numbers on our servers");
  });

  it("6 opens the Sync page", async () => {
    const { backend } = await withWorkspace();
    const { user } = renderApp(backend);
    const nav = await findFrame();
    await user.keyboard("6");
    expect(await screen.findByRole("heading", { name: "Sync" })).toBeInTheDocument();
    expect(nav.sync).toHaveAttribute("aria-current", "page");
  });

  it("shows a failure to read the workspace and retries", async () => {
    const backend = new Faults(firstRun());
    backend.failNext("workspace_get", { code: "storage", message: "database error: disk I/O error" });
    const { user } = renderApp(backend);

    expect(await screen.findByRole("alert")).toHaveTextContent("database error: disk I/O error");
    expect(screen.getByText(/could not open this device/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("form", { name: "Create your workspace" })).toBeInTheDocument();
  });

  it("Escape dismisses the error banner", async () => {
    const backend = new Faults(firstRun());
    backend.failNext("workspace_get", { code: "storage", message: "boom" });
    const { user } = renderApp(backend);
    await screen.findByRole("alert");
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByRole("alert")).not.toBeInTheDocument());
  });
});
