import { act, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeWithWorkspace, type FakeBackend } from "../testing/fakeBackend";
import { findFrame, renderApp } from "../testing/render";

/** Checkout: a theme serving a goal, an initiative under it, and an item under that. */
async function seeded(role: "senior" | "junior" = "senior") {
  const { backend, me } = await fakeWithWorkspace();
  const goal = await backend.call("goal_create", { title: "Grow self-serve revenue" });
  const product = await backend.call("product_create", { name: "Checkout" });
  const theme = await backend.call("item_create", {
    productId: product.id,
    horizon: "five_year",
    period: "2030",
    title: "One-click everywhere",
    goalId: goal.id,
  });
  const wallets = await backend.call("item_create", {
    productId: product.id,
    horizon: "three_year",
    period: "2027-H2",
    title: "Wallets",
    parentId: theme.id,
  });
  const apple = await backend.call("item_create", {
    productId: product.id,
    horizon: "one_year",
    period: "2027-Q3",
    title: "Apple Pay",
    parentId: wallets.id,
  });
  if (role === "junior") {
    const kim = await backend.call("member_create", { name: "Kim", role: "junior" });
    backend.actAs(kim.id);
  }
  backend.calls.length = 0;
  return { backend, me, theme, wallets, apple };
}

async function openRoadmap(backend: FakeBackend) {
  const rendered = renderApp(backend);
  await findFrame();
  await screen.findByTestId("lane-five_year");
  return rendered;
}

const card = (title: string) => {
  const found = screen.queryAllByTestId("item-card").find((c) => within(c).queryByText(title) !== null);
  if (!found) throw new Error(`no card shows ${title}`);
  return found;
};
const queryCard = (title: string) =>
  screen.queryAllByTestId("item-card").find((c) => within(c).queryByText(title) !== null) ?? null;

afterEach(() => {
  vi.restoreAllMocks();
});

describe("Item details", () => {
  it("a click on a card opens its details; the close button and Escape close them", async () => {
    const { backend } = await seeded();
    const { user } = await openRoadmap(backend);
    expect(screen.queryByTestId("item-detail")).not.toBeInTheDocument();

    await user.click(card("Apple Pay"));
    const panel = await screen.findByTestId("item-detail");
    expect(screen.getByTestId("item-edit-title")).toHaveValue("Apple Pay");
    expect(panel).toHaveTextContent("1-year item");
    expect(panel).toHaveTextContent("2027-Q3");
    expect(panel).toHaveTextContent("Wallets");
    expect(card("Apple Pay")).toHaveAttribute("aria-expanded", "true");

    await user.click(screen.getByTestId("item-detail-close"));
    expect(screen.queryByTestId("item-detail")).not.toBeInTheDocument();

    await user.click(card("Wallets"));
    expect(await screen.findByTestId("item-edit-title")).toHaveValue("Wallets");
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("item-detail")).not.toBeInTheDocument();
  });

  it("cards are focusable buttons: Enter opens the details, Escape returns to the card", async () => {
    const { backend } = await seeded();
    const { user } = await openRoadmap(backend);
    const wallets = card("Wallets");
    expect(wallets).toHaveAttribute("role", "button");
    expect(wallets).toHaveAttribute("tabindex", "0");

    act(() => wallets.focus());
    await user.keyboard("{Enter}");
    expect(await screen.findByTestId("item-detail")).toHaveFocus();
    expect(screen.getByTestId("item-edit-title")).toHaveValue("Wallets");

    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("item-detail")).not.toBeInTheDocument();
    expect(card("Wallets")).toHaveFocus();
  });

  it("renames on Enter: item_update is sent once and the card shows the new title", async () => {
    const { backend, apple } = await seeded();
    const { user } = await openRoadmap(backend);
    await user.click(card("Apple Pay"));
    const title = await screen.findByTestId("item-edit-title");

    await user.clear(title);
    await user.type(title, "Apple Pay and Google Pay{Enter}");

    expect(await screen.findByText("Apple Pay and Google Pay", { selector: ".item-title" })).toBeInTheDocument();
    expect(backend.callsOf("item_update")).toEqual([{ id: apple.id, title: "Apple Pay and Google Pay" }]);
    // The panel stays open, its history shows the rename.
    const rows = await screen.findAllByTestId("history-row");
    await waitFor(() =>
      expect(screen.getAllByTestId("history-row")[0]).toHaveTextContent(
        "Sam Rivera set title to “Apple Pay and Google Pay” · just now (current)",
      ),
    );
    expect(rows.length).toBeGreaterThan(1);

    // Leaving the field afterwards saves nothing more.
    await user.click(screen.getByTestId("item-detail-close"));
    expect(backend.callsOf("item_update")).toHaveLength(1);
    expect(title).not.toBeInTheDocument();
  });

  it("leaving the field saves a changed title; an unchanged one is not sent", async () => {
    const { backend, wallets } = await seeded();
    const { user } = await openRoadmap(backend);
    await user.click(card("Wallets"));
    const title = await screen.findByTestId("item-edit-title");
    await user.click(title);
    await user.tab();
    expect(backend.callsOf("item_update")).toEqual([]);

    await user.type(title, " and cards");
    await user.click(screen.getByTestId("item-detail-close"));
    await waitFor(() =>
      expect(backend.callsOf("item_update")).toEqual([{ id: wallets.id, title: "Wallets and cards" }]),
    );
    expect(await screen.findByText("Wallets and cards", { selector: ".item-title" })).toBeInTheDocument();
  });

  it("Escape reverts a changed title without closing; a second Escape closes", async () => {
    const { backend } = await seeded();
    const { user } = await openRoadmap(backend);
    await user.click(card("Apple Pay"));
    const title = await screen.findByTestId("item-edit-title");
    await user.type(title, " (draft)");
    expect(title).toHaveValue("Apple Pay (draft)");

    await user.keyboard("{Escape}");
    expect(title).toHaveValue("Apple Pay");
    expect(screen.getByTestId("item-detail")).toBeInTheDocument();

    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("item-detail")).not.toBeInTheDocument();
    expect(backend.callsOf("item_update")).toEqual([]);
  });

  it("a refused rename shows why and keeps the typed title, even across closing the panel", async () => {
    const { backend } = await seeded("junior");
    const { user } = await openRoadmap(backend);
    await user.click(card("Apple Pay"));
    const title = await screen.findByTestId("item-edit-title");
    await user.type(title, " now{Enter}");

    expect(await screen.findByTestId("error")).toHaveTextContent(
      "Kim is a junior PM and may not edit the roadmap of Checkout",
    );
    expect(title).toHaveValue("Apple Pay now");
    expect(card("Apple Pay")).not.toHaveTextContent("Apple Pay now");

    await user.click(screen.getByTestId("item-detail-close"));
    await user.click(card("Apple Pay"));
    expect(await screen.findByTestId("item-edit-title")).toHaveValue("Apple Pay now");
  });

  it("an empty title is not saved on leaving the field, and Enter says why", async () => {
    const { backend } = await seeded();
    const { user } = await openRoadmap(backend);
    await user.click(card("Apple Pay"));
    const title = await screen.findByTestId("item-edit-title");
    await user.clear(title);
    await user.tab();
    expect(backend.callsOf("item_update")).toEqual([]);
    expect(screen.queryByTestId("error")).not.toBeInTheDocument();

    await user.click(title);
    await user.keyboard("{Enter}");
    expect(await screen.findByTestId("error")).toHaveTextContent("item title is empty");
  });

  it("deletes, then Undo brings the card back", async () => {
    const { backend, apple } = await seeded();
    const { user } = await openRoadmap(backend);
    await user.click(card("Apple Pay"));
    await user.click(await screen.findByTestId("item-delete"));

    const toast = await screen.findByTestId("undo");
    expect(toast).toHaveTextContent("Deleted “Apple Pay” · Undo");
    await waitFor(() => expect(queryCard("Apple Pay")).toBeNull());
    expect(screen.queryByTestId("item-detail")).not.toBeInTheDocument();
    expect(backend.callsOf("item_delete")).toEqual([{ id: apple.id }]);

    await user.click(within(toast).getByRole("button", { name: "Undo" }));
    expect(await screen.findByText("Apple Pay", { selector: ".item-title" })).toBeInTheDocument();
    expect(backend.callsOf("item_undelete")).toEqual([{ id: apple.id }]);
    expect(screen.queryByTestId("undo")).not.toBeInTheDocument();
  });

  it("⌘/Ctrl+Z undoes a delete while the toast shows", async () => {
    const { backend, apple } = await seeded();
    const { user } = await openRoadmap(backend);
    await user.click(card("Apple Pay"));
    await user.click(await screen.findByTestId("item-delete"));
    await screen.findByTestId("undo");
    await waitFor(() => expect(queryCard("Apple Pay")).toBeNull());

    await user.keyboard("{Control>}z{/Control}");
    expect(await screen.findByText("Apple Pay", { selector: ".item-title" })).toBeInTheDocument();
    expect(backend.callsOf("item_undelete")).toEqual([{ id: apple.id }]);
  });

  it("the undo toast goes away after about 8 seconds", async () => {
    const { backend } = await seeded();
    const { user } = await openRoadmap(backend);
    const setTimeout = vi.spyOn(window, "setTimeout");
    await user.click(card("Apple Pay"));
    await user.click(await screen.findByTestId("item-delete"));
    await screen.findByTestId("undo");

    const timer = setTimeout.mock.calls.find(([, ms]) => ms === 8_000);
    expect(timer).toBeDefined();
    setTimeout.mockRestore();
    act(() => (timer![0] as () => void)());
    expect(screen.queryByTestId("undo")).not.toBeInTheDocument();
    expect(backend.callsOf("item_undelete")).toEqual([]);
  });

  it("lists the history newest first and restores an older title", async () => {
    const { backend, apple } = await seeded();
    await backend.call("item_update", { id: apple.id, title: "Apple Pay everywhere" });
    backend.calls.length = 0;
    const { user } = await openRoadmap(backend);
    await user.click(card("Apple Pay everywhere"));

    await screen.findAllByTestId("history-row");
    const texts = () => screen.getAllByTestId("history-row").map((r) => r.firstChild?.textContent);
    expect(texts()[0]).toBe("Sam Rivera set title to “Apple Pay everywhere” · just now (current)");
    expect(texts()).toContain("Sam Rivera set title to “Apple Pay” · just now");
    // Links read as what they point at.
    expect(texts()).toContain("Sam Rivera set parent to “Wallets” · just now (current)");
    // Only rows that are not current can be restored.
    const current = screen.getAllByTestId("history-row")[0];
    expect(within(current).queryByTestId("history-restore")).not.toBeInTheDocument();

    const old = screen.getAllByTestId("history-row").find((r) => r.firstChild?.textContent?.includes("“Apple Pay” ·"))!;
    const oldOp = backend.ops.find((o) => o.entityId === apple.id && o.value === "Apple Pay")!;
    await user.click(within(old).getByTestId("history-restore"));

    await waitFor(() => expect(backend.callsOf("history_restore")).toEqual([{ opId: oldOp.opId }]));
    expect(await screen.findByText("Apple Pay", { selector: ".item-title" })).toBeInTheDocument();
    // The panel stays open and shows the restore as the newest change.
    expect(screen.getByTestId("item-edit-title")).toHaveValue("Apple Pay");
    await waitFor(() => expect(texts()[0]).toBe("Sam Rivera set title to “Apple Pay” · just now (current)"));
  });
});

describe("Orphans", () => {
  it("a card whose parent was deleted says orphan, not unaligned", async () => {
    const { backend, wallets } = await seeded();
    await backend.call("item_delete", { id: wallets.id });
    await openRoadmap(backend);

    const apple = card("Apple Pay");
    const tag = within(apple).getByText("orphan");
    expect(tag).toHaveAttribute("title", "What it served was deleted, perhaps on another laptop");
    expect(apple).not.toHaveTextContent("unaligned");
    expect(apple).not.toHaveTextContent("serves:");
  });

  it("an orphan reported by the core is flagged", async () => {
    const { backend, apple } = await seeded();
    backend.items.find((i) => i.id === apple.id)!.orphan = true;
    await openRoadmap(backend);
    expect(card("Apple Pay")).toHaveTextContent("orphan");
    expect(card("Wallets")).not.toHaveTextContent("orphan");
  });
});
