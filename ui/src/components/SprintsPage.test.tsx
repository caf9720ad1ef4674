import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { addDays, today } from "../planning";
import { delegationTeam, sampleWorkspace } from "../testing/fixtures";
import { findFrame, renderApp } from "../testing/render";

describe("Sprints", () => {
  it("creates a sprint, plans a backlog story into it, and carries it back to the backlog on close", async () => {
    const { backend } = await sampleWorkspace();
    const { user } = renderApp(backend);
    await findFrame();

    await user.keyboard("s");
    expect(await screen.findByTestId("sprints-page")).toBeInTheDocument();
    expect(screen.getByTestId("nav-sprints")).toHaveAttribute("aria-current", "page");
    await waitFor(() => expect(screen.getByTestId("sprint-product")).toHaveDisplayValue("Checkout"));

    // A new sprint, starting in three weeks so it overlaps nothing the sample may hold.
    const start = addDays(today(), 21);
    const end = addDays(start, 13);
    await user.type(await screen.findByTestId("sprint-new-name"), "Wallets sprint");
    await user.clear(screen.getByTestId("sprint-new-start"));
    await user.type(screen.getByTestId("sprint-new-start"), start);
    await user.clear(screen.getByTestId("sprint-new-end"));
    await user.type(screen.getByTestId("sprint-new-end"), end);
    await user.type(screen.getByTestId("sprint-new-capacity"), "20");
    await user.click(screen.getByTestId("sprint-create"));

    await waitFor(() =>
      expect(screen.getByTestId("sprint-select")).toHaveDisplayValue(`Wallets sprint (${start} – ${end})`),
    );
    expect(await screen.findByTestId("capacity-bar")).toHaveTextContent("0 of 20 points planned · 0 done");

    // The approved story waits in the backlog, with its item and junior PM.
    const backlog = screen.getByTestId("sprint-backlog");
    const row = await within(backlog).findByTestId("backlog-story");
    expect(row).toHaveTextContent("Fall back to the card form");
    expect(row).toHaveTextContent("2 pts");
    expect(row).toHaveTextContent("Apple Pay and Google Pay");
    expect(row).toHaveTextContent("Ana Ortiz");

    await user.click(within(row).getByTestId("plan-story"));
    await waitFor(() => expect(within(backlog).queryByTestId("backlog-story")).not.toBeInTheDocument());
    await waitFor(() => expect(screen.getByTestId("capacity-bar")).toHaveTextContent("2 of 20 points planned · 0 done"));
    const ready = screen.getByTestId("board-column-ready");
    expect(within(ready).getByTestId("board-card")).toHaveTextContent("Fall back to the card form");
    expect(screen.getByTestId("burnup")).toBeInTheDocument();

    // Only the junior PM moves it along: Sam's stage control is off, and says why.
    const stageSelect = within(ready).getByTestId("card-stage");
    expect(stageSelect).toBeDisabled();
    expect(stageSelect).toHaveAttribute("title", "Only the junior PM it is delegated to moves it along");

    // Closing: the unfinished story goes back to the backlog.
    await user.click(screen.getByTestId("sprint-close"));
    const dialog = await screen.findByRole("dialog", { name: "Close Wallets sprint" });
    const carry = within(dialog).getByTestId("carry-to");
    await user.selectOptions(carry, "Backlog");
    await user.click(within(dialog).getByTestId("sprint-close-confirm"));

    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(await within(screen.getByTestId("sprint-backlog")).findByTestId("backlog-story")).toHaveTextContent(
      "Fall back to the card form",
    );
    const options = within(screen.getByTestId("sprint-select")).getAllByRole("option").map((o) => o.textContent);
    expect(options).toContain(`Wallets sprint (${start} – ${end}) · closed`);
    const sprints = await backend.send("sprint_list", { productId: (await backend.send("product_list", {}))[0]!.id });
    expect(sprints.find((s) => s.name === "Wallets sprint")?.closed).toBe(true);
  });

  it("turns the capacity bar to a warning when more is planned than the sprint holds", async () => {
    const { backend } = await sampleWorkspace();
    const products = await backend.send("product_list", {});
    await backend.send("sprint_create", {
      productId: products[0]!.id,
      name: "Now",
      startsOn: addDays(today(), 40),
      endsOn: addDays(today(), 50),
      capacity: 1,
    });
    const { user } = renderApp(backend);
    await findFrame();
    await user.click(screen.getByTestId("nav-sprints"));
    await user.selectOptions(await screen.findByTestId("sprint-select"), `Now (${addDays(today(), 40)} – ${addDays(today(), 50)})`);
    const row = await screen.findByTestId("backlog-story");
    await user.click(within(row).getByTestId("plan-story"));
    // Over capacity: the bar says so.
    await waitFor(() => expect(screen.getByTestId("capacity-bar")).toHaveTextContent("2 of 1 point planned · 0 done"));
    expect(screen.getByTestId("capacity-bar")).toHaveClass("over");
    expect(screen.getByTestId("capacity-bar")).toHaveTextContent("over capacity");
  });

  it("lets the junior PM plan their approved story and move it across the board to done", async () => {
    const { team, sam, jo, product, delegationId } = await delegationTeam({ accept: true });
    const story = await jo.send("story_add", { delegationId: delegationId!, fields: { title: "Save a card", points: 3 } });
    await jo.send("review_request", { ids: [story.id] });
    team.sync(jo, sam);
    await sam.send("review_approve", { id: story.id });
    await sam.send("sprint_create", {
      productId: product.id,
      name: "Sprint 1",
      startsOn: addDays(today(), -2),
      endsOn: addDays(today(), 11),
      capacity: 20,
    });
    team.sync(sam, jo);

    const { user } = renderApp(jo);
    await screen.findByTestId("nav-sprints");
    await user.keyboard("S");
    await waitFor(() =>
      expect(screen.getByTestId("sprint-select")).toHaveDisplayValue(
        `Sprint 1 (${addDays(today(), -2)} – ${addDays(today(), 11)})`,
      ),
    );
    // Not the product's owner: no new sprint, no closing.
    expect(screen.queryByTestId("sprint-create")).not.toBeInTheDocument();
    expect(screen.queryByTestId("sprint-close")).not.toBeInTheDocument();

    const row = await screen.findByTestId("backlog-story");
    expect(row).toHaveTextContent("Save a card");
    await user.click(within(row).getByTestId("plan-story"));
    await waitFor(() => expect(screen.getByTestId("capacity-bar")).toHaveTextContent("3 of 20 points planned · 0 done"));

    await user.selectOptions(within(screen.getByTestId("board-column-ready")).getByTestId("card-stage"), "In progress");
    await waitFor(() =>
      expect(within(screen.getByTestId("board-column-in_progress")).getByTestId("board-card")).toHaveTextContent("Save a card"),
    );
    await user.selectOptions(within(screen.getByTestId("board-column-in_progress")).getByTestId("card-stage"), "Done");
    await waitFor(() =>
      expect(within(screen.getByTestId("board-column-done")).getByTestId("board-card")).toHaveTextContent("Save a card"),
    );
    expect(screen.getByTestId("capacity-bar")).toHaveTextContent("3 of 20 points planned · 3 done");
    expect(screen.getByTestId("burnup")).toHaveTextContent("3 of 3 points done");
    expect(screen.queryByTestId("error")).not.toBeInTheDocument();
  }, 30_000);
});
