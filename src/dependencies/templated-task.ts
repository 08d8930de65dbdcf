import type { ContainerSpec } from "../exec/container-spec.js";
import type { DependencyGetter, NodeDescription } from "../exec/executor.js";
import type { Task } from "../exec/task.js";
import { expandContainerSpec } from "../exec/template/expand-container-spec.js";
import { type TemplatedDependencyGetter, templatedDependencies } from "../exec/template/templated-dependencies.js";
import { restrict } from "./dependencies.js";

/** A task as an executor runs it: its container spec expanded, and what it may read of the stores. */
export interface TemplatedTask {
  /** The task's container spec with its templates expanded (see `expandContainerSpec`). */
  container: ContainerSpec;
  /**
   * The task's secrets and configs: only those its spec references (see `restrict`), with
   * templated payloads expanded for the task and node when read (see `templatedDependencies`).
   */
  dependencies: TemplatedDependencyGetter;
}

/**
 * What an executor needs to run `task` on `node`: the expanded container spec, and the task's
 * restricted, templated view of `deps`. Both executors call it from `controller(task)`, after
 * validating the task, so that a bad template in the spec rejects the task there. Payloads are
 * expanded later, when read (at `prepare`), from the task as given: a payload's `env` function
 * sees the spec's env before expansion, as in the original.
 *
 * @throws TemplateError naming the spec field (codes `EXEC_TEMPLATE_*`)
 * @throws ExecError `EXEC_RUNTIME_UNSUPPORTED` when the task has no container spec
 * @internal
 */
export function templatedTask(task: Task, deps: DependencyGetter, node: NodeDescription | undefined): TemplatedTask {
  return {
    container: expandContainerSpec(task, node),
    dependencies: templatedDependencies(restrict(deps, task), task, node),
  };
}
