// Stand-in for issue 3's templating (see ../upstream.ts): field lookups only (`{{.Task.ID}}`), no
// functions and no payload templating; replaced on integration.
import type { ContainerSpec } from "../../exec/container-spec.js";
import { ExecError, ExecErrorCode } from "../../exec/errors.js";
import type { DependencyGetter, NodeDescription } from "../../exec/executor.js";
import type { Task } from "../../exec/task.js";
import { taskName } from "../naming.js";

function expand(template: string, task: Task, node: NodeDescription | undefined, field: string): string {
  const values: Record<string, string | undefined> = {
    ".Task.ID": task.id,
    ".Task.Name": taskName(task),
    ".Task.Slot": task.slot ? String(task.slot) : (task.nodeId ?? ""),
    ".Service.ID": task.serviceId ?? "",
    ".Service.Name": task.serviceAnnotations?.name ?? "",
    ".Node.ID": task.nodeId ?? "",
    ".Node.Hostname": node?.hostname ?? "",
    ".Node.Platform.OS": node?.platform.os ?? "",
    ".Node.Platform.Architecture": node?.platform.architecture ?? "",
  };
  return template.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new ExecError("EXEC_TEMPLATE", `${field}: template: unknown field ${key}`);
    return value;
  });
}

/** @internal */
export function expandContainerSpec(task: Task, node?: NodeDescription): ContainerSpec {
  const source = task.spec.container;
  if (!source) throw new ExecError(ExecErrorCode.RuntimeUnsupported, "task missing ContainerSpec to expand");
  const spec = structuredClone(source);
  const base = "spec.container";
  spec.env = spec.env?.map((entry, i) => {
    const at = entry.indexOf("=");
    return at < 0 ? entry : entry.slice(0, at + 1) + expand(entry.slice(at + 1), task, node, `${base}.env[${i}]`);
  });
  if (spec.hostname) spec.hostname = expand(spec.hostname, task, node, `${base}.hostname`);
  spec.mounts = spec.mounts?.map((mount, i) => ({
    ...mount,
    ...(mount.source ? { source: expand(mount.source, task, node, `${base}.mounts[${i}].source`) } : {}),
    target: expand(mount.target, task, node, `${base}.mounts[${i}].target`),
  }));
  return spec;
}

/** @internal */
export function templatedDependencies(deps: DependencyGetter, _task: Task, _node?: NodeDescription): DependencyGetter {
  return deps;
}
