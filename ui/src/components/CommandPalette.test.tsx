import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { withWorkspace } from "../testing/fixtures";
import { findFrame, renderApp } from "../testing/render";

afterEach(() => window.localStorage.clear());

describe("command palette", () => {
  it("Ctrl+K from anywhere, a few letters, Enter: goes to the page", async () => {
    const { backend } = await withWorkspace();
    const { user } = renderApp(backend);
    const nav = await findFrame();
    // From inside a field too.
    await user.click(screen.getByTestId("theme-choice"));
    await user.keyboard("{Control>}k{/Control}");
    const input = await screen.findByTestId("palette-input");
    expect(input).toHaveFocus();
    await user.type(input, "go sync");
    const options = screen.getAllByTestId("palette-option");
    expect(options[0]).toHaveTextContent("GoGo to Sync6");
    expect(options[0]).toHaveAttribute("aria-selected", "true");
    await user.keyboard("{Enter}");
    expect(screen.queryByTestId("palette-input")).not.toBeInTheDocument();
    expect(nav.sync).toHaveAttribute("aria-current", "page");
  });

  it("arrows choose among the matches; a query that matches nothing says so; Escape closes", async () => {
    const { backend } = await withWorkspace();
    const { user } = renderApp(backend);
    const nav = await findFrame();
    await user.click(screen.getByTestId("open-palette"));
    await user.type(screen.getByTestId("palette-input"), "go to");
    const labels = screen.getAllByTestId("palette-option").map((o) => o.textContent);
    expect(labels.slice(0, 2)).toEqual(["GoGo to InboxI", "GoGo to BoardB"]);
    await user.keyboard("{ArrowDown}{ArrowDown}{ArrowDown}{Enter}");
    expect(nav.roadmap).toHaveAttribute("aria-current", "page");

    await user.keyboard("{Control>}k{/Control}");
    await user.type(screen.getByTestId("palette-input"), "zzzz");
    expect(screen.getByText("No command matches “zzzz”.")).toBeInTheDocument();
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("palette-input")).not.toBeInTheDocument();
  });

  it("switches to the dark theme and back, and the choice outlives the window", async () => {
    const { backend } = await withWorkspace();
    const { user, unmount } = renderApp(backend);
    await findFrame();
    await user.keyboard("{Control>}k{/Control}");
    await user.type(screen.getByTestId("palette-input"), "dark");
    await user.keyboard("{Enter}");
    expect(document.documentElement.dataset.theme).toBe("dark");
    expect(screen.getByTestId("theme-choice")).toHaveValue("dark");
    unmount();

    renderApp(backend);
    await findFrame();
    expect(document.documentElement.dataset.theme).toBe("dark");
    await user.selectOptions(screen.getByTestId("theme-choice"), "Light");
    expect(document.documentElement.dataset.theme).toBe("light");
  });

  it("runs Sync now, and says why when no folder is chosen", async () => {
    const { backend } = await withWorkspace();
    const { user } = renderApp(backend);
    await findFrame();
    await user.keyboard("{Control>}k{/Control}");
    await user.type(screen.getByTestId("palette-input"), "sync now");
    await user.keyboard("{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent("choose a sync folder first");
    expect(backend.callsOf("sync_now")).toHaveLength(1);
  });
});

describe("shortcut sheet", () => {
  it("? lists every shortcut by where it works, not from inside a field; Escape closes it", async () => {
    const { backend } = await withWorkspace();
    const { user } = renderApp(backend);
    const nav = await findFrame();
    await user.keyboard("?");
    const sheet = await screen.findByRole("dialog", { name: "Keyboard shortcuts" });
    expect(within(sheet).getByRole("region", { name: "Anywhere" })).toHaveTextContent("Ctrl+K / ⌘KCommand palette");
    expect(within(sheet).getByRole("region", { name: "Roadmap" })).toHaveTextContent(
      "Alt+← / Alt+→Move the focused card to the previous / next period",
    );
    // Page keys do nothing under the sheet.
    await user.keyboard("6");
    expect(nav.sync).not.toHaveAttribute("aria-current", "page");
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());

    await user.click(screen.getByTestId("theme-choice"));
    await user.keyboard("?");
    expect(screen.queryByRole("dialog", { name: "Keyboard shortcuts" })).not.toBeInTheDocument();
  });
});
