import { useEffect } from "react";
import type { ApiError } from "../bindings/ApiError";

/** A failed call's message, until dismissed (button or Escape) or a later write succeeds. */
export function ErrorBanner({ error, onDismiss }: { error: ApiError; onDismiss(): void }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && !e.defaultPrevented) onDismiss();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onDismiss]);

  return (
    <div className="banner" role="alert" data-testid="error" data-code={error.code}>
      <span className="banner-message">{error.message}</span>
      <button type="button" className="banner-dismiss" onClick={onDismiss} aria-label="Dismiss error" title="Dismiss (Esc)">
        ×
      </button>
    </div>
  );
}
