import { act, screen, waitFor, within } from "@testing-library/react";
import { renameSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Backend } from "../backend";
import { Team, withWorkspace } from "../testing/fixtures";
import { findFrame, renderApp } from "../testing/render";
import { tempDir, type RpcBackend } from "../testing/rpcBackend";

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
/** A laptop that joins publishes its enrolment first: four fields of its `device` row (member,
 * public key, invite, who let it in). The other laptops receive them with its first changes. */
const ENROLMENT = 4;

async function openSync(backend: Backend) {
  const rendered = renderApp(backend);
  await rendered.user.click((await findFrame()).sync);
  await screen.findByRole("heading", { name: "Recent conflicts" });
  return rendered;
}

/** Lee (leadership) syncing Acme through a shared folder. */
async function syncing() {
  const team = await Team.create("Lee Chen", "leadership");
  team.share();
  return team;
}

/** The shared folder is out of reach (unmounted, the USB stick pulled) until `back()`. */
function unplug(team: Team) {
  renameSync(team.folder, `${team.folder}-away`);
  return { back: () => renameSync(`${team.folder}-away`, team.folder) };
}

describe("Sync page: the folder and what other laptops have seen", () => {
  it("without a folder explains what to pick, then sets it and shows the first pass", async () => {
    const { backend } = await withWorkspace();
    await backend.send("goal_create", { title: "Grow self-serve revenue" });
    const { unpublished } = await backend.send("sync_status", {});
    expect(unpublished).toBeGreaterThan(0);
    const { user } = await openSync(backend);

    expect(screen.queryByTestId("sync-status")).not.toBeInTheDocument();
    expect(screen.getByText(/shared network folder, a Syncthing or Dropbox folder, or a USB stick/)).toBeInTheDocument();
    expect(screen.getByText(/Baton writes only its own files there/)).toBeInTheDocument();
    // Inviting needs the folder first.
    expect(screen.queryByTestId("invite-member")).not.toBeInTheDocument();

    const folder = tempDir("baton-share-");
    await user.type(screen.getByLabelText("Shared folder"), folder);
    await user.click(screen.getByRole("button", { name: "Use this folder" }));

    const status = await screen.findByTestId("sync-status");
    expect(status).toHaveTextContent(`Syncing through ${folder}`);
    expect(status).toHaveTextContent("Last synced just now");
    // Everything made here so far went out.
    expect(screen.getByRole("status")).toHaveTextContent(`Sent ${unpublished}, received 0`);
    expect(status).not.toHaveTextContent("not yet written");
    expect(backend.callsOf("sync_set_folder")).toEqual([{ folder }]);
  });

  it("a folder refused by the core shows why and keeps the path", async () => {
    const { backend } = await withWorkspace();
    const { user } = await openSync(backend);
    await user.type(screen.getByLabelText("Shared folder"), "/mnt/nope{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "sync folder /mnt/nope does not exist or is not a folder",
    );
    expect(screen.getByLabelText("Shared folder")).toHaveValue("/mnt/nope");
    expect(screen.queryByTestId("sync-status")).not.toBeInTheDocument();
  });

  it("shows status, every other laptop, and the last pass's problems", async () => {
    const team = await syncing();
    const lee = team.home;
    // Ana's laptop sends three changes; Kim's laptop runs with its clock 7 minutes ahead.
    const ana = await team.laptop("Ana Ortiz", "senior");
    await ana.send("goal_create", { title: "Win enterprise" });
    team.sync(ana);
    const kim = team.modifiedLaptop("Kim Lee", "junior");
    kim.publish([{ table: "member", entityId: kim.me.id, field: "name", value: "Kim Lee" }], 7 * MIN);
    team.sync(lee);
    // Then Lee works on while the folder is out of reach.
    await lee.send("goal_create", { title: "Enter Europe" });
    const folder = unplug(team);
    const pass = team.sync(lee);
    folder.back();
    const status = await lee.send("sync_status", {});
    expect(status.unpublished).toBe(3);
    await openSync(lee);

    const shown = screen.getByTestId("sync-status");
    expect(shown).toHaveTextContent(`Syncing through ${team.folder}`);
    expect(shown).toHaveTextContent("Last synced just now");
    expect(shown).toHaveTextContent(`${status.unseenByOthers} changes not yet seen by every other laptop`);
    expect(shown).toHaveTextContent("3 not yet written to the folder");

    const devices = screen.getAllByTestId("sync-device").map((d) => d.textContent);
    expect(devices).toEqual([
      `Ana Ortiz's laptop · last seen just now · ${3 + ENROLMENT} changes received`,
      `Kim Lee's laptop · last seen just now · ${1 + ENROLMENT} changes received · clock about 7 min ahead`,
    ]);
    expect(screen.getAllByTestId("sync-problem").map((p) => p.textContent)).toEqual(pass.problems);
    expect(screen.getByTestId("sync-problem")).toHaveTextContent(`the sync folder ${team.folder} cannot be reached`);
    expect(screen.getByTestId("nav-sync-problems")).toBeInTheDocument();
  });

  it("Sync now runs a pass, shows what it did, and re-reads the status", async () => {
    const { team, sam, lee, theme, goal } = await withSam();
    // Sam and Lee both retitle the theme and the goal, apart.
    await sam.send("item_update", { id: theme.id, title: "Sam's theme" });
    await sam.send("goal_update", { id: goal.id, title: "Sam's goal" });
    const sent = team.sync(sam);
    await lee.send("item_update", { id: theme.id, title: "Lee's theme" });
    await lee.send("goal_update", { id: goal.id, title: "Lee's goal" });
    // Lee's last pass met an unreachable folder.
    const folder = unplug(team);
    team.sync(lee);
    folder.back();
    const { unpublished } = await lee.send("sync_status", {});
    const { user } = await openSync(lee);
    expect(screen.getByTestId("sync-status")).toHaveTextContent(`${unpublished} not yet written to the folder`);
    expect(screen.getByTestId("nav-sync-problems")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Sync now" }));

    expect(await screen.findByRole("status")).toHaveTextContent(
      `Sent ${unpublished}, received ${sent.published + ENROLMENT} · 2 new conflicts`,
    );
    await waitFor(() => expect(screen.queryByTestId("sync-problem")).not.toBeInTheDocument());
    expect(screen.getByTestId("sync-status")).toHaveTextContent("Last synced just now");
    expect(screen.getByTestId("sync-status")).not.toHaveTextContent("not yet written");
    expect(screen.queryByTestId("nav-sync-problems")).not.toBeInTheDocument();
    expect(lee.callsOf("sync_now")).toHaveLength(1);
  });
});

describe("Sync page: inviting a teammate", () => {
  it("invites a member other than me and shows the invite id to copy", async () => {
    const team = await syncing();
    const lee = team.home;
    const sam = await lee.send("member_create", { name: "Sam Rivera", role: "senior" });
    const { user } = await openSync(lee);

    const select = screen.getByLabelText("Member to invite");
    expect(within(select).getAllByRole("option").map((o) => o.textContent)).toEqual(["Sam Rivera · Senior PM"]);
    expect(within(select).queryByRole("option", { name: /Lee Chen/ })).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Create invite" }));

    const id = await screen.findByTestId("invite-id");
    expect(id.textContent).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(lee.callsOf("invite_create")).toEqual([{ memberId: sam.id }]);
    expect(screen.getByTestId("invite-result")).toHaveTextContent(
      "On their laptop: open Baton, choose 'Join a teammate's workspace', pick the same shared folder and paste this invite",
    );

    await user.click(screen.getByRole("button", { name: "Copy" }));
    expect(await navigator.clipboard.readText()).toBe(id.textContent);
    expect(screen.getByRole("button", { name: "Copied" })).toBeInTheDocument();
    // The invite works: Sam's laptop joins with it.
    const joined = team.join(id.textContent!);
    expect((await joined.send("workspace_get", {}))?.me.name).toBe("Sam Rivera");
  });

  it("says until when an invite lets a laptop join, revokes it, and lists the enrolled laptops", async () => {
    const team = await syncing();
    const lee = team.home;
    await lee.send("member_create", { name: "Sam Rivera", role: "senior" });
    const { user } = await openSync(lee);

    const enrolled = () => screen.getAllByTestId("sync-enrolled").map((e) => e.textContent);
    expect(enrolled()).toEqual([expect.stringMatching(/^This laptop \(Lee Chen\) · founded the workspace · key [0-9a-f]{16}$/)]);
    await user.click(screen.getByRole("button", { name: "Create invite" }));
    const id = (await screen.findByTestId("invite-id")).textContent!;
    const made = lee.callsOf("invite_create").length;
    expect(made).toBe(1);
    const week = new Date(Date.now() + 7 * 24 * 3600 * 1000).toLocaleDateString();
    expect(screen.getByTestId("invite-result")).toHaveTextContent(`It lets one laptop join, until ${week}.`);

    await user.click(screen.getByRole("button", { name: "Revoke it" }));
    await waitFor(() => expect(screen.queryByTestId("invite-result")).not.toBeInTheDocument());
    expect(lee.callsOf("invite_revoke")).toEqual([{ invite: id }]);
    // The revoked invite lets no laptop in.
    expect(() => team.join(id)).toThrow(/revoked/);
  });

  it("with no one else to invite, sends the reader to the People page to add them", async () => {
    const team = await syncing();
    const { user } = await openSync(team.home);

    expect(screen.getByText(/then invite them here/)).toHaveTextContent(
      "Add the teammate on the People page, then invite them here.",
    );
    expect(screen.queryByLabelText("Member to invite")).not.toBeInTheDocument();
    // Members are added on the People page now.
    expect(screen.queryByLabelText("Member name")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("sync-people-link"));
    expect(await screen.findByRole("heading", { name: "People" })).toBeInTheDocument();
    expect(screen.getByTestId("nav-people")).toHaveAttribute("aria-current", "page");
    expect(screen.getByTestId("member-add-name")).toBeInTheDocument();
  });

  it("a senior PM invites junior PMs only, and may add no one else", async () => {
    const team = await syncing();
    await team.home.send("member_create", { name: "Ana Ortiz", role: "senior" });
    await team.home.send("member_create", { name: "Kim Lee", role: "junior" });
    const sam = await team.laptop("Sam Rivera", "senior");
    const { user } = await openSync(sam);

    // Not Lee (leadership) nor Ana (senior PM): the core lets Sam add, and so invite, juniors.
    expect(within(screen.getByLabelText("Member to invite")).getAllByRole("option").map((o) => o.textContent)).toEqual(
      ["Kim Lee · Junior PM"],
    );
    expect(screen.getByText(/Not listed\?/)).toHaveTextContent("Not listed? Add them on the People page first.");
    await expect(sam.send("member_create", { name: "Lee Park", role: "leadership" })).rejects.toEqual({
      code: "permission_denied",
      message: "Sam Rivera is a senior PM and may not add leadership",
    });
    await user.click(screen.getByTestId("sync-people-link"));
    expect(await screen.findByRole("heading", { name: "People" })).toBeInTheDocument();
  });

  it("a junior PM may invite no one: no member form, and says who invites", async () => {
    const team = await Team.create("Jo Chen", "junior");
    team.share();
    await openSync(team.home);
    expect(screen.getByText("Senior PMs and leadership invite teammates.")).toBeInTheDocument();
    expect(screen.queryByLabelText("Member name")).not.toBeInTheDocument();
    expect(screen.queryByLabelText("Member to invite")).not.toBeInTheDocument();
  });
});

/** Lee (leadership) planned Checkout for Sam, who works on his own laptop. */
async function withSam() {
  const team = await syncing();
  const lee = team.home;
  const samMember = await lee.send("member_create", { name: "Sam Rivera", role: "senior" });
  const goal = await lee.send("goal_create", { title: "Grow self-serve revenue" });
  const product = await lee.send("product_create", { name: "Checkout", ownerId: samMember.id, baseYear: 2027 });
  const theme = await lee.send("item_create", {
    productId: product.id,
    horizon: "five_year",
    period: "2030",
    title: "One-click checkout",
    goalId: goal.id,
  });
  const sam = await team.laptop("Sam Rivera", null);
  return { team, lee, sam, goal, product, theme };
}

describe("Sync page: conflicts", () => {
  /** Sam and Lee retitled the theme apart; Lee's came later and was kept; Sam's laptop has
   * just received it. */
  async function withConflict() {
    const { team, lee, sam, theme } = await withSam();
    await sam.send("item_update", { id: theme.id, title: "One-click checkout — Sam's wording" });
    await lee.send("item_update", { id: theme.id, title: "One-click checkout — Lee's wording" });
    team.sync(lee);
    expect(team.sync(sam).conflicts).toBe(1);
    return { backend: sam, theme };
  }

  it("lists what was overwritten, clears the badge once seen, and restores the lost value", async () => {
    const { backend, theme } = await withConflict();
    const rendered = renderApp(backend);
    const nav = await findFrame();
    expect(await screen.findByTestId("nav-sync-conflicts")).toHaveTextContent("1");

    await rendered.user.click(nav.sync);
    const row = await screen.findByTestId("conflict-item");
    expect(row).toHaveTextContent(
      "Title of “One-click checkout — Lee's wording”: Lee Chen's “One-click checkout — Lee's wording” was kept over Sam Rivera's “One-click checkout — Sam's wording” · just now",
    );
    expect(row).toHaveAttribute("data-fresh", "true");

    // Looked at: marked seen, so the badge clears; the row stays highlighted while here.
    await waitFor(() => expect(screen.queryByTestId("nav-sync-conflicts")).not.toBeInTheDocument());
    expect(backend.callsOf("conflict_mark_seen")).not.toHaveLength(0);
    expect((await backend.send("sync_status", {})).unseenConflicts).toBe(0);
    expect(screen.getByTestId("conflict-item")).toHaveAttribute("data-fresh", "true");

    const [conflict] = await backend.send("conflict_list", { unseenOnly: false });
    const restore = screen.getByRole("button", { name: "Use Sam Rivera's value" });
    await rendered.user.click(restore);
    await waitFor(() => expect(backend.callsOf("history_restore")).toEqual([{ opId: conflict.loser.opId }]));
    expect((await backend.send("item_get", { id: theme.id })).item.title).toBe("One-click checkout — Sam's wording");
    // Re-read: the field changed since, so the conflict no longer offers to restore.
    await waitFor(() => expect(screen.queryByTestId("conflict-restore")).not.toBeInTheDocument());
    expect(screen.getByTestId("conflict-item")).toHaveTextContent("changed since");

    await rendered.user.click(nav.roadmap);
    expect(await screen.findByTestId("lane-five_year")).toHaveTextContent("One-click checkout — Sam's wording");
  });

  it("a conflict seen before is listed without highlight, and nothing is marked again", async () => {
    const { backend } = await withConflict();
    await backend.send("conflict_mark_seen", {});
    const { user } = renderApp(backend);
    const nav = await findFrame();
    expect(screen.queryByTestId("nav-sync-conflicts")).not.toBeInTheDocument();
    await user.click(nav.sync);
    const row = await screen.findByTestId("conflict-item");
    expect(row).not.toHaveAttribute("data-fresh");
    expect(backend.callsOf("conflict_mark_seen")).toEqual([]);
    // A title conflict names no other item: every item's title (the largest read) is not read.
    await act(() => backend.idle());
    expect(backend.callsOf("item_list")).not.toContainEqual({});
  });

  it("says so when there are none", async () => {
    const team = await syncing();
    await openSync(team.home);
    expect(await screen.findByText("No conflicts: every edit merged cleanly.")).toBeInTheDocument();
    expect(screen.queryByTestId("conflict-item")).not.toBeInTheDocument();
  });

  it("names the items a conflict over what an item serves was about (every item is read for it, and only then)", async () => {
    const { team, lee, sam, goal, product, theme } = await withSam();
    const other = await lee.send("item_create", {
      productId: product.id,
      horizon: "five_year",
      period: "2031",
      title: "Checkout everywhere",
      goalId: goal.id,
    });
    const wallets = await lee.send("item_create", { productId: product.id, horizon: "three_year", period: "2027", title: "Wallets" });
    team.sync(lee);
    team.sync(sam);
    await sam.send("item_move", { id: wallets.id, parentId: theme.id });
    await lee.send("item_move", { id: wallets.id, parentId: other.id });
    team.sync(lee);
    expect(team.sync(sam).conflicts).toBe(1);

    await openSync(sam);
    await waitFor(() =>
      expect(screen.getByTestId("conflict-item")).toHaveTextContent(
        "Parent of “Wallets”: Lee Chen's “Checkout everywhere” was kept over Sam Rivera's “One-click checkout” · just now",
      ),
    );
    expect(sam.callsOf("item_list")).toContainEqual({});
  });
});

describe("Sync page: changes not applied", () => {
  it("is not shown while every received change was allowed", async () => {
    const { team, lee, sam, theme } = await withSam();
    await sam.send("item_update", { id: theme.id, title: "Sam's theme" });
    team.sync(sam, lee);
    await openSync(lee);
    await waitFor(() => expect(lee.callsOf("refused_list")).not.toHaveLength(0));
    expect(screen.queryByText("Changes not applied")).not.toBeInTheDocument();
    expect(screen.queryByTestId("refused-item")).not.toBeInTheDocument();
  });

  it("lists changes refused by role: who, when, what and why", async () => {
    const team = await Team.create("Sam Rivera", "senior");
    const sam: RpcBackend = team.home;
    const product = await sam.send("product_create", { name: "Checkout", baseYear: 2027 });
    const item = await sam.send("item_create", {
      productId: product.id,
      horizon: "one_year",
      period: "2027-Q3",
      title: "Apple Pay",
    });
    // Kim's laptop runs a Baton that skips its own checks: it renames Sam's item, and clears
    // its link in the name of someone who is no member.
    const kim = team.modifiedLaptop("Kim", "junior");
    kim.publish([
      { table: "roadmap_item", entityId: item.id, field: "title", value: "Apple Pay now" },
      { table: "roadmap_item", entityId: item.id, field: "parent_id", value: null, authorId: "someone-unknown" },
    ]);
    expect(team.sync(sam).received).toBe(2 + ENROLMENT);
    await openSync(sam);

    expect(await screen.findByRole("heading", { name: "Changes not applied 2" })).toBeInTheDocument();
    const rows = screen.getAllByTestId("refused-item");
    expect(rows.map((r) => r.textContent).sort()).toEqual([
      "Kim tried to set title of roadmap item “Apple Pay” to “Apple Pay now” · just now" +
        "Kim was a junior PM and could not edit the roadmap of Checkout",
      "Someone tried to set parent of roadmap item “Apple Pay” to nothing · just now" +
        "this change says someone-unknown made it, but it was made on a laptop enrolled for Kim",
    ]);
    // Kept, not applied.
    expect((await sam.send("item_get", { id: item.id })).item.title).toBe("Apple Pay");
  });
});

describe("Sync page: changes held for a clock far ahead", () => {
  it("lists who wrote them, how far ahead their clock is and when they apply; nothing else changes", async () => {
    const team = await syncing();
    const lee = team.home;
    // Kim's laptop believes it is three days from now when it renames Kim.
    const kim = team.modifiedLaptop("Kim Lee", "senior");
    kim.publish([{ table: "member", entityId: kim.me.id, field: "name", value: "Kimberly" }], 3 * DAY);
    const pass = team.sync(lee);
    expect(pass.received).toBe(1 + ENROLMENT);
    expect(pass.problems).toEqual([
      expect.stringMatching(
        /^Kim Lee's laptop's clock is about 3 days ahead: a change from it is held until this laptop's clock reaches \d{4}-\d\d-\d\d \d\d:\d\d UTC$/,
      ),
    ]);
    const { held } = await lee.send("sync_status", {});
    expect(held).toHaveLength(1);
    await openSync(lee);

    expect(await screen.findByRole("heading", { name: "Changes waiting for this laptop’s clock 1" })).toBeInTheDocument();
    const [row] = screen.getAllByTestId("held-item");
    expect(row.textContent).toBe(held[0].sentence);
    expect(row).toHaveTextContent(
      /^A change by Kim Lee is held: the clock of Kim Lee's laptop is about 3 days ahead of this laptop's\. It will apply when this laptop's clock reaches \d{4}-\d\d-\d\d \d\d:\d\d UTC; if that laptop's clock is wrong, fix it there\.$/,
    );
    // Kept, not applied, not refused.
    expect((await lee.send("member_list", {})).map((m) => m.name)).toContain("Kim Lee");
    expect(screen.queryByTestId("refused")).not.toBeInTheDocument();
  });

  it("is not shown while nothing is held", async () => {
    const team = await syncing();
    const kim = team.modifiedLaptop("Kim Lee", "senior");
    kim.publish([{ table: "member", entityId: kim.me.id, field: "name", value: "Kimberly" }], 2 * 60 * MIN);
    team.sync(team.home);
    await openSync(team.home);
    await waitFor(() => expect(team.home.callsOf("sync_status")).not.toHaveLength(0));
    expect(screen.queryByTestId("held")).not.toBeInTheDocument();
    // An op two hours ahead applies at once.
    expect((await team.home.send("member_list", {})).map((m) => m.name)).toContain("Kimberly");
  });
});
