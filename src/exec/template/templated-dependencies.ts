import type { Config, ConfigGetter, DependencyGetter, NodeDescription, Secret, SecretGetter } from "../executor.js";
import { SecretBytes } from "../secret-bytes.js";
import type { Task } from "../task.js";
import { TemplateError } from "./errors.js";
import { expandPayload } from "./payload.js";

/** A config, and whether its expanded payload pulled in a secret. */
export interface FlaggedConfig {
  /** The config, its payload expanded. */
  config: Config;
  /** `true` when the payload used `{{secret …}}`: treat the config like a secret (never write it to disk). */
  sensitive: boolean;
}

/** A config getter that can also tell whether a config's payload pulled in a secret. */
export interface TemplatedConfigGetter extends ConfigGetter {
  /** The config, expanded, and whether it is {@link FlaggedConfig.sensitive | sensitive}. Throws as `get` does. */
  getWithSensitivity(id: string): FlaggedConfig;
}

/** What {@link templatedDependencies} returns. */
export interface TemplatedDependencyGetter extends DependencyGetter {
  readonly secrets: SecretGetter;
  readonly configs: TemplatedConfigGetter;
}

/**
 * A view of `deps` whose `secrets.get(id)` and `configs.get(id)` expand the payload of a secret or
 * config that has `spec.templating` (`{ name: "golang" }`) for this task and node; others are
 * returned as `deps` returns them. Each call expands afresh and returns a new object (with
 * `spec.data` replaced; an expanded secret's data, and a sensitive config's, is a `SecretBytes`).
 *
 * A payload template sees the task context (as in {@link expandContainerSpec}) and may call
 * `secret "<target>"`, `config "<target>"` (the data of the secret or config the task references
 * with that file target name, inserted raw) and `env "<NAME>"` (the container's unexpanded env;
 * `""` when absent). Payloads and referenced data must be UTF-8 text.
 *
 * Pass the task's restricted view (`restrict(deps, task)`), as the original does: `secret` and
 * `config` read through `deps`, and only ids that `deps` serves can be read.
 *
 * Errors: those of `deps` pass through (`secret <id> not found`, `task not authorized …`); a
 * template error is a `TemplateError` (codes `EXEC_TEMPLATE_*`) whose message starts with
 * `failed to expand templated secret <id>` (or `config`), e.g.
 * `failed to expand templated secret s1: template: expansion:1:13: error calling secret: secret target db not found`.
 * Its message never contains the payload or the data of another secret.
 *
 * @param node - the node the task runs on, for `.Node.Hostname` and `.Node.Platform`
 *
 * Port of SwarmKit's `template.NewTemplatedDependencyGetter`.
 */
export function templatedDependencies(
  deps: DependencyGetter,
  task: Task,
  node?: NodeDescription,
): TemplatedDependencyGetter {
  const expand = (kind: "secret" | "config", item: Secret | Config) => {
    try {
      return expandPayload(item, task, node, deps);
    } catch (err) {
      if (!(err instanceof TemplateError)) throw err;
      throw err.placed(`${kind} ${item.id}`, `failed to expand templated ${kind} ${item.id}`);
    }
  };
  const flagged = (id: string): FlaggedConfig => {
    const config = deps.configs.get(id);
    if (config.spec.templating === undefined) return { config, sensitive: false };
    const { text, sensitive } = expand("config", config);
    const data = sensitive ? SecretBytes.fromString(text) : new TextEncoder().encode(text);
    return { config: { ...config, spec: { ...config.spec, data } }, sensitive };
  };
  return Object.freeze({
    secrets: Object.freeze({
      get(id: string): Secret {
        const secret = deps.secrets.get(id);
        if (secret.spec.templating === undefined) return secret;
        const { text } = expand("secret", secret);
        return { ...secret, spec: { ...secret.spec, data: SecretBytes.fromString(text) } };
      },
    }),
    configs: Object.freeze({
      get: (id: string): Config => flagged(id).config,
      getWithSensitivity: flagged,
    }),
  });
}
