import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { FakeBackend, fakeWithWorkspace } from "./testing/fakeBackend";
import { findFrame, renderApp } from "./testing/render";

describe("first run", () => {
  it("creates the workspace and shows the app frame with who you are", async () => {
    const backend = new FakeBackend();
    const { user } = renderApp(backend);

    const form = await screen.findByTestId("onboarding");
    expect(form).toHaveTextContent("Create your workspace");
    expect(screen.getByTestId("onboard-role")).toHaveValue("senior");
    await user.type(screen.getByTestId("onboard-workspace"), "Acme");
    await user.type(screen.getByTestId("onboard-name"), "Sam Rivera");
    await user.click(screen.getByTestId("onboard-submit"));

    expect(await screen.findByTestId("whoami")).toHaveTextContent("Sam Rivera · Senior PM");
    expect(screen.getByTestId("workspace-name")).toHaveTextContent("Acme");
    expect(screen.queryByTestId("onboarding")).not.toBeInTheDocument();
    // Roadmap is the default page.
    expect(screen.getByTestId("nav-roadmap")).toHaveAttribute("aria-current", "page");
    expect(await screen.findByText(/No products yet — add the first one/)).toBeInTheDocument();
  });

  it("uses the chosen role", async () => {
    const backend = new FakeBackend();
    const { user } = renderApp(backend);
    await user.type(await screen.findByTestId("onboard-workspace"), "Acme");
    await user.type(screen.getByTestId("onboard-name"), "Lee Park");
    await user.selectOptions(screen.getByTestId("onboard-role"), "leadership");
    await user.click(screen.getByTestId("onboard-submit"));

    expect(await screen.findByTestId("whoami")).toHaveTextContent("Lee Park · Leadership");
    expect(backend.callsOf("workspace_init")).toEqual([
      { workspaceName: "Acme", memberName: "Lee Park", role: "leadership" },
    ]);
  });

  it("shows why it failed, keeps what was typed, and can be dismissed", async () => {
    const backend = new FakeBackend();
    const { user } = renderApp(backend);
    await user.type(await screen.findByTestId("onboard-workspace"), "Acme");
    await user.click(screen.getByTestId("onboard-submit"));

    const banner = await screen.findByTestId("error");
    expect(banner).toHaveAttribute("role", "alert");
    expect(banner).toHaveTextContent("your name is empty");
    expect(screen.getByTestId("onboard-workspace")).toHaveValue("Acme");
    expect(screen.getByTestId("onboarding")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Dismiss error" }));
    expect(screen.queryByTestId("error")).not.toBeInTheDocument();

    // Fixing the input and retrying works.
    await user.type(screen.getByTestId("onboard-name"), "Sam");
    await user.click(screen.getByTestId("onboard-submit"));
    expect(await screen.findByTestId("whoami")).toHaveTextContent("Sam · Senior PM");
  });
});

describe("first run: joining a teammate's workspace", () => {
  const seedInvite = (backend: FakeBackend) =>
    backend.seedInvite({
      folder: "/mnt/team/baton",
      invite: "0197a3c2-0001-7000-8000-00000000beef",
      workspaceName: "Acme",
      member: { name: "Sam Rivera", role: "senior" },
      inviter: { name: "Lee Chen", role: "leadership" },
    });

  it("joins with the shared folder and the invite and shows the app as the invited member", async () => {
    const backend = new FakeBackend();
    seedInvite(backend);
    const { user } = renderApp(backend);

    expect(await screen.findByTestId("onboard-join")).toHaveTextContent("Join a teammate's workspace");
    // Both choices are on the first-run screen.
    expect(screen.getByTestId("onboarding")).toHaveTextContent("Create your workspace");
    await user.type(screen.getByTestId("onboard-join-folder"), "/mnt/team/baton");
    await user.type(screen.getByTestId("onboard-join-invite"), "0197a3c2-0001-7000-8000-00000000beef");
    await user.click(screen.getByTestId("onboard-join-submit"));

    expect(await screen.findByTestId("whoami")).toHaveTextContent("Sam Rivera · Senior PM");
    expect(screen.getByTestId("workspace-name")).toHaveTextContent("Acme");
    expect(screen.queryByTestId("onboard-join")).not.toBeInTheDocument();
    expect(backend.callsOf("workspace_join")).toEqual([
      { folder: "/mnt/team/baton", invite: "0197a3c2-0001-7000-8000-00000000beef" },
    ]);
    expect(backend.callsOf("workspace_init")).toEqual([]);
  });

  it("shows why a join failed and keeps both fields", async () => {
    const backend = new FakeBackend();
    seedInvite(backend);
    const { user } = renderApp(backend);

    await user.type(await screen.findByTestId("onboard-join-folder"), "/mnt/team/baton");
    await user.type(screen.getByTestId("onboard-join-invite"), "0197a3c2-typo");
    await user.click(screen.getByTestId("onboard-join-submit"));

    expect(await screen.findByTestId("error")).toHaveTextContent("invite not found: 0197a3c2-typo");
    expect(screen.getByTestId("onboard-join-folder")).toHaveValue("/mnt/team/baton");
    expect(screen.getByTestId("onboard-join-invite")).toHaveValue("0197a3c2-typo");

    await user.clear(screen.getByTestId("onboard-join-invite"));
    await user.type(screen.getByTestId("onboard-join-invite"), "0197a3c2-0001-7000-8000-00000000beef{Enter}");
    expect(await screen.findByTestId("whoami")).toHaveTextContent("Sam Rivera");
    expect(screen.queryByTestId("error")).not.toBeInTheDocument();
  });
});

describe("app frame", () => {
  it("switches pages with the nav and with 1 / 2, but not while typing", async () => {
    const { backend } = await fakeWithWorkspace();
    const { user } = renderApp(backend);
    const nav = await findFrame();

    await user.click(nav.goals);
    expect(await screen.findByRole("heading", { name: "Goals" })).toBeInTheDocument();
    expect(nav.goals).toHaveAttribute("aria-current", "page");

    await user.keyboard("2");
    expect(await screen.findByRole("heading", { name: "Roadmap" })).toBeInTheDocument();
    await user.keyboard("1");
    const title = await screen.findByTestId("goal-title");

    // Typing "2" into a field types it; it does not navigate.
    await user.type(title, "Q2 goal");
    expect(title).toHaveValue("Q2 goal");
    expect(screen.getByRole("heading", { name: "Goals" })).toBeInTheDocument();
  });

  it("N focuses the page's new-entry field", async () => {
    const { backend } = await fakeWithWorkspace();
    const { user } = renderApp(backend);
    await findFrame();
    await user.keyboard("1");
    const title = await screen.findByTestId("goal-title");
    expect(title).not.toHaveFocus();
    await user.keyboard("n");
    expect(title).toHaveFocus();
    expect(title).toHaveValue("");
  });

  it("re-reads everything when the window regains focus (changes made by the CLI)", async () => {
    const { backend } = await fakeWithWorkspace();
    const { user } = renderApp(backend);
    await user.click((await findFrame()).goals);
    expect(await screen.findByText(/No goals yet/)).toBeInTheDocument();

    // Someone uses `baton` on the same database while the app is in the background.
    await backend.call("goal_create", { title: "Grow self-serve revenue" });
    expect(screen.queryByTestId("goal-item")).not.toBeInTheDocument();

    act(() => {
      fireEvent.focus(window);
    });
    expect(await screen.findByTestId("goal-item")).toHaveTextContent("Grow self-serve revenue");
  });

  it("re-reads everything after a background sync pass (baton://synced)", async () => {
    const { backend } = await fakeWithWorkspace();
    const { user, unmount } = renderApp(backend);
    await user.click((await findFrame()).goals);
    expect(await screen.findByText(/No goals yet/)).toBeInTheDocument();
    expect(backend.syncedListenerCount).toBe(1);

    // A teammate's goal arrives through the sync folder.
    await backend.call("goal_create", { title: "Win enterprise" });
    const reads = backend.callsOf("goal_list").length;
    act(() => backend.emitSynced({ published: 0, received: 4, conflicts: 0, problems: [] }));
    expect(await screen.findByTestId("goal-item")).toHaveTextContent("Win enterprise");
    expect(backend.callsOf("goal_list").length).toBeGreaterThan(reads);

    unmount();
    expect(backend.syncedListenerCount).toBe(0);
  });

  it("5 opens the Sync page", async () => {
    const { backend } = await fakeWithWorkspace();
    const { user } = renderApp(backend);
    const nav = await findFrame();
    await user.keyboard("5");
    expect(await screen.findByRole("heading", { name: "Sync" })).toBeInTheDocument();
    expect(nav.sync).toHaveAttribute("aria-current", "page");
  });

  it("shows a failure to read the workspace and retries", async () => {
    const backend = new FakeBackend();
    backend.failNext("workspace_get", { code: "storage", message: "database error: disk I/O error" });
    const { user } = renderApp(backend);

    expect(await screen.findByTestId("error")).toHaveTextContent("database error: disk I/O error");
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByTestId("onboarding")).toBeInTheDocument();
  });

  it("Escape dismisses the error banner", async () => {
    const backend = new FakeBackend();
    backend.failNext("workspace_get", { code: "storage", message: "boom" });
    const { user } = renderApp(backend);
    await screen.findByTestId("error");
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByTestId("error")).not.toBeInTheDocument());
  });
});
