// Vitest globalSetup: builds the `baton` binary the component tests run (`baton rpc`) once,
// before any test, and tells the tests where it is. `cargo build` is a no-op when the binary is
// fresh. With $BATON_BIN set, that binary is used as it is.

import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** The absolute path of the `baton` binary. */
    batonBin: string;
  }
}

export default function setup(project: TestProject): void {
  const root = fileURLToPath(new URL("../../..", import.meta.url));
  const given = process.env.BATON_BIN;
  if (given) {
    if (!existsSync(given)) throw new Error(`BATON_BIN=${given} does not exist`);
    project.provide("batonBin", given);
    return;
  }
  try {
    execFileSync("cargo", ["build", "-q", "-p", "baton-cli"], { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
  } catch (e) {
    const stderr = (e as { stderr?: Buffer }).stderr?.toString().trim() ?? "";
    throw new Error(
      "The component tests run the real core through `baton rpc`, but `cargo build -q -p baton-cli` failed" +
        ` (${(e as Error).message.split("\n")[0]}).\n${stderr}\n` +
        "Fix the build, or point BATON_BIN at a working baton binary.",
    );
  }
  project.provide("batonBin", join(root, "target", "debug", "baton"));
}
