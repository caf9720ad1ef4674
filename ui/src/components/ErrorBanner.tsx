import { useEffect } from "react";
import type { ApiError } from "../bindings/ApiError";
import { presentError } from "../errors";

/** A failed call's message, until dismissed (button or Escape) or a later write succeeds. */
export function ErrorBanner({ error, onDismiss }: { error: ApiError; onDismiss(): void }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && !e.defaultPrevented) onDismiss();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onDismiss]);

  const { title, tone, hint } = presentError(error.code);
  return (
    <div className={`banner banner-${tone}`} role="alert" data-testid="error" data-code={error.code}>
      <span className="banner-message">
        <strong className="banner-title">{title}:</strong> <span>{error.message}</span>
        {hint && <span className="banner-hint"> {hint}</span>}
      </span>
      <button type="button" className="banner-dismiss" onClick={onDismiss} aria-label="Dismiss error" title="Dismiss (Esc)">
        ×
      </button>
    </div>
  );
}
