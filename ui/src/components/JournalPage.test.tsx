import { screen, waitFor, within } from "@testing-library/react";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Backend } from "../backend";
import { today } from "../planning";
import { sampleWorkspace } from "../testing/fixtures";
import { tempDir } from "../testing/rpcBackend";
import { findFrame, renderApp } from "../testing/render";

describe("Journal", () => {
  it("links an entry to a launch I own, and shows what it is about", async () => {
    const { backend, me } = await sampleWorkspace();
    const items = await backend.send("item_list", {});
    const item = items.find((i) => i.title === "Apple Pay and Google Pay")!;
    await backend.send("launch_create", { itemId: item.id, ownerId: me.id, targetOn: "2027-03-20" });
    const { user } = renderApp(backend);
    await findFrame();
    await user.keyboard("j");
    await user.type(await screen.findByTestId("journal-body"), "The launch rehearsal went well");
    const about = screen.getByTestId("journal-about");
    await screen.findByRole("option", { name: "Launch: Apple Pay and Google Pay" });
    await user.selectOptions(about, "Launch: Apple Pay and Google Pay");
    await user.click(screen.getByTestId("journal-add"));
    const entry = await screen.findByTestId("journal-entry");
    expect(entry).toHaveTextContent("The launch rehearsal went well");
    expect(entry).toHaveTextContent("Apple Pay and Google Pay");
    expect(about).toHaveValue("");
  });

  it("adds an entry, lists it, edits it, and shares the period as Markdown without a save dialog", async () => {
    const { backend } = await sampleWorkspace();
    const { user } = renderApp(backend);
    await findFrame();

    await user.keyboard("j");
    expect(await screen.findByTestId("journal-page")).toBeInTheDocument();
    expect(screen.getByTestId("journal-day")).toHaveValue(today());
    // Sam manages Ana and Ben: he may read their journals.
    const whose = await screen.findByTestId("journal-whose");
    expect(within(whose).getAllByRole("option").map((o) => o.textContent)).toEqual(
      expect.arrayContaining(["Mine", "Ana Ortiz", "Ben Okafor"]),
    );

    await user.selectOptions(screen.getByTestId("journal-kind"), "Achievement");
    await user.type(screen.getByTestId("journal-body"), "Shipped the wallet fallback with Ana");
    await user.click(screen.getByTestId("journal-add"));

    const entry = await screen.findByTestId("journal-entry");
    expect(entry).toHaveTextContent("Shipped the wallet fallback with Ana");
    expect(entry).toHaveTextContent("Achievement");
    expect(entry).toHaveTextContent(today());
    expect(screen.getByTestId("journal-body")).toHaveValue("");

    await user.click(within(entry).getByTestId("journal-edit"));
    await user.type(within(entry).getByTestId("journal-edit-body"), " on time");
    await user.click(within(entry).getByTestId("journal-save"));
    await waitFor(() =>
      expect(screen.getByTestId("journal-entry")).toHaveTextContent("Shipped the wallet fallback with Ana on time"),
    );

    // The filters narrow the list.
    await user.selectOptions(screen.getByTestId("journal-filter-kind"), "Learning");
    await waitFor(() => expect(screen.queryByTestId("journal-entry")).not.toBeInTheDocument());
    expect(screen.getByTestId("journal-share")).toBeDisabled();
    await user.selectOptions(screen.getByTestId("journal-filter-kind"), "All kinds");
    await screen.findByTestId("journal-entry");

    // No save dialog here: Share shows the Markdown to copy.
    await user.click(screen.getByTestId("journal-share"));
    const markdown = await screen.findByTestId("journal-markdown");
    expect(markdown).toHaveAttribute("readonly");
    expect((markdown as HTMLTextAreaElement).value).toContain("Shipped the wallet fallback with Ana on time");
    expect(screen.queryByTestId("error")).not.toBeInTheDocument();

    await user.click(within(screen.getByTestId("journal-entry")).getByTestId("journal-remove"));
    await waitFor(() => expect(screen.queryByTestId("journal-entry")).not.toBeInTheDocument());
  });

  it("saves the summary where the save dialog says", async () => {
    const { backend } = await sampleWorkspace();
    await backend.send("journal_add", { kind: "learning", body: "Ask QA for edge cases first", onDay: "2026-11-20" });
    await backend.send("journal_add", { kind: "reflection", body: "Too many meetings in October", onDay: "2026-10-10" });
    const folder = tempDir();
    const asked: string[] = [];
    (backend as Backend).chooseSaveFile = async (_title, defaultName) => {
      asked.push(defaultName);
      return join(folder, defaultName);
    };
    const { user } = renderApp(backend);
    await findFrame();
    await user.click(screen.getByTestId("nav-journal"));
    await waitFor(() => expect(screen.getAllByTestId("journal-entry")).toHaveLength(2));

    await user.type(screen.getByTestId("journal-from"), "2026-11-01");
    await user.type(screen.getByTestId("journal-to"), "2026-11-30");
    await waitFor(() => expect(screen.getAllByTestId("journal-entry")).toHaveLength(1));
    await user.click(screen.getByTestId("journal-share"));

    const path = join(folder, "journal-2026-11-01-to-2026-11-30.md");
    expect(await screen.findByTestId("journal-shared")).toHaveTextContent(`Saved to ${path}`);
    expect(asked).toEqual(["journal-2026-11-01-to-2026-11-30.md"]);
    expect(existsSync(path)).toBe(true);
    const written = readFileSync(path, "utf8");
    expect(written).toContain("Ask QA for edge cases first");
    expect(written).not.toContain("Too many meetings");
    expect(screen.queryByTestId("journal-markdown")).not.toBeInTheDocument();
  });
});
