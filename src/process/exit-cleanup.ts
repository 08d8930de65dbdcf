import { rmSync } from "node:fs";

/**
 * What must not outlive this Node.js process: the process groups of running tasks (killed) and
 * the private directories holding secrets (deleted), handled in the `exit` event.
 *
 * The `exit` event fires on a normal end, `process.exit()` and an uncaught exception, not when a
 * signal's default action or SIGKILL ends the process: a program that wants its tasks stopped on
 * Ctrl-C handles SIGINT itself (as the CLI does).
 */
export class ExitCleanup {
  readonly #groups = new Set<number>();
  readonly #dirs = new Set<string>();
  readonly #enabled: boolean;
  #listening = false;
  readonly #onExit = () => {
    for (const pid of this.#groups) killGroupQuietly(pid);
    for (const dir of this.#dirs) rmSync(dir, { recursive: true, force: true });
  };

  /** @param enabled - `false` makes every method a no-op */
  constructor(enabled: boolean) {
    this.#enabled = enabled;
  }

  /** Kill this process group (its leader's pid) at exit. */
  addGroup(pid: number): void {
    this.#change(() => this.#groups.add(pid));
  }

  /** Forget a process group: it ended. */
  deleteGroup(pid: number): void {
    this.#change(() => this.#groups.delete(pid));
  }

  /** Delete this directory at exit. */
  addDir(dir: string): void {
    this.#change(() => this.#dirs.add(dir));
  }

  /** Forget a directory: it was deleted. */
  deleteDir(dir: string): void {
    this.#change(() => this.#dirs.delete(dir));
  }

  #change(apply: () => void): void {
    if (!this.#enabled) return;
    apply();
    const needed = this.#groups.size + this.#dirs.size > 0;
    if (needed && !this.#listening) process.on("exit", this.#onExit);
    if (!needed && this.#listening) process.off("exit", this.#onExit);
    this.#listening = needed;
  }
}

function killGroupQuietly(pid: number): void {
  try {
    process.kill(process.platform === "win32" ? pid : -pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}
