import { useEffect, useState } from "react";
import type { WorkspaceView } from "../bindings/WorkspaceView";
import { ROLE_LABEL } from "../labels";
import { GoalsPage } from "./GoalsPage";
import { RoadmapPage } from "./RoadmapPage";

type Page = "goals" | "roadmap";

const PAGES: readonly { page: Page; label: string; key: string }[] = [
  { page: "goals", label: "Goals", key: "1" },
  { page: "roadmap", label: "Roadmap", key: "2" },
];

/** Whether keystrokes are going into a field (so single-key shortcuts must stay quiet). */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target.tagName === "INPUT" ||
    target.tagName === "TEXTAREA" ||
    target.tagName === "SELECT"
  );
}

/** The app: sidebar (workspace, navigation, who you are) and the selected page. */
export function Frame({ workspace }: { workspace: WorkspaceView }) {
  const [page, setPage] = useState<Page>("roadmap");

  // 1 / 2 switch pages; N jumps to the page's "new …" field; Escape leaves a field so these
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
              <span>{p.label}</span>
              <kbd aria-hidden="true">{p.key}</kbd>
            </button>
          ))}
        </nav>
        <div className="whoami" data-testid="whoami" title="You, on this device">
          {me.name} · {ROLE_LABEL[me.role]}
        </div>
      </aside>
      <main className="page">{page === "goals" ? <GoalsPage /> : <RoadmapPage me={me} />}</main>
    </div>
  );
}
