import type { Controller } from "../controller/controller.js";
import { errorMessage } from "../exec/errors.js";
import type { Output } from "./output.js";

/**
 * What interrupts a run: Ctrl-C (SIGINT), SIGTERM, and SIGPIPE, which stands for a reader of
 * stdout or stderr that went away (`taskwright run … | head -1`: a write failed with EPIPE).
 */
export type InterruptSignal = "SIGINT" | "SIGTERM" | "SIGPIPE";

/**
 * Counts Ctrl-Cs (SIGINT, and SIGTERM alike) and acts on them:
 * 1. the first aborts the step in progress ({@link Interrupts.signal}) and asks the run for a
 *    graceful shutdown ({@link Interrupts.requested});
 * 2. the second terminates the task through its controller, cutting the grace period short;
 * 3. the third calls `quit`, which removes what it can in a bounded time and exits; later ones
 *    are ignored.
 *
 * SIGPIPE acts as a first signal, and only then: a closed output asks for one graceful shutdown,
 * however many writes fail, and never escalates.
 */
export class Interrupts {
  readonly #output: Output;
  readonly #quit: (signal: InterruptSignal) => void;
  readonly #first = new AbortController();
  #requested: InterruptSignal | undefined;
  #count = 0;
  #controller: Controller | undefined;

  /**
   * @param output - where each signal is reported
   * @param quit - ends the CLI without waiting for the task (third signal)
   */
  constructor(output: Output, quit: (signal: InterruptSignal) => void) {
    this.#output = output;
    this.#quit = quit;
  }

  /** Aborted by the first signal: the signal of every step until then. */
  get signal(): AbortSignal {
    return this.#first.signal;
  }

  /** The first signal received, once one was: the task must be shut down. */
  get requested(): InterruptSignal | undefined {
    return this.#requested;
  }

  /** The task's controller, once the run has one. */
  get controller(): Controller | undefined {
    return this.#controller;
  }

  /** The controller a second signal terminates. */
  setController(controller: Controller): void {
    this.#controller = controller;
  }

  /** Acts on one received signal. */
  handle(signal: InterruptSignal): void {
    if (signal === "SIGPIPE" && this.#count > 0) return;
    this.#count++;
    if (this.#count === 1) {
      this.#requested = signal;
      this.#output.signal(signal, "shutdown");
      this.#first.abort(new DOMException(`interrupted by ${signal}`, "AbortError"));
    } else if (this.#count === 2) {
      this.#output.signal(signal, "terminate");
      this.#controller?.terminate().catch((err) => this.#output.note(`terminate failed: ${errorMessage(err)}`));
    } else if (this.#count === 3) {
      this.#output.signal(signal, "quit");
      this.#quit(signal);
    }
  }
}
