import { beforeEach, describe, expect, it, vi } from "vitest";
import { isApiError, tauriBackend, toApiError } from "./backend";

const invoke = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/core", () => ({ invoke }));
const listen = vi.hoisted(() => vi.fn());
vi.mock("@tauri-apps/api/event", () => ({ listen }));

describe("tauriBackend.onSynced", () => {
  const pass = { published: 0, received: 3, conflicts: 1, problems: [] };

  beforeEach(() => {
    listen.mockReset();
  });

  it("listens for baton://synced, passes each payload on, and stops listening", async () => {
    const unlisten = vi.fn();
    let handler: ((e: { payload: unknown }) => void) | undefined;
    listen.mockImplementation(async (_event: string, h: (e: { payload: unknown }) => void) => {
      handler = h;
      return unlisten;
    });
    const got: unknown[] = [];
    const stop = tauriBackend.onSynced((p) => got.push(p));
    expect(listen).toHaveBeenCalledWith("baton://synced", expect.any(Function));

    await vi.waitFor(() => expect(handler).toBeDefined());
    handler!({ payload: pass });
    expect(got).toEqual([pass]);

    await Promise.resolve();
    stop();
    expect(unlisten).toHaveBeenCalledTimes(1);
    handler!({ payload: pass });
    expect(got).toHaveLength(1);
  });

  it("stops listening even when stopped before listen answered", async () => {
    const unlisten = vi.fn();
    let answer: (stop: () => void) => void = () => {};
    listen.mockReturnValue(new Promise((resolve) => (answer = resolve)));
    const stop = tauriBackend.onSynced(() => {});
    stop();
    answer(unlisten);
    await vi.waitFor(() => expect(unlisten).toHaveBeenCalledTimes(1));
  });
});

describe("tauriBackend", () => {
  beforeEach(() => {
    invoke.mockReset();
  });

  it("calls baton_call with the command and its request and resolves to the answer", async () => {
    invoke.mockResolvedValue([{ id: "g1", title: "Grow", description: "" }]);
    await expect(tauriBackend.call("goal_list", {})).resolves.toEqual([
      { id: "g1", title: "Grow", description: "" },
    ]);
    expect(invoke).toHaveBeenCalledWith("baton_call", { command: "goal_list", request: {} });
  });

  it("passes an ApiError rejection through as { code, message }", async () => {
    invoke.mockRejectedValue({ code: "permission_denied", message: "Jo is a junior PM", extra: 1 });
    await expect(tauriBackend.call("product_create", { name: "X" })).rejects.toEqual({
      code: "permission_denied",
      message: "Jo is a junior PM",
    });
  });

  it("wraps any other rejection as a storage error with its text", async () => {
    invoke.mockRejectedValue("IPC channel closed");
    await expect(tauriBackend.call("goal_list", {})).rejects.toEqual({
      code: "storage",
      message: "IPC channel closed",
    });
    invoke.mockRejectedValue(new TypeError("no __TAURI_INTERNALS__"));
    await expect(tauriBackend.call("goal_list", {})).rejects.toEqual({
      code: "storage",
      message: "TypeError: no __TAURI_INTERNALS__",
    });
  });
});

describe("isApiError", () => {
  it("accepts only objects with a string code and message", () => {
    expect(isApiError({ code: "not_found", message: "goal not found: x" })).toBe(true);
    expect(isApiError({ code: 3, message: "x" })).toBe(false);
    expect(isApiError({ message: "x" })).toBe(false);
    expect(isApiError(null)).toBe(false);
    expect(isApiError("invalid_input")).toBe(false);
    expect(toApiError({ code: "not_found" })).toEqual({ code: "storage", message: "[object Object]" });
  });
});
