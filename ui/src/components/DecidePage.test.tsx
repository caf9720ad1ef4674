import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { dayOf } from "../ideas";
import { ideasTeam } from "../testing/fixtures";
import { findFrame, renderApp } from "../testing/render";

describe("Awaiting my decision", () => {
  it("is where a leader starts; deciding with changes needs the changes and a rationale, beside what was submitted", async () => {
    const { lee, ideaId } = await ideasTeam({ submitted: true });
    const { user } = renderApp(lee);

    const page = await screen.findByTestId("decide-page");
    expect(screen.getByTestId("nav-decide")).toHaveAttribute("aria-current", "page");
    expect(await screen.findByTestId("nav-decide-count")).toHaveTextContent("1");
    const row = await within(page).findByTestId("decide-row");
    expect(row).toHaveTextContent("Guest checkout");
    expect(row).toHaveTextContent("Sam Rivera");
    expect(row).toHaveTextContent("2 pieces of evidence");

    // What was submitted is shown beside the form.
    const content = await screen.findByTestId("decide-content");
    expect(content).toHaveTextContent("First-time buyers leave at the sign-up step");
    expect(content).toHaveTextContent("Let them pay without an account");
    expect(content).toHaveTextContent("I gave up when it asked me to create an account");
    expect(content).toHaveTextContent("38% drop at sign-up");
    expect(content).toHaveTextContent("reach 4,000");

    const form = screen.getByTestId("decide-form");
    const save = within(form).getByTestId("decide-save");
    expect(save).toBeDisabled();
    await user.click(within(form).getByLabelText("Go-ahead with changes"));
    await user.type(within(form).getByTestId("decide-rationale"), "Buyers ask for it; the drop is large");
    // The changes are required with this outcome.
    expect(save).toBeDisabled();
    await user.type(within(form).getByTestId("decide-changes"), "Offer to save the card after paying");
    await user.click(save);

    await waitFor(() => expect(within(page).queryByTestId("decide-row")).not.toBeInTheDocument());
    expect(within(page).getByText("Nothing awaits your decision.")).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByTestId("nav-decide-count")).not.toBeInTheDocument());
    expect(lee.callsOf("idea_decide")).toEqual([
      {
        id: ideaId,
        outcome: "go_ahead_with_changes",
        rationale: "Buyers ask for it; the drop is large",
        changes: "Offer to save the card after paying",
      },
    ]);
  });

  it("asks for a revisit date with “not now”", async () => {
    const { lee, ideaId } = await ideasTeam({ submitted: true });
    const { user } = renderApp(lee);
    const form = await screen.findByTestId("decide-form");
    await user.click(within(form).getByLabelText("Not now"));
    await user.type(within(form).getByTestId("decide-rationale"), "After the payments migration");
    expect(within(form).getByTestId("decide-save")).toBeDisabled();
    const next = `${new Date().getFullYear() + 1}-03-01`;
    await user.type(within(form).getByTestId("decide-revisit"), next);
    await user.click(within(form).getByTestId("decide-save"));
    await waitFor(() => expect(lee.callsOf("idea_decide")).toHaveLength(1));
    expect(lee.callsOf("idea_decide")[0]).toEqual({ id: ideaId, outcome: "not_now", rationale: "After the payments migration", revisit: next });
  });

  it("the senior's app shows the decision; placed on the roadmap, the item's detail shows its idea, evidence and decision", async () => {
    const { team, sam, lee, ideaId, year, product } = await ideasTeam({ submitted: true });
    await lee.send("idea_decide", { id: ideaId!, outcome: "go_ahead_with_changes", rationale: "Worth it", changes: "Keep it to cards" });
    await sam.send("item_create", { productId: product.id, horizon: "three_year", period: `${year}`, title: "Faster checkout" });
    team.sync(lee, sam);
    const { user } = renderApp(sam);
    await findFrame();

    expect(await screen.findByTestId("nav-ideas-count")).toHaveTextContent("1");
    await user.keyboard("8");
    const waiting = await screen.findByTestId("ideas-waiting");
    await user.click(within(waiting).getByRole("button", { name: "Guest checkout" }));
    const panel = await screen.findByTestId("idea-detail");
    const decision = await within(panel).findByTestId("decision");
    expect(within(decision).getByTestId("decision-outcome")).toHaveTextContent("Go-ahead with changes");
    expect(decision).toHaveTextContent("Worth it");
    expect(within(decision).getByTestId("decision-changes")).toHaveTextContent("Keep it to cards");
    expect(decision).toHaveTextContent("Lee Park");

    await user.selectOptions(within(panel).getByTestId("idea-place-serves"), `${year} · Faster checkout`);
    await user.type(within(panel).getByTestId("idea-place-period"), `${year}-Q4{Enter}`);
    expect(await within(panel).findByTestId("idea-placed")).toHaveTextContent("Guest checkout");
    await waitFor(() => expect(screen.queryByTestId("nav-ideas-count")).not.toBeInTheDocument());

    // On the roadmap, the item's detail shows where it came from.
    await user.keyboard("{Escape}");
    await user.keyboard("2");
    const card = await screen.findByRole("button", { name: /Guest checkout/ });
    await user.click(card);
    const detail = await screen.findByTestId("item-detail");
    expect(within(detail).getByTestId("item-serves")).toHaveTextContent("Faster checkout");
    const fromIdea = await within(detail).findByTestId("item-idea");
    expect(within(fromIdea).getByTestId("item-idea-title")).toHaveTextContent("Guest checkout");
    expect(within(fromIdea).getByTestId("item-idea-decision")).toHaveTextContent("Go-ahead with changes");
    expect(within(fromIdea).getByTestId("item-idea-decision")).toHaveTextContent("Keep it to cards");
    expect(within(fromIdea).getByTestId("item-idea-evidence")).toHaveTextContent("I gave up when it asked me to create an account");
    expect(within(fromIdea).getByTestId("item-idea-evidence")).toHaveTextContent("38% drop at sign-up");
  });

  it("a “not now” whose date has come is back in the queue to revisit, and may be decided again", async () => {
    const { lee, ideaId } = await ideasTeam({ submitted: true });
    await lee.send("idea_decide", { id: ideaId!, outcome: "not_now", rationale: "After the migration", revisit: dayOf(Date.now()) });
    const { user } = renderApp(lee);
    await findFrame();

    expect(await screen.findByTestId("nav-decide-count")).toHaveTextContent("1");
    await user.keyboard("d");
    const revisit = await screen.findByTestId("decide-to-revisit");
    expect(within(revisit).getByTestId("decide-row")).toHaveTextContent("Guest checkout");
    await user.click(within(revisit).getByRole("button", { name: "Guest checkout" }));
    // The earlier decision shows beside the form.
    const content = await screen.findByTestId("decide-content");
    expect(within(content).getByTestId("decision-outcome")).toHaveTextContent("Not now");
    expect(within(content).getByTestId("decision-rationale")).toHaveTextContent("After the migration");

    const form = screen.getByTestId("decide-form");
    await user.click(within(form).getByLabelText("Go-ahead"));
    await user.type(within(form).getByTestId("decide-rationale"), "The migration is done");
    await user.click(within(form).getByTestId("decide-save"));
    await waitFor(() => expect(screen.queryByTestId("decide-to-revisit")).not.toBeInTheDocument());
    const { decisions } = await lee.send("idea_get", { id: ideaId! });
    expect(decisions.map((d) => [d.outcome, d.current])).toEqual([
      ["go_ahead", true],
      ["not_now", false],
    ]);
  });
});
