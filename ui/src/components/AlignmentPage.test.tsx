import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { withWorkspace } from "../testing/fixtures";
import type { RpcBackend } from "../testing/rpcBackend";
import { findFrame, renderApp } from "../testing/render";

/**
 * Grow revenue ← One-click (Checkout) ← Wallets ← Apple Pay (done), Google Pay (in progress)
 *                                      ← Saved cards ← Card vault
 *              ← Instant search (Search)
 * Enter Europe: nothing serves it. Unaligned: Fraud rules (no initiative), Receipts (initiative
 * deleted).
 */
async function seeded() {
  const { backend } = await withWorkspace();
  const grow = await backend.call("goal_create", { title: "Grow revenue", measure: "ARR +20%" });
  await backend.call("goal_create", { title: "Enter Europe", measure: "3 EU markets live" });
  const checkout = await backend.call("product_create", { name: "Checkout", baseYear: 2027 });
  const search = await backend.call("product_create", { name: "Search", baseYear: 2027 });
  const item = (productId: string, horizon: "five_year" | "three_year" | "one_year", period: string, title: string, link: { goalId?: string; parentId?: string } = {}) =>
    backend.call("item_create", { productId, horizon, period, title, ...link });
  const oneClick = await item(checkout.id, "five_year", "2028", "One-click", { goalId: grow.id });
  const wallets = await item(checkout.id, "three_year", "2027-H2", "Wallets", { parentId: oneClick.id });
  const apple = await item(checkout.id, "one_year", "2027-Q1", "Apple Pay", { parentId: wallets.id });
  const google = await item(checkout.id, "one_year", "2027-Q2", "Google Pay", { parentId: wallets.id });
  const saved = await item(checkout.id, "three_year", "2028", "Saved cards", { parentId: oneClick.id });
  await item(checkout.id, "one_year", "2027-Q3", "Card vault", { parentId: saved.id });
  await item(search.id, "five_year", "2029", "Instant search", { goalId: grow.id });
  await item(checkout.id, "one_year", "2027-Q4", "Fraud rules");
  const old = await item(checkout.id, "three_year", "2028", "Old initiative", { parentId: oneClick.id });
  await item(checkout.id, "one_year", "2027-Q2", "Receipts", { parentId: old.id });
  await backend.call("item_delete", { id: old.id });
  await backend.call("item_update", { id: apple.id, status: "done" });
  await backend.call("item_update", { id: google.id, status: "in_progress" });
  backend.calls.length = 0;
  return { backend, checkout, search, apple };
}

async function openAlignment(backend: RpcBackend) {
  const rendered = renderApp(backend);
  await findFrame();
  await rendered.user.click(screen.getByTestId("nav-alignment"));
  await screen.findAllByTestId("align-goal");
  return rendered;
}

const node = (title: string) => {
  const found = screen
    .getAllByTestId("align-node")
    .find((n) => n.querySelector(":scope > .align-node-line")?.textContent?.includes(title));
  if (!found) throw new Error(`no node shows ${title}`);
  return found;
};
const countsOf = (el: HTMLElement) =>
  within(el.querySelector<HTMLElement>(":scope > div")!).getByTestId("align-counts").textContent;

describe("Alignment page", () => {
  it("shows goal → theme → initiative → item with roll-up counts", async () => {
    const { backend } = await seeded();
    await openAlignment(backend);
    expect(screen.getByTestId("nav-alignment")).toHaveAttribute("aria-current", "page");

    // Every goal, in goal order; one nothing serves reads as such.
    const goals = screen.getAllByTestId("align-goal");
    expect(goals.map((g) => g.querySelector(".align-goal-title")?.textContent)).toEqual(["Enter Europe", "Grow revenue"]);
    expect(countsOf(goals[0])).toBe("0 themes · 0 initiatives · 0 items · 0 done");
    expect(goals[1]).toHaveTextContent("Measured by: ARR +20%");
    expect(countsOf(goals[1])).toBe("2 themes · 2 initiatives · 3 items · 1 done · 1 in progress");

    const oneClick = node("One-click");
    expect(oneClick).toHaveAttribute("data-horizon", "five_year");
    expect(countsOf(oneClick)).toBe("2 initiatives · 3 items · 1 done · 1 in progress");
    const wallets = node("Wallets");
    expect(wallets).toHaveAttribute("data-horizon", "three_year");
    expect(oneClick).toContainElement(wallets);
    expect(countsOf(wallets)).toBe("2 items · 1 done · 1 in progress");
    const apple = node("Apple Pay");
    expect(apple).toHaveAttribute("data-horizon", "one_year");
    expect(wallets).toContainElement(apple);
    expect(apple).toHaveTextContent("Done");
    expect(within(apple).queryByTestId("align-counts")).not.toBeInTheDocument();
    // Every product by default: the theme of Search is there, with its product named.
    expect(node("Instant search")).toHaveTextContent("Search");
  });

  it("lists unaligned items with why, and the goals nothing serves", async () => {
    const { backend } = await seeded();
    await openAlignment(backend);

    const unaligned = screen.getAllByTestId("unaligned-item");
    expect(unaligned.map((r) => r.textContent)).toEqual([
      "Receipts · 1-year item · 2027-Q2 · Checkoutserves a deleted item",
      "Fraud rules · 1-year item · 2027-Q4 · Checkoutserves nothing",
    ]);
    const unserved = screen.getAllByTestId("unserved-goal");
    expect(unserved).toHaveLength(1);
    expect(unserved[0]).toHaveTextContent("Enter Europe · measured by: 3 EU markets live");
    expect(unserved[0]).toHaveTextContent("no five-year theme serves it");
  });

  it("scopes to one product", async () => {
    const { backend, search } = await seeded();
    const { user } = await openAlignment(backend);
    await user.selectOptions(screen.getByTestId("align-product"), "Search");

    await waitFor(() => expect(backend.callsOf("alignment_get")).toContainEqual({ productId: search.id }));
    await waitFor(() => expect(screen.queryByText("One-click")).not.toBeInTheDocument());
    const grow = screen.getAllByTestId("align-goal").find((g) => g.textContent?.includes("Grow revenue"))!;
    expect(countsOf(grow)).toBe("1 theme · 0 initiatives · 0 items · 0 done");
    expect(screen.queryAllByTestId("unaligned-item")).toHaveLength(0);
    expect(screen.getByText("Every item serves a goal or a longer-horizon item.")).toBeInTheDocument();
  });

  it("a click on an item opens its details beside the tree", async () => {
    const { backend, apple } = await seeded();
    const { user } = await openAlignment(backend);
    await user.click(within(node("Apple Pay")).getByRole("button", { name: "Apple Pay" }));

    const panel = await screen.findByRole("complementary", { name: "Item details" });
    expect(within(panel).getByTestId("item-edit-title")).toHaveValue("Apple Pay");
    await waitFor(() => expect(within(panel).getByTestId("item-serves")).toHaveTextContent("goal: Grow revenue"));
    expect(backend.callsOf("item_get")).toContainEqual({ id: apple.id });

    // A change made in the panel shows in the tree.
    await user.selectOptions(within(panel).getByTestId("item-status"), "dropped");
    await user.click(within(panel).getByTestId("item-fields-save"));
    await waitFor(() => expect(node("Apple Pay")).toHaveTextContent("Dropped"));
    await waitFor(() => expect(countsOf(node("Wallets"))).toBe("2 items · 0 done · 1 in progress"));

    await user.click(within(panel).getByRole("button", { name: "Close details" }));
    expect(screen.queryByRole("complementary", { name: "Item details" })).not.toBeInTheDocument();

    // Unaligned items open too.
    await user.click(screen.getByRole("button", { name: "Fraud rules" }));
    expect(await screen.findByTestId("item-serves")).toHaveTextContent("nothing yet");
  });

  it("deleting from the panel offers Undo, which brings the item back into the tree", async () => {
    const { backend, apple } = await seeded();
    const { user } = await openAlignment(backend);
    await user.click(within(node("Apple Pay")).getByRole("button", { name: "Apple Pay" }));
    await user.click(await screen.findByRole("button", { name: "Delete" }));

    const toast = await screen.findByTestId("undo");
    expect(toast).toHaveTextContent("Deleted “Apple Pay” · Undo");
    // The panel and the focus in it are gone: the keyboard lands on Undo.
    expect(within(toast).getByRole("button", { name: "Undo" })).toHaveFocus();
    expect(screen.queryByRole("complementary", { name: "Item details" })).not.toBeInTheDocument();
    await waitFor(() => expect(countsOf(node("Wallets"))).toBe("1 item · 0 done · 1 in progress"));
    expect(backend.callsOf("item_delete")).toEqual([{ id: apple.id }]);

    await user.click(within(toast).getByRole("button", { name: "Undo" }));
    await waitFor(() => expect(countsOf(node("Wallets"))).toBe("2 items · 1 done · 1 in progress"));
    expect(node("Apple Pay")).toHaveTextContent("Apple Pay");
    expect(backend.callsOf("item_undelete")).toEqual([{ id: apple.id }]);
    expect(screen.queryByTestId("undo")).not.toBeInTheDocument();
  });

  it("⌘/Ctrl+Z undoes the delete too", async () => {
    const { backend } = await seeded();
    const { user } = await openAlignment(backend);
    await user.click(screen.getByRole("button", { name: "Fraud rules" }));
    await user.click(await screen.findByRole("button", { name: "Delete" }));
    await screen.findByTestId("undo");
    await waitFor(() => expect(screen.queryByRole("button", { name: "Fraud rules" })).not.toBeInTheDocument());

    await user.keyboard("{Control>}z{/Control}");
    expect(await screen.findByRole("button", { name: "Fraud rules" })).toBeInTheDocument();
    expect(backend.callsOf("undo")).toEqual([{}]);
    expect(screen.queryByTestId("undo")).not.toBeInTheDocument();
  });
});

describe("Alignment page, a long tree", () => {
  /** One goal ← one theme ← 3 initiatives ← 20 items each: 64 lines, ~1,500 px. */
  async function long() {
    const { backend } = await withWorkspace();
    const goal = await backend.call("goal_create", { title: "Grow revenue" });
    const product = await backend.call("product_create", { name: "Checkout", baseYear: 2027 });
    const theme = await backend.call("item_create", { productId: product.id, horizon: "five_year", period: "2028", title: "Theme", goalId: goal.id });
    for (let i = 1; i <= 3; i++) {
      const initiative = await backend.call("item_create", { productId: product.id, horizon: "three_year", period: "2027", title: `Initiative ${i}`, parentId: theme.id });
      // Sent together: baton rpc answers them in order, without a round trip each.
      await Promise.all(
        Array.from({ length: 20 }, (_, j) =>
          backend.call("item_create", { productId: product.id, horizon: "one_year", period: "2027-Q1", title: `Item ${(i - 1) * 20 + j + 1}`, parentId: initiative.id }),
        ),
      );
    }
    return backend;
  }

  /**
   * A layout for the DOM, which has none in a test: the page's scroll container shows 400 px and
   * the tree starts 150 px below its top, moving up as the container scrolls.
   */
  function withLayout() {
    const clientHeight = vi.spyOn(HTMLElement.prototype, "clientHeight", "get").mockImplementation(function (this: HTMLElement) {
      return this.matches("main.page") ? 400 : 0;
    });
    const rect = vi.spyOn(Element.prototype, "getBoundingClientRect").mockImplementation(function (this: Element) {
      const scrolled = document.querySelector("main.page")?.scrollTop ?? 0;
      const top = this.matches(".align-tree") ? 150 - scrolled : 0;
      return DOMRect.fromRect({ x: 0, y: top, width: 800, height: 0 });
    });
    return () => {
      clientHeight.mockRestore();
      rect.mockRestore();
    };
  }

  const scrollTo = (y: number) => {
    const main = document.querySelector<HTMLElement>("main.page")!;
    main.scrollTop = y;
    fireEvent.scroll(main);
  };
  const shown = (title: string) => screen.queryByRole("button", { name: title }) !== null;

  it("renders the rows near the screen; scrolling brings the later ones, the earlier ones go", async () => {
    const backend = await long();
    const restore = withLayout();
    try {
      await openAlignment(backend);
      expect(shown("Item 1")).toBe(true);
      expect(shown("Item 60")).toBe(false);
      // The rest of the tree is there as empty space, so the page scrolls as far as with every row.
      expect(document.querySelectorAll(".align-gap").length).toBeGreaterThan(0);

      scrollTo(1200);
      await waitFor(() => expect(shown("Item 60")).toBe(true));
      expect(shown("Item 1")).toBe(false);
      // What the visible rows serve stays above them, with its counts.
      expect(countsOf(node("Initiative 3"))).toBe("20 items · 0 done");
      expect(node("Initiative 3")).toContainElement(node("Item 60"));
      expect(screen.getAllByTestId("align-goal")).toHaveLength(1);
    } finally {
      restore();
    }
  });

  it("keeps the focused row and the open one while the page scrolls away, so the keyboard finds them again", async () => {
    const backend = await long();
    const restore = withLayout();
    try {
      const { user } = await openAlignment(backend);
      const item2 = screen.getByRole("button", { name: "Item 2" });
      item2.focus();
      scrollTo(1200);
      await waitFor(() => expect(shown("Item 60")).toBe(true));
      expect(item2).toBeInTheDocument();
      expect(item2).toHaveFocus();
      expect(shown("Item 3")).toBe(false);

      // Opened, then scrolled away and closed: the focus goes back to it.
      scrollTo(0);
      await waitFor(() => expect(shown("Item 1")).toBe(true));
      await user.click(screen.getByRole("button", { name: "Item 5" }));
      const panel = await screen.findByRole("complementary", { name: "Item details" });
      scrollTo(1200);
      await waitFor(() => expect(shown("Item 60")).toBe(true));
      expect(shown("Item 5")).toBe(true);
      await user.click(within(panel).getByRole("button", { name: "Close details" }));
      expect(screen.getByRole("button", { name: "Item 5" })).toHaveFocus();
    } finally {
      restore();
    }
  });
});
