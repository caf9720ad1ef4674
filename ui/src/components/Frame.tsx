import { useEffect, useRef, useState } from "react";
import type { WorkspaceView } from "../bindings/WorkspaceView";
import { isTyping } from "../keys";
import { ROLE_LABEL } from "../labels";
import { useQuery } from "../state";
import { plural } from "../time";
import { ScrollerContext } from "../windowing";
import { AlignmentPage } from "./AlignmentPage";
import { GoalsPage } from "./GoalsPage";
import { PeoplePage } from "./PeoplePage";
import { RoadmapPage } from "./RoadmapPage";
import { SnapshotsPage } from "./SnapshotsPage";
import { SyncPage } from "./SyncPage";

type Page = "goals" | "roadmap" | "alignment" | "snapshots" | "people" | "sync";

const PAGES: readonly { page: Page; label: string; key: string }[] = [
  { page: "goals", label: "Goals", key: "1" },
  { page: "roadmap", label: "Roadmap", key: "2" },
  { page: "alignment", label: "Alignment", key: "3" },
  { page: "snapshots", label: "Snapshots", key: "4" },
  { page: "people", label: "People", key: "5" },
  { page: "sync", label: "Sync", key: "6" },
];

const NO_ARGS = {};

/** The app: sidebar (workspace, navigation, who you are) and the selected page. */
export function Frame({ workspace }: { workspace: WorkspaceView }) {
  const [page, setPage] = useState<Page>("roadmap");
  // The page scrolls in <main>: long lists render only what is near its visible part.
  const scroller = useRef<HTMLElement>(null);

  // Read on every refresh (writes, focus, background sync) for the Sync nav's badge.
  const sync = useQuery("sync_status", NO_ARGS);

  // 1–6 switch pages; N jumps to the page's "new …" field; Escape leaves a field so these
  // work again.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.metaKey || e.ctrlKey || e.altKey) return;
      if (isTyping(e.target)) {
        if (e.key === "Escape" && e.target instanceof HTMLElement) e.target.blur();
        return;
      }
      const to = PAGES.find((p) => p.key === e.key);
      if (to) {
        e.preventDefault();
        setPage(to.page);
      } else if (e.key === "n" || e.key === "N") {
        const field = document.querySelector<HTMLElement>("[data-shortcut-new]");
        if (field) {
          e.preventDefault();
          field.focus();
        }
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const me = workspace.me;
  return (
    <div className="frame">
      <aside className="sidebar">
        <div className="workspace-name" data-testid="workspace-name" title={workspace.name}>
          {workspace.name}
        </div>
        <nav aria-label="Pages">
          {PAGES.map((p) => (
            <button
              key={p.page}
              type="button"
              className="nav-item"
              data-testid={`nav-${p.page}`}
              aria-current={page === p.page ? "page" : undefined}
              onClick={() => setPage(p.page)}
            >
              <span className="nav-label">
                {p.label}
                {p.page === "sync" && sync && (
                  <SyncSignals unseenConflicts={sync.unseenConflicts} problems={sync.problems.length} />
                )}
              </span>
              <kbd aria-hidden="true">{p.key}</kbd>
            </button>
          ))}
        </nav>
        <div className="whoami" data-testid="whoami" title="You, on this device">
          {me.name} · {ROLE_LABEL[me.role]}
        </div>
      </aside>
      <main className="page" ref={scroller}>
        <ScrollerContext.Provider value={scroller}>
          {page === "goals" ? (
            <GoalsPage />
          ) : page === "alignment" ? (
            <AlignmentPage />
          ) : page === "snapshots" ? (
            <SnapshotsPage />
          ) : page === "people" ? (
            <PeoplePage me={me} can={workspace.can} onSync={() => setPage("sync")} />
          ) : page === "sync" ? (
            <SyncPage me={me} can={workspace.can} onPeople={() => setPage("people")} />
          ) : (
            <RoadmapPage me={me} can={workspace.can} />
          )}
        </ScrollerContext.Provider>
      </main>
    </div>
  );
}

/** On the Sync nav: conflicts not yet looked at, and a dot when the last pass met problems. */
function SyncSignals({ unseenConflicts, problems }: { unseenConflicts: number; problems: number }) {
  return (
    <>
      {unseenConflicts > 0 && (
        <span
          className="badge"
          data-testid="nav-sync-conflicts"
          title={`${plural(unseenConflicts, "conflict")} not yet looked at`}
        >
          {unseenConflicts}
          <span className="sr-only"> new {unseenConflicts === 1 ? "conflict" : "conflicts"}</span>
        </span>
      )}
      {problems > 0 && (
        <span className="warn-dot" data-testid="nav-sync-problems" title="The last sync met problems">
          <span className="sr-only">the last sync met problems</span>
        </span>
      )}
    </>
  );
}
