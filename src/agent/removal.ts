import type { Controller } from "../controller/controller.js";
import { ExecError, errorMessage } from "../exec/errors.js";
import type { Executor } from "../exec/executor.js";
import type { Task } from "../exec/task.js";
import { type ResolvedRetryOptions, retryUntilDone } from "./backoff.js";
import { AgentErrorCode } from "./errors.js";
import type { AgentErrorEvent } from "./events.js";
import { LimitedController, type OperationLimiters } from "./limits.js";
import { resolveController } from "./resolve-controller.js";
import type { TaskManager } from "./task-manager.js";

/** What a removal needs from its worker. @internal */
export interface RemovalContext {
  executor: Executor;
  limiters: OperationLimiters;
  retry: ResolvedRetryOptions;
  /** Aborts when the worker closes: the removal stops and the next `init()` finishes it. */
  signal: AbortSignal;
  onError(event: AgentErrorEvent): void;
}

/**
 * Removes a task's runtime: stops its manager, then calls the controller's `remove` (retried with
 * backoff until it succeeds) and `close`. A task without a controller (its manager had none yet,
 * or it was found unassigned at `init`) gets one from the executor first; a task the executor
 * refuses has nothing to remove. Resolves `true` once removed, `false` when `signal` aborted first.
 *
 * @internal
 */
export async function removeTask(
  taskId: string,
  source: { manager: TaskManager } | { task: Task },
  context: RemovalContext,
): Promise<boolean> {
  const { signal, retry } = context;
  let controller: Controller | undefined;
  try {
    if ("manager" in source) {
      await source.manager.close();
      controller = source.manager.controller;
    }
    const task = "manager" in source ? source.manager.task : source.task;
    controller ??= await resolveForRemoval(task, context);
    if (!controller) return true;
    const target = controller;
    await retryUntilDone(
      async () => {
        try {
          await target.remove(signal);
        } catch (cause) {
          throw new ExecError(AgentErrorCode.RemoveFailed, `removing task ${taskId} failed: ${errorMessage(cause)}`, {
            cause,
          });
        }
      },
      { retry, signal, onFailure: ({ error }) => context.onError({ taskId, operation: "remove", error }) },
    );
    return true;
  } catch {
    // Only an abort (the worker closing) ends the retries above.
    return false;
  } finally {
    await controller?.close().catch((error: unknown) => context.onError({ taskId, operation: "close", error }));
  }
}

async function resolveForRemoval(task: Task, context: RemovalContext): Promise<Controller | undefined> {
  const { executor, limiters, retry, signal } = context;
  const resolved = await retryUntilDone(
    async () => {
      const result = await resolveController(task, executor, limiters, signal);
      if (result.retry) throw result.retry;
      return result;
    },
    { retry, signal },
  );
  return resolved.controller && new LimitedController(resolved.controller, limiters);
}
