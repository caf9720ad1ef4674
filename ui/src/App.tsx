import { useCallback, useEffect, useMemo, useState } from "react";
import { toApiError, type Backend } from "./backend";
import type { ApiError } from "./bindings/ApiError";
import { ErrorBanner } from "./components/ErrorBanner";
import { Frame } from "./components/Frame";
import { Onboarding } from "./components/Onboarding";
import { SyncActivity } from "./components/SyncActivity";
import { useSyncNotifications } from "./notify";
import { AppContext, QueryCache, useApp, useQuery, type AppServices } from "./state";

export function App({ backend }: { backend: Backend }) {
  const [error, setError] = useState<ApiError | null>(null);
  const [version, setVersion] = useState(0);
  const refresh = useCallback(() => setVersion((v) => v + 1), []);
  const report = useCallback((e: unknown) => setError(toApiError(e)), []);
  const dismissError = useCallback(() => setError(null), []);
  const [drafts] = useState(() => new Map<string, unknown>());
  const [cache] = useState(() => new QueryCache());

  // The `baton` CLI may change the same database while the app is in the background.
  useEffect(() => {
    window.addEventListener("focus", refresh);
    return () => window.removeEventListener("focus", refresh);
  }, [refresh]);

  // Background sync brought teammates' changes (or met problems): re-read what is shown.
  useEffect(() => backend.onSynced(() => refresh()), [backend, refresh]);
  // …and says so on the desktop when it brought something that needs me.
  useSyncNotifications(backend);

  // Pages not shown keep their data current too, so showing one again needs no wait.
  useEffect(() => {
    if (version > 0) cache.refreshUnused(backend, version, report);
  }, [cache, backend, version, report]);

  const services = useMemo<AppServices>(
    () => ({ backend, version, refresh, report, dismissError, drafts, cache }),
    [backend, version, refresh, report, dismissError, drafts, cache],
  );

  return (
    <AppContext.Provider value={services}>
      {error && <ErrorBanner error={error} onDismiss={dismissError} />}
      <Screens failed={error !== null} />
      <SyncActivity backend={backend} />
    </AppContext.Provider>
  );
}

const NO_ARGS = {};

function Screens({ failed }: { failed: boolean }) {
  const workspace = useQuery("workspace_get", NO_ARGS);
  // Local data arrives within a frame: show nothing rather than a spinner meanwhile.
  if (workspace === undefined) return <Boot failed={failed} />;
  if (workspace === null) return <Onboarding />;
  return <Frame workspace={workspace} />;
}

function Boot({ failed }: { failed: boolean }) {
  const { refresh } = useApp();
  if (!failed) return <div className="boot" />;
  return (
    <div className="boot">
      <p className="muted">Baton could not open this device&rsquo;s workspace.</p>
      <button type="button" onClick={refresh}>
        Try again
      </button>
    </div>
  );
}
