import { TemplateError } from "./errors.js";
import type { TemplatedDependencyGetter } from "./templated-dependencies.js";

/** The bytes a task's secret or config file holds, and whether they may only be kept in memory. */
export interface ReferencedData {
  /** The payload, templates expanded (a `SecretBytes` for a secret and for a sensitive config). */
  data: Uint8Array;
  /**
   * `true` for a secret, and for a config whose template pulled in a secret: such bytes are never
   * written to a disk. `false` for any other config.
   */
  sensitive: boolean;
}

/**
 * Reads the payload of the secret or config that a task's file reference names, through the task's
 * templated view, for an executor to write as a file.
 *
 * Errors of `dependencies` pass through (`secret <id> not found`, `task not authorized …`), except
 * a template error, which is rethrown as a `TemplateError` (same `EXEC_TEMPLATE_*` code, the
 * original as `cause`) whose `field` is the reference and whose message starts with it, e.g.
 * `spec.container.secrets[0]: failed to expand templated secret s1: template: expansion:1:2: unknown field .Nope`.
 *
 * @param field - the reference in the spec, e.g. `"spec.container.configs[1]"`
 * @internal
 */
export function referencedData(
  dependencies: TemplatedDependencyGetter,
  kind: "secret" | "config",
  id: string,
  field: string,
): ReferencedData {
  try {
    if (kind === "secret") return { data: dependencies.secrets.get(id).spec.data, sensitive: true };
    const { config, sensitive } = dependencies.configs.getWithSensitivity(id);
    return { data: config.spec.data, sensitive };
  } catch (err) {
    if (!(err instanceof TemplateError)) throw err;
    throw err.placed(field, `${field}: failed to expand templated ${kind} ${id}`);
  }
}
