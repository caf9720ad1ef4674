import { act, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { delegationTeam } from "../testing/fixtures";
import { renderApp } from "../testing/render";
import { AUTOSAVE_MS } from "./StoryEditor";
import type { RpcBackend } from "../testing/rpcBackend";

/** Jo's app, on the delegated item (opened from "My delegated items" in her inbox). */
async function openAsJo(jo: RpcBackend) {
  const rendered = renderApp(jo);
  const mine = await screen.findByTestId("inbox-mine");
  await rendered.user.click(within(mine).getByTestId("delegation-link"));
  await screen.findByTestId("delegation-stories");
  return rendered;
}

const storyRow = (title: string) => {
  const row = screen.getAllByTestId("story-row").find((r) => within(r).getByTestId("story-open").textContent === title);
  if (!row) throw new Error(`no story row ${title}`);
  return row;
};

const SAVE_WAIT = { timeout: 4000 };

describe("Delegated item: the junior PM writes stories", () => {
  it("shows the brief and requirements; adds a story that saves as it is typed, checks a guardrail, and sends it for review", async () => {
    const { jo, delegationId, guardrail } = await delegationTeam({ accept: true });
    const { user } = await openAsJo(jo);

    expect(screen.getByTestId("delegation-title")).toHaveTextContent("Saved cards");
    expect(screen.getByTestId("brief-scope")).toHaveTextContent("Let returning shoppers pay with a saved card");
    expect(screen.getByTestId("brief-non-goals")).toHaveTextContent("Wallets");
    // The brief is the delegator's: no Amend for Jo. Requirements render as Markdown.
    expect(screen.queryByTestId("brief-edit")).not.toBeInTheDocument();
    // Reassigning, completing and withdrawing are the delegator's (and leadership's).
    expect(screen.queryByTestId("delegation-manage")).not.toBeInTheDocument();
    expect(within(screen.getByTestId("delegation-requirements")).getByText("on consent").tagName).toBe("STRONG");
    expect(screen.getByTestId("delegation-guardrails")).toHaveTextContent("No new payment provider");

    await user.type(screen.getByTestId("story-new-title"), "Save a card{Enter}");
    const editor = await screen.findByTestId("story-editor");
    expect(jo.callsOf("story_add")).toEqual([{ delegationId, fields: { title: "Save a card" } }]);

    // Typing saves after a pause, with only what changed.
    await user.type(within(editor).getByTestId("story-as-a"), "shopper");
    await user.type(within(editor).getByTestId("story-i-want"), "a card");
    expect(within(editor).getByTestId("story-save-state")).toHaveTextContent("Saving…");
    await waitFor(() => expect(within(editor).getByTestId("story-save-state")).toHaveTextContent("Saved"), SAVE_WAIT);
    const story = (await jo.send("delegation_get", { id: delegationId! })).stories[0];
    expect(story).toMatchObject({ asA: "shopper", iWant: "a card", status: "draft" });

    // Acceptance criteria: add two, reorder, tick one.
    await user.click(within(editor).getByTestId("criterion-add"));
    await user.keyboard("Stored");
    await user.click(within(editor).getByTestId("criterion-add"));
    await user.keyboard("Removed");
    await user.keyboard("{Alt>}{ArrowUp}{/Alt}");
    await user.click(within(editor).getAllByTestId("criterion-done")[1]);
    await waitFor(
      async () =>
        expect((await jo.send("story_get", { id: story.id })).criteria).toEqual([
          { text: "Removed", done: false },
          { text: "Stored", done: true },
        ]),
      SAVE_WAIT,
    );

    // A violated mark waits for its note; then both are saved together.
    const check = within(editor).getByTestId("story-check");
    await user.selectOptions(within(check).getByTestId("story-check-mark"), "violated");
    expect(within(check).getByTestId("story-check-needs-note")).toBeInTheDocument();
    await user.type(within(check).getByTestId("story-check-note"), "A vault");
    await waitFor(
      async () =>
        expect((await jo.send("story_get", { id: story.id })).checks).toEqual([
          { guardrailId: guardrail.id, statement: "No new payment provider", mark: "violated", note: "A vault" },
        ]),
      SAVE_WAIT,
    );
    expect(jo.callsOf("story_check").every((c) => (c as { note: string }).note !== "")).toBe(true);

    // Select it and ask for review.
    await user.click(within(storyRow("Save a card")).getByTestId("story-select"));
    await user.click(screen.getByTestId("review-request"));
    await waitFor(() => expect(within(storyRow("Save a card")).getByTestId("story-status")).toHaveTextContent("In review"));
    expect(jo.callsOf("review_request")).toEqual([{ ids: [story.id] }]);
    expect(within(storyRow("Save a card")).getByTestId("story-waiting")).toHaveTextContent("waiting under a minute");
  }, 30_000);

  it("keeps what was typed when leaving before the save, and reorders stories from the keyboard", { timeout: 15_000 }, async () => {
    const { jo, delegationId } = await delegationTeam({ accept: true });
    const first = await jo.send("story_add", { delegationId: delegationId!, fields: { title: "First" } });
    const second = await jo.send("story_add", { delegationId: delegationId!, fields: { title: "Second" } });
    const { user } = await openAsJo(jo);

    await user.click(within(storyRow("First")).getByTestId("story-open"));
    await user.type(within(await screen.findByTestId("story-editor")).getByTestId("story-so-that"), "I pay faster");
    // Away at once: the pending save goes on the way out, and the text is still there on return.
    await user.click(screen.getByTestId("nav-goals"));
    await waitFor(async () => expect((await jo.send("story_get", { id: first.id })).soThat).toBe("I pay faster"), SAVE_WAIT);
    await user.click(screen.getByTestId("nav-inbox"));
    await user.click(within(await screen.findByTestId("inbox-mine")).getByTestId("delegation-link"));
    expect(within(await screen.findByTestId("story-editor")).getByTestId("story-so-that")).toHaveValue("I pay faster");

    // Alt+↓ on the first story moves it after the second; the keyboard stays on it.
    within(storyRow("First")).getByTestId("story-open").focus();
    await user.keyboard("{Alt>}{ArrowDown}{/Alt}");
    await waitFor(() =>
      expect(screen.getAllByTestId("story-open").map((b) => b.textContent)).toEqual(["Second", "First"]),
    );
    expect(jo.callsOf("story_move")).toEqual([{ id: first.id }]);
    await waitFor(() => expect(within(storyRow("First")).getByTestId("story-open")).toHaveFocus());
    await user.keyboard("{Alt>}{ArrowUp}{/Alt}");
    await waitFor(() =>
      expect(screen.getAllByTestId("story-open").map((b) => b.textContent)).toEqual(["First", "Second"]),
    );
    expect(jo.callsOf("story_move")).toEqual([{ id: first.id }, { id: first.id, beforeId: second.id }]);
  });
});

describe("Delegated item: the junior PM moves stories along and deletes them", () => {
  it("refuses a draft into development, moves an approved story through its stages, blocks and unblocks it, and deletes a story after confirming", async () => {
    const { team, sam, jo, delegationId } = await delegationTeam({ accept: true });
    const card = await jo.send("story_add", { delegationId: delegationId!, fields: { title: "Save a card" } });
    const spare = await jo.send("story_add", { delegationId: delegationId!, fields: { title: "Spare idea" } });
    await jo.send("review_request", { ids: [card.id] });
    team.sync(jo, sam);
    await sam.send("review_approve", { id: card.id });
    team.sync(sam, jo);
    const { user } = await openAsJo(jo);

    // A draft is not ready for development: the core says so and the stage stays.
    await user.click(within(storyRow("Spare idea")).getByTestId("story-open"));
    let editor = await screen.findByTestId("story-editor");
    await user.selectOptions(within(editor).getByTestId("story-stage"), "in_progress");
    expect(await screen.findByRole("alert")).toHaveTextContent("it moves into development once its review approved it");
    expect(within(editor).getByTestId("story-stage")).toHaveValue("draft");

    // Delete asks first, the keyboard on Cancel; Escape and Cancel both keep the story.
    await user.click(within(editor).getByTestId("story-delete"));
    expect(within(editor).getByTestId("story-delete-cancel")).toHaveFocus();
    await user.keyboard("{Escape}");
    expect(within(editor).queryByTestId("story-delete-confirming")).not.toBeInTheDocument();
    expect(screen.getByTestId("story-panel")).toBeInTheDocument();
    await user.click(within(editor).getByTestId("story-delete"));
    await user.click(within(editor).getByTestId("story-delete-cancel"));
    expect(within(editor).getByTestId("story-delete")).toBeInTheDocument();
    expect(jo.callsOf("story_delete")).toEqual([]);
    // Confirmed (with an edit still waiting to be saved): the row and its panel go, the
    // keyboard lands on the new story's title, and the waiting edit is not sent after it.
    await user.type(within(editor).getByTestId("story-as-a"), "shopper");
    await user.click(within(editor).getByTestId("story-delete"));
    await user.click(within(editor).getByTestId("story-delete-confirm"));
    await waitFor(() => expect(screen.getAllByTestId("story-open").map((b) => b.textContent)).toEqual(["Save a card"]));
    expect(screen.queryByTestId("story-panel")).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId("story-new-title")).toHaveFocus());
    await new Promise((done) => setTimeout(done, AUTOSAVE_MS + 100));
    const commands = jo.calls.map((c) => c.command);
    expect(commands.lastIndexOf("story_update")).toBeLessThan(commands.indexOf("story_delete"));
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(jo.callsOf("story_delete")).toEqual([{ id: spare.id }]);
    expect((await jo.send("delegation_get", { id: delegationId! })).stories.map((s) => s.id)).toEqual([card.id]);

    // The approved story moves along; blocked shows over its stage until unblocked.
    await user.click(within(storyRow("Save a card")).getByTestId("story-open"));
    editor = await screen.findByTestId("story-editor");
    const status = () => within(storyRow("Save a card")).getByTestId("story-status");
    expect(status()).toHaveTextContent("Ready");
    await user.selectOptions(within(editor).getByTestId("story-stage"), "in_progress");
    await waitFor(() => expect(status()).toHaveTextContent("In progress"));
    await user.selectOptions(within(editor).getByTestId("story-stage"), "in_qa");
    await waitFor(() => expect(status()).toHaveTextContent("In QA"));
    await user.type(within(editor).getByTestId("story-blocked-reason"), "Waiting on the vault sandbox{Enter}");
    await waitFor(() => expect(status()).toHaveTextContent("Blocked"));
    expect(within(editor).getByTestId("story-blocked")).toHaveTextContent("Blocked: Waiting on the vault sandbox");
    await user.click(within(editor).getByTestId("story-unblock"));
    await waitFor(() => expect(status()).toHaveTextContent("In QA"));
    await user.selectOptions(within(editor).getByTestId("story-stage"), "done");
    await waitFor(() => expect(status()).toHaveTextContent("Done"));
    expect(jo.callsOf("story_stage")).toEqual([
      { id: spare.id, stage: "in_progress" },
      { id: card.id, stage: "in_progress" },
      { id: card.id, stage: "in_qa" },
      { id: card.id, blocked: "Waiting on the vault sandbox" },
      { id: card.id, blocked: "" },
      { id: card.id, stage: "done" },
    ]);
    expect(screen.getByTestId("delegation-meta")).toHaveTextContent("1 story, 1 done");
  }, 20_000);
});

describe("Delegated item: the senior PM reviews", () => {
  it("sees the review waiting on the Board, approves with an exception, asks for changes with a comment, and sees what changed since", async () => {
    const { team, sam, jo, delegationId, guardrail } = await delegationTeam({ accept: true });
    const vault = await jo.send("story_add", {
      delegationId: delegationId!,
      fields: { title: "Vault cards", asA: "shopper", iWant: "my card kept", soThat: "I pay fast" },
    });
    await jo.send("story_check", { id: vault.id, guardrailId: guardrail.id, mark: "violated", note: "Needs a vault provider" });
    const remove = await jo.send("story_add", {
      delegationId: delegationId!,
      fields: { title: "Remove a card", asA: "shopper", iWant: "to remove my card", soThat: "I feel safe" },
    });
    await jo.send("review_request", { ids: [vault.id, remove.id] });
    team.sync(jo, sam);

    const { user } = renderApp(sam);
    expect(await screen.findByTestId("nav-board-reviews")).toHaveTextContent("2");
    await user.click(screen.getByTestId("nav-board"));
    const line = await screen.findByTestId("board-line");
    expect(within(line).getByRole("heading", { name: "Jo Chen" })).toBeInTheDocument();
    expect(within(line).getByTestId("board-stats")).toHaveTextContent("2 stories in flight");
    expect(within(line).getByTestId("board-violated")).toHaveTextContent("1 guardrail violated");
    const reviews = within(within(line).getByTestId("board-reviews")).getAllByTestId("waiting-row");
    expect(reviews.map((r) => r.dataset.storyId)).toEqual([vault.id, remove.id]);
    expect(reviews[0]).toHaveTextContent("Jo Chen · waiting under a minute");

    // Open the first review: the story, read-only, with the review box.
    await user.click(within(reviews[0]).getByRole("button", { name: "Vault cards" }));
    let panel = await screen.findByTestId("story-panel");
    expect(within(panel).queryByTestId("story-editor")).not.toBeInTheDocument();
    expect(within(panel).getByTestId("story-sentence")).toHaveTextContent("As a shopper I want my card kept so that I pay fast");
    expect(within(panel).getByTestId("story-check")).toHaveAttribute("data-mark", "violated");

    // Approving a violation needs an exception: the core says so, then accepts one.
    await user.click(within(panel).getByTestId("review-approve"));
    expect(await screen.findByRole("alert")).toBeInTheDocument();
    await user.type(within(panel).getByTestId("review-exception"), "Vault provider approved by legal");
    await user.click(within(panel).getByTestId("review-approve"));
    await waitFor(() => expect(within(storyRow("Vault cards")).getByTestId("story-status")).toHaveTextContent("Ready"));
    expect(await within(panel).findByTestId("story-exception")).toHaveTextContent("Vault provider approved by legal");

    // Asking for changes needs a comment; it starts the story's thread.
    await user.click(within(storyRow("Remove a card")).getByTestId("story-open"));
    panel = await screen.findByTestId("story-panel");
    await user.click(within(panel).getByTestId("review-changes"));
    expect(await screen.findByRole("alert")).toHaveTextContent("asking for changes needs a comment");
    expect(within(storyRow("Remove a card")).getByTestId("story-status")).toHaveTextContent("In review");
    await user.type(within(panel).getByTestId("review-comment"), "Say what happens to saved orders");
    await user.click(within(panel).getByTestId("review-changes"));
    await waitFor(() =>
      expect(within(storyRow("Remove a card")).getByTestId("story-status")).toHaveTextContent("Changes requested"),
    );
    expect(await within(panel).findByTestId("comment")).toHaveTextContent("Say what happens to saved orders");
    expect(sam.callsOf("review_request_changes")).toEqual([
      { id: remove.id, comment: "" },
      { id: remove.id, comment: "Say what happens to saved orders" },
    ]);

    // Jo changes the story and sends it again; Sam sees exactly what changed since his review.
    team.sync(sam, jo);
    await jo.send("story_update", { id: remove.id, fields: { soThat: "I feel safe and my orders stay" } });
    await jo.send("review_request", { ids: [remove.id] });
    team.sync(jo, sam);
    act(() => sam.emitSynced());
    const change = await within(panel).findByTestId("story-change");
    expect(within(panel).getByText("Changes since your review")).toBeInTheDocument();
    expect(change).toHaveTextContent("I feel safe → I feel safe and my orders stay");
    expect(within(panel).getByTestId("review-box")).toBeInTheDocument();
  }, 20_000);
});

describe("Delegated item: threads and check-ins", () => {
  it("the junior PM replies to the review comment, resolves the thread, and posts a check-in", async () => {
    const { team, sam, jo, delegationId } = await delegationTeam({ accept: true });
    const story = await jo.send("story_add", { delegationId: delegationId!, fields: { title: "Save a card" } });
    await jo.send("review_request", { ids: [story.id] });
    team.sync(jo, sam);
    await sam.send("review_request_changes", { id: story.id, comment: "Add the consent step" });
    team.sync(sam, jo);

    const { user } = renderApp(jo);
    // The request for changes waits in Jo's inbox and opens the story.
    await screen.findAllByTestId("inbox-action");
    const action = screen.getAllByTestId("inbox-action").find((a) => a.dataset.kind === "changes_requested")!;
    expect(action).toHaveTextContent("Save a card");
    await user.click(within(action).getByTestId("delegation-link"));
    const panel = await screen.findByTestId("story-panel");
    const thread = await within(panel).findByTestId("comment-thread");
    expect(thread).toHaveTextContent("Sam Rivera");
    expect(thread).toHaveTextContent("Add the consent step");

    await user.click(within(thread).getByTestId("comment-reply"));
    await user.type(within(thread).getByTestId("comment-reply-input"), "Added it as criterion 1{Enter}");
    await waitFor(() => expect(within(thread).getAllByTestId("comment")).toHaveLength(2));
    const [head] = (await jo.send("delegation_get", { id: delegationId! })).comments.filter((c) => c.parentId === null);
    expect(jo.callsOf("comment_add")).toEqual([{ parentId: head.id, body: "Added it as criterion 1" }]);

    await user.click(within(thread).getByTestId("comment-resolve"));
    await waitFor(() => expect(within(panel).getByTestId("comment-thread")).toHaveAttribute("data-resolved", "true"));
    expect(within(panel).getByTestId("comment-resolve")).toHaveTextContent("Reopen");

    await user.type(screen.getByTestId("checkin-input"), "Consent copy with legal{Enter}");
    expect(await screen.findByTestId("checkin")).toHaveTextContent("Consent copy with legal");
    expect(jo.callsOf("delegate_checkin")).toEqual([{ id: delegationId, text: "Consent copy with legal" }]);
  }, 15_000);
});

/** Sam's app, on the delegated item (opened from his Board). */
async function openAsSam(sam: RpcBackend) {
  const rendered = renderApp(sam);
  await rendered.user.click(await screen.findByTestId("nav-board"));
  const line = await screen.findByTestId("board-delegation");
  await rendered.user.click(within(line).getByTestId("delegation-link"));
  await screen.findByTestId("delegation-stories");
  return rendered;
}

describe("Delegated item: the delegator reassigns, completes or withdraws", () => {
  it("reassigns to another junior PM he manages (the core refuses one who does not report to him), then withdraws", async () => {
    const { team, sam, jo, joId, delegationId } = await delegationTeam({ accept: true });
    const samId = (await sam.send("workspace_get", {}))!.me.id;
    const kim = await sam.send("member_create", { name: "Kim Park", role: "junior", managerId: samId });
    // A junior PM who reports to no one (a senior's new junior reports to them until cleared).
    const lee = await sam.send("member_create", { name: "Lee Moss", role: "junior" });
    await sam.send("member_update", { id: lee.id, managerId: "" });
    const { user } = await openAsSam(sam);
    expect(screen.getByTestId("delegation-state")).toHaveTextContent("Running");

    // The juniors other than Jo, his own reports first; Escape closes the form.
    await user.click(screen.getByTestId("delegation-reassign"));
    const form = await screen.findByTestId("reassign-form");
    const select = within(form).getByTestId("reassign-to");
    await waitFor(() =>
      expect(within(select).getAllByRole("option").map((o) => o.textContent)).toEqual(["Kim Park (reports to you)", "Lee Moss"]),
    );
    expect(select).toHaveFocus();
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("reassign-form")).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId("delegation-reassign")).toHaveFocus());

    // Lee does not report to Sam: the core's refusal is shown, and nothing changes.
    await user.click(screen.getByTestId("delegation-reassign"));
    await user.selectOptions(await screen.findByTestId("reassign-to"), lee.id);
    await user.click(screen.getByTestId("reassign-submit"));
    expect(await screen.findByRole("alert")).toHaveTextContent("may not delegate work to Lee Moss, who does not report to them");
    expect(screen.getByTestId("reassign-form")).toBeInTheDocument();
    expect(screen.getByTestId("delegation-meta")).toHaveTextContent("to Jo Chen");
    expect(screen.getByTestId("delegation-state")).toHaveTextContent("Running");
    expect((await sam.send("delegation_get", { id: delegationId! })).delegation).toMatchObject({ toId: joId, state: "accepted" });

    // Kim does: the page shows her, and the offer waits on her answer.
    await user.selectOptions(screen.getByTestId("reassign-to"), kim.id);
    await user.click(screen.getByTestId("reassign-submit"));
    await waitFor(() => expect(screen.getByTestId("delegation-meta")).toHaveTextContent("to Kim Park"));
    expect(screen.getByTestId("delegation-state")).toHaveTextContent("Offered");
    expect(screen.queryByTestId("reassign-form")).not.toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    // Not running until Kim accepts: nothing to complete yet.
    expect(screen.queryByTestId("delegation-complete")).not.toBeInTheDocument();
    expect(sam.callsOf("delegate_reassign")).toEqual([
      { id: delegationId, toId: lee.id },
      { id: delegationId, toId: kim.id },
    ]);
    // Jo's laptop hears of it: the delegation is no longer hers to work on.
    team.sync(sam, jo);
    expect((await jo.send("delegation_get", { id: delegationId! })).delegation).toMatchObject({
      toName: "Kim Park",
      canWork: false,
    });

    // Withdraw asks first (the keyboard on Cancel), then ends it: nothing left to manage.
    await user.click(screen.getByTestId("delegation-withdraw"));
    expect(screen.getByTestId("delegation-withdraw-cancel")).toHaveFocus();
    await user.click(screen.getByTestId("delegation-withdraw-cancel"));
    expect(sam.callsOf("delegate_withdraw")).toEqual([]);
    await user.click(screen.getByTestId("delegation-withdraw"));
    await user.click(screen.getByTestId("delegation-withdraw-confirm"));
    await waitFor(() => expect(screen.getByTestId("delegation-state")).toHaveTextContent("Withdrawn"));
    expect(screen.queryByTestId("delegation-manage")).not.toBeInTheDocument();
    expect(screen.queryByTestId("delegation-reassign")).not.toBeInTheDocument();
  }, 20_000);

  it("marks a running delegation completed; the junior PM's laptop sees it ended", async () => {
    const { team, sam, jo, delegationId } = await delegationTeam({ accept: true });
    const { user } = await openAsSam(sam);
    await user.click(screen.getByTestId("delegation-complete"));
    await waitFor(() => expect(screen.getByTestId("delegation-state")).toHaveTextContent("Completed"));
    expect(screen.queryByTestId("delegation-manage")).not.toBeInTheDocument();
    expect(screen.queryByTestId("brief-edit")).not.toBeInTheDocument();
    expect(sam.callsOf("delegate_complete")).toEqual([{ id: delegationId }]);
    team.sync(sam, jo);
    expect((await jo.send("delegation_get", { id: delegationId! })).delegation.state).toBe("completed");
  }, 15_000);
});
