import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { Horizon } from "../bindings/Horizon";
import { baton, Team, withWorkspace } from "../testing/fixtures";
import type { RpcBackend } from "../testing/rpcBackend";
import { findFrame, renderApp } from "../testing/render";

/** Checkout's roadmap, planned from 2027: a theme serving a goal, an unaligned theme, two
 * initiatives, two items (one unaligned). */
async function seeded() {
  const { backend } = await withWorkspace();
  const goal = await backend.call("goal_create", { title: "Grow self-serve revenue" });
  const product = await backend.call("product_create", { name: "Checkout", baseYear: 2027 });
  const item = (horizon: Horizon, period: string, title: string, link?: string) =>
    backend.call("item_create", {
      productId: product.id,
      horizon,
      period,
      title,
      ...(link === undefined ? {} : horizon === "five_year" ? { goalId: link } : { parentId: link }),
    });
  const theme = await item("five_year", "2030", "One-click everywhere", goal.id);
  await item("five_year", "2031", "Global checkout");
  const wallets = await item("three_year", "2027-H2", "Wallets", theme.id);
  await item("three_year", "2027", "Fraud shield", theme.id);
  const apple = await item("one_year", "2027-Q3", "Apple Pay", wallets.id);
  const saved = await item("one_year", "2027-Q1", "Saved cards");
  backend.calls.length = 0;
  return { backend, goal, product, theme, wallets, apple, saved, item };
}

async function openRoadmap(backend: RpcBackend) {
  const rendered = renderApp(backend);
  const { roadmap } = await findFrame();
  // A junior PM's app opens on their Inbox.
  if (roadmap.getAttribute("aria-current") !== "page") await rendered.user.click(roadmap);
  // Lanes show once the items are read.
  await screen.findByTestId("lane-five_year");
  return rendered;
}

const card = (title: string) =>
  screen.getAllByTestId("item-card").find((c) => within(c).queryByText(title) !== null);

/** A lane's columns as [period, titles of its cards]. */
const columnsOf = (lane: HTMLElement) =>
  within(lane)
    .getAllByTestId("period")
    .map((g) => [
      g.getAttribute("data-period"),
      within(g)
        .queryAllByTestId("item-card")
        .map((c) => c.querySelector(".item-title")?.textContent),
    ]);

const column = (horizon: Horizon, period: string) =>
  within(screen.getByTestId(`lane-${horizon}`))
    .getAllByTestId("period")
    .find((p) => p.getAttribute("data-period") === period)!;

const titlesIn = (el: HTMLElement) =>
  within(el)
    .queryAllByTestId("item-card")
    .map((c) => c.querySelector(".item-title")?.textContent);

describe("Roadmap page", () => {
  it("shows the three lanes with a column per period of the window, cards in their period", async () => {
    const { backend, product } = await seeded();
    await openRoadmap(backend);

    expect(screen.getByTestId("product-select")).toHaveValue(product.id);
    const lanes = ["lane-five_year", "lane-three_year", "lane-one_year"].map((id) => screen.getByTestId(id));
    expect(lanes.map((l) => l.querySelector("h2")?.firstChild?.textContent?.trim())).toEqual([
      "5-year themes",
      "3-year initiatives",
      "1-year items",
    ]);
    expect(lanes[0].compareDocumentPosition(lanes[1]) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(lanes[1].compareDocumentPosition(lanes[2]) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();

    expect(columnsOf(lanes[0])).toEqual([
      ["2027", []],
      ["2028", []],
      ["2029", []],
      ["2030", ["One-click everywhere"]],
      ["2031", ["Global checkout"]],
    ]);
    expect(columnsOf(lanes[1])).toEqual([
      ["2027", ["Fraud shield"]],
      ["2027-H1", []],
      ["2027-H2", ["Wallets"]],
      ["2028", []],
      ["2028-H1", []],
      ["2028-H2", []],
      ["2029", []],
      ["2029-H1", []],
      ["2029-H2", []],
    ]);
    expect(columnsOf(lanes[2])).toEqual([
      ["2027-Q1", ["Saved cards"]],
      ["2027-Q2", []],
      ["2027-Q3", ["Apple Pay"]],
      ["2027-Q4", []],
    ]);
    expect(screen.queryByTestId("period-outside-window")).not.toBeInTheDocument();

    const apple = card("Apple Pay")!;
    expect(apple).toHaveAttribute("data-period", "2027-Q3");
    expect(apple).toHaveAttribute("data-horizon", "one_year");
    expect(apple).toHaveAttribute("data-status", "planned");
    expect(apple).not.toHaveAttribute("data-unaligned");
    expect(apple).toHaveTextContent("serves: Wallets");
    expect(within(apple).getByTestId("card-status")).toHaveTextContent("Planned");
    expect(within(apple).getByTestId("card-confidence")).toHaveTextContent("Medium confidence");
    expect(within(apple).queryByTestId("flag-unaligned")).not.toBeInTheDocument();
    expect(card("One-click everywhere")).toHaveTextContent("serves: Grow self-serve revenue");

    for (const title of ["Saved cards", "Global checkout"]) {
      const c = card(title)!;
      expect(c).toHaveAttribute("data-unaligned", "true");
      expect(within(c).getByTestId("flag-unaligned")).toHaveTextContent("Unaligned");
      expect(c).not.toHaveTextContent("serves:");
    }
  });

  it("Alt+→ moves a focused card to the next quarter and keeps it focused; Alt+← brings it back", async () => {
    const { backend, saved } = await seeded();
    const { user } = await openRoadmap(backend);
    expect(screen.getByTestId("roadmap-keys-hint")).toHaveTextContent("Alt+← / Alt+→");

    card("Saved cards")!.focus();
    await user.keyboard("{Alt>}{ArrowRight}{/Alt}");

    await waitFor(() => expect(titlesIn(column("one_year", "2027-Q2"))).toEqual(["Saved cards"]));
    expect(backend.callsOf("item_move")).toEqual([{ id: saved.id, period: "2027-Q2" }]);
    expect(titlesIn(column("one_year", "2027-Q1"))).toEqual([]);
    await waitFor(() => expect(document.activeElement).toBe(card("Saved cards")));
    expect(document.activeElement).toHaveAttribute("data-period", "2027-Q2");

    await user.keyboard("{Alt>}{ArrowLeft}{/Alt}");
    await waitFor(() => expect(titlesIn(column("one_year", "2027-Q1"))).toEqual(["Saved cards"]));
    // At the window's start there is nowhere further to go.
    await waitFor(() => expect(document.activeElement).toBe(card("Saved cards")));
    await user.keyboard("{Alt>}{ArrowLeft}{/Alt}");
    expect(backend.callsOf("item_move")).toHaveLength(2);
  });

  it("Alt+→ on an initiative steps through the years and halves of the window", async () => {
    const { backend, wallets } = await seeded();
    const { user } = await openRoadmap(backend);
    card("Wallets")!.focus();
    await user.keyboard("{Alt>}{ArrowRight}{/Alt}");
    await waitFor(() => expect(titlesIn(column("three_year", "2028"))).toEqual(["Wallets"]));
    expect(backend.callsOf("item_move")).toEqual([{ id: wallets.id, period: "2028" }]);
  });

  it("Alt+↑ / Alt+↓ reorder a card within its column", async () => {
    const { backend, apple, item, wallets } = await seeded();
    const google = await item("one_year", "2027-Q3", "Google Pay", wallets.id);
    const klarna = await item("one_year", "2027-Q3", "Klarna", wallets.id);
    backend.calls.length = 0;
    const { user } = await openRoadmap(backend);
    expect(titlesIn(column("one_year", "2027-Q3"))).toEqual(["Apple Pay", "Google Pay", "Klarna"]);

    card("Klarna")!.focus();
    await user.keyboard("{Alt>}{ArrowUp}{/Alt}");
    await waitFor(() =>
      expect(titlesIn(column("one_year", "2027-Q3"))).toEqual(["Apple Pay", "Klarna", "Google Pay"]),
    );
    expect(backend.callsOf("item_move")).toEqual([{ id: klarna.id, beforeId: google.id }]);
    await waitFor(() => expect(document.activeElement).toBe(card("Klarna")));

    card("Apple Pay")!.focus();
    await user.keyboard("{Alt>}{ArrowDown}{/Alt}");
    await waitFor(() =>
      expect(titlesIn(column("one_year", "2027-Q3"))).toEqual(["Klarna", "Apple Pay", "Google Pay"]),
    );
    expect(backend.callsOf("item_move")).toEqual([
      { id: klarna.id, beforeId: google.id },
      { id: apple.id, afterId: klarna.id },
    ]);
  });

  it("Enter on a focused card opens its details", async () => {
    const { backend } = await seeded();
    const { user } = await openRoadmap(backend);
    card("Apple Pay")!.focus();
    await user.keyboard("{Enter}");
    expect(await screen.findByRole("complementary", { name: "Item details" })).toBeInTheDocument();
    expect(card("Apple Pay")).toHaveAttribute("aria-expanded", "true");
  });

  it("a refused move shows the core's message and changes nothing", async () => {
    const { backend, saved } = await seeded();
    const { user } = await openRoadmap(backend);
    // Meanwhile `baton` on the same database moves Checkout to the next planning cycle; the
    // window shown here is stale until the app re-reads.
    baton(backend.dataDir, ["product", "update", "Checkout", "--base-year", "2028"]);
    card("Saved cards")!.focus();
    await user.keyboard("{Alt>}{ArrowRight}{/Alt}");

    const banner = await screen.findByRole("alert");
    expect(banner).toHaveTextContent(
      "2027-Q2 is outside the one-year window of Checkout (the quarters of 2028, planning from 2028): " +
        "pick a period in it or move the base year",
    );
    expect(titlesIn(column("one_year", "2027-Q1"))).toEqual(["Saved cards"]);
    expect(titlesIn(column("one_year", "2027-Q2"))).toEqual([]);
    expect((await backend.send("item_get", { id: saved.id })).item.period).toBe("2027-Q1");
  });

  it("the status filter hides items of the statuses turned off", async () => {
    const { backend, apple } = await seeded();
    await backend.call("item_update", { id: apple.id, status: "done" });
    const { user } = await openRoadmap(backend);
    expect(card("Apple Pay")).toHaveAttribute("data-status", "done");
    const filter = screen.getByTestId("status-filter");
    for (const s of ["idea", "planned", "in_progress", "done", "dropped"]) {
      expect(within(filter).getByTestId(`status-filter-${s}`)).toBeChecked();
    }

    await user.click(screen.getByTestId("status-filter-done"));
    expect(card("Apple Pay")).toBeUndefined();
    expect(card("Saved cards")).toBeDefined();
    expect(within(screen.getByTestId("lane-one_year")).getByTestId("lane-hidden")).toHaveTextContent(
      "1 hidden by the status filter",
    );
    expect(within(screen.getByTestId("lane-five_year")).queryByTestId("lane-hidden")).not.toBeInTheDocument();

    await user.click(screen.getByTestId("status-filter-planned"));
    expect(screen.queryAllByTestId("item-card")).toHaveLength(0);
    // The lanes are not empty, only filtered: they say so.
    expect(screen.queryByText(/No 5-year themes yet/)).not.toBeInTheDocument();
    expect(within(screen.getByTestId("lane-five_year")).getByTestId("lane-hidden")).toHaveTextContent(
      "2 hidden by the status filter",
    );
    expect(within(screen.getByTestId("lane-one_year")).getByTestId("lane-hidden")).toHaveTextContent(
      "2 hidden by the status filter",
    );

    await user.click(screen.getByTestId("status-filter-done"));
    expect(screen.getAllByTestId("item-card").map((c) => c.querySelector(".item-title")?.textContent)).toEqual([
      "Apple Pay",
    ]);
    expect(within(screen.getByTestId("lane-one_year")).getByTestId("lane-hidden")).toHaveTextContent(
      "1 hidden by the status filter",
    );
  });

  it("moving the base year keeps every item and flags those now outside the window", async () => {
    const { backend, product } = await seeded();
    const { user } = await openRoadmap(backend);
    expect(screen.getByTestId("product-window")).toHaveTextContent(/Moving the base year keeps every item/);

    const year = screen.getByTestId("product-base-year");
    expect(year).toHaveValue(2027);
    await user.clear(year);
    await user.type(year, "2028");
    await user.click(screen.getByTestId("product-base-year-save"));

    await waitFor(() => expect(column("one_year", "2028-Q1")).toBeInTheDocument());
    expect(backend.callsOf("product_update")).toEqual([{ id: product.id, baseYear: 2028 }]);
    // The form was not re-created: the keyboard is still on "Move window", now with nothing to move.
    expect(screen.getByTestId("product-base-year-save")).toHaveFocus();
    expect(screen.getByTestId("product-base-year-save")).toHaveAttribute("aria-disabled", "true");
    expect(screen.getByTestId("product-base-year")).toHaveValue(2028);
    const lane = screen.getByTestId("lane-one_year");
    expect(within(lane).getAllByTestId("period").map((p) => p.getAttribute("data-period"))).toEqual([
      "2028-Q1",
      "2028-Q2",
      "2028-Q3",
      "2028-Q4",
    ]);
    const outside = within(lane).getByTestId("period-outside-window");
    expect(titlesIn(outside)).toEqual(["Saved cards", "Apple Pay"]);
    // The items' flags come with their own read, once the core has re-judged them.
    await waitFor(() => expect(card("Saved cards")).toHaveAttribute("data-outside-window", "true"));
    const saved = card("Saved cards")!;
    expect(saved).toHaveAttribute("data-period", "2027-Q1");
    expect(within(saved).getByTestId("flag-outside-window")).toHaveTextContent("Outside window");
    // The 2027 initiative is outside too; the 2027-H2 one as well; themes still fit.
    expect(titlesIn(within(screen.getByTestId("lane-three_year")).getByTestId("period-outside-window"))).toEqual([
      "Fraud shield",
      "Wallets",
    ]);
    expect(card("One-click everywhere")).not.toHaveAttribute("data-outside-window");
    expect(screen.getAllByTestId("item-card")).toHaveLength(6);

    // Alt+→ brings an item back into the window.
    saved.focus();
    await user.keyboard("{Alt>}{ArrowRight}{/Alt}");
    await waitFor(() => expect(titlesIn(column("one_year", "2028-Q1"))).toEqual(["Saved cards"]));
  });

  it("a base year moved elsewhere shows in the planning window field", async () => {
    const { backend } = await seeded();
    await openRoadmap(backend);
    expect(screen.getByTestId("product-base-year")).toHaveValue(2027);
    baton(backend.dataDir, ["product", "update", "Checkout", "--base-year", "2029"]);
    act(() => window.dispatchEvent(new Event("focus")));
    await waitFor(() => expect(screen.getByTestId("product-base-year")).toHaveValue(2029));
    expect(screen.getByTestId("product-base-year-save")).toHaveAttribute("aria-disabled", "true");
  });

  it("in the family view, a board away from the screen is rendered once it comes near", async () => {
    const { backend, product } = await seeded();
    const family = await backend.call("family_create", { name: "Payments" });
    await backend.call("product_update", { id: product.id, familyId: family.id });
    const wallet = await backend.call("product_create", { name: "Wallet", familyId: family.id, baseYear: 2027 });
    await backend.call("item_create", { productId: wallet.id, horizon: "one_year", period: "2027-Q2", title: "Top-ups" });
    // The page's layout, which a test's DOM does not have: boards report when they come near.
    const watched: { el: Element; near(): void }[] = [];
    class Near {
      constructor(private readonly report: (entries: { isIntersecting: boolean }[]) => void) {}
      observe(el: Element) {
        watched.push({ el, near: () => this.report([{ isIntersecting: true }]) });
      }
      disconnect() {}
    }
    vi.stubGlobal("IntersectionObserver", Near);
    try {
      const { user } = await openRoadmap(backend);
      await user.click(screen.getByTestId("view-family"));
      await waitFor(() => expect(screen.getAllByTestId("product-block")).toHaveLength(2));
      const [first, second] = screen.getAllByTestId("product-block");
      // The first board at once; the second keeps its room, named, until it comes near.
      expect(titlesIn(first)).toContain("Apple Pay");
      expect(within(second).getByTestId("product-block-name")).toHaveTextContent("Wallet");
      expect(within(second).queryByTestId("lane-one_year")).not.toBeInTheDocument();
      act(() => watched.find((w) => w.el === second)!.near());
      expect(titlesIn(second)).toEqual(["Top-ups"]);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("the family view stacks every product of the family, each with its lanes", async () => {
    const { backend, product, item } = await seeded();
    const family = await backend.call("family_create", { name: "Payments" });
    await backend.call("product_update", { id: product.id, familyId: family.id });
    const wallet = await backend.call("product_create", { name: "Wallet", familyId: family.id, baseYear: 2027 });
    await backend.call("product_create", { name: "Admin", baseYear: 2027 });
    await backend.call("item_create", { productId: wallet.id, horizon: "one_year", period: "2027-Q2", title: "Top-ups" });
    void item;
    const { user } = await openRoadmap(backend);

    const picker = screen.getByTestId("product-select");
    expect(within(picker).getAllByRole("group").map((g) => g.getAttribute("label"))).toEqual(["Payments", "No family"]);
    expect(within(within(picker).getAllByRole("group")[0]).getAllByRole("option").map((o) => o.textContent)).toEqual([
      "Checkout · Sam Rivera",
      "Wallet · Sam Rivera",
    ]);
    await user.selectOptions(picker, product.id);
    expect(screen.getAllByTestId("product-block")).toHaveLength(1);
    expect(card("Top-ups")).toBeUndefined();

    await user.click(screen.getByTestId("view-family"));
    await waitFor(() => expect(screen.getAllByTestId("product-block")).toHaveLength(2));
    const blocks = screen.getAllByTestId("product-block");
    expect(blocks.map((b) => within(b).getByTestId("product-block-name").firstChild?.textContent?.trim())).toEqual([
      "Checkout",
      "Wallet",
    ]);
    for (const b of blocks) {
      expect(["lane-five_year", "lane-three_year", "lane-one_year"].map((id) => within(b).getAllByTestId(id).length)).toEqual([1, 1, 1]);
    }
    expect(titlesIn(blocks[1])).toEqual(["Top-ups"]);
    expect(titlesIn(blocks[0])).toContain("Apple Pay");

    // A product in no family has no family view.
    await user.selectOptions(picker, screen.getByRole("option", { name: "Admin · Sam Rivera" }));
    expect(screen.getByTestId("view-family")).toBeDisabled();
    expect(screen.getAllByTestId("product-block")).toHaveLength(1);
  });

  it("assigns the product to a family and takes it out again", async () => {
    const { backend, product } = await seeded();
    const family = await backend.call("family_create", { name: "Payments" });
    backend.calls.length = 0;
    const { user } = await openRoadmap(backend);
    await user.selectOptions(screen.getByTestId("product-family"), family.id);
    await waitFor(() => expect(screen.getByTestId("view-family")).toBeEnabled());
    expect(screen.getByTestId("product-family")).toHaveValue(family.id);
    await user.selectOptions(screen.getByTestId("product-family"), "");
    await waitFor(() => expect(screen.getByTestId("view-family")).toBeDisabled());
    expect(backend.callsOf("product_update")).toEqual([
      { id: product.id, familyId: family.id },
      { id: product.id, familyId: "" },
    ]);
  });

  it("the add form offers the window's periods, next-longer parents and a status", async () => {
    const { backend, product, wallets, goal } = await seeded();
    const { user } = await openRoadmap(backend);
    const optionTexts = (id: string) =>
      within(screen.getByTestId(id))
        .getAllByRole("option")
        .map((o) => o.textContent);

    expect(screen.getByTestId("item-horizon")).toHaveValue("five_year");
    expect(optionTexts("item-period")).toEqual(["2027", "2028", "2029", "2030", "2031"]);
    expect(optionTexts("item-parent")).toEqual(["— none (unaligned) —", "Grow self-serve revenue"]);
    expect(screen.getByTestId("item-status-new")).toHaveValue("planned");

    await user.selectOptions(screen.getByTestId("item-horizon"), "three_year");
    expect(optionTexts("item-period")).toHaveLength(9);
    expect(optionTexts("item-parent")).toEqual([
      "— none (unaligned) —",
      "2030 · One-click everywhere",
      "2031 · Global checkout",
    ]);

    await user.selectOptions(screen.getByTestId("item-horizon"), "one_year");
    expect(optionTexts("item-period")).toEqual(["2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"]);
    expect(optionTexts("item-parent")).toEqual(["— none (unaligned) —", "2027 · Fraud shield", "2027-H2 · Wallets"]);

    await user.selectOptions(screen.getByTestId("item-period"), "2027-Q4");
    await user.type(screen.getByTestId("item-title"), "Stored wallets");
    await user.selectOptions(screen.getByTestId("item-parent"), wallets.id);
    await user.selectOptions(screen.getByTestId("item-status-new"), "idea");
    await user.click(screen.getByTestId("item-add"));

    await waitFor(() => expect(titlesIn(column("one_year", "2027-Q4"))).toEqual(["Stored wallets"]));
    expect(card("Stored wallets")).toHaveAttribute("data-status", "idea");
    expect(card("Stored wallets")).toHaveTextContent("serves: Wallets");
    expect(backend.callsOf("item_create")).toEqual([
      {
        productId: product.id,
        horizon: "one_year",
        period: "2027-Q4",
        title: "Stored wallets",
        status: "idea",
        parentId: wallets.id,
      },
    ]);
    expect(screen.getByTestId("item-title")).toHaveValue("");
    expect(goal.id).toBeTruthy();
  });

  it("an item added without a parent is flagged unaligned", async () => {
    const { backend } = await seeded();
    const { user } = await openRoadmap(backend);
    await user.selectOptions(screen.getByTestId("item-horizon"), "three_year");
    await user.selectOptions(screen.getByTestId("item-period"), "2028-H1");
    await user.type(screen.getByTestId("item-title"), "Loyalty{Enter}");
    await waitFor(() => expect(titlesIn(column("three_year", "2028-H1"))).toEqual(["Loyalty"]));
    expect(card("Loyalty")).toHaveAttribute("data-unaligned", "true");
    expect(within(card("Loyalty")!).getByTestId("flag-unaligned")).toBeInTheDocument();
  });

  it("a parent chosen on one product is not sent for another", async () => {
    const { backend, wallets } = await seeded();
    const payments = await backend.call("product_create", { name: "Payments", baseYear: 2027 });
    backend.calls.length = 0;
    const { user } = await openRoadmap(backend);
    await user.selectOptions(screen.getByTestId("item-horizon"), "one_year");
    await user.selectOptions(screen.getByTestId("item-parent"), wallets.id);
    await user.selectOptions(screen.getByTestId("item-period"), "2027-Q2");
    await user.type(screen.getByTestId("item-title"), "Card vault");

    await user.selectOptions(screen.getByTestId("product-select"), payments.id);
    await screen.findByText(/No 5-year themes yet/);
    expect(screen.getByTestId("item-parent")).toHaveValue("");
    await user.click(screen.getByTestId("item-add"));

    expect(await screen.findByText("Card vault")).toBeInTheDocument();
    expect(backend.callsOf("item_create")).toEqual([
      { productId: payments.id, horizon: "one_year", period: "2027-Q2", title: "Card vault", status: "planned" },
    ]);
  });

  it("a refused item shows the core's message and keeps the form", async () => {
    const { backend } = await seeded();
    const { user } = await openRoadmap(backend);
    await user.selectOptions(screen.getByTestId("item-horizon"), "one_year");
    await user.selectOptions(screen.getByTestId("item-period"), "2027-Q2");
    await user.type(screen.getByTestId("item-title"), "   {Enter}");

    expect(await screen.findByRole("alert")).toHaveTextContent("item title is empty");
    expect(screen.getByTestId("item-period")).toHaveValue("2027-Q2");
    expect(screen.getByTestId("item-horizon")).toHaveValue("one_year");
    expect(screen.getAllByTestId("item-card")).toHaveLength(6);
  });

  it("starts empty, adds the first product with a family and base year, and selects it", async () => {
    const { backend } = await withWorkspace();
    const { user } = renderApp(backend);
    await findFrame();

    expect(await screen.findByText(/No products yet — add the first one/)).toBeInTheDocument();
    expect(screen.queryByTestId("product-select")).not.toBeInTheDocument();
    expect(screen.getByTestId("product-base-year-new")).toHaveValue(new Date().getFullYear());

    await user.type(screen.getByTestId("family-name"), "Payments{Enter}");
    await screen.findByRole("option", { name: "Payments" });
    expect(screen.getByTestId("family-name")).toHaveValue("");

    await user.type(screen.getByTestId("product-name"), "Checkout");
    await user.selectOptions(screen.getByTestId("product-family-new"), "Payments");
    await user.clear(screen.getByTestId("product-base-year-new"));
    await user.type(screen.getByTestId("product-base-year-new"), "2030");
    await user.click(screen.getByTestId("product-add"));

    const select = await screen.findByTestId("product-select");
    const [checkout] = await backend.send("product_list", {});
    const [payments] = await backend.send("family_list", {});
    expect(select).toHaveValue(checkout.id);
    expect(within(select).getByRole("option", { selected: true })).toHaveTextContent("Checkout · Sam Rivera");
    expect(backend.callsOf("product_create")).toEqual([{ name: "Checkout", baseYear: 2030, familyId: payments.id }]);
    expect([checkout.name, checkout.familyName, checkout.baseYear]).toEqual(["Checkout", "Payments", 2030]);
    expect(await screen.findByTestId("lane-five_year")).toHaveTextContent(/No 5-year themes yet/);
    expect(column("one_year", "2030-Q1")).toBeInTheDocument();
    // The first product made, the next ones are made in a dialog.
    expect(screen.queryByTestId("product-name")).not.toBeInTheDocument();
    expect(screen.getByTestId("product-new-open")).toHaveTextContent("New product…");
  });

  it("a new product is selected even when another comes first", async () => {
    const { backend, product } = await seeded();
    const { user } = await openRoadmap(backend);
    expect(screen.getByTestId("product-select")).toHaveValue(product.id);

    // With a product there, the form is a dialog: the roadmap keeps the window.
    expect(screen.queryByTestId("product-name")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("product-new-open"));
    const dialog = await screen.findByRole("dialog", { name: "New product" });
    expect(within(dialog).getByTestId("product-name")).toHaveFocus();
    await user.type(screen.getByTestId("product-name"), "Payments{Enter}");
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    await screen.findByRole("option", { name: "Payments · Sam Rivera" });
    const payments = (await backend.send("product_list", {})).find((p) => p.name === "Payments")!;
    expect(screen.getByTestId("product-select")).toHaveValue(payments.id);
    expect(await screen.findByText(/No 5-year themes yet/)).toBeInTheDocument();
    expect(screen.queryAllByTestId("item-card")).toHaveLength(0);

    await user.selectOptions(screen.getByTestId("product-select"), product.id);
    expect(await screen.findByText("Apple Pay")).toBeInTheDocument();
  });

  it("the chosen product stays chosen across a visit to Goals", async () => {
    const { backend } = await seeded();
    const payments = await backend.call("product_create", { name: "Payments" });
    const { user } = await openRoadmap(backend);
    await user.selectOptions(screen.getByTestId("product-select"), payments.id);
    await user.keyboard("{Escape}1");
    await screen.findByRole("textbox", { name: "Goal title" });
    await user.keyboard("2");

    expect(await screen.findByTestId("product-select")).toHaveValue(payments.id);
    expect(await screen.findByText(/No 5-year themes yet/)).toBeInTheDocument();
  });

  it("a junior PM sees no form to add a product or a family", async () => {
    const { backend } = await withWorkspace("Jo Chen", "junior");
    const { user } = renderApp(backend);
    // A junior PM's app opens on their Inbox.
    await user.click((await findFrame()).roadmap);
    expect(await screen.findByText("No products yet — a senior PM or leadership adds them.")).toBeInTheDocument();
    for (const id of ["product-name", "product-add", "product-base-year-new", "product-owner-new", "family-name", "family-add"]) {
      expect(screen.queryByTestId(id)).not.toBeInTheDocument();
    }
    expect(screen.queryByTestId("product-select")).not.toBeInTheDocument();
  });

  it("leadership names the senior PM who owns a new product", async () => {
    const { backend } = await withWorkspace("Lee Chen", "leadership");
    const sam = await backend.call("member_create", { name: "Sam Rivera", role: "senior" });
    await backend.call("member_create", { name: "Ana Ortiz", role: "senior" });
    await backend.call("member_create", { name: "Kim Park", role: "junior" });
    backend.calls.length = 0;
    const { user } = renderApp(backend);
    await findFrame();

    const owner = await screen.findByTestId("product-owner-new");
    // Only senior PMs own products.
    await waitFor(() =>
      expect(within(owner).getAllByRole("option").map((o) => o.textContent)).toEqual([
        "— owner (a senior PM) —",
        "Ana Ortiz",
        "Sam Rivera",
      ]),
    );

    // Without an owner the core says why.
    await user.type(screen.getByTestId("product-name"), "Checkout");
    await user.click(screen.getByTestId("product-add"));
    expect(await screen.findByRole("alert")).toHaveTextContent("choose the senior PM who owns this product");
    expect(screen.getByTestId("product-name")).toHaveValue("Checkout");

    await user.selectOptions(owner, "Sam Rivera");
    await user.clear(screen.getByTestId("product-base-year-new"));
    await user.type(screen.getByTestId("product-base-year-new"), "2027");
    await user.click(screen.getByTestId("product-add"));

    const select = await screen.findByTestId("product-select");
    expect(within(select).getByRole("option", { selected: true })).toHaveTextContent("Checkout · Sam Rivera");
    expect(backend.callsOf("product_create")).toEqual([
      { name: "Checkout", baseYear: Number(new Date().getFullYear()) },
      { name: "Checkout", baseYear: 2027, ownerId: sam.id },
    ]);
    expect((await backend.send("product_list", {})).map((p) => [p.name, p.ownerId])).toEqual([["Checkout", sam.id]]);
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    // Leadership edits every roadmap: the add form is there.
    expect(await screen.findByTestId("item-add")).toBeInTheDocument();
  });

  it("leadership without a senior PM is told to add one first", async () => {
    const { backend } = await withWorkspace("Lee Chen", "leadership");
    renderApp(backend);
    await findFrame();
    expect(await screen.findByTestId("product-owner-hint")).toHaveTextContent("add one on the Sync page first");
  });

  it("a senior PM owns what they add: no owner to choose", async () => {
    const { backend } = await seeded();
    const { user } = await openRoadmap(backend);
    await user.click(screen.getByTestId("product-new-open"));
    expect(screen.getByTestId("product-name")).toBeInTheDocument();
    expect(screen.queryByTestId("product-owner-new")).not.toBeInTheDocument();
    expect(backend.callsOf("member_list")).toEqual([]);
  });

  it("someone who may not edit the roadmap reads it without edit affordances", async () => {
    // Kim, a junior PM, on her own laptop joined to Sam's workspace.
    const { backend: sam } = await seeded();
    const backend = await new Team(sam).laptop("Kim", "junior");
    const { user } = await openRoadmap(backend);

    expect(screen.getByText(/Sam Rivera owns Checkout/)).toBeInTheDocument();
    expect(screen.getByTestId("product-window")).toHaveTextContent("Planning from 2027");
    for (const id of ["item-add", "item-title", "product-base-year", "product-family", "roadmap-keys-hint"]) {
      expect(screen.queryByTestId(id)).not.toBeInTheDocument();
    }
    card("Saved cards")!.focus();
    await user.keyboard("{Alt>}{ArrowRight}{/Alt}");
    expect(backend.callsOf("item_move")).toEqual([]);
    // Reading the details still works.
    await user.keyboard("{Enter}");
    expect(await screen.findByRole("complementary", { name: "Item details" })).toBeInTheDocument();
  });
});

describe("Roadmap drag and drop", () => {
  /** jsdom has neither pointer events nor layout: give it both, for the 1-year lane only. */
  function layOut() {
    class FakePointerEvent extends MouseEvent {
      readonly isPrimary: boolean;
      readonly pointerId: number;
      constructor(type: string, init: PointerEventInit = {}) {
        super(type, init);
        this.isPrimary = init.isPrimary ?? true;
        this.pointerId = init.pointerId ?? 1;
      }
    }
    const saved = { pointer: window.PointerEvent, rect: Element.prototype.getBoundingClientRect };
    window.PointerEvent = FakePointerEvent as unknown as typeof PointerEvent;
    // Columns 200px apart, 400px tall; cards 40px apart from the top of their column.
    Element.prototype.getBoundingClientRect = function (this: Element) {
      const lane = this.closest("[data-testid=lane-one_year]");
      const col = this.closest<HTMLElement>("[data-testid=period]");
      if (!lane || !col || !(this instanceof HTMLElement)) return new DOMRect(0, 0, 0, 0);
      const x = within(lane as HTMLElement).getAllByTestId("period").indexOf(col) * 200;
      if (this === col) return new DOMRect(x, 0, 190, 400);
      const cardEl = this.closest("[data-testid=item-card]");
      if (cardEl !== this) return new DOMRect(0, 0, 0, 0);
      const y = within(col).getAllByTestId("item-card").indexOf(this as HTMLElement) * 40 + 20;
      return new DOMRect(x, y, 190, 36);
    };
    return () => {
      window.PointerEvent = saved.pointer;
      Element.prototype.getBoundingClientRect = saved.rect;
    };
  }

  function drag(from: HTMLElement, to: { x: number; y: number }) {
    const start = from.getBoundingClientRect();
    const at = { clientX: start.x + 10, clientY: start.y + 10 };
    fireEvent.pointerDown(from, { ...at, button: 0, isPrimary: true });
    fireEvent.pointerMove(document, { clientX: at.clientX + 10, clientY: at.clientY });
    fireEvent.pointerMove(document, { clientX: to.x, clientY: to.y });
    fireEvent.pointerUp(document, { clientX: to.x, clientY: to.y });
  }

  it("dropping a card on another quarter's column moves it there", async () => {
    const restore = layOut();
    try {
      const { backend, saved } = await seeded();
      await openRoadmap(backend);
      // Into the free space of 2027-Q4 (4th column).
      drag(card("Saved cards")!, { x: 650, y: 300 });
      await waitFor(() => expect(titlesIn(column("one_year", "2027-Q4"))).toEqual(["Saved cards"]));
      expect(backend.callsOf("item_move")).toEqual([{ id: saved.id, period: "2027-Q4" }]);
    } finally {
      restore();
    }
  });

  it("dropping a card on another card places it there", async () => {
    const restore = layOut();
    try {
      const { backend, item, wallets, apple } = await seeded();
      const google = await item("one_year", "2027-Q3", "Google Pay", wallets.id);
      backend.calls.length = 0;
      await openRoadmap(backend);
      // Google Pay (second in Q3) onto Apple Pay (first): before it.
      drag(card("Google Pay")!, { x: 410, y: 30 });
      await waitFor(() => expect(titlesIn(column("one_year", "2027-Q3"))).toEqual(["Google Pay", "Apple Pay"]));
      expect(backend.callsOf("item_move")).toEqual([{ id: google.id, beforeId: apple.id }]);
    } finally {
      restore();
    }
  });
});
