import { act, render, screen } from "@testing-library/react";
import { describe as suite, expect, it } from "vitest";
import type { Backend } from "../backend";
import type { Progress } from "../bindings/Progress";
import { describe, SyncActivity } from "./SyncActivity";

/** A backend whose only live part is the progress events the test sends. */
function progressBackend() {
  let listener: ((p: Progress) => void) | null = null;
  const backend: Backend = {
    call: () => Promise.reject(new Error("no calls here")),
    onSynced: () => () => {},
    onProgress: (l) => {
      listener = l;
      return () => {
        listener = null;
      };
    },
  };
  const send = (p: Partial<Progress>) =>
    act(() =>
      listener?.({ task: "join", doing: "", received: 0, round: 1, elapsedMs: 0, finished: false, ...p }),
    );
  return { backend, send, listening: () => listener !== null };
}

suite("sync activity", () => {
  it("says what a long join is doing while it runs and goes when it ends", () => {
    const { backend, send, listening } = progressBackend();
    const { unmount } = render(<SyncActivity backend={backend} />);
    expect(screen.queryByTestId("sync-activity")).toBeNull();

    send({ doing: "reading the sync folder", elapsedMs: 600 });
    expect(screen.getByRole("status").textContent).toBe(
      "Joining the workspace: 0 changes received · reading the sync folder (1 s)",
    );
    send({ doing: "applying changes from laptop 2 of 8", received: 150_000, round: 3, elapsedMs: 12_400 });
    expect(screen.getByTestId("sync-activity").textContent).toBe(
      "Joining the workspace: 150,000 changes received · applying changes from laptop 2 of 8 (12 s)",
    );
    send({ received: 150_321, elapsedMs: 13_000, finished: true });
    expect(screen.queryByTestId("sync-activity")).toBeNull();

    unmount();
    expect(listening()).toBe(false);
  });

  it("words a background pass as syncing, one change in the singular", () => {
    expect(describe({ task: "sync", doing: "recording what this laptop has seen", received: 1, round: 1, elapsedMs: 2_000, finished: false })).toBe(
      "Syncing: 1 change received · recording what this laptop has seen (2 s)",
    );
  });
});
