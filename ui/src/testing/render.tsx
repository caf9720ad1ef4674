import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../App";
import type { Backend } from "../backend";

/** Renders the whole app on `backend`, as main.tsx does with the Tauri backend. */
export function renderApp(backend: Backend) {
  const user = userEvent.setup();
  const result = render(<App backend={backend} />);
  return { user, ...result };
}

/** Waits for the app frame (a workspace exists) and returns the Goals/Roadmap/People/Sync nav. */
export async function findFrame() {
  return {
    goals: await screen.findByTestId("nav-goals"),
    roadmap: await screen.findByTestId("nav-roadmap"),
    people: await screen.findByTestId("nav-people"),
    sync: await screen.findByTestId("nav-sync"),
  };
}
