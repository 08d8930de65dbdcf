import type { Config, ConfigsManager, Secret, SecretsManager } from "../exec/executor.js";
import type { Task } from "../exec/task.js";

/** What to do with an assigned item. */
export type AssignmentAction = "update" | "remove";

/**
 * One change in a node's assignments: a task, a secret or a config to update or remove. A change
 * names exactly one of them; `Worker.assign` and `Worker.update` throw a `TypeError` otherwise.
 */
export type AssignmentChange =
  | {
      /** `"update"`: start or update the task; `"remove"`: stop managing it and remove its runtime. */
      action: AssignmentAction;
      /** The task, as the orchestrator sends it. */
      task: Task;
    }
  | {
      /** `"update"`: add or replace the secret; `"remove"`: drop it. */
      action: AssignmentAction;
      /** The secret, given to the executor's secrets manager. */
      secret: Secret;
    }
  | {
      /** `"update"`: add or replace the config; `"remove"`: drop it. */
      action: AssignmentAction;
      /** The config, given to the executor's configs manager. */
      config: Config;
    };

/**
 * A message from the orchestrator: the complete set of assignments (`worker.assign`) or changes
 * to it (`worker.update`).
 */
export interface AssignmentsMessage {
  /**
   * `"complete"`: the `update` changes are everything assigned; any other task is removed, and
   * the secrets and configs replace the executor's. `"incremental"`: the changes apply on top of
   * what is assigned.
   */
  type: "complete" | "incremental";
  /** The changes, applied secrets first, then configs, then tasks. */
  changes: AssignmentChange[];
}

/** Changes of one kind, split by action. @internal */
export interface SplitChanges<T> {
  updated: T[];
  removed: T[];
}

/** Assignment changes sorted by kind, in their original order. @internal */
export interface SortedChanges {
  secrets: SplitChanges<Secret>;
  configs: SplitChanges<Config>;
  tasks: SplitChanges<Task>;
}

/**
 * Sorts changes by kind and action.
 *
 * @throws TypeError naming the index of a change that has no valid action, or not exactly one of
 *   `task`, `secret`, `config`.
 * @internal
 */
export function sortChanges(changes: readonly AssignmentChange[]): SortedChanges {
  const sorted: SortedChanges = {
    secrets: { updated: [], removed: [] },
    configs: { updated: [], removed: [] },
    tasks: { updated: [], removed: [] },
  };
  changes.forEach((change, index) => {
    const { action } = change;
    if (action !== "update" && action !== "remove") {
      throw new TypeError(`changes[${index}].action: expected "update" or "remove", got ${String(action)}`);
    }
    const items = [
      ["tasks", (change as { task?: Task }).task],
      ["secrets", (change as { secret?: Secret }).secret],
      ["configs", (change as { config?: Config }).config],
    ] as const;
    const present = items.filter(([, item]) => item !== undefined);
    if (present.length !== 1) {
      throw new TypeError(`changes[${index}]: expected exactly one of task, secret, config`);
    }
    const [kind, item] = present[0] as (typeof items)[number];
    (sorted[kind][action === "update" ? "updated" : "removed"] as unknown[]).push(item);
  });
  return sorted;
}

/**
 * Applies secret or config changes to the executor's manager: a complete set resets the manager
 * and adds the updated items (removals are ignored, as in the original); an incremental one
 * removes, then adds. Returns `false` when there were changes but no manager to take them.
 *
 * @internal
 */
export function applyDependencyChanges<T extends Secret | Config>(
  manager: SecretsManager | ConfigsManager | undefined,
  changes: SplitChanges<T>,
  complete: boolean,
): boolean {
  if (!manager) return changes.updated.length === 0 && changes.removed.length === 0;
  const store = manager as { add(...items: T[]): void; remove(ids: Iterable<string>): void; reset(): void };
  if (complete) store.reset();
  else store.remove(changes.removed.map((item) => item.id));
  store.add(...changes.updated);
  return true;
}
