import { PayloadStore } from "../dependencies/store.js";
import type { Secret, SecretsManager } from "../exec/executor.js";
import { SecretBytes } from "../exec/secret-bytes.js";

/**
 * A new, empty, in-memory {@link SecretsManager}: where an executor keeps the secrets the agent
 * is given.
 *
 * - `add(...secrets)` stores a copy of each (replacing one with the same id); it throws a
 *   `TypeError` naming the field (`secrets[1].spec.data`, or `secrets[0].spec.extra: unknown field`)
 *   when an item is not a secret, and then
 *   stores none of them.
 * - `get(id)` returns a fresh copy, whose `spec.data` is a {@link SecretBytes} (it prints as
 *   `[redacted]`); an unknown id throws an `ExecError` with code `EXEC_SECRET_NOT_FOUND` and the
 *   message `secret <id> not found`.
 * - `remove(ids)` ignores unknown ids; `reset()` empties the store. Both are idempotent.
 *
 * Getters made by `restrictSecrets` read the live store, so they see later changes.
 *
 * Port of SwarmKit's `agent/secrets` `NewManager`; unlike the original, `get` never hands out the
 * stored object itself.
 */
export function createSecretsManager(): SecretsManager {
  return new PayloadStore<Secret>("secret", (bytes) => SecretBytes.copyOf(bytes));
}
