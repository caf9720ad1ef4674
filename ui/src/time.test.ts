import { describe, expect, it } from "vitest";
import { aboutDuration, plural, relativeTime } from "./time";

const NOW = Date.UTC(2027, 5, 15, 12, 0, 0);
const MIN = 60_000;

describe("relativeTime", () => {
  it("reads like a person says it", () => {
    expect(relativeTime(NOW, NOW)).toBe("just now");
    expect(relativeTime(NOW - 30_000, NOW)).toBe("just now");
    expect(relativeTime(NOW - 50_000, NOW)).toBe("1 min ago");
    expect(relativeTime(NOW - 3 * MIN, NOW)).toBe("3 min ago");
    expect(relativeTime(NOW - 59 * MIN, NOW)).toBe("59 min ago");
    expect(relativeTime(NOW - 2 * 60 * MIN - 5 * MIN, NOW)).toBe("2 h ago");
    expect(relativeTime(NOW - 30 * 60 * MIN, NOW)).toBe("yesterday");
    expect(relativeTime(NOW - 4 * 24 * 60 * MIN, NOW)).toBe("4 days ago");
    expect(relativeTime(NOW - 30 * 24 * 60 * MIN, NOW)).toMatch(/2027/);
  });

  it("a time ahead of this clock (another laptop's) is just now", () => {
    expect(relativeTime(NOW + 10 * MIN, NOW)).toBe("just now");
  });
});

describe("aboutDuration and plural", () => {
  it("rounds a clock difference", () => {
    expect(aboutDuration(7 * MIN + 20_000)).toBe("about 7 min");
    expect(aboutDuration(3 * 60 * MIN)).toBe("about 3 h");
    expect(aboutDuration(3 * 24 * 60 * MIN)).toBe("about 3 days");
  });

  it("counts", () => {
    expect(plural(1, "change")).toBe("1 change");
    expect(plural(0, "change")).toBe("0 changes");
    expect(plural(3, "new conflict")).toBe("3 new conflicts");
  });
});
