import { act, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { Team, withWorkspace } from "../testing/fixtures";
import { findFrame, renderApp } from "../testing/render";

describe("Ideas", () => {
  it("proposes an idea with evidence and a RICE score, shows the arithmetic, and submits it", async () => {
    const { backend } = await withWorkspace("Sam Rivera", "senior");
    await backend.send("product_create", { name: "Checkout", baseYear: new Date().getFullYear() });
    const feedback = await backend.send("feedback_add", { source: "call", body: "I gave up at the sign-up step", customer: "Acme Retail" });
    const { user } = renderApp(backend);
    await findFrame();

    await user.keyboard("8");
    expect(await screen.findByTestId("ideas-page")).toBeInTheDocument();
    await user.keyboard("n");
    await user.keyboard("Guest checkout");
    await user.selectOptions(screen.getByTestId("idea-new-product"), "Checkout");
    await user.click(screen.getByTestId("idea-new-add"));

    // The new draft opens beside the board.
    const panel = await screen.findByTestId("idea-detail");
    expect(await within(panel).findByRole("heading", { name: "Draft" })).toBeInTheDocument();
    await user.type(within(panel).getByTestId("idea-problem"), "First-time buyers leave at sign-up");
    await user.type(within(panel).getByTestId("idea-proposal"), "Let them pay without an account");
    await user.tab();
    await user.type(within(panel).getByTestId("rice-reach"), "4000{Enter}");
    await user.selectOptions(within(panel).getByTestId("rice-impact"), "High (2)");
    await user.type(within(panel).getByTestId("rice-confidence"), "80{Enter}");
    await user.type(within(panel).getByTestId("rice-effort"), "2{Enter}");
    const ideaId = (await backend.send("idea_list", {}))[0]!.id;
    await waitFor(async () => expect((await backend.send("idea_get", { id: ideaId })).idea.score).not.toBeNull());
    const { idea } = await backend.send("idea_get", { id: ideaId });
    await waitFor(() => expect(within(panel).getByTestId("rice-arithmetic")).toHaveTextContent(idea.scoreText));
    expect(within(panel).getByTestId("rice-arithmetic")).toHaveTextContent("reach 4,000");
    expect(idea.problem).toBe("First-time buyers leave at sign-up");
    expect(feedback.triage).toBe("new");

    await user.type(within(panel).getByTestId("evidence-body"), "38% drop at sign-up{Enter}");
    expect(await within(panel).findByTestId("evidence-item")).toHaveTextContent("38% drop at sign-up");
    // Open feedback can be linked from here too.
    await user.selectOptions(within(panel).getByTestId("idea-link-feedback"), "“I gave up at the sign-up step” · Acme Retail");
    await user.click(within(panel).getByTestId("idea-link-feedback-save"));
    expect(await within(panel).findByTestId("evidence-feedback")).toHaveTextContent("I gave up at the sign-up step");

    const card = within(screen.getByTestId("column-draft")).getByTestId("idea-card");
    await waitFor(() => expect(within(card).getByTestId("idea-evidence-count")).toHaveTextContent("2 pieces of evidence"));
    expect(within(card).getByTestId("idea-score")).toHaveTextContent(`RICE ${idea.score}`);

    await user.click(within(panel).getByTestId("idea-submit"));
    await waitFor(() => expect(within(screen.getByTestId("column-submitted")).getByTestId("idea-card")).toHaveTextContent("Guest checkout"));
    // Submitted content is frozen: no more editing.
    expect(within(panel).queryByTestId("idea-problem")).not.toBeInTheDocument();
    expect(within(panel).getByText("First-time buyers leave at sign-up")).toBeInTheDocument();
    expect((await backend.send("idea_get", { id: ideaId })).idea.stage).toBe("submitted");
  });

  it("a junior's idea goes to their senior, who returns it with a comment, then sponsors it", async () => {
    const team = await Team.create("Sam Rivera", "senior");
    const sam = team.home;
    const jo = await team.laptop("Jo Chen", "junior", "Sam Rivera");
    const idea = await jo.send("idea_add", { title: "Remind buyers of a saved cart", problem: "Carts are forgotten", proposal: "Email a reminder" });
    await jo.send("idea_submit", { id: idea.id });
    team.sync(jo, sam);
    const { user } = renderApp(sam);
    await findFrame();

    expect(await screen.findByTestId("nav-ideas-count")).toHaveTextContent("1");
    await user.click(screen.getByTestId("nav-ideas"));
    const waiting = await screen.findByTestId("ideas-waiting");
    expect(waiting).toHaveTextContent("Remind buyers of a saved cart · to sponsor or return");
    await user.click(within(waiting).getByRole("button", { name: "Remind buyers of a saved cart" }));
    const panel = await screen.findByTestId("idea-detail");
    expect(await within(panel).findByRole("heading", { name: "Awaiting sponsor" })).toBeInTheDocument();

    await user.click(await within(panel).findByTestId("idea-return"));
    await user.type(within(panel).getByTestId("idea-return-note"), "Add how many carts a week{Enter}");
    await waitFor(() => expect(within(panel).getByRole("heading", { name: "Returned" })).toBeInTheDocument());
    expect(sam.callsOf("idea_return")).toEqual([{ id: idea.id, note: "Add how many carts a week" }]);

    // Jo sees the comment on her laptop, adds a metric and sends it again; Sam sponsors it.
    team.sync(sam, jo);
    expect((await jo.send("idea_get", { id: idea.id })).idea.returnNote).toBe("Add how many carts a week");
    await jo.send("idea_evidence_add", { ideaId: idea.id, kind: "metric", body: "1,200 carts a week" });
    await jo.send("idea_submit", { id: idea.id });
    team.sync(jo, sam);
    act(() => sam.emitSynced());
    await user.click(await within(panel).findByTestId("idea-sponsor"));
    await waitFor(() => expect(within(screen.getByTestId("column-sponsored")).getByTestId("idea-card")).toHaveTextContent("Remind buyers"));
    await waitFor(() => expect(screen.queryByTestId("nav-ideas-count")).not.toBeInTheDocument());
  });
});
