import type { LaunchView } from "../bindings/LaunchView";
import type { MemberView } from "../bindings/MemberView";
import { useShownMark } from "../marks";
import { LAUNCH_STATUS_LABEL, monthLabel } from "../planning";
import { useDraft, useQuery } from "../state";
import { LaunchDetail } from "./LaunchDetail";
import { LaunchSetup, TemplateEditor } from "./LaunchSetup";
import "../planning.css";
import "../strategy.css";

const NO_ARGS = {};

/** "3/5 done". */
function checklistText(l: LaunchView): string {
  return `${l.checklist.filter((e) => e.done).length}/${l.checklist.length} done`;
}

/**
 * The launch calendar: every planned and launched launch by month of its target date; one open
 * beside it with its checklist. Product owners set launches up and keep each product's
 * checklist template.
 */
export function LaunchesPage({ me }: { me: MemberView }) {
  const launches = useQuery("launch_list", NO_ARGS);
  const products = useQuery("product_list", NO_ARGS);
  const [openId, setOpenId] = useDraft<string | null>("launches.open", null);
  useShownMark("launches", launches !== undefined);
  const owned = (products ?? []).filter((p) => p.ownerId === me.id || me.role === "leadership");
  const open = launches?.some((l) => l.id === openId) ? openId : null;

  const months: { month: string; launches: LaunchView[] }[] = [];
  for (const l of [...(launches ?? [])].sort((a, b) => a.targetOn.localeCompare(b.targetOn))) {
    const month = l.targetOn.slice(0, 7);
    const last = months[months.length - 1];
    if (last && last.month === month) last.launches.push(l);
    else months.push({ month, launches: [l] });
  }

  return (
    <div className="planning-page" data-testid="launches-page">
      <header className="page-header">
        <h1>Launches</h1>
        <p className="muted">
          When each one-year item goes live, and what must be done first. Open a launch to tick its checklist and mark it
          launched.
        </p>
      </header>
      {owned.length > 0 && launches && <LaunchSetup products={owned} launches={launches} />}
      <div className="launches-layout">
        <section className="panel" aria-labelledby="calendar-heading">
          <h2 id="calendar-heading">Calendar</h2>
          {launches !== undefined && launches.length === 0 && (
            <p className="empty">
              {owned.length > 0
                ? "No launch yet: set one up above for a one-year item."
                : "No launch yet: the owner of a product sets launches up."}
            </p>
          )}
          {months.map((m) => (
            <div key={m.month} className="launch-month">
              <h2>{monthLabel(`${m.month}-01`)}</h2>
              {m.launches.map((l) => (
                <button
                  key={l.id}
                  type="button"
                  className="launch-row"
                  data-testid="launch-row"
                  aria-pressed={l.id === open}
                  onClick={() => setOpenId(l.id === open ? null : l.id)}
                >
                  <span className="mono">{l.targetOn}</span>
                  <span>
                    <span className="story-title">{l.itemTitle}</span>
                    <span className="muted">
                      {" "}
                      · {l.productName} · {l.ownerName}
                    </span>
                  </span>
                  <span className="launch-figures">
                    <span className={`tag status-tag ${l.status}`}>{LAUNCH_STATUS_LABEL[l.status]}</span>
                    <span className="muted">{checklistText(l)}</span>
                    {l.overdue && (
                      <span className="tag overdue-tag" data-testid="launch-overdue" title="Its date has passed with entries open">
                        overdue
                      </span>
                    )}
                  </span>
                </button>
              ))}
            </div>
          ))}
        </section>
        {open ? (
          <LaunchDetail key={open} id={open} onGone={() => setOpenId(null)} />
        ) : (
          launches !== undefined &&
          launches.length > 0 && <p className="empty">Choose a launch to see its checklist.</p>
        )}
      </div>
      {owned.length > 0 && <TemplateEditor products={owned} />}
    </div>
  );
}
