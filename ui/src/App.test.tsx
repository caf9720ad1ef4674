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
