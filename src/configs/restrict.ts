import { notAuthorizedError } from "../exec/dependency-errors.js";
import type { Config, ConfigGetter } from "../exec/executor.js";
import type { Task } from "../exec/task.js";

/**
 * A view of `getter` that serves only the configs the task's container spec references
 * (`task.spec.container.configs[].configId`, file and runtime targets alike, read once, now).
 *
 * `get(id)` of an id the task does not reference throws an `ExecError` with code
 * `EXEC_CONFIG_NOT_AUTHORIZED` and the message `task not authorized to access config <id>`,
 * whether or not such a config exists; otherwise it is `getter.get(id)`, whose errors pass
 * through (`config <id> not found`). A task without a container spec is allowed no config.
 *
 * Port of SwarmKit's `agent/configs` `Restrict`.
 */
export function restrictConfigs(getter: ConfigGetter, task: Task): ConfigGetter {
  const allowed = new Set((task.spec.container?.configs ?? []).map((ref) => ref.configId));
  return Object.freeze({
    get(id: string): Config {
      if (!allowed.has(id)) throw notAuthorizedError("config", id);
      return getter.get(id);
    },
  });
}
