import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Role } from "../bindings/Role";
import type { FakeBackend } from "../testing/fakeBackend";
import { strategyFakeWithWorkspace as fakeWithWorkspace } from "../testing/fakeStrategy";
import { findFrame, renderApp } from "../testing/render";

const MIN = 60_000;

async function openSync(backend: FakeBackend) {
  const rendered = renderApp(backend);
  await rendered.user.click((await findFrame()).sync);
  await screen.findByRole("heading", { name: "Recent conflicts" });
  return rendered;
}

/** A workspace whose laptop already syncs through /mnt/team/baton. */
async function syncing(name = "Lee Chen", role: Role = "leadership") {
  const { backend, me } = await fakeWithWorkspace(name, role);
  backend.sync.folder = "/mnt/team/baton";
  backend.sync.lastPassMs = Date.now() - 3 * MIN;
  return { backend, me };
}

describe("Sync page: the folder and what other laptops have seen", () => {
  it("without a folder explains what to pick, then sets it and shows the first pass", async () => {
    const { backend } = await fakeWithWorkspace();
    const { user } = await openSync(backend);

    expect(screen.queryByTestId("sync-status")).not.toBeInTheDocument();
    expect(screen.getByText(/shared network folder, a Syncthing or Dropbox folder, or a USB stick/)).toBeInTheDocument();
    expect(screen.getByText(/Baton writes only its own files there/)).toBeInTheDocument();
    // Inviting needs the folder first.
    expect(screen.queryByTestId("invite-member")).not.toBeInTheDocument();

    backend.nextPass = { published: 7, received: 0, conflicts: 0, problems: [] };
    await user.type(screen.getByTestId("sync-folder"), "/mnt/team/baton");
    await user.click(screen.getByTestId("sync-folder-set"));

    const status = await screen.findByTestId("sync-status");
    expect(status).toHaveTextContent("Syncing through /mnt/team/baton");
    expect(status).toHaveTextContent("Last synced just now");
    expect(screen.getByTestId("sync-result")).toHaveTextContent("Sent 7, received 0");
    expect(backend.callsOf("sync_set_folder")).toEqual([{ folder: "/mnt/team/baton" }]);
  });

  it("a folder refused by the core shows why and keeps the path", async () => {
    const { backend } = await fakeWithWorkspace();
    const { user } = await openSync(backend);
    backend.failNext("sync_set_folder", {
      code: "invalid_input",
      message: "sync folder /mnt/nope does not exist or is not a folder",
    });
    await user.type(screen.getByTestId("sync-folder"), "/mnt/nope{Enter}");
    expect(await screen.findByTestId("error")).toHaveTextContent("/mnt/nope does not exist");
    expect(screen.getByTestId("sync-folder")).toHaveValue("/mnt/nope");
    expect(screen.queryByTestId("sync-status")).not.toBeInTheDocument();
  });

  it("shows status, every other laptop, and the last pass's problems", async () => {
    const { backend } = await syncing();
    backend.sync.unpublished = 2;
    backend.sync.unseenByOthers = 4;
    backend.sync.devices = [
      { deviceId: "dev-ana", memberName: "Ana Ortiz", lastSeenMs: Date.now() - 2 * MIN, changesReceived: 120, clockAheadMs: 0 },
      { deviceId: "dev-kim", memberName: "Kim Lee", lastSeenMs: Date.now() - 30 * MIN, changesReceived: 1, clockAheadMs: 7 * MIN },
    ];
    backend.sync.problems = ["the sync folder /mnt/team/baton cannot be reached"];
    await openSync(backend);

    const status = screen.getByTestId("sync-status");
    expect(status).toHaveTextContent("Syncing through /mnt/team/baton");
    expect(status).toHaveTextContent("Last synced 3 min ago");
    expect(status).toHaveTextContent("4 changes not yet seen by every other laptop");
    expect(status).toHaveTextContent("2 not yet written to the folder");

    const devices = screen.getAllByTestId("sync-device").map((d) => d.textContent);
    expect(devices).toEqual([
      "Ana Ortiz's laptop · last seen 2 min ago · 120 changes received",
      "Kim Lee's laptop · last seen 30 min ago · 1 change received · clock about 7 min ahead",
    ]);
    expect(screen.getByTestId("sync-problem")).toHaveTextContent("cannot be reached");
    expect(screen.getByTestId("nav-sync-problems")).toBeInTheDocument();
  });

  it("Sync now runs a pass, shows what it did, and re-reads the status", async () => {
    const { backend } = await syncing();
    backend.sync.problems = ["the sync folder /mnt/team/baton cannot be reached"];
    backend.sync.unpublished = 3;
    const { user } = await openSync(backend);
    expect(screen.getByTestId("sync-status")).toHaveTextContent("3 not yet written to the folder");
    expect(screen.getByTestId("nav-sync-problems")).toBeInTheDocument();

    backend.nextPass = { published: 3, received: 5, conflicts: 2, problems: [] };
    await user.click(screen.getByTestId("sync-now"));

    expect(await screen.findByTestId("sync-result")).toHaveTextContent("Sent 3, received 5 · 2 new conflicts");
    await waitFor(() => expect(screen.queryByTestId("sync-problem")).not.toBeInTheDocument());
    expect(screen.getByTestId("sync-status")).toHaveTextContent("Last synced just now");
    expect(screen.getByTestId("sync-status")).not.toHaveTextContent("not yet written");
    expect(screen.queryByTestId("nav-sync-problems")).not.toBeInTheDocument();
    expect(backend.callsOf("sync_now")).toHaveLength(1);
  });
});

describe("Sync page: inviting a teammate", () => {
  it("invites a member other than me and shows the invite id to copy", async () => {
    const { backend, me } = await syncing();
    const sam = await backend.call("member_create", { name: "Sam Rivera", role: "senior" });
    const { user } = await openSync(backend);

    const select = screen.getByTestId("invite-member");
    expect(within(select).getAllByRole("option").map((o) => o.textContent)).toEqual(["Sam Rivera · Senior PM"]);
    expect(within(select).queryByRole("option", { name: /Lee Chen/ })).not.toBeInTheDocument();
    await user.click(screen.getByTestId("invite-create"));

    const id = await screen.findByTestId("invite-id");
    expect(id.textContent).toMatch(/^[0-9a-f]{8}-[0-9]{4}-/);
    expect(backend.callsOf("invite_create")).toEqual([{ memberId: sam.id }]);
    expect(screen.getByTestId("invite-result")).toHaveTextContent(
      "On their laptop: open Baton, choose 'Join a teammate's workspace', pick the same shared folder and paste this invite",
    );
    expect(me.id).not.toBe(sam.id);

    await user.click(screen.getByTestId("invite-copy"));
    expect(await navigator.clipboard.readText()).toBe(id.textContent);
    expect(screen.getByTestId("invite-copy")).toHaveTextContent("Copied");
  });

  it("adds a member, who is then the one to invite", async () => {
    const { backend } = await syncing();
    await backend.call("member_create", { name: "Ana Ortiz", role: "senior" });
    backend.calls.length = 0;
    const { user } = await openSync(backend);

    await user.type(screen.getByTestId("member-name"), "Kim Lee");
    await user.selectOptions(screen.getByTestId("member-role"), "junior");
    await user.click(screen.getByTestId("member-add"));

    const kim = await waitFor(() => backend.members.find((m) => m.name === "Kim Lee")!);
    await waitFor(() => expect(screen.getByTestId("invite-member")).toHaveValue(kim.id));
    expect(screen.getByTestId("member-name")).toHaveValue("");
    expect(backend.callsOf("member_create")).toEqual([{ name: "Kim Lee", role: "junior" }]);

    await user.click(screen.getByTestId("invite-create"));
    await screen.findByTestId("invite-id");
    expect(backend.callsOf("invite_create")).toEqual([{ memberId: kim.id }]);
  });

  it("a member the core refuses shows why and keeps the name", async () => {
    const { backend } = await syncing("Sam Rivera", "senior");
    const { user } = await openSync(backend);
    expect(screen.getByText(/Add the teammate as a member below/)).toBeInTheDocument();

    await user.type(screen.getByTestId("member-name"), "Lee Chen");
    await user.selectOptions(screen.getByTestId("member-role"), "leadership");
    await user.click(screen.getByTestId("member-add"));

    expect(await screen.findByTestId("error")).toHaveTextContent("Sam Rivera is a senior PM and may not add leadership");
    expect(screen.getByTestId("member-name")).toHaveValue("Lee Chen");
  });
});

describe("Sync page: conflicts", () => {
  async function withConflict() {
    const { backend } = await syncing("Sam Rivera", "senior");
    await backend.call("member_create", { name: "Kim Lee", role: "junior" });
    const goal = await backend.call("goal_create", { title: "Grow self-serve revenue" });
    const product = await backend.call("product_create", { name: "Checkout" });
    const theme = await backend.call("item_create", {
      productId: product.id,
      horizon: "five_year",
      period: "2030",
      title: "One-click checkout",
      goalId: goal.id,
    });
    backend.seedConflict({
      entityId: theme.id,
      field: "title",
      winner: { value: "One-click checkout — Kim's wording", authorName: "Kim Lee" },
      loser: { value: "One-click checkout — Sam's wording", authorName: "Sam Rivera" },
      detectedMs: Date.now() - 4 * MIN,
    });
    backend.calls.length = 0;
    return { backend, theme };
  }

  it("lists what was overwritten, clears the badge once seen, and restores the lost value", async () => {
    const { backend, theme } = await withConflict();
    const loserOp = backend.ops.find((o) => o.value === "One-click checkout — Sam's wording")!;
    const rendered = renderApp(backend);
    const nav = await findFrame();
    expect(await screen.findByTestId("nav-sync-conflicts")).toHaveTextContent("1");

    await rendered.user.click(nav.sync);
    const row = await screen.findByTestId("conflict-item");
    expect(row).toHaveTextContent(
      "Title of “One-click checkout — Kim's wording”: Kim Lee's “One-click checkout — Kim's wording” was kept over Sam Rivera's “One-click checkout — Sam's wording” · 4 min ago",
    );
    expect(row).toHaveAttribute("data-fresh", "true");

    // Looked at: marked seen, so the badge clears; the row stays highlighted while here.
    await waitFor(() => expect(screen.queryByTestId("nav-sync-conflicts")).not.toBeInTheDocument());
    expect(backend.callsOf("conflict_mark_seen")).not.toHaveLength(0);
    expect(screen.getByTestId("conflict-item")).toHaveAttribute("data-fresh", "true");

    const restore = screen.getByTestId("conflict-restore");
    expect(restore).toHaveTextContent("Use Sam Rivera's value");
    await rendered.user.click(restore);
    await waitFor(() => expect(backend.callsOf("history_restore")).toEqual([{ opId: loserOp.opId }]));
    expect(backend.items.find((i) => i.id === theme.id)?.title).toBe("One-click checkout — Sam's wording");
    // Re-read: the field changed since, so the conflict no longer offers to restore.
    await waitFor(() => expect(screen.queryByTestId("conflict-restore")).not.toBeInTheDocument());
    expect(screen.getByTestId("conflict-item")).toHaveTextContent("changed since");

    await rendered.user.click(nav.roadmap);
    expect(await screen.findByTestId("lane-five_year")).toHaveTextContent("One-click checkout — Sam's wording");
  });

  it("a conflict seen before is listed without highlight, and nothing is marked again", async () => {
    const { backend } = await withConflict();
    await backend.call("conflict_mark_seen", {});
    backend.calls.length = 0;
    const { user } = renderApp(backend);
    const nav = await findFrame();
    expect(screen.queryByTestId("nav-sync-conflicts")).not.toBeInTheDocument();
    await user.click(nav.sync);
    const row = await screen.findByTestId("conflict-item");
    expect(row).not.toHaveAttribute("data-fresh");
    expect(backend.callsOf("conflict_mark_seen")).toEqual([]);
  });

  it("says so when there are none", async () => {
    const { backend } = await syncing();
    await openSync(backend);
    expect(await screen.findByText("No conflicts: every edit merged cleanly.")).toBeInTheDocument();
    expect(screen.queryByTestId("conflict-item")).not.toBeInTheDocument();
  });
});

describe("Sync page: changes not applied", () => {
  it("is not shown while every received change was allowed", async () => {
    const { backend } = await syncing();
    await openSync(backend);
    await waitFor(() => expect(backend.callsOf("refused_list")).not.toHaveLength(0));
    expect(screen.queryByText("Changes not applied")).not.toBeInTheDocument();
    expect(screen.queryByTestId("refused-item")).not.toBeInTheDocument();
  });

  it("lists changes refused by role: who, when, what and why", async () => {
    const { backend } = await syncing("Sam Rivera", "senior");
    const product = await backend.call("product_create", { name: "Checkout" });
    const item = await backend.call("item_create", {
      productId: product.id,
      horizon: "one_year",
      period: "2027-Q3",
      title: "Apple Pay",
    });
    backend.refused.push(
      {
        opId: "op-x1",
        authorId: "member-kim",
        authorName: "Kim",
        entityTable: "roadmap_item",
        entityId: item.id,
        field: "title",
        value: JSON.stringify("Apple Pay now"),
        reason: "Kim is a junior PM and may not edit the roadmap of Checkout",
        atMs: Date.now() - 5 * MIN,
      },
      {
        opId: "op-x2",
        authorId: "member-unknown",
        authorName: null,
        entityTable: "goal",
        entityId: "goal-elsewhere",
        field: "measure",
        value: "null",
        reason: "a junior PM may not edit organisation goals",
        atMs: Date.now() - 2 * MIN,
      },
    );
    await openSync(backend);

    expect(await screen.findByRole("heading", { name: "Changes not applied 2" })).toBeInTheDocument();
    const rows = screen.getAllByTestId("refused-item");
    expect(rows.map((r) => r.textContent)).toEqual([
      "Someone tried to set measure of a goal to nothing · 2 min agoa junior PM may not edit organisation goals",
      "Kim tried to set title of roadmap item “Apple Pay” to “Apple Pay now” · 5 min agoKim is a junior PM and may not edit the roadmap of Checkout",
    ]);
  });
});
