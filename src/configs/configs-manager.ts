import { PayloadStore } from "../dependencies/store.js";
import type { Config, ConfigsManager } from "../exec/executor.js";

/**
 * A new, empty, in-memory {@link ConfigsManager}: where an executor keeps the configs the agent
 * is given.
 *
 * - `add(...configs)` stores a copy of each (replacing one with the same id); it throws a
 *   `TypeError` naming the field (`configs[1].spec.data`, or `configs[0].spec.extra: unknown field`)
 *   when an item is not a config, and then
 *   stores none of them.
 * - `get(id)` returns a fresh copy; an unknown id throws an `ExecError` with code
 *   `EXEC_CONFIG_NOT_FOUND` and the message `config <id> not found`.
 * - `remove(ids)` ignores unknown ids; `reset()` empties the store. Both are idempotent.
 *
 * Getters made by `restrictConfigs` read the live store, so they see later changes.
 *
 * Port of SwarmKit's `agent/configs` `NewManager`; unlike the original, `get` never hands out the
 * stored object itself.
 */
export function createConfigsManager(): ConfigsManager {
  return new PayloadStore<Config>("config", (bytes) => new Uint8Array(bytes));
}
