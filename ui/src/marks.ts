import { useEffect } from "react";

/** The User Timing mark set when `page` has shown its data (see `useShownMark`). */
export function shownMark(page: string): string {
  return `baton:shown:${page}`;
}

/**
 * Marks (User Timing, `performance.mark`) the moment a page first shows its data once mounted:
 * a frame after the render that showed it, so the time includes layout and paint and the main
 * thread is free for input again. Nothing in the app reads the marks: scripts/app-at-scale.sh
 * and the end-to-end timing test read them through WebDriver. Only the latest mark of a page
 * is kept.
 */
export function useShownMark(page: string, shown: boolean): void {
  useEffect(() => {
    if (!shown || typeof requestAnimationFrame !== "function") return;
    let timer: number | undefined;
    const frame = requestAnimationFrame(() => {
      // rAF runs just before the paint; a task queued from it runs after.
      timer = window.setTimeout(() => {
        performance.clearMarks(shownMark(page));
        performance.mark(shownMark(page));
      }, 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      window.clearTimeout(timer);
    };
  }, [page, shown]);
}
