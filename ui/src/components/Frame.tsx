import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { MemberView } from "../bindings/MemberView";
import type { SearchHitView } from "../bindings/SearchHitView";
import type { WorkspaceView } from "../bindings/WorkspaceView";
import { NavContext, type Navigation } from "../delegation";
import { isTyping } from "../keys";
import { ROLE_LABEL } from "../labels";
import { type MenuGroup, menuGroups, PALETTE_ENTRY } from "../menu";
import { useApp, useQuery, useWrite } from "../state";
import { THEME_CHOICES, THEME_LABEL, type ThemeChoice, useTheme } from "../theme";
import { plural } from "../time";
import { ScrollerContext } from "../windowing";
import { AlignmentPage } from "./AlignmentPage";
import { BoardPage } from "./BoardPage";
import { type Command, CommandPalette, ShortcutSheet } from "./CommandPalette";
import { DecidePage } from "./DecidePage";
import { DecisionsPage } from "./DecisionsPage";
import { DelegationPage } from "./DelegationPage";
import { FeedbackPage } from "./FeedbackPage";
import { GoalsPage } from "./GoalsPage";
import { IdeasPage } from "./IdeasPage";
import { InboxPage } from "./InboxPage";
import { JournalPage } from "./JournalPage";
import { LaunchesPage } from "./LaunchesPage";
import { PeoplePage } from "./PeoplePage";
import { ProgressPage } from "./ProgressPage";
import { RoadmapPage } from "./RoadmapPage";
import { SnapshotsPage } from "./SnapshotsPage";
import { SprintsPage } from "./SprintsPage";
import { SyncPage } from "./SyncPage";
import { useUndoRedo } from "./UndoRedo";

type Page =
  | "decide"
  | "inbox"
  | "board"
  | "goals"
  | "roadmap"
  | "alignment"
  | "snapshots"
  | "people"
  | "sync"
  | "feedback"
  | "ideas"
  | "decisions"
  | "sprints"
  | "launches"
  | "progress"
  | "journal"
  | "delegation";

/** The pages of the navigation; the delegated item page is reached from them, not from it. */
type NavPage = Exclude<Page, "delegation">;

const PAGES: readonly { page: NavPage; label: string; key: string }[] = [
  { page: "decide", label: "Awaiting decision", key: "D" },
  { page: "inbox", label: "Inbox", key: "I" },
  { page: "board", label: "Board", key: "B" },
  { page: "goals", label: "Goals", key: "1" },
  { page: "roadmap", label: "Roadmap", key: "2" },
  { page: "alignment", label: "Alignment", key: "3" },
  { page: "snapshots", label: "Snapshots", key: "4" },
  { page: "people", label: "People", key: "5" },
  { page: "sync", label: "Sync", key: "6" },
  { page: "feedback", label: "Feedback", key: "7" },
  { page: "ideas", label: "Ideas", key: "8" },
  { page: "decisions", label: "Decision log", key: "9" },
  { page: "sprints", label: "Sprints", key: "S" },
  { page: "launches", label: "Launches", key: "L" },
  { page: "progress", label: "Progress", key: "P" },
  { page: "journal", label: "Journal", key: "J" },
];

/** Whether `page` is in `role`'s navigation: the board is for those who delegate, deciding for leadership. */
function hasPage(role: MemberView["role"], page: NavPage): boolean {
  if (page === "board") return role !== "junior";
  if (page === "decide") return role === "leadership";
  return true;
}

const NO_ARGS = {};

/** The app: sidebar (workspace, navigation, who you are) and the selected page. */
export function Frame({ workspace }: { workspace: WorkspaceView }) {
  const me = workspace.me;
  // A junior PM starts on their inbox; everyone else on the roadmap.
  const [page, setPageState] = useState<Page>(me.role === "junior" ? "inbox" : "roadmap");
  // Leadership starts on the ideas awaiting their decision when there are any (known at the
  // queue's first answer, unless they moved on already).
  const moved = useRef(false);
  const setPage = useCallback((to: Page) => {
    moved.current = true;
    setPageState(to);
  }, []);
  const queue = useQuery("idea_queue", me.role === "leadership" ? NO_ARGS : null);
  const awaiting = queue?.awaitingDecision.length ?? 0;
  useEffect(() => {
    if (!moved.current && awaiting > 0) {
      moved.current = true;
      setPageState("decide");
    }
  }, [awaiting]);
  // The page scrolls in <main>: long lists render only what is near its visible part.
  const scroller = useRef<HTMLElement>(null);

  // The delegated item shown on the delegation page, the page it was opened from, and which
  // story to open (`n` changes on every request, so asking again for the same story opens it).
  const [delegation, setDelegation] = useState<{ id: string; storyId: string | null; n: number; from: NavPage } | null>(
    null,
  );
  const openDelegation = useCallback(
    (id: string, storyId: string | null = null) => {
      setDelegation((d) => ({ id, storyId, n: (d?.n ?? 0) + 1, from: page === "delegation" ? (d?.from ?? "roadmap") : page }));
      setPage("delegation");
      scroller.current?.scrollTo?.({ top: 0 });
    },
    [page, setPage],
  );
  const nav = useMemo<Navigation>(() => ({ openDelegation }), [openDelegation]);

  // What search opened last: the page it lives on mounts anew (`n`) showing it. Going to a
  // page by the navigation, a key or a command forgets it.
  const [found, setFound] = useState<{ n: number; goal: string | null; idea: string | null }>({
    n: 0,
    goal: null,
    idea: null,
  });
  const goTo = useCallback(
    (to: Page) => {
      setFound((f) => (f.goal === null && f.idea === null ? f : { ...f, goal: null, idea: null }));
      setPage(to);
    },
    [setPage],
  );
  const { drafts, backend } = useApp();
  const openHit = useCallback(
    (hit: SearchHitView) => {
      if (hit.kind === "story") {
        if (hit.delegationId) openDelegation(hit.delegationId, hit.id);
        return;
      }
      if (hit.kind === "item" || hit.kind === "product") {
        // The roadmap of the item's product, with the item's details open.
        if (hit.productId) drafts.set("roadmap.product", hit.productId);
        drafts.set("roadmap.open", hit.kind === "item" ? hit.id : null);
        setFound((f) => ({ n: f.n + 1, goal: null, idea: null }));
        setPage("roadmap");
      } else if (hit.kind === "goal") {
        setFound((f) => ({ n: f.n + 1, goal: hit.id, idea: null }));
        setPage("goals");
      } else {
        // An idea, or the idea a decision was made on, open beside the pipeline.
        setFound((f) => ({ n: f.n + 1, goal: null, idea: hit.ideaId }));
        setPage("ideas");
      }
      scroller.current?.scrollTo?.({ top: 0 });
    },
    [drafts, openDelegation, setPage],
  );

  const [theme, chooseTheme] = useTheme();
  // The command palette (Ctrl/⌘+K) or the shortcut sheet (?), when open.
  const [overlay, setOverlay] = useState<"palette" | "shortcuts" | null>(null);
  const write = useWrite();
  const undoRedo = useUndoRedo();
  const commands = useMemo<Command[]>(() => {
    const go = PAGES.filter((p) => hasPage(me.role, p.page)).map((p) => ({
      id: `go-${p.page}`,
      label: `Go to ${p.label}`,
      group: "Go",
      shortcut: p.key,
      run: () => goTo(p.page),
    }));
    const themes = THEME_CHOICES.map((c) => ({
      id: `theme-${c}`,
      label: `Theme: ${THEME_LABEL[c]}${c === theme ? " (current)" : ""}`,
      group: "View",
      run: () => chooseTheme(c),
    }));
    return [
      ...go,
      {
        id: "new",
        label: "New… (the page's new item, goal or person)",
        group: "Edit",
        shortcut: "N",
        run: () => document.querySelector<HTMLElement>("[data-shortcut-new]")?.focus(),
      },
      ...undoRedo.commands,
      {
        id: "sync-now",
        label: "Sync now",
        group: "Sync",
        run: () => void write((b) => b.call("sync_now", NO_ARGS)),
      },
      ...themes,
      { id: "shortcuts", label: "Keyboard shortcuts", group: "Help", shortcut: "?", run: () => setOverlay("shortcuts") },
    ];
  }, [me.role, goTo, theme, chooseTheme, write, undoRedo.commands]);

  // The native menu bar shows the same commands; a choice there runs as from the palette. The
  // shell rebuilds the bar only when what it shows changes (the role's pages, the theme): a
  // rebuild on every render closed an open <select> popup under it.
  const chooseFromMenu = useRef<(id: string) => void>(() => {});
  chooseFromMenu.current = (id: string) => {
    if (id === PALETTE_ENTRY) setOverlay((o) => (o === "palette" ? null : "palette"));
    else commands.find((c) => c.id === id)?.run();
  };
  const menu = useMemo(() => JSON.stringify(menuGroups(commands)), [commands]);
  useEffect(() => backend.setMenu?.(JSON.parse(menu) as MenuGroup[]), [backend, menu]);
  useEffect(() => backend.onMenu?.((id) => chooseFromMenu.current(id)), [backend]);

  // Ctrl/⌘+K opens the palette (from a field too); ? the shortcut sheet; 1–9 switch pages, I
  // the inbox, B the board, D what awaits my decision (leadership), S sprints, L launches,
  // P progress, J the journal; N jumps to the page's
  // "new …" field; Escape leaves a field so these
  // work again.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.metaKey || e.ctrlKey) && !e.altKey && !e.shiftKey && (e.key === "k" || e.key === "K")) {
        e.preventDefault();
        setOverlay((o) => (o === "palette" ? null : "palette"));
        return;
      }
      if (e.defaultPrevented || e.metaKey || e.ctrlKey || e.altKey || overlay !== null) return;
      if (e.key === "?" && !isTyping(e.target)) {
        e.preventDefault();
        setOverlay("shortcuts");
        return;
      }
      if (isTyping(e.target)) {
        if (e.key === "Escape" && e.target instanceof HTMLElement) e.target.blur();
        return;
      }
      const to = PAGES.find((p) => (p.key === e.key || p.key === e.key.toUpperCase()) && hasPage(me.role, p.page));
      if (to) {
        e.preventDefault();
        goTo(to.page);
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
  }, [me.role, goTo, overlay]);

  return (
    <div className="frame">
      <aside className="sidebar">
        <div className="workspace-name" data-testid="workspace-name" title={workspace.name}>
          {workspace.name}
        </div>
        <button
          type="button"
          className="palette-button"
          data-testid="open-palette"
          onClick={() => setOverlay("palette")}
        >
          <span>Commands</span>
          <kbd aria-hidden="true">Ctrl K</kbd>
        </button>
        <PageNav me={me} page={page} onPage={goTo} />
        <div className="whoami" data-testid="whoami" title="You, on this device">
          {me.name} · {ROLE_LABEL[me.role]}
        </div>
        <ThemePicker choice={theme} onChoose={chooseTheme} />
      </aside>
      {undoRedo.notice}
      <main className="page" ref={scroller}>
        <ScrollerContext.Provider value={scroller}>
          <NavContext.Provider value={nav}>
          {page === "delegation" && delegation ? (
            <DelegationPage
              key={delegation.id}
              id={delegation.id}
              request={delegation}
              onBack={() => setPage(delegation.from)}
            />
          ) : page === "decide" ? (
            <DecidePage />
          ) : page === "feedback" ? (
            <FeedbackPage />
          ) : page === "ideas" ? (
            <IdeasPage key={found.n} openId={found.idea} />
          ) : page === "decisions" ? (
            <DecisionsPage />
          ) : page === "sprints" ? (
            <SprintsPage me={me} />
          ) : page === "launches" ? (
            <LaunchesPage me={me} />
          ) : page === "progress" ? (
            <ProgressPage />
          ) : page === "journal" ? (
            <JournalPage me={me} />
          ) : page === "inbox" ? (
            <InboxPage me={me} />
          ) : page === "board" ? (
            <BoardPage />
          ) : page === "goals" ? (
            <GoalsPage key={found.n} show={found.goal} />
          ) : page === "alignment" ? (
            <AlignmentPage />
          ) : page === "snapshots" ? (
            <SnapshotsPage />
          ) : page === "people" ? (
            <PeoplePage me={me} can={workspace.can} onSync={() => setPage("sync")} />
          ) : page === "sync" ? (
            <SyncPage me={me} can={workspace.can} onPeople={() => setPage("people")} />
          ) : (
            <RoadmapPage key={found.n} me={me} can={workspace.can} />
          )}
          </NavContext.Provider>
        </ScrollerContext.Provider>
      </main>
      {overlay === "palette" && (
        <CommandPalette commands={commands} onClose={() => setOverlay(null)} onOpenHit={openHit} />
      )}
      {overlay === "shortcuts" && <ShortcutSheet onClose={() => setOverlay(null)} />}
    </div>
  );
}

/**
 * The navigation with its badges. Its reads (re-read on every refresh) live here, so their
 * answers re-render the navigation only, not the page beside it.
 */
function PageNav({ me, page, onPage }: { me: MemberView; page: Page; onPage(page: NavPage): void }) {
  // Read on every refresh (writes, focus, background sync) for the Sync nav's badge.
  const sync = useQuery("sync_status", NO_ARGS);
  // The Inbox and Board badges (the core counts what waits on me). Junior PMs have no board.
  const inbox = useQuery("inbox_get", NO_ARGS);
  const seesBoard = me.role !== "junior";
  const board = useQuery("board_get", seesBoard ? NO_ARGS : null);
  // The ideas badges: what awaits my decision, ideas waiting on me, feedback to triage.
  const ideas = useQuery("idea_queue", NO_ARGS);
  // Juniors always see their inbox; seniors and leadership when something was delegated to
  // them (or while they are on it).
  const inboxHasAny =
    inbox !== undefined &&
    (inbox.count > 0 || inbox.offered.length + inbox.actions.length + inbox.inReview.length + inbox.checkinsDue.length > 0);
  const shown = PAGES.filter(
    (p) =>
      (p.page !== "inbox" || me.role === "junior" || inboxHasAny || page === "inbox") && hasPage(me.role, p.page),
  );
  return (
    <nav aria-label="Pages">
      {shown.map((p) => (
        <button
          key={p.page}
          type="button"
          className="nav-item"
          data-testid={`nav-${p.page}`}
          aria-current={page === p.page ? "page" : undefined}
          onClick={() => onPage(p.page)}
        >
          <span className="nav-label">
            {p.label}
            {p.page === "inbox" && inbox && inbox.count > 0 && (
              <CountBadge testid="nav-inbox-count" count={inbox.count} what="waiting on you" />
            )}
            {p.page === "board" && board && board.reviewsWaiting > 0 && (
              <CountBadge testid="nav-board-reviews" count={board.reviewsWaiting} what="reviews waiting on you" />
            )}
            {p.page === "decide" && ideas && ideas.awaitingDecision.length + ideas.toRevisit.length > 0 && (
              <CountBadge
                testid="nav-decide-count"
                count={ideas.awaitingDecision.length + ideas.toRevisit.length}
                what="awaiting your decision"
              />
            )}
            {p.page === "ideas" && ideas && ideas.toSponsor.length + ideas.returned.length + ideas.toPlace.length > 0 && (
              <CountBadge
                testid="nav-ideas-count"
                count={ideas.toSponsor.length + ideas.returned.length + ideas.toPlace.length}
                what="ideas waiting on you"
              />
            )}
            {p.page === "feedback" && ideas && ideas.feedbackNew > 0 && (
              <CountBadge testid="nav-feedback-count" count={ideas.feedbackNew} what="to triage" />
            )}
            {p.page === "sync" && sync && (
              <SyncSignals unseenConflicts={sync.unseenConflicts} problems={sync.problems.length} />
            )}
          </span>
          <kbd aria-hidden="true">{p.key}</kbd>
        </button>
      ))}
    </nav>
  );
}

/** A count on a nav item, read out with what it counts. */
function CountBadge({ testid, count, what }: { testid: string; count: number; what: string }) {
  return (
    <span className="badge" data-testid={testid} title={`${count} ${what}`}>
      {count}
      <span className="sr-only"> {what}</span>
    </span>
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

/** Light, dark, or the OS's: a preference of this laptop (see theme.ts). */
function ThemePicker({ choice, onChoose }: { choice: ThemeChoice; onChoose(choice: ThemeChoice): void }) {
  return (
    <label className="theme-picker">
      <span>Theme</span>
      <select
        data-testid="theme-choice"
        value={choice}
        onChange={(e) => onChoose(e.target.value as ThemeChoice)}
      >
        {THEME_CHOICES.map((c) => (
          <option key={c} value={c}>
            {THEME_LABEL[c]}
          </option>
        ))}
      </select>
    </label>
  );
}
