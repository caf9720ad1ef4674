import { useEffect, useRef } from "react";
import type { Backend } from "./backend";
import { plural } from "./time";

const KEY = "baton.notify";

/** Whether a sync that brings something for me shows a desktop notification (on unless turned off). */
export function notificationsOn(): boolean {
  try {
    return window.localStorage.getItem(KEY) !== "off";
  } catch {
    return true;
  }
}

export function setNotificationsOn(on: boolean): void {
  try {
    window.localStorage.setItem(KEY, on ? "on" : "off");
  } catch {
    // No storage (a locked-down webview): the default stays.
  }
}

/** What waits on me, by kind: my inbox, stories waiting on my review, ideas waiting on me. */
export interface Attention {
  inbox: number;
  reviews: number;
  ideas: number;
}

/** Reads what waits on me now; a count that cannot be read counts as none. */
export async function attentionNow(backend: Backend): Promise<Attention> {
  const [inbox, reviews, ideas] = await Promise.all([
    backend.call("inbox_get", {}).then((i) => i.count, () => 0),
    backend.call("review_queue", {}).then((r) => r.length, () => 0),
    backend.call("idea_queue", {}).then((q) => q.count, () => 0),
  ]);
  return { inbox, reviews, ideas };
}

/** The notification's text when more waits on me than before, else null. */
export function newAttention(before: Attention, now: Attention): { title: string; body: string } | null {
  const parts: string[] = [];
  if (now.inbox > before.inbox) parts.push(`${plural(now.inbox - before.inbox, "new thing")} in your inbox`);
  if (now.reviews > before.reviews) parts.push(`${plural(now.reviews - before.reviews, "story", "stories")} to review`);
  if (now.ideas > before.ideas) parts.push(`${plural(now.ideas - before.ideas, "idea")} waiting on you`);
  if (parts.length === 0) return null;
  return { title: "Baton: new work for you", body: `${parts.join(", ")} (from the last sync).` };
}

/**
 * After each sync pass that received changes, a desktop notification when it brought
 * something that needs me — unless turned off on the Sync page. What waited before the app
 * started (or before the pass) is not announced again.
 */
export function useSyncNotifications(backend: Backend): void {
  const seen = useRef<Attention | null>(null);
  useEffect(() => {
    if (!backend.notify) return;
    let alive = true;
    void attentionNow(backend).then((a) => {
      if (alive && seen.current === null) seen.current = a;
    });
    const stop = backend.onSynced((pass) => {
      if (pass.received === 0) return;
      void attentionNow(backend).then((now) => {
        const before = seen.current;
        seen.current = now;
        const message = before && notificationsOn() ? newAttention(before, now) : null;
        if (message && alive) backend.notify?.(message.title, message.body);
      });
    });
    return () => {
      alive = false;
      stop();
    };
  }, [backend]);
}
