import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";
import { closeAll } from "./rpcBackend";

// Without vitest globals, Testing Library cannot register its own cleanup. The app is unmounted
// first, then every `baton rpc` the test started ends and its temp dirs go.
afterEach(async () => {
  cleanup();
  await closeAll();
});
