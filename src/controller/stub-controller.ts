import { z } from "zod";
import { checkOptions, rules } from "../exec/options.js";
import type { Task } from "../exec/task.js";
import type { Controller } from "./controller.js";

/** An operation function of a {@link StubController}; it may return a value or a promise. */
export type StubFn<Args extends unknown[]> = (...args: Args) => void | Promise<void>;

/** The functions a {@link StubController} runs, one per controller method. Unset ones resolve. */
export interface StubControllerFns {
  /** Run by `update(task, signal)`. */
  updateFn?: StubFn<[task: Task, signal?: AbortSignal]>;
  /** Run by `prepare(signal)`. */
  prepareFn?: StubFn<[signal?: AbortSignal]>;
  /** Run by `start(signal)`. */
  startFn?: StubFn<[signal?: AbortSignal]>;
  /** Run by `wait(signal)`. */
  waitFn?: StubFn<[signal?: AbortSignal]>;
  /** Run by `shutdown(signal)`. */
  shutdownFn?: StubFn<[signal?: AbortSignal]>;
  /** Run by `terminate(signal)`. */
  terminateFn?: StubFn<[signal?: AbortSignal]>;
  /** Run by `remove(signal)`. */
  removeFn?: StubFn<[signal?: AbortSignal]>;
  /** Run by `close()`. */
  closeFn?: StubFn<[]>;
}

const stubFnNames = [
  "updateFn",
  "prepareFn",
  "startFn",
  "waitFn",
  "shutdownFn",
  "terminateFn",
  "removeFn",
  "closeFn",
] as const satisfies readonly (keyof StubControllerFns)[];

const stubFnsSchema = z.strictObject(Object.fromEntries(stubFnNames.map((name) => [name, rules.function()])));

/** How many times each method of a {@link StubController} was called. */
export interface StubControllerCalls {
  /** Calls of `update`. */
  update: number;
  /** Calls of `prepare`. */
  prepare: number;
  /** Calls of `start`. */
  start: number;
  /** Calls of `wait`. */
  wait: number;
  /** Calls of `shutdown`. */
  shutdown: number;
  /** Calls of `terminate`. */
  terminate: number;
  /** Calls of `remove`. */
  remove: number;
  /** Calls of `close`. */
  close: number;
}

/**
 * A controller for tests: each method counts the call, then runs the function assigned to its
 * `xxxFn` property (with the method's own arguments) and settles as that function does. A method
 * whose function is unset resolves at once.
 *
 * The count is incremented **before** the function runs, so inside `waitFn` the first call sees
 * `calls.wait === 1`. A function that throws synchronously makes the method reject.
 *
 * Port of SwarmKit's `agent/exec` `StubController`.
 *
 * @example
 * ```ts
 * const controller = new StubController({ waitFn: () => Promise.reject(Object.assign(new Error("boom"), { exitCode: 3 })) });
 * controller.prepareFn = async () => {};
 * ```
 */
export class StubController implements Controller, StubControllerFns {
  /** Run by `update(task, signal)`; unset resolves. */
  updateFn?: StubControllerFns["updateFn"];
  /** Run by `prepare(signal)`; unset resolves. */
  prepareFn?: StubControllerFns["prepareFn"];
  /** Run by `start(signal)`; unset resolves. */
  startFn?: StubControllerFns["startFn"];
  /** Run by `wait(signal)`; unset resolves. */
  waitFn?: StubControllerFns["waitFn"];
  /** Run by `shutdown(signal)`; unset resolves. */
  shutdownFn?: StubControllerFns["shutdownFn"];
  /** Run by `terminate(signal)`; unset resolves. */
  terminateFn?: StubControllerFns["terminateFn"];
  /** Run by `remove(signal)`; unset resolves. */
  removeFn?: StubControllerFns["removeFn"];
  /** Run by `close()`; unset resolves. */
  closeFn?: StubControllerFns["closeFn"];

  /** Calls per method, counted before each method's function runs. */
  readonly calls: StubControllerCalls = {
    update: 0,
    prepare: 0,
    start: 0,
    wait: 0,
    shutdown: 0,
    terminate: 0,
    remove: 0,
    close: 0,
  };

  /**
   * @param fns - initial functions; the same names can be assigned later
   * @throws TypeError naming an unknown name (e.g. `StubController fns: unknown option "prepare"
   *   (did you mean "prepareFn"?)`) or a value that is not a function
   */
  constructor(fns: StubControllerFns = {}) {
    checkOptions("StubController", stubFnsSchema, fns, "fns");
    for (const name of stubFnNames) if (fns[name]) (this as StubControllerFns)[name] = fns[name] as never;
  }

  async update(task: Task, signal?: AbortSignal): Promise<void> {
    this.calls.update++;
    await this.updateFn?.(task, signal);
  }

  async prepare(signal?: AbortSignal): Promise<void> {
    this.calls.prepare++;
    await this.prepareFn?.(signal);
  }

  async start(signal?: AbortSignal): Promise<void> {
    this.calls.start++;
    await this.startFn?.(signal);
  }

  async wait(signal?: AbortSignal): Promise<void> {
    this.calls.wait++;
    await this.waitFn?.(signal);
  }

  async shutdown(signal?: AbortSignal): Promise<void> {
    this.calls.shutdown++;
    await this.shutdownFn?.(signal);
  }

  async terminate(signal?: AbortSignal): Promise<void> {
    this.calls.terminate++;
    await this.terminateFn?.(signal);
  }

  async remove(signal?: AbortSignal): Promise<void> {
    this.calls.remove++;
    await this.removeFn?.(signal);
  }

  async close(): Promise<void> {
    this.calls.close++;
    await this.closeFn?.();
  }
}
