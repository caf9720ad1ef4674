import { createContext, useCallback, useContext, useLayoutEffect, useState, type RefObject } from "react";

/**
 * Windowing for long lists and trees whose rows have heights known in advance: only the rows
 * near the part of the page on screen are rendered; each run of the others is one empty spacer
 * of their total height, so the page scrolls as if every row were there. Used where a list
 * can run to thousands of rows at organisation scale (the Alignment tree: ~6,200 nodes).
 */

/** The page's scroll container (Frame's <main>), which windowed lists watch. */
export const ScrollerContext = createContext<RefObject<HTMLElement | null> | null>(null);

/** A vertical extent in px from the top of a windowed list: what to render. */
export interface Span {
  top: number;
  bottom: number;
}

/** Everything: where there is no layout to measure (no scroll container, or it has no height). */
export const EVERYTHING: Span = { top: -Infinity, bottom: Infinity };

/** Rendered beyond each edge of the screen, so a short scroll or a Tab to the next row finds
 * it there already, and the window is re-computed only every `STEP` px of scrolling. */
const OVERSCAN = 600;
const STEP = 200;

/**
 * The part of the element `ref` (px from its top) that is on screen in the page's scroll
 * container, widened by OVERSCAN and rounded out to STEP. Call it in the component that
 * renders that element. Re-computed after every render of that component, on scroll, and when
 * the page's content or the container changes size; a new value only when the rounded span
 * changes, so scrolling within a step re-renders nothing. Before the first layout: the first
 * screenful; outside a scroll container or where nothing has a size (a test's DOM has no
 * layout): EVERYTHING.
 */
export function useShownSpan(ref: RefObject<HTMLElement | null>): Span {
  const scroller = useContext(ScrollerContext);
  const [span, setSpan] = useState<Span>(() => ({ top: 0, bottom: window.innerHeight + OVERSCAN }));
  const update = useCallback(() => {
    const el = ref.current;
    const box = scroller?.current;
    if (!el) return;
    if (!box || box.clientHeight === 0) {
      setSpan(EVERYTHING);
      return;
    }
    // Where the element starts below the container's top edge, then what of it is on screen.
    const below = el.getBoundingClientRect().top - box.getBoundingClientRect().top;
    const next = {
      top: Math.floor((-below - OVERSCAN) / STEP) * STEP,
      bottom: Math.ceil((-below + box.clientHeight + OVERSCAN) / STEP) * STEP,
    };
    setSpan((prev) => (prev.top === next.top && prev.bottom === next.bottom ? prev : next));
  }, [ref, scroller]);
  // Content above the element may have changed with this render (another product's tree).
  useLayoutEffect(update);
  useLayoutEffect(() => {
    const box = scroller?.current;
    if (!box) return;
    box.addEventListener("scroll", update, { passive: true });
    const resized = typeof ResizeObserver === "function" ? new ResizeObserver(update) : null;
    resized?.observe(box);
    if (box.firstElementChild) resized?.observe(box.firstElementChild);
    return () => {
      box.removeEventListener("scroll", update);
      resized?.disconnect();
    };
  }, [scroller, update]);
  return span;
}

/**
 * Whether the element `ref` has come within OVERSCAN px of the part of the page on screen; once
 * true it stays true, so what was rendered is never taken away and nothing above the screen
 * changes height while scrolling back. True at once outside a scroll container or without
 * IntersectionObserver (a test's DOM).
 */
export function useShownOnce(ref: RefObject<HTMLElement | null>): boolean {
  const scroller = useContext(ScrollerContext);
  const [shown, setShown] = useState(() => !scroller || typeof IntersectionObserver !== "function");
  useLayoutEffect(() => {
    const el = ref.current;
    const root = scroller?.current;
    if (shown || !el) return;
    if (!root) {
      setShown(true);
      return;
    }
    const near = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setShown(true), {
      root,
      rootMargin: `${OVERSCAN}px 0px`,
    });
    near.observe(el);
    return () => near.disconnect();
  }, [ref, scroller, shown]);
  return shown;
}

/** What to render for one list: a row (by its index), or a spacer standing for rows
 * `from`…`to - 1` (`height` px). */
export type Slot = { row: number; top: number } | { gap: number; from: number; to: number };

/**
 * The slots of a list whose rows have `heights` (px) and whose first row starts at `start`
 * (px from the top of the windowed element): each row that overlaps `span` or that `keep`
 * says to keep (the open row, the focused one, their ancestors), and a spacer for each run of
 * the others. `start` plus the heights of the slots is the list's full height, whatever the span.
 */
export function windowSlots(
  heights: readonly number[],
  start: number,
  span: Span,
  keep: (row: number) => boolean = () => false,
): Slot[] {
  const slots: Slot[] = [];
  let y = start;
  let gapFrom = -1;
  let gap = 0;
  heights.forEach((h, row) => {
    if ((y + h > span.top && y < span.bottom) || keep(row)) {
      if (gapFrom >= 0) slots.push({ gap, from: gapFrom, to: row });
      gapFrom = -1;
      gap = 0;
      slots.push({ row, top: y });
    } else {
      if (gapFrom < 0) gapFrom = row;
      gap += h;
    }
    y += h;
  });
  if (gapFrom >= 0) slots.push({ gap, from: gapFrom, to: heights.length });
  return slots;
}
