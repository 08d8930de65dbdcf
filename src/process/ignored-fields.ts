import type { ContainerSpec } from "../exec/container-spec.js";
import type { Task } from "../exec/task.js";

/**
 * Container fields that only an image or a container can give meaning to. The process executor
 * runs a plain process on the host: it cannot mount, isolate or limit it.
 */
const containerOnly = [
  "hostname",
  "groups",
  "privileges",
  "init",
  "tty",
  "openStdin",
  "readOnly",
  "mounts",
  "hosts",
  "dnsConfig",
  "healthcheck",
  "isolation",
  "pidsLimit",
  "sysctls",
  "capabilityAdd",
  "capabilityDrop",
  "ulimits",
  "oomScoreAdj",
] as const satisfies readonly (keyof ContainerSpec)[];

/**
 * The fields set in `task` that the process executor does not honour, as paths
 * (e.g. `"spec.container.mounts"`), in a stable order; empty when it honours everything set.
 *
 * The process executor honours `command`, `args`, `env`, `dir`, `user`, `stopSignal`,
 * `stopGracePeriod`, `secrets` and `configs`. It ignores by design what describes the image
 * (`image`, `pullOptions`, `labels`), which this list leaves out; everything else it ignores is
 * listed: isolation and limits a container would give (`mounts`, `readOnly`, `capabilityAdd`,
 * `ulimits`, …, `spec.resources`), `spec.logDriver` and published ports (`endpoint`). A field
 * set to an empty list or `false` counts as unset.
 *
 * The executor refuses a task that sets any of them unless it was made with `strict: false`; then
 * use this list to warn your users about what does not apply.
 */
export function ignoredProcessFields(task: Task): string[] {
  const container = task.spec.container ?? {};
  const fields = containerOnly.filter((name) => isSet(container[name])).map((name) => `spec.container.${name}`);
  if (isSet(task.spec.resources)) fields.push("spec.resources");
  if (isSet(task.spec.logDriver)) fields.push("spec.logDriver");
  if (isSet(task.endpoint?.ports)) fields.push("endpoint");
  return fields;
}

function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}
