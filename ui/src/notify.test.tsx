import { act, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { newAttention, notificationsOn } from "./notify";
import { delegationTeam } from "./testing/fixtures";
import { findFrame, renderApp } from "./testing/render";

describe("desktop notifications", () => {
  afterEach(() => window.localStorage.removeItem("baton.notify"));

  it("say what a sync brought that waits on me, and nothing when nothing new does", () => {
    const none = { inbox: 0, reviews: 0, ideas: 0 };
    expect(newAttention(none, none)).toBeNull();
    expect(newAttention({ inbox: 2, reviews: 1, ideas: 0 }, { inbox: 1, reviews: 1, ideas: 0 })).toBeNull();
    expect(newAttention(none, { inbox: 1, reviews: 3, ideas: 0 })).toEqual({
      title: "Baton: new work for you",
      body: "1 new thing in your inbox, 3 stories to review (from the last sync).",
    });
  });

  it("tell the junior when a sync brings an offer, unless turned off on the Sync page", async () => {
    const { sam, jo, joId, item } = await delegationTeam();
    const notify = vi.fn();
    jo.notify = notify;
    const { user } = renderApp(jo);
    await findFrame();
    // The count before any pass is the baseline: nothing is announced at start.
    await waitFor(() => expect(jo.callsOf("inbox_get").length).toBeGreaterThan(0));
    expect(notify).not.toHaveBeenCalled();

    await sam.send("delegate_offer", { itemId: item.id, toId: joId, brief: { scope: "Saved cards" } });
    await sam.send("sync_now", {});
    await act(async () => {
      await jo.syncInBackground();
    });
    await waitFor(() =>
      expect(notify).toHaveBeenCalledWith("Baton: new work for you", "1 new thing in your inbox (from the last sync)."),
    );

    // Turned off: the next offer arrives without a word on the desktop.
    await user.click(screen.getByTestId("nav-sync"));
    await user.click(await screen.findByTestId("notify-toggle"));
    expect(notificationsOn()).toBe(false);
    const other = await sam.send("item_create", {
      productId: (await sam.send("product_list", {}))[0]!.id,
      horizon: "one_year",
      period: `${new Date().getFullYear()}-Q4`,
      title: "Wallets",
    });
    await sam.send("delegate_offer", { itemId: other.id, toId: joId, brief: { scope: "Wallets" } });
    await sam.send("sync_now", {});
    // The hook reads what waits (review_queue among it) after the pass; then it has decided.
    const reads = jo.callsOf("review_queue").length;
    await act(async () => {
      await jo.syncInBackground();
    });
    await waitFor(() => expect(jo.callsOf("review_queue").length).toBeGreaterThan(reads));
    await act(async () => {
      await new Promise((r) => setTimeout(r, 50));
    });
    expect(notify).toHaveBeenCalledTimes(1);
  });
});
