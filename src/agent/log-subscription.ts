import type { EventEmitter } from "eventemitter3";
import type { Task } from "../exec/task.js";
import type { LogPublisher, LogSubscriptionOptions } from "../logs/types.js";
import type { WorkerEvents } from "./events.js";
import type { TaskManager } from "./task-manager.js";

/**
 * Which tasks' logs to stream: a task matches when any list names its task, service or node id.
 * A selector without any list matches no task.
 */
export interface LogSelector {
  /** Tasks, by id. */
  taskIds?: readonly string[];
  /** Every task of these services, by service id. */
  serviceIds?: readonly string[];
  /** Every task assigned to these nodes, by node id. */
  nodeIds?: readonly string[];
}

/** A request for the logs of some of a worker's tasks. */
export interface LogSubscription {
  /** Which of the worker's tasks. */
  selector: LogSelector;
  /** Which logs; `follow` keeps streaming, and starts on matching tasks added later. */
  options?: LogSubscriptionOptions;
  /** Receives every log message. */
  publisher: LogPublisher;
  /** Ends the subscription. */
  signal?: AbortSignal;
}

/** Whether a task matches a selector. @internal */
export function matchesSelector(selector: LogSelector, task: Task): boolean {
  return (
    selector.taskIds?.includes(task.id) === true ||
    (task.serviceId !== undefined && selector.serviceIds?.includes(task.serviceId) === true) ||
    (task.nodeId !== undefined && selector.nodeIds?.includes(task.nodeId) === true)
  );
}

/**
 * Streams the logs of the matching managed tasks (see `Worker.subscribeLogs`). `closing` aborts
 * when the worker closes, which ends a following subscription without error.
 *
 * @internal
 */
export async function subscribeLogs(
  events: EventEmitter<WorkerEvents>,
  managers: ReadonlyMap<string, TaskManager>,
  closing: AbortSignal,
  subscription: LogSubscription,
): Promise<void> {
  const { selector, publisher, signal } = subscription;
  const options = subscription.options ?? {};
  signal?.throwIfAborted();
  // Ends every stream of this subscription: aborted by the caller's signal or, when following, the worker closing.
  const ended = new AbortController();
  const end = () => ended.abort(signal?.aborted ? signal.reason : undefined);
  const sources = options.follow ? [signal, closing] : [signal];
  for (const source of sources) source?.addEventListener("abort", end, { once: true });
  const started = new Set<string>();
  const streams: Promise<void>[] = [];
  const startOn = (manager: TaskManager | undefined) => {
    if (!manager || started.has(manager.id) || !matchesSelector(selector, manager.task)) return;
    started.add(manager.id);
    streams.push(manager.logs(publisher, options, ended.signal));
  };
  const onAdded = (task: Task) => startOn(managers.get(task.id));
  try {
    for (const manager of managers.values()) startOn(manager);
    if (options.follow && !closing.aborted) {
      events.on("taskAdded", onAdded);
      await new Promise<void>((resolve) => ended.signal.addEventListener("abort", () => resolve(), { once: true }));
    }
    await Promise.all(streams);
  } finally {
    events.off("taskAdded", onAdded);
    for (const source of sources) source?.removeEventListener("abort", end);
    ended.abort();
  }
  signal?.throwIfAborted();
}
