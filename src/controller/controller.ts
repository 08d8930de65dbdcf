import type { ContainerStatus, PortStatus, Task } from "../exec/task.js";
import type { LogPublisher, LogSubscriptionOptions } from "../logs/types.js";

/**
 * Controls one task's runtime. `Do` calls at most one of these methods per step.
 *
 * Every method takes an optional `AbortSignal`; an implementation rejects with the signal's
 * reason (or an `AbortError`) when it aborts, which `Do` turns into a retry.
 *
 * Port of SwarmKit's `agent/exec` `Controller`.
 */
export interface Controller {
  /** Pushes a new definition of the task. May reject with `ErrTaskUpdateRejected`. */
  update(task: Task, signal?: AbortSignal): Promise<void>;
  /**
   * Creates everything the task needs so that `start` is immediate. Rejecting with
   * `ErrTaskPrepared` (or an error with its code) means it was already prepared: `Do` treats
   * that as success.
   */
  prepare(signal?: AbortSignal): Promise<void>;
  /**
   * Starts the task and resolves once it runs. Rejecting with `ErrTaskStarted` (or an error with
   * its code) means it is already started or past it: `Do` treats that as success.
   */
  start(signal?: AbortSignal): Promise<void>;
  /**
   * Resolves when the task exits cleanly; rejects when it fails (with a numeric `exitCode` on the
   * error for a non-zero exit).
   */
  wait(signal?: AbortSignal): Promise<void>;
  /** Stops the task gracefully. Stopping a task that is not running succeeds. */
  shutdown(signal?: AbortSignal): Promise<void>;
  /** Stops the task forcibly. Terminating a task that is not running succeeds. */
  terminate(signal?: AbortSignal): Promise<void>;
  /** Frees every resource of the task (stopping it first). Removing twice succeeds. */
  remove(signal?: AbortSignal): Promise<void>;
  /** Releases what the controller itself holds; the task's resources stay. */
  close(): Promise<void>;
}

/** A controller (or an error) that can report its task's container status. */
export interface ContainerStatuser {
  /** The task's container (or process) status now; `undefined` before it exists. */
  containerStatus(signal?: AbortSignal): Promise<ContainerStatus | undefined>;
}

/** A controller that can report the ports its task publishes on the node. */
export interface PortStatuser {
  /** The ports the task publishes now; `undefined` when it has none. */
  portStatus(signal?: AbortSignal): Promise<PortStatus | undefined>;
}

/** A controller that can stream its task's logs. */
export interface ControllerLogs {
  /** Publishes the task's logs until done (or, with `follow`, until the task exits or `signal` aborts). */
  logs(publisher: LogPublisher, options: LogSubscriptionOptions, signal?: AbortSignal): Promise<void>;
}

function hasMethod(value: unknown, name: string): boolean {
  return typeof value === "object" && value !== null && typeof (value as Record<string, unknown>)[name] === "function";
}

/** Whether `value` (a controller or an error) has a `containerStatus` method. */
export function hasContainerStatus(value: unknown): value is ContainerStatuser {
  return hasMethod(value, "containerStatus");
}

/** Whether `value` has a `portStatus` method. */
export function hasPortStatus(value: unknown): value is PortStatuser {
  return hasMethod(value, "portStatus");
}

/** Whether `value` has a `logs` method. */
export function hasLogs(value: unknown): value is ControllerLogs {
  return hasMethod(value, "logs");
}
