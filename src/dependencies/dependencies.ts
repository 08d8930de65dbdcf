import { createConfigsManager } from "../configs/configs-manager.js";
import { restrictConfigs } from "../configs/restrict.js";
import type { DependencyGetter, DependencyManager } from "../exec/executor.js";
import type { Task } from "../exec/task.js";
import { restrictSecrets } from "../secrets/restrict.js";
import { createSecretsManager } from "../secrets/secrets-manager.js";

/**
 * A new {@link DependencyManager} bundling an empty secrets manager and an empty configs manager
 * (see `createSecretsManager` and `createConfigsManager`).
 *
 * Port of SwarmKit's `agent.NewDependencyManager` (without volumes).
 */
export function createDependencyManager(): DependencyManager {
  return Object.freeze({ secrets: createSecretsManager(), configs: createConfigsManager() });
}

/**
 * What one task may read of `deps`: its secrets through `restrictSecrets` and its configs through
 * `restrictConfigs`, so any id its container spec does not reference is refused
 * (`task not authorized to access secret <id>`). Hand this, never the manager, to whatever runs
 * the task.
 *
 * Port of SwarmKit's `agent.Restrict`.
 */
export function restrict(deps: DependencyGetter, task: Task): DependencyGetter {
  return Object.freeze({ secrets: restrictSecrets(deps.secrets, task), configs: restrictConfigs(deps.configs, task) });
}
