import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { delegationTeam } from "../testing/fixtures";
import { renderApp } from "../testing/render";

describe("Delegating from the roadmap", () => {
  it("offers a one-year item to a junior PM from its panel; the card and the panel then say who has it", async () => {
    const { sam, item, joId } = await delegationTeam();
    const { user } = renderApp(sam);

    const card = await screen.findByText("Saved cards");
    await user.click(card);
    const panel = await screen.findByTestId("item-detail");
    await user.click(await within(panel).findByTestId("item-delegate"));

    const dialog = within(panel).getByRole("dialog", { name: "Delegate Saved cards" });
    expect(within(dialog).getByTestId("delegate-to")).toHaveDisplayValue("Jo Chen (reports to you)");
    await user.type(within(dialog).getByTestId("delegate-scope"), "Saved cards on web checkout");
    await user.type(within(dialog).getByTestId("delegate-non-goals"), "Wallets");
    await user.type(within(dialog).getByTestId("delegate-decisions"), "Copy and layout");
    await user.type(within(dialog).getByTestId("delegate-due"), "2030-06-30");
    await user.clear(within(dialog).getByTestId("delegate-cadence"));
    await user.type(within(dialog).getByTestId("delegate-cadence"), "14");
    await user.click(within(dialog).getByTestId("delegate-offer"));

    await waitFor(() =>
      expect(within(panel).getByTestId("item-delegated-to")).toHaveTextContent("Jo Chen · 0/0 stories done"),
    );
    expect(sam.callsOf("delegate_offer")).toEqual([
      {
        itemId: item.id,
        toId: joId,
        brief: {
          scope: "Saved cards on web checkout",
          nonGoals: "Wallets",
          decisions: "Copy and layout",
          due: "2030-06-30",
          cadenceDays: 14,
        },
      },
    ]);
    await waitFor(() =>
      expect(within(screen.getAllByTestId("item-card")[0]).getByTestId("card-delegated")).toHaveTextContent(
        "→ Jo Chen (offered)",
      ),
    );

    // The link opens the delegated item, where Sam amends the brief.
    await user.click(within(panel).getByTestId("item-delegation-open"));
    expect(await screen.findByTestId("delegation-title")).toHaveTextContent("Saved cards");
    expect(screen.getByTestId("brief-cadence")).toHaveTextContent("every 14 days");
    await user.click(screen.getByTestId("brief-edit"));
    await user.clear(screen.getByTestId("brief-scope"));
    await user.type(screen.getByTestId("brief-scope"), "Saved cards on web and mobile");
    await user.click(screen.getByTestId("brief-save"));
    expect(await screen.findByTestId("brief-amended")).toBeInTheDocument();
    expect(screen.getByTestId("brief-scope")).toHaveTextContent("Saved cards on web and mobile");
    expect(sam.callsOf("delegate_amend")).toEqual([
      { id: expect.any(String), brief: { scope: "Saved cards on web and mobile" } },
    ]);

    // Back to the roadmap, where it came from.
    await user.click(screen.getByTestId("delegation-back"));
    expect(await screen.findByTestId("item-detail")).toBeInTheDocument();
  }, 15_000);

  it("a running delegation's card shows its junior PM and how many of the stories are done", async () => {
    const { team, sam, jo, delegationId } = await delegationTeam({ accept: true });
    for (const title of ["Save a card", "Remove a card"]) {
      await jo.send("story_add", { delegationId: delegationId!, fields: { title } });
    }
    team.sync(jo, sam);
    renderApp(sam);
    await screen.findByText("Saved cards");
    await waitFor(() =>
      expect(within(screen.getAllByTestId("item-card")[0]).getByTestId("card-delegated")).toHaveTextContent(
        "→ Jo Chen · 0/2 stories done",
      ),
    );
  });

  it("an offer the core refuses (to a senior PM's item that is not one-year) shows no Delegate button; a refused offer keeps the dialog", async () => {
    const { sam, product } = await delegationTeam();
    const year = new Date().getFullYear();
    await sam.send("item_create", { productId: product.id, horizon: "five_year", period: `${year}`, title: "Pay anywhere" });
    const { user } = renderApp(sam);

    await user.click(await screen.findByText("Pay anywhere"));
    const panel = await screen.findByTestId("item-detail");
    await within(panel).findByTestId("item-fields");
    expect(within(panel).queryByTestId("item-delegate")).not.toBeInTheDocument();

    await user.click(screen.getByText("Saved cards"));
    await user.click(await within(screen.getByTestId("item-detail")).findByTestId("item-delegate"));
    const dialog = screen.getByTestId("delegate-dialog");
    await user.clear(within(dialog).getByTestId("delegate-cadence"));
    await user.type(within(dialog).getByTestId("delegate-cadence"), "400");
    await user.click(within(dialog).getByTestId("delegate-offer"));
    expect(await screen.findByRole("alert")).toHaveTextContent("a check-in cadence of 400 days is not between 0 and 365");
    expect(screen.getByTestId("delegate-dialog")).toBeInTheDocument();

    // Escape closes the dialog, not the panel.
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("delegate-dialog")).not.toBeInTheDocument();
    expect(screen.getByTestId("item-detail")).toBeInTheDocument();
  });
});
