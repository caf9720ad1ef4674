import type { FormEvent } from "react";
import type { Role } from "../bindings/Role";
import { ROLE_LABEL } from "../labels";
import { useDraft, useWrite } from "../state";
import { FolderChooser } from "./FolderChooser";

const ROLES: readonly Role[] = ["senior", "leadership", "junior"];

/** First run on this device: create a workspace, or join a teammate's through a shared folder. */
export function Onboarding() {
  return (
    <div className="onboarding">
      <div className="onboarding-choices">
        <CreateForm />
        <div className="onboarding-or muted" aria-hidden="true">
          or
        </div>
        <JoinForm />
      </div>
    </div>
  );
}

/** Join: the invite a teammate made on the Sync page, and the folder it is in. */
function JoinForm() {
  const write = useWrite();
  const [folder, setFolder] = useDraft("onboard.join.folder", "");
  const [invite, setInvite] = useDraft("onboard.join.invite", "");

  const submit = (e: FormEvent) => {
    e.preventDefault();
    // On success the workspace is re-read and the app frame replaces this screen.
    void write((b) => b.call("workspace_join", { folder, invite }));
  };

  return (
    <form className="card-form" data-testid="onboard-join" onSubmit={submit} aria-labelledby="join-heading">
      <h1 id="join-heading">Join a teammate's workspace</h1>
      <p className="muted">
        A teammate invites you from Baton&rsquo;s Sync page. Pick the same shared folder they sync
        through and paste their invite.
      </p>
      <label>
        <span>Shared folder</span>
        <input
          data-testid="onboard-join-folder"
          value={folder}
          onChange={(e) => setFolder(e.target.value)}
          placeholder="/Volumes/Team/Baton"
          spellCheck={false}
        />
        <FolderChooser title="The folder your team syncs through" testId="onboard-join-choose" start={folder} onChosen={setFolder} />
      </label>
      <label>
        <span>Invite</span>
        <input
          data-testid="onboard-join-invite"
          className="mono"
          value={invite}
          onChange={(e) => setInvite(e.target.value)}
          placeholder="Paste the invite id"
          spellCheck={false}
          autoComplete="off"
        />
      </label>
      <button type="submit" data-testid="onboard-join-submit">
        Join
      </button>
    </form>
  );
}

function CreateForm() {
  const write = useWrite();
  const [workspaceName, setWorkspaceName] = useDraft("onboard.workspace", "");
  const [memberName, setMemberName] = useDraft("onboard.name", "");
  const [role, setRole] = useDraft<Role>("onboard.role", "senior");

  const submit = (e: FormEvent) => {
    e.preventDefault();
    // On success the workspace is re-read and the app frame replaces this form.
    void write((b) => b.call("workspace_init", { workspaceName, memberName, role }));
  };

  return (
    <form className="card-form" data-testid="onboarding" onSubmit={submit} aria-labelledby="create-heading">
      <h1 id="create-heading">Create your workspace</h1>
      <p className="muted">Everything stays on this laptop; teammates&rsquo; changes merge in later.</p>
      <label>
        <span>Workspace name</span>
        <input
          data-testid="onboard-workspace"
          value={workspaceName}
          onChange={(e) => setWorkspaceName(e.target.value)}
          placeholder="Acme"
          autoFocus
        />
      </label>
      <label>
        <span>Your name</span>
        <input
          data-testid="onboard-name"
          value={memberName}
          onChange={(e) => setMemberName(e.target.value)}
          placeholder="Sam Rivera"
        />
      </label>
      <label>
        <span>Your role</span>
        <select data-testid="onboard-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABEL[r]}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="primary" data-testid="onboard-submit">
        Create
      </button>
    </form>
  );
}
