import type { ContainerSpec } from "../container-spec.js";
import { ExecError, ExecErrorCode } from "../errors.js";
import type { NodeDescription } from "../executor.js";
import type { Task } from "../task.js";
import { templateContext } from "./context.js";
import { TemplateError } from "./errors.js";
import { expandTemplate } from "./expand.js";
import type { TemplateStruct } from "./values.js";

/**
 * The task's container spec with its templates expanded, as a new object (the task is never
 * mutated). Expanded: the value of each `env` entry (the part after the first `=`; entries
 * without `=` and the names are left alone), `hostname`, each mount's `source` and `target`, and
 * the values of each mount's `volumeOptions.labels` and `volumeOptions.driverConfig.options`.
 * Nothing else (command, args, labels, image, …) is templated.
 *
 * Templates use Go's `text/template` syntax over the context `.Service.{ID,Name,Labels}`,
 * `.Node.{ID,Hostname,Platform.OS,Platform.Architecture}` (empty without `node`) and
 * `.Task.{ID,Name,Slot}`, with `join` and Go's pure built-ins (`eq`, `index`, `len`, …). The
 * payload functions `secret`, `config` and `env` are not available here.
 *
 * @param node - the node the task runs on, for `.Node.Hostname` and `.Node.Platform`
 * @throws TemplateError whose `field` and message name the spec field, e.g.
 *   `spec.container.env[2]: template: expansion:1:2: unknown field .NotExpanded`
 *   (codes `EXEC_TEMPLATE_*`)
 * @throws ExecError with code `EXEC_RUNTIME_UNSUPPORTED` when the task has no container spec
 *
 * @example
 * ```ts
 * const spec = expandContainerSpec(task, await executor.describe());
 * // env ["TASK={{.Task.ID}}"] → ["TASK=<the task id>"]
 * ```
 *
 * Port of SwarmKit's `template.ExpandContainerSpec`.
 */
export function expandContainerSpec(task: Task, node?: NodeDescription): ContainerSpec {
  const source = task.spec.container;
  if (!source) throw new ExecError(ExecErrorCode.RuntimeUnsupported, "task missing ContainerSpec to expand");
  const spec = structuredClone(source);
  const context = templateContext(task, node);
  const base = "spec.container";
  spec.env = spec.env?.map((entry, i) => {
    const at = entry.indexOf("=");
    if (at === -1) return entry;
    return `${entry.slice(0, at + 1)}${expandField(entry.slice(at + 1), context, `${base}.env[${i}]`)}`;
  });
  if (spec.env === undefined) delete spec.env;
  spec.mounts?.forEach((mount, i) => {
    const path = `${base}.mounts[${i}]`;
    if (mount.source !== undefined) mount.source = expandField(mount.source, context, `${path}.source`);
    mount.target = expandField(mount.target, context, `${path}.target`);
    const volume = mount.volumeOptions;
    if (volume?.labels) volume.labels = expandValues(volume.labels, context, `${path}.volumeOptions.labels`);
    const driver = volume?.driverConfig;
    if (driver?.options)
      driver.options = expandValues(driver.options, context, `${path}.volumeOptions.driverConfig.options`);
  });
  if (spec.hostname !== undefined) spec.hostname = expandField(spec.hostname, context, `${base}.hostname`);
  return spec;
}

function expandValues(values: Record<string, string>, context: TemplateStruct, path: string): Record<string, string> {
  const expanded: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) expanded[key] = expandField(value, context, `${path}.${key}`);
  return expanded;
}

function expandField(value: string, context: TemplateStruct, field: string): string {
  try {
    return expandTemplate(value, context);
  } catch (err) {
    throw err instanceof TemplateError ? err.placed(field, field) : err;
  }
}

/**
 * One string expanded with the task context, as {@link expandContainerSpec} expands each field:
 * for executors that template more than the original does. A string without `{{` is returned as is.
 *
 * @throws TemplateError (codes `EXEC_TEMPLATE_*`)
 */
export function expandTaskTemplate(template: string, task: Task, node?: NodeDescription): string {
  return expandTemplate(template, templateContext(task, node));
}
