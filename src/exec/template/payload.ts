/**
 * Expands the payload of a templated secret or config: the task context plus the functions
 * `secret`, `config` and `env`.
 *
 * @module
 * @internal
 */
import type { ContainerSpec, FileTarget } from "../container-spec.js";
import type { Config, DependencyGetter, NodeDescription, Secret } from "../executor.js";
import type { Task } from "../task.js";
import { templateContext } from "./context.js";
import { TemplateError, TemplateErrorCode } from "./errors.js";
import { expandTemplate } from "./expand.js";
import { CallError } from "./failures.js";
import { arity, stringArg } from "./functions.js";
import type { TemplateValue } from "./values.js";

/** The only templating engine recognised, as in the original. */
export const goTemplating = "golang";

/** An expanded payload, and whether it pulled in a secret. */
export interface ExpandedPayload {
  text: string;
  sensitive: boolean;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Expands the payload of `item` (whose `spec.templating` is set) for `task`.
 *
 * `secret "<target>"` and `config "<target>"` insert, raw (not expanded again), the data of the
 * secret or config that the task's container spec references with that file target name, read
 * through `deps` (so a self-reference yields the template text itself); `env "<NAME>"` inserts
 * the value of the first `NAME=` entry of the container's unexpanded env, or `""`.
 *
 * @throws TemplateError (code `EXEC_TEMPLATE_UNSUPPORTED_ENGINE` for an engine other than
 *   `"golang"`, `EXEC_TEMPLATE_SYNTAX` for a payload that is not UTF-8 text)
 */
export function expandPayload(
  item: Secret | Config,
  task: Task,
  node: NodeDescription | undefined,
  deps: DependencyGetter,
): ExpandedPayload {
  const engine = item.spec.templating?.name;
  if (engine !== goTemplating) {
    throw new TemplateError({
      code: TemplateErrorCode.UnsupportedEngine,
      reason: `unrecognized template type ${JSON.stringify(engine)}`,
    });
  }
  const source = decode(item.spec.data);
  if (source === undefined) {
    throw new TemplateError({ code: TemplateErrorCode.Syntax, reason: "payload is not valid UTF-8 text" });
  }
  const container = task.spec.container;
  let sensitive = false;
  const text = expandTemplate(source, templateContext(task, node), {
    secret: (...args) => {
      const data = referenced("secret", args, container?.secrets, container, (ref) => deps.secrets.get(ref.secretId));
      sensitive = true;
      return data;
    },
    config: (...args) =>
      referenced("config", args, container?.configs, container, (ref) => deps.configs.get(ref.configId)),
    env: (...args) => {
      arity("env", args, 1);
      const name = stringArg(args[0], 1);
      if (!container) throw new CallError("task is not a container");
      const entry = container.env?.find(
        (candidate) => candidate.indexOf("=") === name.length && candidate.startsWith(name),
      );
      return entry === undefined ? "" : entry.slice(name.length + 1);
    },
  });
  return { text, sensitive };
}

function decode(data: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(data);
  } catch {
    return undefined;
  }
}

/** `secret "<target>"` / `config "<target>"`: the data of the item referenced with that file target, as text. */
function referenced<R extends { file?: FileTarget }>(
  kind: "secret" | "config",
  args: TemplateValue[],
  refs: R[] | undefined,
  container: ContainerSpec | undefined,
  get: (ref: R) => Secret | Config,
): string {
  arity(kind, args, 1);
  const target = stringArg(args[0], 1);
  if (!container) throw new CallError("task is not a container");
  const ref = refs?.find((candidate) => candidate.file?.name === target);
  if (!ref) throw new CallError(`${kind} target ${target} not found`);
  const text = decode(get(ref).spec.data);
  if (text === undefined) throw new CallError(`${kind} target ${target} is not valid UTF-8 text`);
  return text;
}
