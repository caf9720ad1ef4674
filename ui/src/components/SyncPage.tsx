import { useEffect, useMemo, useState, type FormEvent } from "react";
import type { CapabilitiesView } from "../bindings/CapabilitiesView";
import type { ConflictView } from "../bindings/ConflictView";
import type { DeviceSeenView } from "../bindings/DeviceSeenView";
import type { HeldView } from "../bindings/HeldView";
import type { EnrolledView } from "../bindings/EnrolledView";
import type { InviteView } from "../bindings/InviteView";
import type { MemberView } from "../bindings/MemberView";
import type { RefusedView } from "../bindings/RefusedView";
import type { SyncPassView } from "../bindings/SyncPassView";
import type { SyncStatusView } from "../bindings/SyncStatusView";
import { authorText, capitalized, fieldLabel, valueText } from "../changes";
import { ROLE_LABEL } from "../labels";
import { useShownMark } from "../marks";
import { useApp, useDraft, useQuery, useWrite } from "../state";
import "../strategy.css";
import { aboutDuration, plural, relativeTime, useNow } from "../time";
import { FolderChooser } from "./FolderChooser";
import { notificationsOn, setNotificationsOn } from "../notify";

/** Whether a sync that brings something for me shows a desktop notification (this laptop). */
function NotifyChoice() {
  const [on, setOn] = useState(notificationsOn);
  return (
    <label className="notify-choice">
      <input
        type="checkbox"
        data-testid="notify-toggle"
        checked={on}
        onChange={(e) => {
          setNotificationsOn(e.target.checked);
          setOn(e.target.checked);
        }}
      />
      <span>Tell me on the desktop when a sync brings something that needs me</span>
    </label>
  );
}

const NO_ARGS = {};
const ALL_CONFLICTS = { unseenOnly: false };
const ALL_ITEMS = {};
/** A clock this far ahead of ours is worth mentioning (merges follow the clocks). */
const CLOCK_WARNING_MS = 5 * 60_000;
/** How long a pass's result stays next to "Sync now". */
const RESULT_MS = 10_000;

/** Sync: the shared folder, what other laptops have seen, inviting teammates, conflicts. */
export function SyncPage({ me, can, onPeople }: { me: MemberView; can: CapabilitiesView; onPeople(): void }) {
  const status = useQuery("sync_status", NO_ARGS);
  const conflicts = useQuery("conflict_list", ALL_CONFLICTS);
  const refused = useQuery("refused_list", NO_ARGS);
  // Every item is read (the largest read here at scale) only when a row names one: a conflict
  // over what an item serves, or a refused change to an item or to what one serves.
  const namesItems =
    (conflicts?.some((c) => c.field === "parent_id") ?? false) ||
    (refused?.some((r) => r.entityTable === "roadmap_item" || r.field === "parent_id") ?? false);
  const names = useNames(namesItems);
  const now = useNow();
  // The last pass run from this page, shown briefly.
  const [result, setResult] = useState<{ pass: SyncPassView; at: number } | null>(null);
  useEffect(() => {
    if (!result) return;
    const timer = window.setTimeout(() => setResult(null), RESULT_MS);
    return () => window.clearTimeout(timer);
  }, [result]);
  const showPass = (pass: SyncPassView) => setResult({ pass, at: Date.now() });
  useShownMark("sync", status !== undefined && conflicts !== undefined && refused !== undefined && names !== undefined);

  return (
    <div className="sync">
      <header className="page-header">
        <h1>Sync</h1>
        <p className="muted">
          Laptops exchange changes through a shared folder. Each works fully offline; edits merge when
          they meet.
        </p>
      </header>

      {status && (
        <>
          {status.folder === null ? (
            <section className="panel" aria-labelledby="sync-folder-heading">
              <h2 id="sync-folder-heading">Choose a shared folder</h2>
              <p className="muted">
                Any folder every teammate&rsquo;s laptop can reach: a shared network folder, a Syncthing
                or Dropbox folder, or a USB stick passed around. Baton writes only its own files there
                (in a <code>baton</code> folder) and never needs a server.
              </p>
              <FolderForm onPass={showPass} />
            </section>
          ) : (
            <StatusBlock status={status} now={now} result={result?.pass ?? null} onPass={showPass} />
          )}
          {status.folder !== null && <NotifyChoice />}
          {status.folder !== null && <Devices devices={status.devices} now={now} />}
          {status.enrolled.length > 0 && <Enrolled enrolled={status.enrolled} />}
          {status.problems.length > 0 && <Problems problems={status.problems} />}
          {status.held.length > 0 && <Held held={status.held} />}
        </>
      )}

      <InviteSection
        me={me}
        can={can}
        folderChosen={status ? status.folder !== null : false}
        onPeople={onPeople}
      />
      <Conflicts conflicts={conflicts} names={names ?? NO_NAMES} now={now} />
      <Refused refused={refused} names={names ?? NO_NAMES} now={now} />
    </div>
  );
}

function FolderForm({ onPass, current }: { onPass(pass: SyncPassView): void; current?: string }) {
  const write = useWrite();
  const [folder, setFolder] = useDraft("sync.folder", "");
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const pass = await write((b) => b.call("sync_set_folder", { folder }));
    if (pass) {
      setFolder("");
      onPass(pass);
    }
  };
  return (
    <form className="inline-form folder-form" onSubmit={submit} aria-label="Sync folder">
      <input
        data-testid="sync-folder"
        aria-label="Shared folder"
        className="grow"
        placeholder={current ?? "/Volumes/Team/Baton or ~/Sync/Baton"}
        spellCheck={false}
        value={folder}
        onChange={(e) => setFolder(e.target.value)}
      />
      <FolderChooser title="The folder your team syncs through" testId="sync-folder-choose" start={folder} onChosen={setFolder} />
      <button type="submit" data-testid="sync-folder-set">
        Use this folder
      </button>
    </form>
  );
}

function passText(pass: SyncPassView): string {
  const parts = [`Sent ${pass.published}, received ${pass.received}`];
  if (pass.conflicts > 0) parts.push(`${plural(pass.conflicts, "new conflict")} (see below)`);
  if (pass.problems.length > 0) parts.push(plural(pass.problems.length, "problem"));
  return parts.join(" · ");
}

function StatusBlock({
  status,
  now,
  result,
  onPass,
}: {
  status: SyncStatusView;
  now: number;
  result: SyncPassView | null;
  onPass(pass: SyncPassView): void;
}) {
  const write = useWrite();
  const [running, setRunning] = useState(false);
  const syncNow = async () => {
    setRunning(true);
    const pass = await write((b) => b.call("sync_now", NO_ARGS));
    setRunning(false);
    if (pass) onPass(pass);
  };

  return (
    <section className="panel sync-status" data-testid="sync-status" aria-label="Sync status">
      <p>
        Syncing through <code className="path">{status.folder}</code>
      </p>
      <p>
        {running
          ? "Syncing…"
          : status.lastPassMs === null
            ? "Not synced yet"
            : `Last synced ${relativeTime(status.lastPassMs, now)}`}
      </p>
      <p className="muted">
        {status.unseenByOthers > 0
          ? `${plural(status.unseenByOthers, "change")} not yet seen by every other laptop`
          : status.devices.length > 0
            ? "Every other laptop has seen every change made here"
            : "Nothing made here is waiting for another laptop"}
        {status.unpublished > 0 && ` · ${status.unpublished} not yet written to the folder`}
      </p>
      <div className="sync-actions">
        <button type="button" className="primary" data-testid="sync-now" onClick={syncNow} disabled={running}>
          Sync now
        </button>
        {result && (
          <span className="muted" data-testid="sync-result" role="status">
            {passText(result)}
          </span>
        )}
      </div>
      <details className="change-folder">
        <summary>Use another folder</summary>
        <FolderForm onPass={onPass} current={status.folder ?? undefined} />
      </details>
    </section>
  );
}

function deviceText(d: DeviceSeenView, now: number): string {
  const who = d.sameLaptop
    ? `This laptop, as it was before a restore or copy (${d.deviceId.slice(-8)})`
    : d.replaced
      ? `${d.memberName ? `${d.memberName}'s laptop` : "A laptop"} as it was before a restore or copy (${d.deviceId.slice(-8)}): replaced, not waited for`
      : d.memberName
        ? `${d.memberName}'s laptop`
      : `A laptop not yet known here (${d.deviceId.slice(0, 8)})`;
  const seen = d.lastSeenMs === null ? "not seen yet" : `last seen ${relativeTime(d.lastSeenMs, now)}`;
  const parts = [who, seen, `${plural(d.changesReceived, "change")} received`];
  if (d.clockAheadMs > CLOCK_WARNING_MS) parts.push(`clock ${aboutDuration(d.clockAheadMs)} ahead`);
  return parts.join(" · ");
}

function Devices({ devices, now }: { devices: DeviceSeenView[]; now: number }) {
  return (
    <section className="panel" aria-labelledby="devices-heading">
      <h2 id="devices-heading">Other laptops</h2>
      {devices.length === 0 ? (
        <p className="empty">No other laptop has synced through this folder yet: invite a teammate below.</p>
      ) : (
        <ul className="rows">
          {devices.map((d) => (
            <li
              key={d.deviceId}
              data-testid="sync-device"
              className={d.clockAheadMs > CLOCK_WARNING_MS ? "row clock-ahead" : "row"}
            >
              {deviceText(d, now)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The laptops enrolled in the workspace: each signs what it publishes with its own key, and
 * nothing signed by another key is read as theirs. */
function Enrolled({ enrolled }: { enrolled: EnrolledView[] }) {
  return (
    <section className="panel" aria-labelledby="enrolled-heading">
      <h2 id="enrolled-heading">Enrolled laptops</h2>
      <p className="muted">
        Each laptop signs what it publishes with its own key; changes that are not signed by the laptop they
        claim to come from are refused.
      </p>
      <ul className="rows">
        {enrolled.map((e) => (
          <li key={e.deviceId} className="row" data-testid="sync-enrolled">
            {e.thisLaptop ? "This laptop" : `${e.memberName}'s laptop`}
            {e.thisLaptop ? ` (${e.memberName})` : ""} · {e.how} · key <code>{e.keyPrefix}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Problems({ problems }: { problems: string[] }) {
  return (
    <section className="panel problems" aria-labelledby="problems-heading">
      <h2 id="problems-heading">The last sync met {problems.length === 1 ? "a problem" : "problems"}</h2>
      <ul className="rows">
        {problems.map((p, i) => (
          <li key={i} className="row warning" data-testid="sync-problem">
            {p}
          </li>
        ))}
      </ul>
      <p className="muted hint">Nothing is lost: changes wait here and go out on the next pass that works.</p>
    </section>
  );
}

/**
 * Changes received with a clock more than a day ahead of this laptop's: kept, not applied until
 * this laptop's clock gets within a day of theirs. The core words each group (who, how far
 * ahead, when it applies, what to do). Shown only when there are some.
 */
function Held({ held }: { held: HeldView[] }) {
  const total = held.reduce((n, h) => n + h.count, 0);
  return (
    <section className="panel" aria-labelledby="held-heading" data-testid="held">
      <h2 id="held-heading">
        Changes waiting for this laptop&rsquo;s clock <span className="count">{total}</span>
      </h2>
      <p className="muted">
        Their clock is more than a day ahead of this laptop&rsquo;s. Applied now, they would override
        every later edit until that date, so they are kept and applied when the time comes.
      </p>
      <ul className="rows">
        {held.map((h) => (
          <li key={`${h.deviceId} ${h.authorId}`} className="row warning" data-testid="held-item">
            {h.sentence}
          </li>
        ))}
      </ul>
    </section>
  );
}

function InviteSection({
  me,
  can,
  folderChosen,
  onPeople,
}: {
  me: MemberView;
  can: CapabilitiesView;
  folderChosen: boolean;
  onPeople(): void;
}) {
  const members = useQuery("member_list", NO_ARGS);
  const write = useWrite();
  // The People page sets it to the member added there last.
  const [chosen, setChosen] = useDraft("invite.member", "");
  const [invite, setInvite] = useDraft<InviteView | null>("invite.result", null);
  // Inviting someone needs the same right as adding them: the core lists the roles I may add.
  const others = members?.filter((m) => m.id !== me.id && can.addMembers.includes(m.role)) ?? [];
  // What the select shows is what is sent, even before anything is picked.
  const memberId = others.some((m) => m.id === chosen) ? chosen : (others[0]?.id ?? "");

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const made = await write((b) => b.call("invite_create", { memberId }));
    if (made) setInvite(made);
  };

  return (
    <section className="panel" aria-labelledby="invite-heading">
      <h2 id="invite-heading">Invite a teammate</h2>
      {!folderChosen ? (
        <p className="muted">Choose the shared folder first: the invite is written there.</p>
      ) : members === undefined ? null : can.addMembers.length === 0 ? (
        <p className="muted">Senior PMs and leadership invite teammates.</p>
      ) : others.length === 0 ? (
        <p className="muted">
          Add the teammate on the <PeopleLink onClick={onPeople} /> page, then invite them here.
        </p>
      ) : (
        <form className="inline-form" onSubmit={submit} aria-label="Invite a teammate">
          <select
            data-testid="invite-member"
            aria-label="Member to invite"
            value={memberId}
            onChange={(e) => setChosen(e.target.value)}
          >
            {others.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name} · {ROLE_LABEL[m.role]}
              </option>
            ))}
          </select>
          <button type="submit" data-testid="invite-create">
            Create invite
          </button>
        </form>
      )}
      {invite && <InviteResult invite={invite} onRevoked={() => setInvite(null)} />}
      {folderChosen && others.length > 0 && (
        <p className="muted hint">
          Not listed? Add them on the <PeopleLink onClick={onPeople} /> page first.
        </p>
      )}
    </section>
  );
}

function PeopleLink({ onClick }: { onClick(): void }) {
  return (
    <button type="button" className="link-button" data-testid="sync-people-link" onClick={onClick}>
      People
    </button>
  );
}

function InviteResult({ invite, onRevoked }: { invite: InviteView; onRevoked(): void }) {
  const { report } = useApp();
  const write = useWrite();
  const [copied, setCopied] = useState(false);
  const revoke = async () => {
    const done = await write(async (b) => {
      await b.call("invite_revoke", { invite: invite.invite });
      return true;
    });
    if (done) onRevoked();
  };
  const clipboard = typeof navigator !== "undefined" ? navigator.clipboard : undefined;
  const copy = async () => {
    try {
      await clipboard?.writeText(invite.invite);
      setCopied(true);
    } catch (e) {
      const message = `Could not copy the invite (${String(e)}): select it and copy it instead`;
      report({ code: "storage", message });
    }
  };
  return (
    <div className="invite-result" data-testid="invite-result">
      <div className="invite-line">
        <span>Invite for {invite.memberName}:</span>
        <code className="invite-id" data-testid="invite-id">
          {invite.invite}
        </code>
        {clipboard && (
          <button type="button" data-testid="invite-copy" onClick={copy}>
            {copied ? "Copied" : "Copy"}
          </button>
        )}
      </div>
      <p className="muted">
        On their laptop: open Baton, choose 'Join a teammate's workspace', pick the same
        shared folder and paste this invite. It lets one laptop join, until{" "}
        <span data-testid="invite-expires">{new Date(invite.expiresMs).toLocaleDateString()}</span>.{" "}
        <button type="button" className="link-button" data-testid="invite-revoke" onClick={revoke}>
          Revoke it
        </button>
      </p>
    </div>
  );
}

const NO_NAMES: ReadonlyMap<string, string> = new Map();

/** Titles and names by id, to show a changed link as what it points at (items' titles only
 * when `withItems`); undefined until every list needed has been read. */
function useNames(withItems: boolean): ReadonlyMap<string, string> | undefined {
  const items = useQuery("item_list", withItems ? ALL_ITEMS : null);
  const goals = useQuery("goal_list", NO_ARGS);
  const products = useQuery("product_list", NO_ARGS);
  const members = useQuery("member_list", NO_ARGS);
  return useMemo(() => {
    if ((withItems && !items) || !goals || !products || !members) return undefined;
    const names = new Map<string, string>();
    for (const g of goals) names.set(g.id, g.title);
    for (const i of items ?? []) names.set(i.id, i.title);
    for (const p of products) names.set(p.id, p.name);
    for (const m of members) names.set(m.id, m.name);
    return names;
  }, [withItems, items, goals, products, members]);
}

function Conflicts({
  conflicts,
  names,
  now,
}: {
  conflicts: ConflictView[] | undefined;
  names: ReadonlyMap<string, string>;
  now: number;
}) {
  const { backend, refresh, report } = useApp();
  // Conflicts new when this page was shown stay highlighted while it is open, although they
  // are marked seen at once (so the nav badge clears).
  const [fresh, setFresh] = useState<ReadonlySet<number>>(() => new Set());
  useEffect(() => {
    const unseen = conflicts?.filter((c) => !c.seen) ?? [];
    if (unseen.length === 0) return;
    setFresh((prev) => new Set([...prev, ...unseen.map((c) => c.id)]));
    backend.call("conflict_mark_seen", NO_ARGS).then(() => refresh(), report);
  }, [conflicts, backend, refresh, report]);

  return (
    <section className="panel" aria-labelledby="conflicts-heading">
      <h2 id="conflicts-heading">Recent conflicts</h2>
      {conflicts !== undefined &&
        (conflicts.length === 0 ? (
          <p className="empty">No conflicts: every edit merged cleanly.</p>
        ) : (
          <ul className="rows">
            {conflicts.map((c) => (
              <ConflictRow key={c.id} conflict={c} fresh={!c.seen || fresh.has(c.id)} names={names} now={now} />
            ))}
          </ul>
        ))}
    </section>
  );
}

function ConflictRow({
  conflict: c,
  fresh,
  names,
  now,
}: {
  conflict: ConflictView;
  fresh: boolean;
  names: ReadonlyMap<string, string>;
  now: number;
}) {
  const write = useWrite();
  const loser = authorText(c.loser);
  return (
    <li
      className={fresh ? "row conflict fresh" : "row conflict"}
      data-testid="conflict-item"
      data-fresh={fresh || undefined}
    >
      <span className="conflict-text">
        {capitalized(fieldLabel(c.field))} of &ldquo;{c.entityLabel}&rdquo;: {authorText(c.winner)}'s{" "}
        {valueText(c.field, c.winner.value, names)} was kept over {loser}'s{" "}
        {valueText(c.field, c.loser.value, names)}
        <span className="muted"> · {relativeTime(c.detectedMs, now)}</span>
      </span>
      {!c.winner.current ? (
        <span className="muted" title="The field was changed again after this conflict">
          changed since
        </span>
      ) : (
        // The core says whether the overwritten value can be restored (not a member's role, …).
        c.loser.restorable && (
          <button
            type="button"
            data-testid="conflict-restore"
            onClick={() => void write((b) => b.call("history_restore", { opId: c.loser.opId }))}
          >
            Use {loser}'s value
          </button>
        )
      )}
    </li>
  );
}

const TABLE_LABEL: Record<string, string> = {
  roadmap_item: "roadmap item",
  goal: "goal",
  product: "product",
  member: "member",
  guardrail: "guardrail",
  snapshot: "snapshot",
  family: "product family",
};

/** The value a refused change would have set (sent as JSON text), in words. */
function refusedValue(r: RefusedView, names: ReadonlyMap<string, string>): string {
  let value: unknown = r.value;
  try {
    value = JSON.parse(r.value);
  } catch {
    // Not JSON after all: show it as it is.
  }
  if (value === null) return "nothing";
  if (typeof value !== "string") return JSON.stringify(value);
  return valueText(r.field, value, names);
}

/**
 * Changes received from other laptops that their author's role did not allow: kept in the log
 * but not applied. Shown only when there are some.
 */
function Refused({
  refused,
  names,
  now,
}: {
  refused: RefusedView[] | undefined;
  names: ReadonlyMap<string, string>;
  now: number;
}) {
  if (!refused || refused.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="refused-heading" data-testid="refused">
      <h2 id="refused-heading">
        Changes not applied <span className="count">{refused.length}</span>
      </h2>
      <p className="muted">
        Received from other laptops, but their author&rsquo;s role does not allow them. They are kept,
        not applied: ask the product&rsquo;s owner or leadership to make the change if it is wanted.
      </p>
      <ul className="rows">
        {refused.map((r) => {
          const what = names.get(r.entityId);
          const entity = TABLE_LABEL[r.entityTable] ?? r.entityTable.replace(/_/g, " ");
          return (
            <li key={r.opId} className="row refused-item" data-testid="refused-item">
              <span>
                {r.authorName ?? "Someone"} tried to set {fieldLabel(r.field)} of{" "}
                {what === undefined ? `a ${entity}` : `${entity} \u201c${what}\u201d`} to {refusedValue(r, names)}
                <span className="muted"> · {relativeTime(r.atMs, now)}</span>
              </span>
              <span className="reason">{r.reason}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
