import { describe, expect, it } from "vitest";
import { fuzzyFilter, fuzzyScore } from "./fuzzy";

describe("fuzzy matching", () => {
  it("matches the query's letters in order, whatever the case, and nothing else", () => {
    expect(fuzzyScore("rdmp", "Go to Roadmap")).not.toBeNull();
    expect(fuzzyScore("RoAd", "Go to Roadmap")).not.toBeNull();
    expect(fuzzyScore("pmdr", "Go to Roadmap")).toBeNull();
    expect(fuzzyScore("x", "Go to Roadmap")).toBeNull();
    expect(fuzzyScore("", "anything")).toBe(0);
  });

  it("ranks word starts and runs above scattered letters", () => {
    const labels = ["Go to Snapshots", "Go to Sync", "Theme: Dark", "Sync now"];
    expect(fuzzyFilter(labels, "sync", (l) => l)).toEqual(["Sync now", "Go to Sync"]);
    expect(fuzzyFilter(labels, "dark", (l) => l)).toEqual(["Theme: Dark"]);
    expect(fuzzyFilter(labels, "gs", (l) => l)).toEqual(["Go to Snapshots", "Go to Sync"]);
    expect(fuzzyFilter(labels, "", (l) => l)).toEqual(labels);
  });
});
