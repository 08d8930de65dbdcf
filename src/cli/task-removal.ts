import type { Controller } from "../controller/controller.js";
import { raceSignal } from "../exec/abort.js";
import { errorMessage } from "../exec/errors.js";
import type { Output } from "./output.js";

/** How long removing the task may take before the CLI gives up on it. */
const removeTimeoutMs = 60_000;

/**
 * Removes the task of a run exactly once, whoever asks first: the end of the run, or a third
 * Ctrl-C that wants it gone quickly. A removal that fails is reported with how to finish it by
 * hand.
 */
export class TaskRemoval {
  readonly #output: Output;
  #removing: Promise<void> | undefined;

  /** @param output - where a failed removal is reported */
  constructor(output: Output) {
    this.#output = output;
  }

  /**
   * Removes the task (its process or container and files), then closes its controller. Later
   * calls share the first removal. Never rejects.
   */
  remove(controller: Controller): Promise<void> {
    this.#removing ??= this.#removeAndClose(controller);
    return this.#removing;
  }

  /**
   * Terminates the task (no grace period) and removes it, giving up after `timeoutMs`: what a
   * CLI about to exit can still do. Never rejects.
   */
  async force(controller: Controller, timeoutMs: number): Promise<void> {
    const timeout = AbortSignal.timeout(timeoutMs);
    await raceSignal(controller.terminate(timeout), timeout).catch(() => {});
    const removed = await raceSignal(this.remove(controller), timeout).then(
      () => true,
      () => false,
    );
    if (!removed) this.#output.note(removalFailed(controller, `not removed within ${timeoutMs / 1000} s`));
  }

  async #removeAndClose(controller: Controller): Promise<void> {
    try {
      await controller.remove(AbortSignal.timeout(removeTimeoutMs));
    } catch (err) {
      this.#output.note(removalFailed(controller, errorMessage(err)));
    }
    await controller.close().catch(() => {});
  }
}

/** The note for a removal that failed, with how to finish it by hand when that can be said. */
function removalFailed(controller: Controller, reason: string): string {
  const hint = leftoverHint(controller);
  return `removing the task failed: ${reason}${hint ? `; to remove it: ${hint}` : ""}`;
}

/**
 * How to remove by hand what a controller may have left: `docker rm -f <name>` for a Docker
 * container; `undefined` when there is nothing to name (a process executor's task ends with the
 * CLI's own process, its private files with it).
 */
function leftoverHint(controller: Controller): string | undefined {
  const name = (controller as { containerName?: unknown }).containerName;
  return typeof name === "string" ? `docker rm -f ${name}` : undefined;
}
