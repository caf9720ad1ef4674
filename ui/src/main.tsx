import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { tauriBackend } from "./backend";
import "./styles.css";
import { applyTheme, storedChoice } from "./theme";

// Before the first render, so the first frame is already in the reader's theme.
applyTheme(storedChoice());

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");

createRoot(root).render(
  <StrictMode>
    <App backend={tauriBackend} />
  </StrictMode>,
);
