import { act, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { delegationTeam } from "../testing/fixtures";
import { renderApp } from "../testing/render";

describe("Inbox", () => {
  it("opens first for a junior PM, shows the offer with its brief, and accepting it starts the work", async () => {
    const { jo, delegationId } = await delegationTeam({ offer: true });
    const { user } = renderApp(jo);

    const offers = await screen.findByTestId("inbox-offered");
    expect(screen.getByTestId("nav-inbox")).toHaveAttribute("aria-current", "page");
    // A junior PM has no board; the badge counts the offer.
    expect(screen.queryByTestId("nav-board")).not.toBeInTheDocument();
    expect(await screen.findByTestId("nav-inbox-count")).toHaveTextContent("1");

    const offer = await within(offers).findByTestId("inbox-offer");
    expect(offer).toHaveTextContent("Saved cards");
    expect(offer).toHaveTextContent("offered by Sam Rivera");
    expect(within(offer).getByTestId("offer-brief")).toHaveTextContent("Let returning shoppers pay with a saved card");

    await user.click(within(offer).getByRole("button", { name: "Accept Saved cards" }));

    await waitFor(() => expect(within(offers).queryByTestId("inbox-offer")).not.toBeInTheDocument());
    expect(jo.callsOf("delegate_accept")).toEqual([{ id: delegationId }]);
    expect(await screen.findByTestId("inbox-mine")).toHaveTextContent("Saved cards");
    await waitFor(() => expect(screen.queryByTestId("nav-inbox-count")).not.toBeInTheDocument());
    expect((await jo.send("delegation_get", { id: delegationId! })).delegation.state).toBe("accepted");
  });

  it("asks a question back before accepting; the senior's answer comes back as an action", async () => {
    const { team, sam, jo, delegationId } = await delegationTeam({ offer: true });
    const { user } = renderApp(jo);

    const offer = await screen.findByTestId("inbox-offer");
    await user.click(within(offer).getByTestId("offer-ask"));
    await user.type(within(offer).getByTestId("offer-question-input"), "Does this include the mobile app?");
    await user.click(within(offer).getByTestId("offer-question-send"));

    expect(await within(offer).findByTestId("offer-question")).toHaveTextContent(
      "You asked: Does this include the mobile app?",
    );
    expect(jo.callsOf("delegate_ask")).toEqual([{ id: delegationId, text: "Does this include the mobile app?" }]);

    // Sam answers on his laptop; Jo's inbox shows it once synced.
    team.sync(jo, sam);
    await sam.send("delegate_answer", { id: delegationId!, text: "Web only for now" });
    team.sync(sam, jo);
    act(() => jo.emitSynced());

    const action = await screen.findByTestId("inbox-action");
    expect(action).toHaveAttribute("data-kind", "question_answered");
    expect(action).toHaveTextContent("Web only for now");
    expect(within(offer).getByTestId("offer-question")).toHaveTextContent("Sam Rivera answered: Web only for now");
  });

  it("shows a story in review with whom it waits on and for how long, and opens it", async () => {
    const { team, sam, jo, delegationId } = await delegationTeam({ accept: true });
    await sam.send("delegate_amend", { id: delegationId!, brief: { cadenceDays: 1 } });
    team.sync(sam, jo);
    const story = await jo.send("story_add", { delegationId: delegationId!, fields: { title: "Save a card" } });
    await jo.send("review_request", { ids: [story.id] });
    const { user } = renderApp(jo);

    const waiting = await within(await screen.findByTestId("inbox-in-review")).findByTestId("waiting-row");
    expect(waiting).toHaveTextContent("Save a card");
    expect(within(waiting).getByTestId("waiting-for")).toHaveTextContent("waiting under a minute on Sam Rivera");

    // The cadence runs from the acceptance: a day later a check-in is due. Not yet here.
    expect(within(screen.getByTestId("inbox-checkins")).queryByTestId("inbox-checkin")).not.toBeInTheDocument();

    // The story link opens the delegated item with that story.
    await user.click(within(waiting).getByRole("button", { name: "Save a card" }));
    expect(await screen.findByTestId("delegation-page")).toBeInTheDocument();
    expect(await screen.findByTestId("story-panel")).toHaveAttribute("data-story-id", story.id);
  });
});
