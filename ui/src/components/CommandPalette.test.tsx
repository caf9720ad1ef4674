import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { sampleWorkspace, withWorkspace } from "../testing/fixtures";
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
    expect(await screen.findByText("Nothing matches “zzzz”.")).toBeInTheDocument();
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

describe("search everything from the palette", () => {
  it("finds an item by a word of its requirements and opens it on its product's roadmap", async () => {
    const { backend } = await sampleWorkspace();
    const { user } = renderApp(backend);
    const nav = await findFrame();
    await user.click(nav.goals);
    await user.keyboard("{Control>}k{/Control}");
    await user.type(screen.getByTestId("palette-input"), "android");
    const hits = await screen.findAllByTestId("palette-hit");
    expect(hits[0]).toHaveTextContent("Roadmap item");
    expect(hits[0]).toHaveTextContent("Apple Pay and Google Pay");
    expect(hits[0]).toHaveTextContent("Google Pay on Chrome and Android");
    expect(backend.callsOf("search").at(-1)).toEqual({ query: "android", limit: 12 });
    // The hit is the only match, so Enter runs it.
    expect(screen.queryAllByTestId("palette-option")).toHaveLength(0);
    await user.keyboard("{Enter}");
    expect(nav.roadmap).toHaveAttribute("aria-current", "page");
    const detail = await screen.findByTestId("item-detail");
    expect(within(detail).getByDisplayValue("Apple Pay and Google Pay")).toBeInTheDocument();
  });

  it("opens an idea beside the pipeline, a story in its delegated item, a goal in the list", async () => {
    const { backend } = await sampleWorkspace();
    const { user } = renderApp(backend);
    const nav = await findFrame();
    const open = async (words: string, title: string) => {
      await user.keyboard("{Control>}k{/Control}");
      await user.type(screen.getByTestId("palette-input"), words);
      const hit = await waitFor(() => {
        const found = screen.getAllByTestId("palette-hit").find((h) => h.textContent?.includes(title));
        expect(found).toBeDefined();
        return found!;
      });
      await user.click(hit);
    };
    await open("first-time buyers", "Guest checkout");
    expect(screen.getByTestId("nav-ideas")).toHaveAttribute("aria-current", "page");
    expect(await screen.findByTestId("idea-detail")).toHaveTextContent("Guest checkout");

    await open("small screen", "Pay with Apple Pay in one tap");
    expect(await screen.findByTestId("delegation-title")).toHaveTextContent("Apple Pay and Google Pay");
    expect(await screen.findByTestId("story-panel")).toHaveTextContent("Pay with Apple Pay in one tap");

    const goal = (await backend.send("goal_list", {}))[0];
    await open(goal.title, goal.title);
    expect(nav.goals).toHaveAttribute("aria-current", "page");
    await waitFor(() => expect(document.activeElement).toHaveAttribute("data-goal-id", goal.id));
  });

  it("does not search one letter, and says when nothing matches", async () => {
    const { backend } = await sampleWorkspace();
    const { user } = renderApp(backend);
    await findFrame();
    await user.keyboard("{Control>}k{/Control}");
    await user.type(screen.getByTestId("palette-input"), "q");
    expect(backend.callsOf("search")).toHaveLength(0);
    await user.type(screen.getByTestId("palette-input"), "xzq");
    expect(await screen.findByText("Nothing matches “qxzq”.")).toBeInTheDocument();
    expect(backend.callsOf("search").map((c) => (c as { query: string }).query)).toEqual(["qx", "qxz", "qxzq"]);
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
