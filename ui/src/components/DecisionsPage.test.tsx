import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ideasTeam } from "../testing/fixtures";
import { findFrame, renderApp } from "../testing/render";

describe("Decision log", () => {
  it("finds a declined idea by its words and by outcome, with what was decided on", async () => {
    const { team, sam, lee, product, ideaId } = await ideasTeam({ submitted: true });
    await lee.send("idea_decide", { id: ideaId!, outcome: "go_ahead", rationale: "Clear demand" });
    const wallets = await sam.send("idea_add", {
      title: "Pay with crypto wallets",
      problem: "A few buyers asked",
      proposal: "Accept two wallets",
      productId: product.id,
    });
    await sam.send("idea_submit", { id: wallets.id });
    team.sync(sam, lee);
    await lee.send("idea_decide", { id: wallets.id, outcome: "no", rationale: "Volatility and fraud risk outweigh demand" });
    team.sync(lee, sam);
    const { user } = renderApp(sam);
    await findFrame();

    await user.keyboard("9");
    const page = await screen.findByTestId("decisions-page");
    await waitFor(() => expect(within(page).getAllByTestId("decision")).toHaveLength(2));
    expect(within(page).getByTestId("decisions-count")).toHaveTextContent("2 decisions");

    await user.keyboard("n");
    expect(within(page).getByTestId("decisions-search")).toHaveFocus();
    await user.keyboard("wallet");
    await waitFor(() => expect(within(page).getAllByTestId("decision")).toHaveLength(1));
    const found = within(page).getByTestId("decision");
    expect(within(found).getByTestId("decision-outcome")).toHaveTextContent("No");
    expect(within(found).getByTestId("decision-idea")).toHaveTextContent("Pay with crypto wallets");
    expect(within(found).getByTestId("decision-rationale")).toHaveTextContent("Volatility and fraud risk outweigh demand");
    expect(found).toHaveTextContent("Lee Park");
    // What was decided on, frozen with the decision.
    await user.click(within(found).getByText("What was decided on"));
    expect(within(found).getByTestId("decision-pinned")).toHaveTextContent("Accept two wallets");

    // Outcome filter: clear the words, keep only go-aheads.
    await user.clear(within(page).getByTestId("decisions-search"));
    await user.selectOptions(within(page).getByTestId("decisions-outcome"), "Go-ahead");
    await waitFor(() => expect(within(page).getByTestId("decision-idea")).toHaveTextContent("Guest checkout"));
    expect(within(page).getAllByTestId("decision")).toHaveLength(1);

    // A date range before today finds nothing.
    await user.type(within(page).getByTestId("decisions-to"), "2001-01-01");
    await waitFor(() => expect(within(page).queryByTestId("decision")).not.toBeInTheDocument());
    expect(within(page).getByText("No decision matches.")).toBeInTheDocument();
  });
});
