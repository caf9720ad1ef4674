// Test-only: what the real core cannot easily be made to do on cue — a slow answer, a storage
// failure — around a real Backend. Everything else passes through unchanged.

import type { Backend } from "../backend";
import type { ApiError, CommandName, Commands } from "../bindings/commands";
import type { SyncPassView } from "../bindings/SyncPassView";

export class Faults implements Backend {
  private readonly failures = new Map<CommandName, ApiError>();
  private readonly gates = new Map<CommandName, Promise<void>>();

  constructor(readonly inner: Backend) {}

  /** The next call of `command` rejects with `error` (once) without reaching the core. */
  failNext(command: CommandName, error: ApiError): void {
    this.failures.set(command, error);
  }

  /** Every answer to `command` waits (the call itself reaches the core) until `release()`. */
  hold(command: CommandName): { release(): void } {
    let release = () => {};
    this.gates.set(command, new Promise<void>((open) => (release = open)));
    return {
      release: () => {
        this.gates.delete(command);
        release();
      },
    };
  }

  async call<K extends CommandName>(command: K, request: Commands[K]["req"]): Promise<Commands[K]["res"]> {
    const failure = this.failures.get(command);
    if (failure) {
      this.failures.delete(command);
      await Promise.resolve();
      throw failure;
    }
    const gate = this.gates.get(command);
    const answer = this.inner.call(command, request);
    if (gate) {
      // A refusal is held too; the caller sees it once the gate opens.
      answer.catch(() => {});
      await gate;
    }
    return answer;
  }

  onSynced(listener: (pass: SyncPassView) => void): () => void {
    return this.inner.onSynced(listener);
  }
}
