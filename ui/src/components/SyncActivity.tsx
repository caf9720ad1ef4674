import { useEffect, useState } from "react";
import type { Backend } from "../backend";
import type { Progress } from "../bindings/Progress";

/** While a long sync pass or a join runs (a large first join takes a while), a status line at
 * the foot of the window says what it is doing and how many changes have arrived; it goes
 * when the work ends. Short passes never show it: the shell reports only long ones. */
export function SyncActivity({ backend }: { backend: Backend }) {
  const [progress, setProgress] = useState<Progress | null>(null);
  useEffect(() => backend.onProgress?.((p) => setProgress(p.finished ? null : p)), [backend]);
  if (progress === null) return null;
  return (
    <div className="sync-activity" role="status" aria-live="polite" data-testid="sync-activity">
      <span className="sync-activity-bar" aria-hidden="true" />
      <span>{describe(progress)}</span>
    </div>
  );
}

/** "Joining the workspace: 150,000 changes received · applying changes from laptop 2 of 8 (12 s)". */
export function describe(p: Progress): string {
  const what = p.task === "join" ? "Joining the workspace" : "Syncing";
  const count = `${p.received.toLocaleString("en-US")} ${p.received === 1 ? "change" : "changes"} received`;
  const doing = p.doing === "" ? "" : ` · ${p.doing}`;
  return `${what}: ${count}${doing} (${Math.round(p.elapsedMs / 1000)} s)`;
}
