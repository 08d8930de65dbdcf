import { notAuthorizedError } from "../exec/dependency-errors.js";
import type { Secret, SecretGetter } from "../exec/executor.js";
import type { Task } from "../exec/task.js";

/**
 * The id under which a secret made for one task only is stored: `<secretId>.<taskId>` (a secret
 * driver may hand out a value per task). {@link restrictSecrets} looks there first.
 */
export function taskSpecificSecretId(secretId: string, taskId: string): string {
  return `${secretId}.${taskId}`;
}

/**
 * A view of `getter` that serves only the secrets the task's container spec references
 * (`task.spec.container.secrets[].secretId`, read once, now).
 *
 * `get(id)`:
 * - an id the task does not reference throws an `ExecError` with code
 *   `EXEC_SECRET_NOT_AUTHORIZED` and the message `task not authorized to access secret <id>`,
 *   whether or not such a secret exists; a task-specific id asked for directly is refused too;
 * - otherwise the task-specific secret `<id>.<taskId>` is returned when `getter` has one (with
 *   its `id` set back to `id`, on a copy), else `getter.get(id)`, whose errors pass through
 *   (`secret <id> not found`).
 *
 * A task without a container spec is allowed no secret.
 *
 * Port of SwarmKit's `agent/secrets` `Restrict`.
 */
export function restrictSecrets(getter: SecretGetter, task: Task): SecretGetter {
  const allowed = new Set((task.spec.container?.secrets ?? []).map((ref) => ref.secretId));
  return Object.freeze({
    get(id: string): Secret {
      if (!allowed.has(id)) throw notAuthorizedError("secret", id);
      const specific = tryGet(getter, taskSpecificSecretId(id, task.id));
      return specific === undefined ? getter.get(id) : { ...specific, id };
    },
  });
}

/** The secret, or `undefined` for any failure (as in the original, the plain id is tried next). */
function tryGet(getter: SecretGetter, id: string): Secret | undefined {
  try {
    return getter.get(id);
  } catch {
    return undefined;
  }
}
