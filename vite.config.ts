/// <reference types="vitest/config" />
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

const repoRoot = fileURLToPath(new URL(".", import.meta.url));

// The UI lives in ui/; `vite build` writes ui/dist, which the Tauri shell loads.
export default defineConfig({
  root: "ui",
  plugins: [react()],
  clearScreen: false,
  server: { port: 1420, strictPort: true },
  build: {
    outDir: "dist",
    emptyOutDir: true,
  },
  test: {
    // Test paths are given from the repo root, not from ui/.
    root: repoRoot,
    environment: "jsdom",
    include: ["ui/src/**/*.test.{ts,tsx}"],
    setupFiles: ["ui/src/testing/setup.ts"],
    // Component tests run against the real core (`baton rpc`): build it once first.
    globalSetup: ["ui/src/testing/globalSetup.ts"],
    // A test waits on its `baton rpc` process half the time: a worker per core (Vitest's
    // default leaves one core out), so another file renders meanwhile.
    maxWorkers: availableParallelism(),
  },
});
