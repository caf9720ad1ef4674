import { useState, type FormEvent } from "react";

/**
 * One line to add a checklist entry — its text and whether it is mandatory — for a launch's
 * checklist and a product's template alike. `onAdd` answers whether it was written; the form
 * empties only then, so a refusal leaves the text to correct.
 */
export function ChecklistEntryForm({
  testid,
  what,
  onAdd,
}: {
  /** Prefix of the test ids: `<testid>-new`, `<testid>-mandatory`, `<testid>-add`. */
  testid: string;
  /** "checklist entry", "template entry": said to screen readers. */
  what: string;
  onAdd(text: string, mandatory: boolean): Promise<unknown>;
}) {
  const [text, setText] = useState("");
  const [mandatory, setMandatory] = useState(false);
  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (text.trim() === "") return;
    if (await onAdd(text.trim(), mandatory)) {
      setText("");
      setMandatory(false);
    }
  };
  return (
    <form className="planning-form" onSubmit={add} aria-label={`Add a ${what}`}>
      <input
        data-testid={`${testid}-new`}
        placeholder="Add an entry…"
        aria-label={`New ${what}`}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <label className="check">
        <input
          type="checkbox"
          data-testid={`${testid}-mandatory`}
          checked={mandatory}
          onChange={(e) => setMandatory(e.target.checked)}
        />
        <span>Mandatory</span>
      </label>
      <button
        type="submit"
        data-testid={`${testid}-add`}
        disabled={text.trim() === ""}
        title={text.trim() === "" ? "Write the entry first" : undefined}
      >
        Add
      </button>
    </form>
  );
}
