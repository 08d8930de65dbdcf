import type { Task } from "../exec/task.js";
import { containerConfig } from "./container-config.js";
import { type CreatedContainer, createTaskContainer } from "./create-container.js";
import { dependencyFiles } from "./dependency-files.js";
import { DockerError, DockerErrorCode } from "./errors.js";
import type { ControllerContext } from "./settings.js";
import type { TaskImage } from "./task-image.js";

/**
 * Everything `prepare` does before the controller records the result: writes the task's secret
 * and config files (refusing when they cannot be written safely), builds the container's config
 * with their mounts, and creates or adopts the container (see `createTaskContainer`). When that
 * fails, the files are deleted again, unless the task's existing container was adopted.
 *
 * @internal
 */
export async function prepareContainer(
  ctx: ControllerContext,
  task: Task,
  name: string,
  image: TaskImage,
  signal: AbortSignal,
): Promise<CreatedContainer> {
  const { settings, mounter, adapter } = ctx;
  const files = dependencyFiles(task, ctx.dependencies);
  if (files.length > 0 && !mounter) {
    throw new DockerError(
      DockerErrorCode.SecretFiles,
      `task ${task.id} needs secret or config files, which are only written to a host tmpfs for an engine ` +
        `on this machine; the engine at ${adapter.endpoint.display} is not (pass a secretFiles mounter)`,
    );
  }
  const extraMounts = files.length > 0 && mounter ? await mounter.prepare(name, files) : [];
  const body = containerConfig(task, {
    labelPrefix: settings.labelPrefix,
    networkMode: settings.networkMode,
    portBindingHostIp: settings.portBindingHostIp,
    extraMounts,
  });
  try {
    return await createTaskContainer(adapter, task, name, body, image, settings.labelPrefix, signal);
  } catch (err) {
    if (files.length > 0) await mounter?.cleanup(name);
    throw err;
  }
}
