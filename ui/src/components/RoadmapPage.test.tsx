import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { fakeWithWorkspace, type FakeBackend } from "../testing/fakeBackend";
import { findFrame, renderApp } from "../testing/render";

/** Checkout's roadmap: a theme serving a goal, an unaligned theme, two initiatives, two items. */
async function seeded() {
  const { backend } = await fakeWithWorkspace();
  const goal = await backend.call("goal_create", { title: "Grow self-serve revenue" });
  const product = await backend.call("product_create", { name: "Checkout" });
  const item = (horizon: "five_year" | "three_year" | "one_year", period: string, title: string, link?: string) =>
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
  await item("one_year", "2027-Q3", "Apple Pay", wallets.id);
  await item("one_year", "2027-Q1", "Saved cards");
  backend.calls.length = 0;
  return { backend, goal, product, theme, wallets };
}

async function openRoadmap(backend: FakeBackend) {
  const rendered = renderApp(backend);
  await findFrame();
  await screen.findByTestId("lane-five_year");
  return rendered;
}

const card = (title: string) =>
  screen.getAllByTestId("item-card").find((c) => within(c).queryByText(title) !== null);

const periodsOf = (lane: HTMLElement) =>
  within(lane)
    .queryAllByRole("group")
    .map((g) => [g.getAttribute("aria-label"), within(g).getAllByTestId("item-card").map((c) => c.firstChild?.textContent)]);

describe("Roadmap page", () => {
  it("shows the three lanes, longest horizon first, with cards grouped by period", async () => {
    const { backend, product } = await seeded();
    await openRoadmap(backend);

    expect(screen.getByTestId("product-select")).toHaveValue(product.id);
    const lanes = ["lane-five_year", "lane-three_year", "lane-one_year"].map((id) => screen.getByTestId(id));
    expect(lanes.map((l) => l.querySelector("h2")?.firstChild?.textContent?.trim())).toEqual([
      "5-year themes",
      "3-year initiatives",
      "1-year items",
    ]);
    // Top to bottom in the document.
    expect(lanes[0].compareDocumentPosition(lanes[1]) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(lanes[1].compareDocumentPosition(lanes[2]) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();

    expect(periodsOf(lanes[0])).toEqual([
      ["2030", ["One-click everywhere"]],
      ["2031", ["Global checkout"]],
    ]);
    expect(periodsOf(lanes[1])).toEqual([
      ["2027", ["Fraud shield"]],
      ["2027-H2", ["Wallets"]],
    ]);
    expect(periodsOf(lanes[2])).toEqual([
      ["2027-Q1", ["Saved cards"]],
      ["2027-Q3", ["Apple Pay"]],
    ]);

    const apple = card("Apple Pay")!;
    expect(apple).toHaveAttribute("data-period", "2027-Q3");
    expect(apple).toHaveAttribute("data-horizon", "one_year");
    expect(apple).toHaveTextContent("serves: Wallets");
    expect(apple).not.toHaveTextContent("unaligned");
    expect(card("One-click everywhere")).toHaveTextContent("serves: Grow self-serve revenue");
    expect(card("Saved cards")).toHaveTextContent("unaligned");
    expect(card("Saved cards")).not.toHaveTextContent("serves:");
    expect(card("Global checkout")).toHaveTextContent("unaligned");
  });

  it("adds a 1-year item under a theme and shows what it serves", async () => {
    const { backend, product, theme } = await seeded();
    const { user } = await openRoadmap(backend);

    await user.selectOptions(screen.getByTestId("item-horizon"), "one_year");
    expect(screen.getByTestId("item-period")).toHaveAttribute("placeholder", "2027-Q3");
    await user.type(screen.getByTestId("item-period"), "2027-q4");
    await user.type(screen.getByTestId("item-title"), "Stored wallets");
    await user.selectOptions(screen.getByTestId("item-parent"), theme.id);
    await user.click(screen.getByTestId("item-add"));

    const lane = screen.getByTestId("lane-one_year");
    const added = await within(lane).findByText("Stored wallets");
    const addedCard = added.closest("[data-testid=item-card]");
    expect(addedCard).toHaveAttribute("data-period", "2027-Q4");
    expect(addedCard).toHaveAttribute("data-horizon", "one_year");
    expect(addedCard).toHaveTextContent("serves: One-click everywhere");
    expect(backend.callsOf("item_create")).toEqual([
      { productId: product.id, horizon: "one_year", period: "2027-q4", title: "Stored wallets", parentId: theme.id },
    ]);
    expect(screen.getByTestId("item-title")).toHaveValue("");
  });

  it("offers goals for a theme and longer-horizon items otherwise; the period hint follows", async () => {
    const { backend } = await seeded();
    const { user } = await openRoadmap(backend);
    const horizon = screen.getByTestId("item-horizon");
    const parent = screen.getByTestId("item-parent");
    const optionTexts = () => within(parent).getAllByRole("option").map((o) => o.textContent);

    expect(horizon).toHaveValue("five_year");
    expect(screen.getByTestId("item-period")).toHaveAttribute("placeholder", "2030");
    expect(optionTexts()).toEqual(["— nothing yet —", "Grow self-serve revenue"]);

    await user.selectOptions(horizon, "three_year");
    expect(screen.getByTestId("item-period")).toHaveAttribute("placeholder", "2027 or 2027-H2");
    expect(optionTexts()).toEqual(["— nothing yet —", "2030 · One-click everywhere", "2031 · Global checkout"]);

    await user.selectOptions(horizon, "one_year");
    expect(optionTexts()).toEqual([
      "— nothing yet —",
      "2030 · One-click everywhere",
      "2031 · Global checkout",
      "2027 · Fraud shield",
      "2027-H2 · Wallets",
    ]);
    expect(parent).toHaveValue("");
  });

  it("adds a theme serving a goal", async () => {
    const { backend, goal } = await seeded();
    const { user } = await openRoadmap(backend);
    await user.type(screen.getByTestId("item-period"), "2032");
    await user.type(screen.getByTestId("item-title"), "Checkout as a platform");
    await user.selectOptions(screen.getByTestId("item-parent"), goal.id);
    await user.click(screen.getByTestId("item-add"));

    const lane = screen.getByTestId("lane-five_year");
    const added = (await within(lane).findByText("Checkout as a platform")).closest("li");
    expect(added).toHaveAttribute("data-period", "2032");
    expect(added).toHaveTextContent("serves: Grow self-serve revenue");
  });

  it("a parent chosen on one product is not sent for another", async () => {
    const { backend, product, wallets } = await seeded();
    const payments = await backend.call("product_create", { name: "Payments" });
    backend.calls.length = 0;
    const { user } = await openRoadmap(backend);
    await user.selectOptions(screen.getByTestId("item-horizon"), "one_year");
    await user.selectOptions(screen.getByTestId("item-parent"), wallets.id);
    await user.type(screen.getByTestId("item-period"), "2027-Q2");
    await user.type(screen.getByTestId("item-title"), "Card vault");

    await user.selectOptions(screen.getByTestId("product-select"), payments.id);
    await screen.findByText(/No 5-year themes yet/);
    expect(screen.getByTestId("item-parent")).toHaveValue("");
    await user.click(screen.getByTestId("item-add"));

    expect(await screen.findByText("Card vault")).toBeInTheDocument();
    expect(backend.callsOf("item_create")).toEqual([
      { productId: payments.id, horizon: "one_year", period: "2027-Q2", title: "Card vault" },
    ]);
    expect(product.id).not.toBe(payments.id);
  });

  it("a refused item shows the core's message and keeps the form", async () => {
    const { backend } = await seeded();
    const { user } = await openRoadmap(backend);
    await user.selectOptions(screen.getByTestId("item-horizon"), "one_year");
    await user.type(screen.getByTestId("item-period"), "2027");
    await user.type(screen.getByTestId("item-title"), "Refunds{Enter}");

    expect(await screen.findByTestId("error")).toHaveTextContent(
      'period "2027" does not fit this horizon: use a quarter, like 2027-Q3',
    );
    expect(screen.getByTestId("item-period")).toHaveValue("2027");
    expect(screen.getByTestId("item-title")).toHaveValue("Refunds");
    expect(screen.getByTestId("item-horizon")).toHaveValue("one_year");
    expect(screen.queryByText("Refunds", { selector: "[data-testid=item-card] *" })).not.toBeInTheDocument();
  });

  it("starts empty, adds the first product and selects it", async () => {
    const { backend } = await fakeWithWorkspace();
    const { user } = renderApp(backend);
    await findFrame();

    expect(await screen.findByText(/No products yet — add the first one/)).toBeInTheDocument();
    expect(screen.queryByTestId("product-select")).not.toBeInTheDocument();
    expect(screen.queryByTestId("lane-five_year")).not.toBeInTheDocument();

    await user.type(screen.getByTestId("product-name"), "Checkout");
    await user.click(screen.getByTestId("product-add"));

    const select = await screen.findByTestId("product-select");
    expect(select).toHaveValue(backend.products[0].id);
    expect(within(select).getByRole("option", { selected: true })).toHaveTextContent("Checkout · Sam Rivera");
    expect(await screen.findByTestId("lane-five_year")).toHaveTextContent(/No 5-year themes yet/);
    expect(screen.getByTestId("product-name")).toHaveValue("");
  });

  it("a new product is selected even when another comes first", async () => {
    const { backend, product } = await seeded();
    const { user } = await openRoadmap(backend);
    expect(screen.getByTestId("product-select")).toHaveValue(product.id);

    await user.type(screen.getByTestId("product-name"), "Payments{Enter}");
    await screen.findByRole("option", { name: "Payments · Sam Rivera" });
    const payments = backend.products.find((p) => p.name === "Payments")!;
    expect(screen.getByTestId("product-select")).toHaveValue(payments.id);
    // Checkout sorts first, yet Payments' (empty) roadmap is the one shown.
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
    await screen.findByTestId("goal-title");
    await user.keyboard("2");

    expect(await screen.findByTestId("product-select")).toHaveValue(payments.id);
    expect(await screen.findByText(/No 5-year themes yet/)).toBeInTheDocument();
  });

  it("a junior PM creating a product sees the permission error and keeps the name", async () => {
    const { backend } = await fakeWithWorkspace("Jo Chen", "junior");
    const { user } = renderApp(backend);
    await findFrame();
    await user.type(await screen.findByTestId("product-name"), "Checkout");
    await user.click(screen.getByTestId("product-add"));

    const banner = await screen.findByTestId("error");
    expect(banner).toHaveTextContent("Jo Chen is a junior PM and may not create products");
    expect(banner).toHaveAttribute("data-code", "permission_denied");
    expect(screen.getByTestId("product-name")).toHaveValue("Checkout");
    expect(screen.queryByTestId("product-select")).not.toBeInTheDocument();
  });

  it("a permission error on an item is displayed", async () => {
    const { backend, product } = await seeded();
    const kim = await backend.call("member_create", { name: "Kim", role: "junior" });
    backend.actAs(kim.id);
    const { user } = await openRoadmap(backend);

    expect(screen.getByText(/Sam Rivera owns Checkout/)).toBeInTheDocument();
    await user.type(screen.getByTestId("item-period"), "2033");
    await user.type(screen.getByTestId("item-title"), "Mine{Enter}");
    expect(await screen.findByTestId("error")).toHaveTextContent(
      "Kim is a junior PM and may not edit the roadmap of Checkout",
    );
    expect(backend.items.filter((i) => i.productId === product.id)).toHaveLength(6);
  });
});
