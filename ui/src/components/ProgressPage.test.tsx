import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { sampleWorkspace } from "../testing/fixtures";
import { findFrame, renderApp } from "../testing/render";

describe("Progress", () => {
  it("shows how figures are counted, each goal's percentage, and drills down to an item's stories", async () => {
    const { backend } = await sampleWorkspace();
    const progress = await backend.send("progress_get", {});
    const counted = progress.goals.find((g) => g.tally.percent !== null)!;
    const empty = progress.goals.find((g) => g.tally.percent === null);
    const { user } = renderApp(backend);
    await findFrame();

    await user.keyboard("p");
    expect(await screen.findByTestId("progress-page")).toBeInTheDocument();
    expect(await screen.findByTestId("progress-rule")).toHaveTextContent(progress.rule);
    expect(screen.getAllByTestId("progress-goal")).toHaveLength(progress.goals.length);

    const card = screen.getAllByTestId("progress-goal").find((c) => c.textContent?.includes(counted.title))!;
    expect(within(card).getByTestId("progress-percent")).toHaveTextContent(`${counted.tally.percent} %`);
    if (counted.tally.itemsWithoutStories > 0) {
      expect(card).toHaveTextContent(`${counted.tally.itemsWithoutStories} items without stories not counted`);
    }
    if (empty) {
      const emptyCard = screen.getAllByTestId("progress-goal").find((c) => c.textContent?.includes(empty.title))!;
      expect(within(emptyCard).getByTestId("progress-percent")).toHaveTextContent("no stories yet");
    }

    // The goal's tree: themes → initiatives → items, down to the stories of an item.
    await user.click(within(card).getByTestId("progress-expand"));
    const item = await waitFor(() => {
      const node = within(card)
        .getAllByTestId("progress-node")
        .find((n) => n.querySelector(".story-title")?.textContent === "Apple Pay and Google Pay");
      expect(node).toBeDefined();
      return node!;
    });
    expect(within(card).getAllByTestId("progress-node").length).toBeGreaterThanOrEqual(3);
    await user.click(within(item).getByTestId("progress-stories-toggle"));
    const stories = await within(item).findAllByTestId("progress-story");
    const fallBack = stories.find((s) => s.textContent?.includes("Fall back to the card form"))!;
    expect(fallBack).toHaveTextContent("2 pts");
    expect(fallBack).toHaveTextContent("Ready");

    // Filtering by goal leaves that goal only.
    await user.selectOptions(screen.getByTestId("progress-goal-filter"), counted.title);
    await waitFor(() => expect(screen.getAllByTestId("progress-goal")).toHaveLength(1));
    expect(screen.getByTestId("progress-goal")).toHaveTextContent(counted.title);
    expect(screen.getByTestId("progress-rule")).toHaveTextContent(progress.rule);
  });

  it("lists a one-year item's risks", async () => {
    const { backend } = await sampleWorkspace();
    const items = await backend.send("item_list", {});
    const item = items.find((i) => i.title === "Apple Pay and Google Pay")!;
    // A launch whose date has passed with a mandatory entry open is a risk.
    const launch = await backend.send("launch_create", { itemId: item.id, ownerId: (await backend.send("workspace_get", {}))!.me.id, targetOn: "2026-01-05" });
    await backend.send("launch_entry_add", { launchId: launch.id, text: "Legal sign-off", mandatory: true });
    const progress = await backend.send("progress_get", {});
    const goal = progress.goals.find((g) => g.risks.some((r) => r.itemId === item.id));
    const { user } = renderApp(backend);
    await findFrame();
    await user.keyboard("p");
    expect(goal).toBeDefined();
    const card = (await screen.findAllByTestId("progress-goal")).find((c) => c.textContent?.includes(goal!.title))!;
    expect(within(card).getByTestId("progress-risk-count")).toHaveTextContent(`${goal!.risks.length} risk`);
    await user.click(within(card).getByTestId("progress-expand"));
    const risks = await within(card).findAllByTestId("progress-risk");
    const reason = goal!.risks.find((r) => r.itemId === item.id)!.reason;
    expect(risks.some((r) => r.textContent?.includes(reason))).toBe(true);
  });
});
