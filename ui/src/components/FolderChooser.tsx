import { useState } from "react";
import { useApp } from "../state";

/**
 * "Choose…": the system's folder picker, filling the path field beside it (which stays, for a
 * typed or pasted path). Shown only where there is a native picker (the app, not component tests).
 */
export function FolderChooser({
  title,
  testId,
  start,
  onChosen,
}: {
  title: string;
  testId: string;
  /** Where the picker opens: the path typed so far (else the home folder). */
  start: string;
  onChosen(folder: string): void;
}) {
  const { backend, report } = useApp();
  const [open, setOpen] = useState(false);
  if (!backend.chooseFolder) return null;
  const choose = async () => {
    setOpen(true);
    try {
      const folder = await backend.chooseFolder?.(title, start);
      if (folder) onChosen(folder);
    } catch (e) {
      report(e);
    } finally {
      setOpen(false);
    }
  };
  return (
    <button type="button" data-testid={testId} onClick={() => void choose()} disabled={open}>
      Choose…
    </button>
  );
}
