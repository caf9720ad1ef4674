import { describe, expect, it } from "vitest";
import { EVERYTHING, windowSlots } from "./windowing";

const total = (slots: ReturnType<typeof windowSlots>, heights: number[]) =>
  slots.reduce((sum, s) => sum + ("row" in s ? heights[s.row] : s.gap), 0);

describe("windowSlots", () => {
  const heights = [10, 10, 10, 10, 10, 10, 10, 10, 10, 10];

  it("renders the rows overlapping the span and one spacer per run of the others", () => {
    const slots = windowSlots(heights, 0, { top: 25, bottom: 45 });
    expect(slots).toEqual([
      { gap: 20, from: 0, to: 2 },
      { row: 2, top: 20 },
      { row: 3, top: 30 },
      { row: 4, top: 40 },
      { gap: 50, from: 5, to: 10 },
    ]);
    // The page scrolls as if every row were there.
    expect(total(slots, heights)).toBe(100);
  });

  it("counts from where the list starts", () => {
    expect(windowSlots([10, 10, 10], 100, { top: 0, bottom: 115 })).toEqual([
      { row: 0, top: 100 },
      { row: 1, top: 110 },
      { gap: 10, from: 2, to: 3 },
    ]);
  });

  it("keeps the rows it is told to keep wherever the span is", () => {
    const slots = windowSlots(heights, 0, { top: 0, bottom: 15 }, (row) => row === 7);
    expect(slots).toEqual([
      { row: 0, top: 0 },
      { row: 1, top: 10 },
      { gap: 50, from: 2, to: 7 },
      { row: 7, top: 70 },
      { gap: 20, from: 8, to: 10 },
    ]);
    expect(total(slots, heights)).toBe(100);
  });

  it("renders everything when there is no layout, and nothing for a span elsewhere", () => {
    expect(windowSlots(heights, 0, EVERYTHING).every((s) => "row" in s)).toBe(true);
    expect(windowSlots(heights, 0, { top: 500, bottom: 900 })).toEqual([{ gap: 100, from: 0, to: 10 }]);
    expect(windowSlots([], 0, { top: 0, bottom: 100 })).toEqual([]);
  });
});
