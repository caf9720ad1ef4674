import { act, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Backend } from "../backend";
import { Faults } from "../testing/faults";
import { baton, Team, withWorkspace } from "../testing/fixtures";
import { findFrame, renderApp } from "../testing/render";
import type { RpcBackend } from "../testing/rpcBackend";

/** Sam's Checkout, planned from 2027: a theme serving a goal, an initiative under it, and an
 * item under that. */
async function seeded() {
  const { backend, me } = await withWorkspace();
  const goal = await backend.call("goal_create", { title: "Grow self-serve revenue" });
  const product = await backend.call("product_create", { name: "Checkout", baseYear: 2027 });
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
  backend.calls.length = 0;
  return { backend, me, goal, product, theme, wallets, apple };
}

/** Kim, a junior PM, on her own laptop joined to the workspace `sam` holds. */
const kimsLaptop = (sam: RpcBackend) => new Team(sam).laptop("Kim", "junior");

async function openRoadmap(backend: Backend) {
  const rendered = renderApp(backend);
  const { roadmap } = await findFrame();
  // A junior PM's app opens on their Inbox.
  if (roadmap.getAttribute("aria-current") !== "page") await rendered.user.click(roadmap);
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
    expect(screen.queryByRole("complementary", { name: "Item details" })).not.toBeInTheDocument();

    await user.click(card("Apple Pay"));
    const panel = await screen.findByRole("complementary", { name: "Item details" });
    expect(screen.getByTestId("item-edit-title")).toHaveValue("Apple Pay");
    expect(panel).toHaveTextContent("1-year item");
    expect(panel).toHaveTextContent("2027-Q3");
    expect(panel).toHaveTextContent("Wallets");
    expect(card("Apple Pay")).toHaveAttribute("aria-expanded", "true");

    await user.click(screen.getByRole("button", { name: "Close details" }));
    expect(screen.queryByRole("complementary", { name: "Item details" })).not.toBeInTheDocument();

    await user.click(card("Wallets"));
    expect(await screen.findByTestId("item-edit-title")).toHaveValue("Wallets");
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("complementary", { name: "Item details" })).not.toBeInTheDocument();
  });

  it("cards are focusable buttons: Enter opens the details, Escape returns to the card", async () => {
    const { backend } = await seeded();
    const { user } = await openRoadmap(backend);
    const wallets = card("Wallets");
    expect(wallets).toHaveAttribute("role", "button");
    expect(wallets).toHaveAttribute("tabindex", "0");

    act(() => wallets.focus());
    await user.keyboard("{Enter}");
    expect(await screen.findByRole("complementary", { name: "Item details" })).toHaveFocus();
    expect(screen.getByTestId("item-edit-title")).toHaveValue("Wallets");

    await user.keyboard("{Escape}");
    expect(screen.queryByRole("complementary", { name: "Item details" })).not.toBeInTheDocument();
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
    await user.click(screen.getByRole("button", { name: "Close details" }));
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
    await user.click(screen.getByRole("button", { name: "Close details" }));
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
    expect(screen.getByRole("complementary", { name: "Item details" })).toBeInTheDocument();

    await user.keyboard("{Escape}");
    expect(screen.queryByRole("complementary", { name: "Item details" })).not.toBeInTheDocument();
    expect(backend.callsOf("item_update")).toEqual([]);
  });

  it("a refused rename shows why and keeps the typed title, even across closing the panel", async () => {
    const { backend, apple } = await seeded();
    const { user } = await openRoadmap(backend);
    await user.click(card("Apple Pay"));
    const title = await screen.findByTestId("item-edit-title");
    // A pasted text too long for a title: the core refuses it.
    const long = ` now, ${"and more ".repeat(22)}`;
    await user.click(title);
    await user.paste(long);
    await user.keyboard("{Enter}");

    expect(await screen.findByRole("alert")).toHaveTextContent("item title is longer than 200 characters");
    expect(title).toHaveValue(`Apple Pay${long}`);
    expect(card("Apple Pay")).not.toHaveTextContent("Apple Pay now");
    expect((await backend.send("item_get", { id: apple.id })).item.title).toBe("Apple Pay");

    await user.click(screen.getByRole("button", { name: "Close details" }));
    await user.click(card("Apple Pay"));
    expect(await screen.findByTestId("item-edit-title")).toHaveValue(`Apple Pay${long}`);
  });

  it("a reader sees the title as text, with no field to rename it and no Restore in the history", async () => {
    const { backend: sam, apple } = await seeded();
    await sam.call("item_update", { id: apple.id, title: "Apple Pay everywhere" });
    const backend = await kimsLaptop(sam);
    const { user } = await openRoadmap(backend);
    await user.click(card("Apple Pay everywhere"));
    const p = await panel();

    expect(p.getByTestId("item-detail-title")).toHaveTextContent("Apple Pay everywhere");
    expect(p.getByRole("heading", { name: "Apple Pay everywhere" })).toBeInTheDocument();
    expect(p.queryByTestId("item-edit-title")).not.toBeInTheDocument();
    expect(p.queryByRole("textbox")).not.toBeInTheDocument();

    // The history is there, with the older title, but nothing to restore it with.
    await waitFor(() =>
      expect(p.getAllByTestId("history-row").map((r) => r.textContent)).toContain(
        "Sam Rivera set title to “Apple Pay” · just now",
      ),
    );
    expect(p.queryByTestId("history-restore")).not.toBeInTheDocument();
    expect(backend.callsOf("item_update")).toEqual([]);
  });

  it("an empty title is not saved on leaving the field, and Enter says why", async () => {
    const { backend } = await seeded();
    const { user } = await openRoadmap(backend);
    await user.click(card("Apple Pay"));
    const title = await screen.findByTestId("item-edit-title");
    await user.clear(title);
    await user.tab();
    expect(backend.callsOf("item_update")).toEqual([]);
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();

    await user.click(title);
    await user.keyboard("{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent("item title is empty");
  });

  it("deletes, then Undo brings the card back", async () => {
    const { backend, apple } = await seeded();
    const { user } = await openRoadmap(backend);
    await user.click(card("Apple Pay"));
    await user.click(await screen.findByRole("button", { name: "Delete" }));

    const toast = await screen.findByTestId("undo");
    expect(toast).toHaveTextContent("Deleted “Apple Pay” · Undo");
    // The panel and the focus in it are gone: the keyboard lands on Undo.
    expect(within(toast).getByRole("button", { name: "Undo" })).toHaveFocus();
    await waitFor(() => expect(queryCard("Apple Pay")).toBeNull());
    expect(screen.queryByRole("complementary", { name: "Item details" })).not.toBeInTheDocument();
    expect(backend.callsOf("item_delete")).toEqual([{ id: apple.id }]);

    await user.click(within(toast).getByRole("button", { name: "Undo" }));
    expect(await screen.findByText("Apple Pay", { selector: ".item-title" })).toBeInTheDocument();
    expect(backend.callsOf("item_undelete")).toEqual([{ id: apple.id }]);
    expect(screen.queryByTestId("undo")).not.toBeInTheDocument();
  });

  it("⌘/Ctrl+Z undoes the delete (the window's undo), and the toast goes", async () => {
    const { backend } = await seeded();
    const { user } = await openRoadmap(backend);
    await user.click(card("Apple Pay"));
    await user.click(await screen.findByRole("button", { name: "Delete" }));
    await screen.findByTestId("undo");
    await waitFor(() => expect(queryCard("Apple Pay")).toBeNull());

    await user.keyboard("{Control>}z{/Control}");
    expect(await screen.findByText("Apple Pay", { selector: ".item-title" })).toBeInTheDocument();
    expect(backend.callsOf("undo")).toEqual([{}]);
    expect(await screen.findByTestId("undo-notice")).toHaveTextContent("Undid deleting roadmap item “Apple Pay”");
    await waitFor(() => expect(screen.queryByTestId("undo")).not.toBeInTheDocument());
    // And back: Ctrl+Shift+Z deletes it again.
    await user.keyboard("{Control>}{Shift>}z{/Shift}{/Control}");
    await waitFor(() => expect(queryCard("Apple Pay")).toBeNull());
    expect(backend.callsOf("redo")).toEqual([{}]);
  });

  it("the undo toast goes away after about 8 seconds", async () => {
    const { backend } = await seeded();
    const { user } = await openRoadmap(backend);
    const setTimeout = vi.spyOn(window, "setTimeout");
    await user.click(card("Apple Pay"));
    await user.click(await screen.findByRole("button", { name: "Delete" }));
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
    const history = await backend.send("history_list", { entityId: apple.id, field: "title" });
    const oldOp = history.find((c) => c.value === "Apple Pay")!;
    await user.click(within(old).getByTestId("history-restore"));

    await waitFor(() => expect(backend.callsOf("history_restore")).toEqual([{ opId: oldOp.opId }]));
    expect(await screen.findByText("Apple Pay", { selector: ".item-title" })).toBeInTheDocument();
    // The panel stays open and shows the restore as the newest change. The card and the panel
    // read the item through separate requests, so the panel's value may land a moment later.
    await waitFor(() => expect(screen.getByTestId("item-edit-title")).toHaveValue("Apple Pay"));
    await waitFor(() => expect(texts()[0]).toBe("Sam Rivera set title to “Apple Pay” · just now (current)"));
  });
});

describe("Item details: what history restores", () => {
  it("offers Restore where the core says a change can be restored, and never for a deletion", async () => {
    const { backend, apple } = await seeded();
    await backend.call("item_update", { id: apple.id, status: "done" });
    await backend.call("item_delete", { id: apple.id });
    await backend.call("item_undelete", { id: apple.id });
    const changes = await backend.send("history_list", { entityId: apple.id });
    const { user } = await openRoadmap(backend);
    await user.click(card("Apple Pay"));
    const p = await panel();
    await waitFor(() => expect(p.getAllByTestId("history-row")).toHaveLength(changes.length));
    const row = (text: string) => p.getAllByTestId("history-row").find((r) => r.firstChild?.textContent?.startsWith(text))!;

    // A deletion is undone with its own Undo, not from the history.
    expect(row("Sam Rivera deleted it")).toBeDefined();
    expect(within(row("Sam Rivera deleted it")).queryByTestId("history-restore")).not.toBeInTheDocument();
    // Fixed at creation: one value, never offered.
    expect(changes.find((c) => c.field === "horizon")?.restorable).toBe(false);
    expect(within(row("Sam Rivera set horizon to")).queryByTestId("history-restore")).not.toBeInTheDocument();
    // An earlier status is, and restoring it goes through the core.
    const planned = row("Sam Rivera set status to “planned”");
    await user.click(within(planned).getByRole("button", { name: "Restore" }));
    await waitFor(() => expect(card("Apple Pay")).toHaveAttribute("data-status", "planned"));
    expect((await backend.send("item_get", { id: apple.id })).item.status).toBe("planned");
  });
});

describe("Orphans", () => {
  it("the details of an item whose parent was deleted say it serves something deleted", async () => {
    const { backend, wallets } = await seeded();
    await backend.call("item_delete", { id: wallets.id });
    const { user } = await openRoadmap(backend);
    await user.click(card("Apple Pay"));
    const serves = await screen.findByTestId("item-serves");
    expect(serves).toHaveTextContent("something deleted, perhaps on another laptop");
  });
});

const panel = async () => within(await screen.findByRole("complementary", { name: "Item details" }));

describe("Item details: strategy", () => {
  it("shows the chain it serves up to the goal, and what serves it", async () => {
    const { backend } = await seeded();
    const { user } = await openRoadmap(backend);
    await user.click(card("Apple Pay"));
    const serves = await screen.findByTestId("item-serves");
    await waitFor(() => expect(serves).toHaveTextContent("goal: Grow self-serve revenue"));
    const chain = within(serves).getAllByRole("listitem").map((li) => li.textContent);
    expect(chain).toEqual([
      "Wallets · 3-year initiative",
      "One-click everywhere · 5-year theme",
      "goal: Grow self-serve revenue",
    ]);

    await user.click(screen.getByRole("button", { name: "Close details" }));
    await user.click(card("Wallets"));
    const p = await panel();
    expect(await p.findByTestId("item-child")).toHaveTextContent("Apple Pay · 2027-Q3 · Planned");
  });

  it("saves status, confidence, metric and impact with one item_update of the changed fields", async () => {
    const { backend, apple } = await seeded();
    const { user } = await openRoadmap(backend);
    await user.click(card("Apple Pay"));
    const p = await panel();
    const save = await p.findByRole("button", { name: "Save" });
    expect(save).toBeDisabled();

    await user.selectOptions(p.getByTestId("item-status"), "in_progress");
    await user.selectOptions(p.getByTestId("item-confidence"), "high");
    await user.type(p.getByTestId("item-metric"), "30% of mobile checkouts use a wallet");
    expect(backend.callsOf("item_update")).toEqual([]);
    await user.click(save);

    await waitFor(() =>
      expect(backend.callsOf("item_update")).toEqual([
        { id: apple.id, status: "in_progress", confidence: "high", metric: "30% of mobile checkouts use a wallet" },
      ]),
    );
    await waitFor(() => expect(save).toBeDisabled());
    expect(p.getByTestId("item-status")).toHaveValue("in_progress");
    expect(p.getByTestId("item-metric")).toHaveValue("30% of mobile checkouts use a wallet");
    const stored = (await backend.send("item_get", { id: apple.id })).item;
    expect(stored.status).toBe("in_progress");
    expect(stored.confidence).toBe("high");

    // Only what changed is sent.
    await user.type(p.getByTestId("item-impact"), "+2% conversion");
    await user.click(save);
    await waitFor(() => expect(backend.callsOf("item_update")).toHaveLength(2));
    expect(backend.callsOf("item_update")[1]).toEqual({ id: apple.id, impact: "+2% conversion" });
  });

  it("offers the periods of the item's horizon in its product's window and moves it", async () => {
    const { backend, apple } = await seeded();
    const { user } = await openRoadmap(backend);
    const options = (select: HTMLElement) => within(select).getAllByRole("option").map((o) => o.getAttribute("value"));

    await user.click(card("One-click everywhere"));
    expect(options((await panel()).getByTestId("item-period-move"))).toEqual(["2027", "2028", "2029", "2030", "2031"]);
    await user.click(screen.getByRole("button", { name: "Close details" }));

    await user.click(card("Wallets"));
    expect(options(await (await panel()).findByTestId("item-period-move"))).toEqual([
      "2027", "2027-H1", "2027-H2", "2028", "2028-H1", "2028-H2", "2029", "2029-H1", "2029-H2",
    ]);
    await user.click(screen.getByRole("button", { name: "Close details" }));

    await user.click(card("Apple Pay"));
    const p = await panel();
    const select = await p.findByTestId("item-period-move");
    expect(options(select)).toEqual(["2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"]);
    expect(select).toHaveValue("2027-Q3");
    await user.selectOptions(select, "2027-Q1");
    await waitFor(() => expect(backend.callsOf("item_move")).toEqual([{ id: apple.id, period: "2027-Q1" }]));
    await waitFor(() => expect(card("Apple Pay")).toHaveAttribute("data-period", "2027-Q1"));
    expect(select).toHaveValue("2027-Q1");
  });

  it("writes requirements in Markdown and previews them; an item with requirements opens on Preview", async () => {
    const { backend, apple, wallets } = await seeded();
    await backend.call("item_update", { id: wallets.id, requirements: "## Scope\n\nApple Pay *first*." });
    backend.calls.length = 0;
    const { user } = await openRoadmap(backend);
    await user.click(card("Apple Pay"));
    const p = await panel();

    // No requirements yet: the editor is open.
    const editor = await p.findByTestId("requirements-edit");
    expect(p.queryByTestId("requirements-preview")).not.toBeInTheDocument();
    await user.type(editor, "# Problem{Enter}{Enter}Shoppers abandon at card entry.{Enter}{Enter}- One tap{Enter}- No typing");
    await user.click(p.getByTestId("requirements-tab-preview"));
    const preview = p.getByTestId("requirements-preview");
    // `# Problem` sits under the panel's own headings: an h4, not a second page title.
    expect(within(preview).getByRole("heading", { level: 4, name: "Problem" })).toBeInTheDocument();
    expect(within(preview).queryByRole("heading", { level: 1 })).not.toBeInTheDocument();
    expect(within(preview).getAllByRole("listitem").map((li) => li.textContent)).toEqual(["One tap", "No typing"]);

    await user.click(p.getByTestId("requirements-save"));
    await waitFor(() =>
      expect(backend.callsOf("item_update")).toEqual([
        {
          id: apple.id,
          requirements: "# Problem\n\nShoppers abandon at card entry.\n\n- One tap\n- No typing",
        },
      ]),
    );
    await waitFor(() => expect(p.getByTestId("requirements-save")).toBeDisabled());

    // Back in the editor, the saved text is there.
    await user.click(p.getByTestId("requirements-tab-edit"));
    expect(p.getByTestId("requirements-edit")).toHaveValue(
      "# Problem\n\nShoppers abandon at card entry.\n\n- One tap\n- No typing",
    );

    await user.click(screen.getByRole("button", { name: "Close details" }));
    await user.click(card("Wallets"));
    const q = await panel();
    const shown = await q.findByTestId("requirements-preview");
    expect(within(shown).getByRole("heading", { level: 5, name: "Scope" })).toBeInTheDocument();
    expect(shown.querySelector("em")).toHaveTextContent("first");
    expect(q.queryByTestId("requirements-edit")).not.toBeInTheDocument();
  });

  it("Markdown headings rank below the panel's own: # → h4, ## → h5, ### and deeper → h6", async () => {
    const { backend, apple } = await seeded();
    await backend.call("item_update", {
      id: apple.id,
      requirements: "# One\n\n## Two\n\n### Three\n\n#### Four\n\n##### Five\n\n###### Six",
    });
    const { user } = await openRoadmap(backend);
    await user.click(card("Apple Pay"));
    const preview = await (await panel()).findByTestId("requirements-preview");
    const headings = within(preview).getAllByRole("heading");
    expect(headings.map((h) => [h.tagName, h.textContent])).toEqual([
      ["H4", "One"],
      ["H5", "Two"],
      ["H6", "Three"],
      ["H6", "Four"],
      ["H6", "Five"],
      ["H6", "Six"],
    ]);
  });

  it("Markdown is shown, never run: raw HTML is not rendered as elements", async () => {
    const { backend, apple } = await seeded();
    await backend.call("item_update", {
      id: apple.id,
      requirements: '<img src="x" onerror="alert(1)"><script>alert(2)</script>\n\n[site](https://example.com)',
    });
    const { user } = await openRoadmap(backend);
    await user.click(card("Apple Pay"));
    const preview = await (await panel()).findByTestId("requirements-preview");
    expect(preview.querySelector("img, script, a")).toBeNull();
    expect(preview).toHaveTextContent("site");
  });

  it("lists own guardrails and those inherited with where they come from; adds and deletes own ones", async () => {
    const { backend, apple, theme } = await seeded();
    await backend.call("guardrail_add", { itemId: theme.id, kind: "must_not", statement: "No new payment providers" });
    const own = await backend.call("guardrail_add", { itemId: apple.id, kind: "date", statement: "Live before Black Friday" });
    backend.calls.length = 0;
    const { user } = await openRoadmap(backend);
    await user.click(card("Apple Pay"));
    const p = await panel();

    const rows = await p.findAllByTestId("guardrail-row");
    expect(rows.map((r) => r.getAttribute("data-inherited"))).toEqual(["false", "true"]);
    expect(rows[0]).toHaveTextContent("Date Live before Black Friday");
    expect(within(rows[0]).queryByTestId("guardrail-source")).not.toBeInTheDocument();
    expect(rows[1]).toHaveTextContent("Must not No new payment providers");
    expect(within(rows[1]).getByTestId("guardrail-source")).toHaveTextContent("from One-click everywhere");
    expect(within(rows[1]).queryByTestId("guardrail-delete")).not.toBeInTheDocument();

    await user.selectOptions(p.getByTestId("guardrail-kind"), "budget");
    await user.type(p.getByRole("textbox", { name: "New guardrail" }), "Under 2 engineer-quarters");
    await user.click(p.getByRole("button", { name: "Add" }));
    await waitFor(() =>
      expect(backend.callsOf("guardrail_add")).toEqual([
        { itemId: apple.id, kind: "budget", statement: "Under 2 engineer-quarters" },
      ]),
    );
    await waitFor(() => expect(p.getAllByTestId("guardrail-row")).toHaveLength(3));
    expect(p.getByRole("textbox", { name: "New guardrail" })).toHaveValue("");

    await user.click(within(p.getAllByTestId("guardrail-row")[0]).getByTestId("guardrail-delete"));
    await waitFor(() => expect(backend.callsOf("guardrail_delete")).toEqual([{ id: own.id }]));
    await waitFor(() => expect(p.getAllByTestId("guardrail-row")).toHaveLength(2));
    expect(p.getAllByTestId("guardrail-row").map((r) => r.textContent)).not.toContain("Live before Black Friday");
  });

  it("edits an own guardrail in place", async () => {
    const { backend, apple } = await seeded();
    const own = await backend.call("guardrail_add", { itemId: apple.id, kind: "scope", statement: "iOS only" });
    backend.calls.length = 0;
    const { user } = await openRoadmap(backend);
    await user.click(card("Apple Pay"));
    const p = await panel();
    await user.click(await p.findByTestId("guardrail-edit"));
    const input = p.getByTestId("guardrail-edit-statement");
    await user.clear(input);
    await user.type(input, "iOS and macOS Safari");
    await user.click(p.getByTestId("guardrail-edit-save"));
    await waitFor(() =>
      expect(backend.callsOf("guardrail_update")).toEqual([{ id: own.id, statement: "iOS and macOS Safari" }]),
    );
    expect(await p.findByText("iOS and macOS Safari")).toBeInTheDocument();
  });

  it("a reader who may not edit sees everything but no edit controls", async () => {
    const { backend: sam, apple, theme } = await seeded();
    await sam.call("guardrail_add", { itemId: theme.id, kind: "quality", statement: "Accessibility AA" });
    await sam.call("item_update", { id: apple.id, status: "in_progress", requirements: "# Why\n\nSpeed." });
    const backend = await kimsLaptop(sam);
    const { user } = await openRoadmap(backend);
    await user.click(card("Apple Pay"));
    const p = await panel();

    expect(await p.findByTestId("guardrail-source")).toHaveTextContent("from One-click everywhere");
    expect(within(p.getByTestId("requirements-preview")).getByRole("heading", { name: "Why" })).toBeInTheDocument();
    expect(p.getByTestId("item-fields")).toHaveTextContent("In progress");
    for (const id of [
      "item-status",
      "item-fields-save",
      "item-period-move",
      "guardrail-add",
      "guardrail-delete",
      "requirements-edit",
      "requirements-tab-edit",
      "item-delete",
      "item-edit-title",
      "item-serves-select",
      "history-restore",
    ]) {
      expect(p.queryByTestId(id)).not.toBeInTheDocument();
    }
  });

  it("a refused save shows the core's reason, changes nothing and keeps what was typed", async () => {
    const { backend, apple } = await seeded();
    const { user } = await openRoadmap(backend);
    await user.click(card("Apple Pay"));
    const p = await panel();
    // A metric pasted from a long document: more than the core keeps.
    const metric = `NPS +5 ${"because ".repeat(70)}`;
    await user.click(await p.findByTestId("item-metric"));
    await user.paste(metric);
    await user.click(p.getByRole("button", { name: "Save" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("success metric is longer than 500 characters");
    expect((await backend.send("item_get", { id: apple.id })).item.metric).toBe("");
    expect(p.getByTestId("item-metric")).toHaveValue(metric);
    expect(p.getByRole("button", { name: "Save" })).toBeEnabled();

    const statement = `No dark patterns ${"at all ".repeat(150)}`;
    await user.click(p.getByRole("textbox", { name: "New guardrail" }));
    await user.paste(statement);
    await user.click(p.getByRole("button", { name: "Add" }));
    await waitFor(() => expect(backend.callsOf("guardrail_add")).toHaveLength(1));
    expect(await screen.findByRole("alert")).toHaveTextContent("guardrail statement is longer than 1000 characters");
    expect(await backend.send("guardrail_list", { itemId: apple.id })).toHaveLength(0);
    expect(p.queryAllByTestId("guardrail-row")).toHaveLength(0);
    expect(p.getByRole("textbox", { name: "New guardrail" })).toHaveValue(statement);
  });
});


describe("Item details: re-linking", () => {
  it("links an unaligned 1-year item to an initiative of its product; the flag goes", async () => {
    const { backend, product, theme, wallets } = await seeded();
    const cards = await backend.call("item_create", {
      productId: product.id,
      horizon: "three_year",
      period: "2028",
      title: "Cards",
      parentId: theme.id,
    });
    const saved = await backend.call("item_create", {
      productId: product.id,
      horizon: "one_year",
      period: "2027-Q1",
      title: "Saved cards",
    });
    backend.calls.length = 0;
    const { user } = await openRoadmap(backend);
    expect(within(card("Saved cards")).getByTestId("flag-unaligned")).toBeInTheDocument();

    await user.click(card("Saved cards"));
    const p = await panel();
    const select = await p.findByTestId("item-serves-select");
    // Only the initiatives of its product: no theme, not itself.
    await waitFor(() =>
      expect(within(select).getAllByRole("option").map((o) => o.textContent)).toEqual([
        "— link it to a 3-year initiative —",
        "2027-H2 · Wallets",
        "2028 · Cards",
      ]),
    );
    expect(select).toHaveValue("");

    await user.selectOptions(select, wallets.id);
    await waitFor(() => expect(backend.callsOf("item_move")).toEqual([{ id: saved.id, parentId: wallets.id }]));
    await waitFor(() => expect(card("Saved cards")).not.toHaveAttribute("data-unaligned"));
    expect(within(card("Saved cards")).queryByTestId("flag-unaligned")).not.toBeInTheDocument();
    await waitFor(() => expect(p.getByTestId("item-serves")).toHaveTextContent("Wallets · 3-year initiative"));
    expect(select).toHaveValue(wallets.id);
    // The "none" choice is gone once it serves something.
    expect(within(select).getAllByRole("option").map((o) => o.textContent)).toEqual([
      "2027-H2 · Wallets",
      "2028 · Cards",
    ]);
    expect(cards.id).toBeDefined();
  });

  it("links a theme to an organisation goal", async () => {
    const { backend, product } = await seeded();
    const enterprise = await backend.call("goal_create", { title: "Win enterprise" });
    const global = await backend.call("item_create", {
      productId: product.id,
      horizon: "five_year",
      period: "2031",
      title: "Global checkout",
    });
    backend.calls.length = 0;
    const { user } = await openRoadmap(backend);
    await user.click(card("Global checkout"));
    const select = await (await panel()).findByTestId("item-serves-select");
    await waitFor(() =>
      expect(within(select).getAllByRole("option").map((o) => o.textContent)).toEqual([
        "— link it to a goal —",
        "Grow self-serve revenue",
        "Win enterprise",
      ]),
    );

    await user.selectOptions(select, enterprise.id);
    await waitFor(() => expect(backend.callsOf("item_move")).toEqual([{ id: global.id, goalId: enterprise.id }]));
    await waitFor(() => expect(card("Global checkout")).not.toHaveAttribute("data-unaligned"));
    await waitFor(() => expect(screen.getByTestId("item-serves")).toHaveTextContent("goal: Win enterprise"));
  });

  it("re-links an orphan whose initiative was deleted", async () => {
    const { backend, product, theme, wallets, apple } = await seeded();
    const cards = await backend.call("item_create", {
      productId: product.id,
      horizon: "three_year",
      period: "2028",
      title: "Cards",
      parentId: theme.id,
    });
    await backend.call("item_delete", { id: wallets.id });
    backend.calls.length = 0;
    const { user } = await openRoadmap(backend);
    expect(within(card("Apple Pay")).getByTestId("flag-unaligned")).toHaveTextContent("Unaligned · orphan");

    await user.click(card("Apple Pay"));
    const select = await (await panel()).findByTestId("item-serves-select");
    await waitFor(() =>
      expect(within(select).getAllByRole("option").map((o) => o.textContent)).toEqual([
        "something deleted",
        "2028 · Cards",
      ]),
    );
    expect(select).toHaveValue(wallets.id);

    await user.selectOptions(select, cards.id);
    await waitFor(() => expect(backend.callsOf("item_move")).toEqual([{ id: apple.id, parentId: cards.id }]));
    await waitFor(() => expect(card("Apple Pay")).not.toHaveAttribute("data-unaligned"));
    await waitFor(() => expect(screen.getByTestId("item-serves")).toHaveTextContent("Cards · 3-year initiative"));
    expect(screen.getByTestId("item-serves")).not.toHaveTextContent("something deleted");
  });

  it("a refused re-link shows the core's reason and keeps the link as it was", async () => {
    const { backend, product, theme, wallets, apple } = await seeded();
    const cards = await backend.call("item_create", {
      productId: product.id,
      horizon: "three_year",
      period: "2028",
      title: "Cards",
      parentId: theme.id,
    });
    backend.calls.length = 0;
    const { user } = await openRoadmap(backend);
    await user.click(card("Apple Pay"));
    const select = await (await panel()).findByTestId("item-serves-select");
    await waitFor(() => expect(select).toHaveValue(wallets.id));

    // Meanwhile `baton` on the same database deletes Cards; the choices shown are stale.
    baton(backend.dataDir, ["item", "delete", cards.id]);
    await user.selectOptions(select, cards.id);
    expect(await screen.findByRole("alert")).toHaveTextContent(`roadmap item not found: ${cards.id}`);
    expect(select).toHaveValue(wallets.id);
    expect((await backend.send("item_get", { id: apple.id })).item.parentId).toBe(wallets.id);
  });

  it("offers exactly the links the core accepts: not another product's, another horizon's, a goal below a theme, a loop", async () => {
    const { backend, product, goal, theme, wallets, apple } = await seeded();
    const other = await backend.call("product_create", { name: "Payments", baseYear: 2027 });
    const usage = await backend.call("item_create", {
      productId: other.id,
      horizon: "three_year",
      period: "2027",
      title: "Usage pricing",
    });
    const cards = await backend.call("item_create", {
      productId: product.id,
      horizon: "three_year",
      period: "2028",
      title: "Cards",
      parentId: theme.id,
    });
    const { user } = await openRoadmap(backend);
    await user.click(card("Apple Pay"));
    const select = await (await panel()).findByTestId("item-serves-select");
    await waitFor(() =>
      expect(within(select).getAllByRole("option").map((o) => o.getAttribute("value"))).toEqual([wallets.id, cards.id]),
    );
    // What is not offered, the core refuses.
    await expect(backend.send("item_move", { id: apple.id, parentId: usage.id })).rejects.toMatchObject({
      message: "\"Usage pricing\" belongs to another product",
    });
    await expect(backend.send("item_move", { id: apple.id, parentId: theme.id })).rejects.toMatchObject({
      message: "\"One-click everywhere\" is a five-year item; a one-year item serves a three-year item",
    });
    await expect(backend.send("item_move", { id: wallets.id, goalId: goal.id })).rejects.toMatchObject({
      message: "only five-year themes serve a goal directly; link this item to a theme or initiative",
    });
    // (A loop is refused by name before the horizon rule is even checked.)
    await expect(backend.send("item_move", { id: theme.id, parentId: wallets.id })).rejects.toMatchObject({
      message: "\"Wallets\" already serves this item: linking them would make a cycle",
    });
    // What is offered, it accepts.
    await user.selectOptions(select, cards.id);
    await waitFor(() => expect(screen.getByTestId("item-serves")).toHaveTextContent("Cards · 3-year initiative"));
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });
});

describe("Item details: no stale values after a save", () => {
  it("a moved period stays shown until the refreshed item arrives", async () => {
    const { backend, apple } = await seeded();
    const faults = new Faults(backend);
    const { user } = await openRoadmap(faults);
    await user.click(card("Apple Pay"));
    const p = await panel();
    await p.findByRole("heading", { name: "Guardrails" });
    const select = p.getByTestId("item-period-move");

    const slow = faults.hold("item_get");
    await user.selectOptions(select, "2027-Q1");
    await waitFor(() => expect(card("Apple Pay")).toHaveAttribute("data-period", "2027-Q1"));
    expect(backend.callsOf("item_move")).toEqual([{ id: apple.id, period: "2027-Q1" }]);
    // The panel's item is not read back yet: the new period shows, not the old one.
    expect(select).toHaveValue("2027-Q1");

    slow.release();
    await waitFor(() => expect(backend.callsOf("item_get").length).toBeGreaterThan(1));
    await act(() => backend.idle());
    expect(select).toHaveValue("2027-Q1");
  });

  it("saved fields stay shown until the refreshed item arrives", async () => {
    const { backend, apple } = await seeded();
    const faults = new Faults(backend);
    const { user } = await openRoadmap(faults);
    await user.click(card("Apple Pay"));
    const p = await panel();
    await p.findByRole("heading", { name: "Guardrails" });

    const slow = faults.hold("item_get");
    await user.selectOptions(p.getByTestId("item-status"), "in_progress");
    await user.type(p.getByTestId("item-metric"), "NPS +5");
    await user.click(p.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(card("Apple Pay")).toHaveAttribute("data-status", "in_progress"));
    expect(backend.callsOf("item_update")).toEqual([{ id: apple.id, status: "in_progress", metric: "NPS +5" }]);
    // Not read back yet: what was saved stays, and there is nothing left to save.
    expect(p.getByTestId("item-status")).toHaveValue("in_progress");
    expect(p.getByTestId("item-metric")).toHaveValue("NPS +5");
    expect(p.getByRole("button", { name: "Save" })).toBeDisabled();

    slow.release();
    await waitFor(() => expect(backend.callsOf("item_get").length).toBeGreaterThan(1));
    await act(() => backend.idle());
    expect(p.getByTestId("item-status")).toHaveValue("in_progress");
    expect(p.getByTestId("item-metric")).toHaveValue("NPS +5");
    expect(p.getByRole("button", { name: "Save" })).toBeDisabled();

    // Once read back, a value changed elsewhere shows (the edits are gone).
    await backend.call("item_update", { id: apple.id, metric: "NPS +7" });
    act(() => window.dispatchEvent(new Event("focus")));
    await waitFor(() => expect(p.getByTestId("item-metric")).toHaveValue("NPS +7"));
  });

  it("saved requirements stay shown until the refreshed item arrives", async () => {
    const { backend, apple } = await seeded();
    const faults = new Faults(backend);
    const { user } = await openRoadmap(faults);
    await user.click(card("Apple Pay"));
    const p = await panel();
    const edit = await p.findByTestId("requirements-edit");

    const slow = faults.hold("item_get");
    await user.type(edit, "Speed matters.");
    await user.click(p.getByTestId("requirements-save"));
    await waitFor(() => expect(backend.callsOf("item_update")).toEqual([{ id: apple.id, requirements: "Speed matters." }]));
    expect(await p.findByTestId("requirements-preview")).toHaveTextContent("Speed matters.");
    expect(p.queryByText("Unsaved changes · Markdown")).not.toBeInTheDocument();

    slow.release();
    await waitFor(() => expect(backend.callsOf("item_get").length).toBeGreaterThan(1));
    await act(() => backend.idle());
    expect(p.getByTestId("requirements-preview")).toHaveTextContent("Speed matters.");
    expect(p.getByTestId("requirements-save")).toBeDisabled();
  });
});
