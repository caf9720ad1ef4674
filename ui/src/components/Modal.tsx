import { type ReactNode, useEffect, useRef } from "react";

/**
 * A dialog over the page: its title, what it holds, closed by Escape or a click beside it.
 * Focus starts on its first field and goes back where it was when it closes.
 */
export function Modal({
  title,
  testid,
  onClose,
  children,
}: {
  title: string;
  testid: string;
  onClose(): void;
  children: ReactNode;
}) {
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    panel.current?.querySelector<HTMLElement>("input, select, textarea, button")?.focus();
    return () => before?.focus();
  }, []);
  return (
    <div
      className="overlay"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div
        ref={panel}
        className="overlay-panel"
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-testid={testid}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            e.stopPropagation();
            onClose();
          }
        }}
      >
        <h2>{title}</h2>
        {children}
      </div>
    </div>
  );
}
