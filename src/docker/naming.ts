import type { Task } from "../exec/task.js";

/** The label prefix used when none is configured: containers carry `taskwright.task.id=<id>`. */
export const defaultLabelPrefix = "taskwright";

/**
 * The task's name, as the original names tasks: its annotation name when set, else
 * `<service name>.<slot, or node id when the slot is 0>.<task id>`, leaving out empty parts.
 */
export function taskName(task: Task): string {
  if (task.annotations?.name) return task.annotations.name;
  const slotOrNode = task.slot ? String(task.slot) : (task.nodeId ?? "");
  return [task.serviceAnnotations?.name ?? "", slotOrNode, task.id].filter((part) => part !== "").join(".");
}

/**
 * The container name of a task: its {@link taskName}, with every character Docker does not allow
 * in names replaced by `_` and leading characters other than letters and digits dropped. It is
 * stable, so a controller made again for the same task finds the same container.
 */
export function containerName(task: Task): string {
  const name = taskName(task)
    .replace(/[^A-Za-z0-9_.-]/g, "_")
    .replace(/^[^A-Za-z0-9]+/, "");
  return name === "" ? `task_${task.id}` : name;
}

/** The label that marks a container as a task's: `<prefix>.task.id`. */
export function taskIdLabel(prefix: string): string {
  return `${prefix}.task.id`;
}

/**
 * The labels the executor sets on a task's container, overriding any of the same key from the
 * spec or the task's annotations: `<prefix>.task` (empty marker), `.task.id`, `.task.name`, and
 * `.node.id`, `.service.id`, `.service.name` when known.
 */
export function systemLabels(task: Task, prefix: string): Record<string, string> {
  const labels: Record<string, string> = {
    [`${prefix}.task`]: "",
    [taskIdLabel(prefix)]: task.id,
    [`${prefix}.task.name`]: taskName(task),
  };
  if (task.nodeId) labels[`${prefix}.node.id`] = task.nodeId;
  if (task.serviceId) labels[`${prefix}.service.id`] = task.serviceId;
  if (task.serviceAnnotations?.name) labels[`${prefix}.service.name`] = task.serviceAnnotations.name;
  return labels;
}

/**
 * The labels of a task's container: the spec's labels, overridden by the task's annotation
 * labels, overridden by the executor's own: `<prefix>.task` (an empty marker), `<prefix>.task.id`,
 * `<prefix>.task.name` (see {@link taskName}), and `<prefix>.node.id`, `<prefix>.service.id`,
 * `<prefix>.service.name` when the task has them. A container found under a task's name is taken
 * for that task's only when its `<prefix>.task.id` is the task's id. Pure.
 */
export function containerLabels(task: Task, prefix: string): Record<string, string> {
  return { ...task.spec.container?.labels, ...task.annotations?.labels, ...systemLabels(task, prefix) };
}
