import { hasContainerStatus, hasPortStatus } from "../controller/controller.js";
import { isAbortError } from "./abort.js";
import { debug } from "./debug.js";
import { errorMessage } from "./errors.js";
import type { ContainerStatus, TaskStatus } from "./task.js";
import { TaskState } from "./task-state.js";
import { clonePortStatus } from "./task-status.js";

/**
 * What a failed operation's error says about the runtime: a container status (when the error
 * itself has a `containerStatus` method) and an exit code (a numeric `exitCode` on the error).
 * Only the error itself is asked, not its causes, as in the original.
 *
 * @internal
 */
export interface FailureFacts {
  containerStatus?: ContainerStatus;
  exitCode?: number;
}

/** @internal */
export async function factsOfFailure(err: unknown, signal: AbortSignal | undefined): Promise<FailureFacts> {
  const facts: FailureFacts = {};
  if (hasContainerStatus(err)) {
    const status = await askSafely(() => err.containerStatus(signal), signal, "container status of error");
    if (status) facts.containerStatus = { ...status };
  }
  const exitCode = typeof err === "object" && err !== null ? (err as { exitCode?: unknown }).exitCode : undefined;
  if (typeof exitCode === "number") facts.exitCode = exitCode;
  return facts;
}

/**
 * Whether {@link attachRuntimeStatus} has anything to do: lets `Do` skip an `await` on the
 * common path of a controller without status capabilities.
 *
 * @internal
 */
export function hasRuntimeStatusWork(status: TaskStatus, controller: object, failure: FailureFacts): boolean {
  return (
    status.state >= TaskState.Starting &&
    (failure.containerStatus !== undefined ||
      failure.exitCode !== undefined ||
      hasContainerStatus(controller) ||
      hasPortStatus(controller))
  );
}

/**
 * Attaches runtime facts to a status at STARTING or later, as the original's deferred hook does:
 *
 * - the container status comes from the failure, else from the controller's `containerStatus`
 *   (falling back to the previous one when it reports nothing or fails); a controller without
 *   the capability leaves `container` as it was. When neither the controller nor the previous
 *   status has one (a process not started yet), `container` stays absent: the original reports
 *   an empty one, which says nothing and reads as if the task had a container;
 * - a non-zero exit code from the failure overrides the reported one (it is recorded even when
 *   the controller cannot report a container status);
 * - ports come from the controller's `portStatus` (kept as they were when it fails).
 *
 * Errors of these queries are logged (`NODE_DEBUG=taskwright`), never raised.
 *
 * @internal
 */
export async function attachRuntimeStatus(
  status: TaskStatus,
  previous: TaskStatus,
  controller: object,
  failure: FailureFacts,
  signal: AbortSignal | undefined,
): Promise<void> {
  if (status.state < TaskState.Starting) return;
  let container = failure.containerStatus;
  if (container === undefined && hasContainerStatus(controller)) {
    const reported = await askSafely(() => controller.containerStatus(signal), signal, "container status");
    const known = reported ?? previous.container;
    if (known !== undefined) container = { ...known };
  }
  if (failure.exitCode !== undefined && failure.exitCode !== 0) {
    container = { ...(container ?? previous.container), exitCode: failure.exitCode };
  }
  if (container !== undefined) status.container = container;
  if (hasPortStatus(controller)) {
    try {
      const ports = await controller.portStatus(signal);
      if (ports) status.portStatus = clonePortStatus(ports);
      else delete status.portStatus;
    } catch (err) {
      logQueryError("port status", err, signal);
    }
  }
}

async function askSafely<T>(query: () => Promise<T>, signal: AbortSignal | undefined, what: string) {
  try {
    return await query();
  } catch (err) {
    logQueryError(what, err, signal);
    return undefined;
  }
}

function logQueryError(what: string, err: unknown, signal: AbortSignal | undefined): void {
  if (!isAbortError(err, signal)) debug("collecting %s failed: %s", what, errorMessage(err));
}
