import type { Task } from "../exec/task.js";
import type { DockerAdapter } from "./adapter.js";
import { isConflict, isNotFound } from "./classify.js";
import type { ContainerInspect } from "./client.js";
import type { ContainerCreateBody } from "./container-config.js";
import { DockerError, DockerErrorCode } from "./errors.js";
import { taskIdLabel } from "./naming.js";
import type { TaskImage } from "./task-image.js";

/** A created or adopted container. @internal */
export interface CreatedContainer {
  id: string;
  /** Present when an existing container of the task was adopted instead of created. */
  adopted?: ContainerInspect;
}

/**
 * Creates the task's container, pulling the image first when the pull policy wants it:
 *
 * - `always`: pull (a failed pull with the image present locally goes on with the local copy);
 * - `missing`: create at once; when the engine answers 404 and the image is absent, pull, then
 *   create again (so a present image costs no extra call);
 * - `never`: create; an absent image is an `EXEC_DOCKER_IMAGE_NOT_FOUND` error.
 *
 * A container that already has the name and carries this task's id label is adopted; one that
 * belongs to anything else is an `EXEC_DOCKER_NAME_CONFLICT` error.
 *
 * `signal` stops the pull and anything before the create request, not the request: once sent,
 * it runs to the engine's answer (within the adapter's request timeout).
 *
 * @internal
 */
export async function createTaskContainer(
  adapter: DockerAdapter,
  task: Task,
  name: string,
  body: ContainerCreateBody,
  image: TaskImage,
  labelPrefix: string,
  signal: AbortSignal,
): Promise<CreatedContainer> {
  const policy = image.policy;
  if (policy === "always") await image.pullOrUseLocal(signal);
  try {
    return await createOrAdopt(adapter, task, name, body, labelPrefix, signal);
  } catch (err) {
    if (!isNotFound(err) || policy === "always" || (await image.present(signal))) throw err;
    if (policy === "never") {
      throw new DockerError(
        DockerErrorCode.ImageNotFound,
        `image "${image.image}" is not present on the engine and the pull policy is "never"`,
        { cause: err },
      );
    }
  }
  await image.pull(signal);
  return createOrAdopt(adapter, task, name, body, labelPrefix, signal);
}

async function createOrAdopt(
  adapter: DockerAdapter,
  task: Task,
  name: string,
  body: ContainerCreateBody,
  labelPrefix: string,
  signal: AbortSignal,
): Promise<CreatedContainer> {
  for (let attempt = 0; ; attempt++) {
    signal.throwIfAborted();
    try {
      // The create request itself is never aborted: the engine may finish a create whose request
      // was dropped, leaving a container nobody knows of. The controller stops waiting instead.
      return { id: await adapter.createContainer(name, body) };
    } catch (err) {
      if (!isConflict(err)) throw err;
      const existing = await adapter.inspectContainer(name, signal);
      if (!existing && attempt === 0) continue; // removed in between: create again, once
      const owner = existing?.Config?.Labels?.[taskIdLabel(labelPrefix)];
      if (!existing || owner !== task.id) {
        throw new DockerError(
          DockerErrorCode.NameConflict,
          `container name "${name}" is taken by a container that is not task ${task.id}'s` +
            (owner ? ` (it belongs to task ${owner})` : ""),
          { cause: err },
        );
      }
      return { id: existing.Id, adopted: existing };
    }
  }
}
