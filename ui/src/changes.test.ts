import { describe, expect, it } from "vitest";
import type { ChangeView } from "./bindings/ChangeView";
import { changeText, fieldLabel, valueText } from "./changes";

const change = (field: string, value: string | null): ChangeView => ({
  opId: "op-1",
  entityTable: "roadmap_item",
  entityId: "item-1",
  field,
  value,
  authorId: "m-1",
  authorName: "Ana Ortiz",
  deviceId: "d-1",
  atMs: 0,
  current: false,
  restorable: true,
});

describe("changes in words", () => {
  const names = new Map([["item-2", "Wallets"]]);

  it("quotes text, names links, and says what a delete did", () => {
    expect(changeText(change("title", "Apple Pay"), names)).toBe("set title to “Apple Pay”");
    expect(changeText(change("parent_id", "item-2"), names)).toBe("set parent to “Wallets”");
    expect(changeText(change("parent_id", "item-9"), names)).toBe("set parent to something no longer listed");
    expect(changeText(change("parent_id", null), names)).toBe("cleared the parent");
    expect(changeText(change("horizon", "one_year"), names)).toBe("set horizon to “1-year item”");
    expect(changeText(change("deleted", "true"), names)).toBe("deleted it");
    expect(changeText(change("deleted", "false"), names)).toBe("brought it back");
  });

  // Which changes may be restored is the core's answer (ChangeView.restorable): ItemDetail.test.
  it("labels fields", () => {
    expect(fieldLabel("goal_id")).toBe("goal");
    expect(fieldLabel("some_new_field")).toBe("some new field");
    expect(valueText("title", null, names)).toBe("nothing");
  });
});
