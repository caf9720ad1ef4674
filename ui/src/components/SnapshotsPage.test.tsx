import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { Team, withWorkspace } from "../testing/fixtures";
import type { RpcBackend } from "../testing/rpcBackend";
import { findFrame, renderApp } from "../testing/render";

async function seeded() {
  const { backend } = await withWorkspace();
  const goal = await backend.call("goal_create", { title: "Grow revenue" });
  const checkout = await backend.call("product_create", { name: "Checkout", baseYear: 2027 });
  const search = await backend.call("product_create", { name: "Search", baseYear: 2027 });
  const theme = await backend.call("item_create", {
    productId: checkout.id,
    horizon: "five_year",
    period: "2028",
    title: "One-click",
    goalId: goal.id,
  });
  const wallets = await backend.call("item_create", {
    productId: checkout.id,
    horizon: "three_year",
    period: "2027",
    title: "Wallets",
    parentId: theme.id,
  });
  const cards = await backend.call("item_create", {
    productId: checkout.id,
    horizon: "three_year",
    period: "2028",
    title: "Saved cards",
    parentId: theme.id,
  });
  const apple = await backend.call("item_create", {
    productId: checkout.id,
    horizon: "one_year",
    period: "2027-Q1",
    title: "Apple Pay",
    parentId: wallets.id,
  });
  const fraud = await backend.call("item_create", {
    productId: checkout.id,
    horizon: "one_year",
    period: "2027-Q2",
    title: "Fraud rules",
  });
  backend.calls.length = 0;
  return { backend, checkout, search, theme, wallets, cards, apple, fraud };
}

async function openSnapshots(backend: RpcBackend) {
  const rendered = renderApp(backend);
  await findFrame();
  await rendered.user.click(screen.getByTestId("nav-snapshots"));
  await screen.findByRole("heading", { name: "Snapshots", level: 1 });
  return rendered;
}

const group = (kind: string) =>
  screen.getAllByTestId("diff-group").find((g) => g.getAttribute("data-kind") === kind) ?? null;

describe("Snapshots page", () => {
  it("takes a snapshot and lists it with when, by whom and how many items", async () => {
    const { backend, checkout } = await seeded();
    const { user } = await openSnapshots(backend);
    expect(screen.getByTestId("snapshot-product")).toHaveValue(checkout.id);
    expect(await screen.findByText("No snapshots yet: take one when a plan is approved.")).toBeInTheDocument();
    expect(screen.getByTestId("snapshot-name")).toHaveAttribute("placeholder", "2027 plan, approved 2026-12-10");

    await user.type(screen.getByTestId("snapshot-name"), "2027 plan, approved 2026-12-10");
    await user.click(screen.getByTestId("snapshot-create"));

    await waitFor(() =>
      expect(backend.callsOf("snapshot_create")).toEqual([
        { productId: checkout.id, name: "2027 plan, approved 2026-12-10" },
      ]),
    );
    const row = await screen.findByTestId("snapshot-row");
    const [snapshot] = await backend.send("snapshot_list", { productId: checkout.id });
    const taken = snapshot.takenAt;
    const local = new Date(taken).toLocaleString(undefined, {
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
    });
    expect(row).toHaveTextContent(`2027 plan, approved 2026-12-10 · ${local} · by Sam Rivera · 5 items`);
    expect(row.querySelector("time")).toHaveAttribute("dateTime", taken);
    expect(screen.getByTestId("snapshot-name")).toHaveValue("");
    // A new snapshot is compared with now at once: nothing changed yet.
    expect(await screen.findByTestId("snapshot-diff-view")).toHaveTextContent("No changes");
  });

  it("compares a snapshot with now, grouped by kind with before → after", async () => {
    const { backend, checkout, wallets, cards, apple, fraud } = await seeded();
    await backend.call("snapshot_create", { productId: checkout.id, name: "2027 plan" });
    await backend.call("item_move", { id: apple.id, period: "2027-Q3" });
    await backend.call("item_move", { id: apple.id, parentId: cards.id });
    await backend.call("item_update", { id: wallets.id, status: "in_progress", requirements: "x".repeat(300) });
    await backend.call("item_delete", { id: fraud.id });
    await backend.call("item_create", {
      productId: checkout.id,
      horizon: "one_year",
      period: "2027-Q4",
      title: "Klarna",
      parentId: wallets.id,
    });
    backend.calls.length = 0;
    const { user } = await openSnapshots(backend);

    await user.click(within(await screen.findByTestId("snapshot-row")).getByTestId("snapshot-diff"));
    const view = await screen.findByTestId("snapshot-diff-view");
    await waitFor(() => expect(within(view).getAllByTestId("diff-entry")).toHaveLength(6));
    const [snapshot] = await backend.send("snapshot_list", { productId: checkout.id });
    expect(backend.callsOf("snapshot_diff")).toEqual([{ fromId: snapshot.id }]);

    expect(within(view).getAllByRole("heading", { level: 3 }).map((h) => h.textContent)).toEqual([
      "Added 1",
      "Removed 1",
      "Moved 1",
      "Re-parented 1",
      "Changed 2",
    ]);
    expect(view).toHaveTextContent("1 added1 removed1 moved1 re-parented2 changed");
    const entries = within(view).getAllByTestId("diff-entry");
    expect(entries.map((e) => e.getAttribute("data-kind"))).toEqual([
      "added",
      "removed",
      "moved",
      "reparented",
      "changed",
      "changed",
    ]);
    expect(within(group("added")!).getByTestId("diff-entry")).toHaveTextContent("Klarna 1-year itemin 2027-Q4");
    expect(within(group("removed")!).getByTestId("diff-entry")).toHaveTextContent("Fraud rules 1-year itemwas in 2027-Q2");
    expect(within(group("moved")!).getByTestId("diff-entry")).toHaveTextContent("Apple Pay 1-year item2027-Q1 → 2027-Q3");
    expect(within(group("reparented")!).getByTestId("diff-entry")).toHaveTextContent(
      "Apple Pay 1-year itemWallets → Saved cards",
    );
    const changed = within(group("changed")!).getAllByTestId("diff-entry");
    expect(changed[0]).toHaveTextContent("Wallets 3-year initiativeStatusPlanned → In progress");

    // A long value is cut, with a way to read all of it.
    const requirements = changed[1];
    expect(requirements).toHaveTextContent("Requirements");
    expect(requirements.querySelector(".diff-after")!.textContent).toBe(`${"x".repeat(200)}…`);
    await user.click(within(requirements).getByTestId("diff-expand"));
    expect(requirements.querySelector(".diff-after")!.textContent).toBe("x".repeat(300));
    expect(within(requirements).getByTestId("diff-expand")).toHaveTextContent("Show less");
  });

  it("compares two snapshots with each other", async () => {
    const { backend, checkout, apple } = await seeded();
    const draft = await backend.call("snapshot_create", { productId: checkout.id, name: "Draft" });
    await backend.call("item_move", { id: apple.id, period: "2027-Q2" });
    const approved = await backend.call("snapshot_create", { productId: checkout.id, name: "Approved" });
    await backend.call("item_move", { id: apple.id, period: "2027-Q4" });
    backend.calls.length = 0;
    const { user } = await openSnapshots(backend);

    const rows = await screen.findAllByTestId("snapshot-row");
    // Newest first.
    expect(rows.map((r) => r.querySelector(".snapshot-name")!.textContent)).toEqual(["Approved", "Draft"]);
    await user.click(within(rows[1]).getByTestId("snapshot-diff"));
    const view = await screen.findByTestId("snapshot-diff-view");
    await waitFor(() => expect(within(view).getByTestId("diff-entry")).toHaveTextContent("2027-Q1 → 2027-Q4"));

    const compareTo = within(view).getByTestId("diff-compare-to");
    expect(within(compareTo).getAllByRole("option").map((o) => o.textContent?.split(" (")[0])).toEqual([
      "Now",
      "Approved",
    ]);
    await user.selectOptions(compareTo, approved.id);
    await waitFor(() => expect(within(view).getByTestId("diff-entry")).toHaveTextContent("2027-Q1 → 2027-Q2"));
    expect(backend.callsOf("snapshot_diff")).toContainEqual({ fromId: draft.id, toId: approved.id });

    // Approved compared with now.
    await user.click(within(screen.getAllByTestId("snapshot-row")[0]).getByTestId("snapshot-diff"));
    await waitFor(() => expect(within(view).getByTestId("diff-entry")).toHaveTextContent("2027-Q2 → 2027-Q4"));
    expect(within(view).getByTestId("diff-compare-to")).toHaveValue("");
  });

  it("switching product lists that product's snapshots", async () => {
    const { backend, checkout, search } = await seeded();
    await backend.call("snapshot_create", { productId: checkout.id, name: "Checkout plan" });
    const { user } = await openSnapshots(backend);
    expect(await screen.findByTestId("snapshot-row")).toHaveTextContent("Checkout plan");
    await user.selectOptions(screen.getByTestId("snapshot-product"), search.id);
    await waitFor(() => expect(screen.queryByTestId("snapshot-row")).not.toBeInTheDocument());
    expect(screen.getByText("No snapshots yet: take one when a plan is approved.")).toBeInTheDocument();
  });

  it("a refused snapshot shows why and keeps the name", async () => {
    const { backend, checkout } = await seeded();
    const { user } = await openSnapshots(backend);
    const name = `Q1 plan ${"as approved ".repeat(20)}`;
    await user.click(screen.getByTestId("snapshot-name"));
    await user.paste(name);
    await user.click(screen.getByTestId("snapshot-create"));
    expect(await screen.findByRole("alert")).toHaveTextContent("snapshot name is longer than 200 characters");
    expect(await backend.send("snapshot_list", { productId: checkout.id })).toHaveLength(0);
    expect(screen.getByTestId("snapshot-name")).toHaveValue(name);
    expect(screen.queryByTestId("snapshot-row")).not.toBeInTheDocument();
  });

  it("someone who may not edit the product reads its snapshots but gets no create form", async () => {
    const { backend: sam, checkout } = await seeded();
    await sam.call("snapshot_create", { productId: checkout.id, name: "Q1 plan" });
    const backend = await new Team(sam).laptop("Kim", "junior");
    await openSnapshots(backend);
    expect(await screen.findByTestId("snapshot-row")).toHaveTextContent("Q1 plan · ");
    expect(screen.getByTestId("snapshot-row")).toHaveTextContent("by Sam Rivera · 5 items");
    expect(screen.queryByTestId("snapshot-create")).not.toBeInTheDocument();
    expect(screen.queryByTestId("snapshot-name")).not.toBeInTheDocument();
    expect(screen.getByText(/only they and leadership take its snapshots/)).toBeInTheDocument();
  });
});
