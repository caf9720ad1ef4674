import type { FormEvent } from "react";
import type { Role } from "../bindings/Role";
import { ROLE_LABEL } from "../labels";
import { useDraft, useWrite } from "../state";

const ROLES: readonly Role[] = ["senior", "leadership", "junior"];

/** First run on this device: create the workspace and say who you are. */
export function Onboarding() {
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
    <div className="onboarding">
      <form className="card-form" data-testid="onboarding" onSubmit={submit}>
        <h1>Create your workspace</h1>
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
    </div>
  );
}
