import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { Backend } from "./backend";
import { QueryCache } from "./state";
import { Team } from "./testing/fixtures";
import { findFrame, renderApp } from "./testing/render";

/** A backend whose answers the test releases one by one, in any order. */
function manualBackend() {
  const pending: { resolve(v: unknown): void }[] = [];
  const backend: Backend = {
    call: () => new Promise((resolve) => pending.push({ resolve: resolve as (v: unknown) => void })),
    onSynced: () => () => {},
  };
  return { backend, pending };
}

describe("QueryCache", () => {
  it("an older read answering last never replaces a newer answer", async () => {
    const { backend, pending } = manualBackend();
    const cache = new QueryCache();
    const listener = vi.fn();
    cache.subscribe("goal_list {}", "goal_list", {}, listener);
    cache.load(backend, "goal_list {}", "goal_list", {}, 1, vi.fn());
    cache.load(backend, "goal_list {}", "goal_list", {}, 2, vi.fn());
    // The same version is read once.
    cache.load(backend, "goal_list {}", "goal_list", {}, 2, vi.fn());
    expect(pending).toHaveLength(2);

    pending[1].resolve(["new"]);
    await Promise.resolve();
    pending[0].resolve(["old"]);
    await Promise.resolve();
    expect(cache.answer("goal_list {}")).toEqual({ value: ["new"] });
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it("forgets the least recently used reads nothing shows, beyond its limit", async () => {
    const { backend, pending } = manualBackend();
    const cache = new QueryCache(2);
    const stops = ["a", "b", "c"].map((id) => {
      const key = `item_list {"productId":"${id}"}`;
      const stop = cache.subscribe(key, "item_list", { productId: id }, () => {});
      cache.load(backend, key, "item_list", { productId: id }, 1, vi.fn());
      return stop;
    });
    pending.forEach((p, i) => p.resolve([i]));
    await Promise.resolve();
    stops.forEach((stop) => stop());
    expect(cache.answer('item_list {"productId":"a"}')).toBeUndefined();
    expect(cache.answer('item_list {"productId":"c"}')).toEqual({ value: [2] });
  });
});

describe("pages shown again", () => {
  it("appear at once with data that changed while another page was shown", async () => {
    // Lee (leadership) plans with Sam, who owns Checkout and works on his own laptop.
    const team = await Team.create("Lee Chen", "leadership");
    const lee = team.home;
    const sam = await lee.send("member_create", { name: "Sam Rivera", role: "senior" });
    const goal = await lee.send("goal_create", { title: "Grow self-serve revenue" });
    const product = await lee.send("product_create", { name: "Checkout", ownerId: sam.id, baseYear: 2027 });
    const theme = await lee.send("item_create", {
      productId: product.id,
      horizon: "five_year",
      period: "2030",
      title: "One-click checkout",
      goalId: goal.id,
    });
    const backend = await team.laptop("Sam Rivera", null);
    const { user } = renderApp(backend);
    const nav = await findFrame();
    await user.click(nav.sync);
    expect(await screen.findByText("No conflicts: every edit merged cleanly.")).toBeInTheDocument();
    await user.click(nav.goals);
    await screen.findByTestId("goal-item");

    // While Goals is shown, Sam and Lee retitle the theme apart; a background pass brings the
    // conflict, and the hidden Sync page's reads are renewed.
    await backend.send("item_update", { id: theme.id, title: "Sam's title" });
    await lee.send("item_update", { id: theme.id, title: "Lee's title" });
    team.sync(lee);
    const reads = backend.callsOf("conflict_list").length;
    const pass = await act(() => backend.syncInBackground());
    expect(pass.conflicts).toBe(1);
    await waitFor(() => expect(backend.callsOf("conflict_list").length).toBeGreaterThan(reads));
    await act(() => backend.idle());

    // No wait: the row is there in the same frame as the page.
    act(() => {
      fireEvent.click(nav.sync);
    });
    expect(screen.getByTestId("conflict-item")).toHaveTextContent("Lee Chen's “Lee's title” was kept over Sam Rivera's “Sam's title”");
  });
});
