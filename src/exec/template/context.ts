/**
 * What a template can see about its task and node: the original's `Context`, and nothing else.
 *
 * @module
 * @internal
 */
import type { NodeDescription } from "../executor.js";
import type { Task } from "../task.js";
import { TemplateStruct, type TemplateValue } from "./values.js";

/**
 * The task's name as SwarmKit names it: its annotation name if set, else
 * `<service name>.<slot, or node id when there is no slot>.<task id>`.
 */
export function taskName(task: Task): string {
  const name = task.annotations?.name;
  if (name) return name;
  return `${task.serviceAnnotations?.name ?? ""}.${slotOrNode(task)}.${task.id}`;
}

function slotOrNode(task: Task): string {
  return task.slot ? String(task.slot) : (task.nodeId ?? "");
}

/**
 * `.Service.{ID,Name,Labels}`, `.Node.{ID,Hostname,Platform.{OS,Architecture}}` and
 * `.Task.{ID,Name,Slot}`. Node fields are empty strings without a node description; task
 * annotations and labels are deliberately not exposed.
 */
export function templateContext(task: Task, node?: NodeDescription): TemplateStruct {
  const labels = new Map<string, TemplateValue>(Object.entries(task.serviceAnnotations?.labels ?? {}));
  return new TemplateStruct({
    Service: new TemplateStruct({
      ID: task.serviceId ?? "",
      Name: task.serviceAnnotations?.name ?? "",
      Labels: labels,
    }),
    Node: new TemplateStruct({
      ID: task.nodeId ?? "",
      Hostname: node?.hostname ?? "",
      Platform: new TemplateStruct({
        Architecture: node?.platform?.architecture ?? "",
        OS: node?.platform?.os ?? "",
      }),
    }),
    Task: new TemplateStruct({ ID: task.id, Name: taskName(task), Slot: slotOrNode(task) }),
  });
}
