import {
  useEffect,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type FormEvent,
  type KeyboardEvent,
  type ReactNode,
} from "react";
import type { CapabilitiesView } from "../bindings/CapabilitiesView";
import type { MemberCreateReq } from "../bindings/MemberCreateReq";
import type { MemberUpdateReq } from "../bindings/MemberUpdateReq";
import type { MemberView } from "../bindings/MemberView";
import type { Role } from "../bindings/Role";
import { ROLE_LABEL, ROLES } from "../labels";
import { useShownMark } from "../marks";
import { reportingLines, type PersonRow } from "../people";
import { useApp, useDraft, useQuery, useWrite } from "../state";
import { plural } from "../time";

const NO_ARGS = {};

/** People: who is in the workspace and who reports to whom; adding, editing and removing
 * members. Every write is judged by the core, whose refusal shows in the error banner. */
export function PeoplePage({ me, can, onSync }: { me: MemberView; can: CapabilitiesView; onSync(): void }) {
  const members = useQuery("member_list", NO_ARGS);
  const lines = useMemo(() => (members ? reportingLines(members) : undefined), [members]);
  const byId = useMemo(() => new Map((members ?? []).map((m) => [m.id, m])), [members]);
  // A junior PM's load: their open delegations (one list for everyone) and, for the juniors
  // whose work I delegated, their stories in flight (my board).
  const delegations = useQuery("delegation_list", NO_ARGS);
  const board = useQuery("board_get", me.role === "junior" ? null : NO_ARGS);
  const load = useMemo(() => {
    const m = new Map<string, Load>();
    for (const d of delegations ?? []) {
      const l = m.get(d.toId) ?? { delegations: 0, storiesInFlight: null };
      m.set(d.toId, { ...l, delegations: l.delegations + 1 });
    }
    for (const line of board?.lines ?? []) {
      const l = m.get(line.memberId) ?? { delegations: 0, storiesInFlight: null };
      m.set(line.memberId, { ...l, storiesInFlight: line.storiesInFlight });
    }
    return m;
  }, [delegations, board]);
  useShownMark("people", members !== undefined);
  // The roles the core lets me add are the members I manage (may rename and give a manager),
  // as on the Sync page, where they are the members I may invite.
  const adds = can.addMembers;

  return (
    <div className="people" style={GRID}>
      <header className="page-header">
        <h1>People</h1>
        <p className="muted">
          Everyone in the workspace and who reports to whom: each lead with their team, then anyone
          without a manager.
        </p>
      </header>

      {adds.length > 0 && members !== undefined && (
        <section className="panel" aria-labelledby="people-add-heading">
          <h2 id="people-add-heading">Add a member</h2>
          <AddMemberForm roles={adds} me={me} members={members} />
          <p className="muted hint">
            Then{" "}
            <button type="button" className="link-button" data-testid="people-sync-link" onClick={onSync}>
              invite them from the Sync page
            </button>{" "}
            to give them the workspace on their own laptop.
          </p>
        </section>
      )}

      {lines !== undefined && (
        <>
          <section className="panel" aria-labelledby="people-teams-heading" data-testid="people-teams">
            <h2 id="people-teams-heading">Teams</h2>
            {lines.teams.length === 0 ? (
              <p className="empty">No one leads a team yet.</p>
            ) : (
              <PeopleList label="Teams" rows={lines.teams} me={me} byId={byId} load={load} adds={adds} />
            )}
          </section>
          {lines.unmanaged.length > 0 && (
            <section className="panel" aria-labelledby="people-unmanaged-heading" data-testid="people-unmanaged">
              <h2 id="people-unmanaged-heading">No manager</h2>
              <PeopleList label="No manager" rows={lines.unmanaged} me={me} byId={byId} load={load} adds={adds} />
            </section>
          )}
        </>
      )}
    </div>
  );
}

/** What a row is edited into; `managerId` / `mentorId` "" is none. */
interface MemberEdit {
  name: string;
  role: Role;
  managerId: string;
  mentorId: string;
}

/** A junior PM's load: open delegations, and stories in flight when my board counts them. */
interface Load {
  delegations: number;
  storiesInFlight: number | null;
}

/** What a cell shows: the member as shown (values just saved included), me, and every member
 * by id. */
interface Cell {
  member: MemberView;
  me: MemberView;
  byId: ReadonlyMap<string, MemberView>;
  load: ReadonlyMap<string, Load>;
}

/**
 * The row's columns, in order. A later column (a mentor, a junior PM's load) is one entry here:
 * its width, its header, what it shows, and — when it is edited with the row — its control, a
 * field of `MemberEdit` and a line in `changes`.
 */
interface Column {
  key: string;
  header: string;
  /** Its track in the rows' grid. */
  width: string;
  view(cell: Cell): ReactNode;
  /** Its control while the row is edited; without one the cell keeps its view. */
  edit?(cell: Cell, edit: MemberEdit, set: (edit: MemberEdit) => void): ReactNode;
}

const COLUMNS: readonly Column[] = [
  {
    key: "name",
    header: "Name",
    width: "minmax(180px, 2fr)",
    view: ({ member, me }) => (
      <>
        <span data-testid="member-name">{member.name}</span>
        {member.id === me.id && (
          <span className="tag you" data-testid="member-you">
            you
          </span>
        )}
      </>
    ),
    edit: ({ member }, edit, set) => (
      <input
        data-testid="member-name-input"
        aria-label={`Name of ${member.name}`}
        autoFocus
        value={edit.name}
        onChange={(e) => set({ ...edit, name: e.target.value })}
      />
    ),
  },
  {
    key: "role",
    header: "Role",
    width: "minmax(110px, 1fr)",
    view: ({ member }) => <span data-testid="member-role">{ROLE_LABEL[member.role]}</span>,
    // Every role: the core says whether I may change it (only leadership may, never their own).
    edit: ({ member }, edit, set) => (
      <select
        data-testid="member-role-input"
        aria-label={`Role of ${member.name}`}
        value={edit.role}
        onChange={(e) => set({ ...edit, role: e.target.value as Role })}
      >
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {ROLE_LABEL[r]}
          </option>
        ))}
      </select>
    ),
  },
  {
    key: "manager",
    header: "Reports to",
    width: "minmax(140px, 1.5fr)",
    view: ({ member, me, byId }) => {
      const manager = member.managerId === null ? undefined : byId.get(member.managerId);
      return (
        <span
          data-testid="member-manager"
          className={manager ? undefined : member.managerId === null ? "muted" : "warn-text"}
        >
          <span className="sr-only">Reports to </span>
          {manager ? memberName(manager, me) : member.managerId === null ? "No manager" : "A removed member"}
        </span>
      );
    },
    edit: ({ member, me, byId }, edit, set) => (
      <select
        data-testid="member-manager-input"
        aria-label={`Manager of ${member.name}`}
        value={edit.managerId}
        onChange={(e) => set({ ...edit, managerId: e.target.value })}
      >
        <option value="">No manager</option>
        {member.managerId !== null && !byId.has(member.managerId) && (
          <option value={member.managerId}>A removed member</option>
        )}
        {managers(byId, member).map((m) => (
          <option key={m.id} value={m.id}>
            {memberName(m, me)}
          </option>
        ))}
      </select>
    ),
  },
  {
    key: "mentor",
    header: "Mentor",
    width: "minmax(120px, 1.2fr)",
    // Junior PMs have mentors: a senior PM (or leadership) pairing with them.
    view: ({ member, me, byId }) => {
      if (member.role !== "junior") return null;
      const mentor = member.mentorId === null ? undefined : byId.get(member.mentorId);
      return (
        <span data-testid="member-mentor" className={mentor ? undefined : "muted"}>
          <span className="sr-only">Mentor </span>
          {mentor ? memberName(mentor, me) : member.mentorId === null ? "No mentor" : "A removed member"}
        </span>
      );
    },
    edit: ({ member, me, byId }, edit, set) =>
      edit.role !== "junior" ? null : (
        <select
          data-testid="member-mentor-input"
          aria-label={`Mentor of ${member.name}`}
          value={edit.mentorId}
          onChange={(e) => set({ ...edit, mentorId: e.target.value })}
        >
          <option value="">No mentor</option>
          {member.mentorId !== null && !byId.has(member.mentorId) && (
            <option value={member.mentorId}>A removed member</option>
          )}
          {mentors(byId, member).map((m) => (
            <option key={m.id} value={m.id}>
              {memberName(m, me)}
            </option>
          ))}
        </select>
      ),
  },
  {
    key: "load",
    header: "Load",
    width: "minmax(110px, 1fr)",
    view: ({ member, load }) => {
      if (member.role !== "junior") return null;
      const l = load.get(member.id);
      if (!l || (l.delegations === 0 && !l.storiesInFlight)) {
        return (
          <span className="muted" data-testid="member-load">
            Nothing delegated
          </span>
        );
      }
      return (
        <span data-testid="member-load">
          {plural(l.delegations, "delegation")}
          {l.storiesInFlight !== null && ` · ${plural(l.storiesInFlight, "story", "stories")} in flight`}
        </span>
      );
    },
  },
];

/** The rows' grid: the columns, then the row's buttons. */
const GRID = {
  "--people-columns": [...COLUMNS.map((c) => c.width), "minmax(120px, auto)"].join(" "),
} as CSSProperties;

function memberName(m: MemberView, me: MemberView): string {
  return m.id === me.id ? `${m.name} (you)` : m.name;
}

/** Who may be offered as `member`'s manager (anyone but them and junior PMs, who manage no one;
 * their current manager always, so the select shows what is), by name. */
function managers(byId: ReadonlyMap<string, MemberView>, member?: MemberView): MemberView[] {
  return [...byId.values()]
    .filter((m) => m.id !== member?.id && (m.role !== "junior" || m.id === member?.managerId))
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: "base" }));
}

/** Who may be offered as a junior PM's mentor: senior PMs and leadership, by name. */
function mentors(byId: ReadonlyMap<string, MemberView>, member: MemberView): MemberView[] {
  return [...byId.values()]
    .filter((m) => m.id !== member.id && m.role !== "junior")
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: "base" }));
}

/** The update `edit` makes to `member`: only what changed. */
function changes(member: MemberView, edit: MemberEdit): MemberUpdateReq {
  const req: MemberUpdateReq = { id: member.id };
  if (edit.name !== member.name) req.name = edit.name;
  if (edit.role !== member.role) req.role = edit.role;
  if (edit.managerId !== (member.managerId ?? "")) req.managerId = edit.managerId;
  if (edit.mentorId !== (member.mentorId ?? "")) req.mentorId = edit.mentorId;
  return req;
}

function PeopleList({
  label,
  rows,
  me,
  byId,
  load,
  adds,
}: {
  label: string;
  rows: readonly PersonRow[];
  me: MemberView;
  byId: ReadonlyMap<string, MemberView>;
  load: ReadonlyMap<string, Load>;
  adds: readonly Role[];
}) {
  return (
    <div className="people-table">
      <div className="people-cells people-columns" aria-hidden="true">
        {COLUMNS.map((c) => (
          <span key={c.key}>{c.header}</span>
        ))}
      </div>
      <ul className="people-list" aria-label={label}>
        {rows.map((r) => (
          <PersonItem key={r.member.id} row={r} me={me} byId={byId} load={load} adds={adds} />
        ))}
      </ul>
    </div>
  );
}

/** One member: their cells, Edit (all of them at once) and Remove (after a confirmation). */
function PersonItem({
  row,
  me,
  byId,
  load,
  adds,
}: {
  row: PersonRow;
  me: MemberView;
  byId: ReadonlyMap<string, MemberView>;
  load: ReadonlyMap<string, Load>;
  adds: readonly Role[];
}) {
  const write = useWrite();
  const listed = row.member;
  const [editing, setEditing] = useState<MemberEdit | null>(null);
  const [confirming, setConfirming] = useState(false);
  // What was just saved shows until the re-read list answers: no flash of the old values.
  const [justSaved, setJustSaved] = useState<{ edit: MemberEdit; over: MemberView } | null>(null);
  const [gone, setGone] = useState<MemberView | null>(null);
  const member: MemberView =
    justSaved !== null && justSaved.over === listed
      ? {
          ...listed,
          ...justSaved.edit,
          managerId: justSaved.edit.managerId || null,
          mentorId: justSaved.edit.mentorId || null,
        }
      : listed;
  const cell: Cell = { member, me, byId, load };

  // Everyone may rename themselves; others' rows are editable when the core lets me add their
  // role. Removing is offered on those rows too (never my own): the core says whether I may.
  const mine = member.id === me.id;
  const manages = adds.includes(member.role);
  const editable = mine || manages;
  const removable = !mine && manages;

  const editButton = useRef<HTMLButtonElement>(null);
  const removeButton = useRef<HTMLButtonElement>(null);
  // Set when the form or the confirmation closes: the keyboard lands back on the row's button.
  const refocus = useRef<"edit" | "remove" | null>(null);
  useEffect(() => {
    if (editing !== null || confirming || refocus.current === null) return;
    (refocus.current === "edit" ? editButton : removeButton).current?.focus();
    refocus.current = null;
  }, [editing, confirming]);

  const close = () => {
    refocus.current = "edit";
    setEditing(null);
  };

  const save = async (e?: FormEvent) => {
    e?.preventDefault();
    if (editing === null) return;
    const req = changes(member, editing);
    if (Object.keys(req).length === 1) {
      close();
      return;
    }
    // One update for every change; a refusal shows in the banner and keeps what was chosen.
    const saved = await write((b) => b.call("member_update", req));
    if (saved) {
      setJustSaved({ edit: editing, over: listed });
      close();
    }
  };

  const onEditKey = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === "Escape") {
      e.preventDefault();
      close();
    }
  };

  const cancelRemove = () => {
    refocus.current = "remove";
    setConfirming(false);
  };

  const remove = async () => {
    const removed = await write((b) => b.call("member_remove", { id: member.id }));
    // Removed: the row leaves now, before the list is read again. Refused: the banner says why
    // and the row stays.
    if (removed) setGone(listed);
    else cancelRemove();
  };

  if (gone === listed) return null;

  const cells = COLUMNS.map((c) => (
    <span key={c.key} className={`people-cell people-${c.key}`}>
      {editing !== null && c.edit ? c.edit(cell, editing, setEditing) : c.view(cell)}
    </span>
  ));

  return (
    <li
      className={row.depth === 0 ? "people-row top" : "people-row"}
      data-testid="people-row"
      data-member-id={member.id}
      data-depth={row.depth}
      style={{ "--depth": row.depth } as CSSProperties}
    >
      {editing !== null ? (
        <form className="people-cells" onSubmit={save} onKeyDown={onEditKey} aria-label={`Edit ${member.name}`}>
          {cells}
          <span className="people-actions">
            <button type="submit" className="primary" data-testid="member-save">
              Save
            </button>
            <button type="button" data-testid="member-cancel" onClick={close}>
              Cancel
            </button>
          </span>
        </form>
      ) : (
        <div className="people-cells">
          {cells}
          <span className="people-actions">
            {editable && (
              <button
                ref={editButton}
                type="button"
                className="link-button muted"
                data-testid="member-edit"
                aria-label={`Edit ${member.name}`}
                disabled={confirming}
                onClick={() =>
                  setEditing({
                    name: member.name,
                    role: member.role,
                    managerId: member.managerId ?? "",
                    mentorId: member.mentorId ?? "",
                  })
                }
              >
                Edit
              </button>
            )}
            {removable && (
              <button
                ref={removeButton}
                type="button"
                className="link-button muted"
                data-testid="member-remove"
                aria-label={`Remove ${member.name}`}
                aria-expanded={confirming}
                onClick={() => setConfirming(true)}
              >
                Remove
              </button>
            )}
          </span>
        </div>
      )}
      {confirming && editing === null && (
        <RemoveConfirmation member={member} onConfirm={() => void remove()} onCancel={cancelRemove} />
      )}
    </li>
  );
}

/** Asks before a removal, and says what it means; Escape or Cancel keeps the member. */
function RemoveConfirmation({
  member,
  onConfirm,
  onCancel,
}: {
  member: MemberView;
  onConfirm(): void;
  onCancel(): void;
}) {
  const id = `remove-${member.id}`;
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === "Escape") {
      e.preventDefault();
      onCancel();
    }
  };
  return (
    <div
      className="people-confirm"
      role="group"
      aria-label={`Remove ${member.name}?`}
      aria-describedby={id}
      data-testid="member-remove-prompt"
      onKeyDown={onKey}
    >
      <span id={id}>
        Remove {member.name} from the workspace? Their laptop still syncs, but every edit they make
        from then on is refused.
      </span>
      <span className="form-actions">
        <button type="button" className="danger" data-testid="member-remove-confirm" onClick={onConfirm}>
          Remove {member.name}
        </button>
        <button type="button" data-testid="member-remove-cancel" autoFocus onClick={onCancel}>
          Cancel
        </button>
      </span>
    </div>
  );
}

/** Adds a member in one of `roles` (those the core says I may add; never empty here), with a
 * manager. */
function AddMemberForm({
  roles,
  me,
  members,
}: {
  roles: readonly Role[];
  me: MemberView;
  members: readonly MemberView[];
}) {
  const write = useWrite();
  const { refresh } = useApp();
  const nameRef = useRef<HTMLInputElement>(null);
  const [name, setName] = useDraft("member.name", "");
  // A senior PM is the usual addition when allowed; else the first role allowed.
  const [chosenRole, setRole] = useDraft<Role | null>("member.role", null);
  const role =
    chosenRole !== null && roles.includes(chosenRole) ? chosenRole : roles.includes("senior") ? "senior" : roles[0];
  const options = useMemo(() => managers(new Map(members.map((m) => [m.id, m]))), [members]);
  // The new member reports to me unless another manager (or none) is chosen.
  const [chosenManager, setManager] = useDraft<string | null>("member.manager", null);
  const managerId =
    chosenManager === null
      ? options.some((m) => m.id === me.id)
        ? me.id
        : ""
      : chosenManager === "" || options.some((m) => m.id === chosenManager)
        ? chosenManager
        : "";
  // The Sync page offers the member added last as the one to invite.
  const [, setInvitee] = useDraft("invite.member", "");

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const req: MemberCreateReq = { name, role };
    if (managerId !== "") req.managerId = managerId;
    const added = await write(async (b) => {
      const made = await b.call("member_create", req);
      if (managerId !== "" || made.managerId === null) return made;
      // Without a manager given, the core makes a senior PM the manager of the junior PM they
      // add; "No manager" was chosen, so that is undone.
      try {
        return await b.call("member_update", { id: made.id, managerId: "" });
      } catch (error) {
        refresh(); // The member was added all the same: list them.
        throw error;
      }
    });
    if (added) {
      setName("");
      setInvitee(added.id);
      nameRef.current?.focus();
    }
  };

  return (
    <form className="inline-form people-add" onSubmit={submit} aria-label="Add a member">
      <input
        ref={nameRef}
        className="grow"
        data-testid="member-add-name"
        data-shortcut-new
        aria-label="Member name"
        placeholder="Name (N)"
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <select
        data-testid="member-add-role"
        aria-label="Role"
        value={role}
        onChange={(e) => setRole(e.target.value as Role)}
      >
        {roles.map((r) => (
          <option key={r} value={r}>
            {ROLE_LABEL[r]}
          </option>
        ))}
      </select>
      <select
        data-testid="member-add-manager"
        aria-label="Manager"
        value={managerId}
        onChange={(e) => setManager(e.target.value)}
      >
        <option value="">No manager</option>
        {options.map((m) => (
          <option key={m.id} value={m.id}>
            Reports to {memberName(m, me)}
          </option>
        ))}
      </select>
      <button type="submit" data-testid="member-add">
        Add member
      </button>
    </form>
  );
}
