import type { Controller } from "../controller/controller.js";
import { raceSignal } from "../exec/abort.js";
import { ErrControllerClosed, ErrTaskPrepared, ErrTaskStarted, errorMessage } from "../exec/errors.js";
import type { ContainerStatus, PortStatus, Task } from "../exec/task.js";
import type { LogPublisher, LogSubscriptionOptions } from "../logs/types.js";
import { anySignal } from "./abortable.js";
import type { ContainerInspect } from "./client.js";
import { stopGraceSeconds } from "./container-config.js";
import { streamContainerLogs } from "./container-logs.js";
import { containerStatusOf, hasExited, hasHealthcheck, portStatusOf } from "./container-state.js";
import { awaitHealthy, destroyedError, exitOutcome, type WaitContext, waitForExit } from "./container-waits.js";
import { dockerDebug } from "./debug.js";
import { DockerError, DockerErrorCode, EngineUnreachableError } from "./errors.js";
import { containerName, taskIdLabel } from "./naming.js";
import { prepareContainer } from "./prepare-container.js";
import type { ControllerContext, PreparedTask } from "./settings.js";
import { TaskImage } from "./task-image.js";

/** How long an inspection answers status queries for a running container (milliseconds). */
const statusFreshness = 1000;

/**
 * Runs one task as a Docker container. Made by `DockerExecutor.controller(task)`.
 *
 * - `prepare` pulls per the pull policy, writes secret and config files, and creates the
 *   container, or adopts the task's existing one (`ErrTaskPrepared`).
 * - `start` starts a created container (`ErrTaskStarted` otherwise) and, with a healthcheck,
 *   resolves once it is healthy.
 * - `wait` resolves on exit code 0 and rejects with a `ContainerExitError` (`exitCode`) otherwise.
 * - `shutdown` stops it with the stop signal and grace period, `terminate` kills it, `remove`
 *   removes it with its anonymous volumes and secret files; a missing container is success.
 * - `containerStatus`, `portStatus` and `logs` report on it.
 *
 * After `close()` every method but the status queries rejects with `ErrControllerClosed`, and a
 * `prepare`, `start` or `wait` in flight rejects with it too.
 *
 * Port of SwarmKit's `swarmd/dockerexec` controller, with Moby's fixes (see the README).
 */
export class DockerController implements Controller {
  /** The task as it runs: validated, with its templates expanded. */
  readonly task: Task;
  /** The container's name: stable for the task, so a new controller finds the same container. */
  readonly containerName: string;
  private readonly ctx: ControllerContext;
  private readonly closing = new AbortController();
  private readonly image: TaskImage;
  private containerId: string | undefined;
  /** True between a `prepare` that created the container and the `start` that starts it. */
  private knownCreated = false;
  private inspected: { at: number; value: ContainerInspect | undefined } | undefined;
  private creating: Promise<unknown> | undefined;
  /** A create was cut short (aborted, connection lost): the engine may still have made the container. */
  private createUncertain = false;

  /**
   * @param task - the task, validated and with its templates expanded
   * @param ctx - the executor's engine, settings and stores
   * @internal
   */
  constructor(task: PreparedTask, ctx: ControllerContext) {
    this.task = task;
    this.ctx = ctx;
    this.containerName = containerName(task);
    const spec = task.spec.container;
    this.image = new TaskImage(ctx, spec.image ?? "", spec.pullOptions?.registryAuth, spec.pullOptions?.policy);
  }

  private get ref(): string {
    return this.containerId ?? this.containerName;
  }

  private async op<T>(signal: AbortSignal | undefined, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.closing.signal.aborted) throw ErrControllerClosed;
    try {
      return await run(anySignal(signal, this.closing.signal));
    } catch (err) {
      if (this.closing.signal.aborted && !signal?.aborted) throw ErrControllerClosed;
      throw err;
    }
  }

  private remember(value: ContainerInspect | undefined): ContainerInspect | undefined {
    this.inspected = { at: Date.now(), value };
    if (value) this.containerId = value.Id;
    return value;
  }

  private async inspect(signal: AbortSignal | undefined): Promise<ContainerInspect | undefined> {
    return this.remember(await this.ctx.adapter.inspectContainer(this.ref, signal));
  }

  /** The last inspection when it still holds: recent, or of a container that has exited. */
  private recent(): ContainerInspect | undefined {
    const seen = this.inspected;
    if (!seen?.value) return undefined;
    return hasExited(seen.value) || Date.now() - seen.at < statusFreshness ? seen.value : undefined;
  }

  private waitContext(): WaitContext {
    return {
      adapter: this.ctx.adapter,
      settings: this.ctx.settings,
      id: this.ref,
      stop: (signal) => this.stop(signal),
      seen: (value) => this.remember(value),
    };
  }

  private async stop(signal: AbortSignal | undefined): Promise<void> {
    this.inspected = undefined;
    await this.ctx.adapter.stopContainer(this.ref, stopGraceSeconds(this.task), signal);
  }

  /** Accepted and ignored: a running container cannot take a new definition (as in the original). */
  async update(_task: Task, _signal?: AbortSignal): Promise<void> {
    if (this.closing.signal.aborted) throw ErrControllerClosed;
  }

  /**
   * Pulls the image per the pull policy, writes the secret and config files, and creates the
   * container. Rejects with `ErrTaskPrepared` when the task's container already exists (it is
   * adopted), with `ImagePullError` or an `EXEC_DOCKER_IMAGE_NOT_FOUND` error when the image cannot
   * be had, and with an `EXEC_DOCKER_NAME_CONFLICT` error when the name is someone else's. Aborting
   * does not abort the pull: the next `prepare` waits for the same one.
   */
  prepare(signal?: AbortSignal): Promise<void> {
    return this.op(signal, async (active) => {
      const creating = prepareContainer(this.ctx, this.task, this.containerName, this.image, active);
      // Until the engine has answered the create, `remove` waits for it, so that a container
      // created after an abort is removed too.
      const settled = creating.then(
        () => {},
        () => {},
      );
      this.creating = settled;
      void settled.then(() => {
        if (this.creating === settled) this.creating = undefined;
      });
      try {
        const created = await raceSignal(creating, active);
        this.containerId = created.id;
        if (created.adopted) {
          this.remember(created.adopted);
          throw ErrTaskPrepared;
        }
        this.knownCreated = true;
      } catch (err) {
        if (active.aborted || err instanceof EngineUnreachableError) this.createUncertain = true;
        throw err;
      }
    });
  }

  /**
   * Starts the container. Rejects with `ErrTaskStarted` when it is not in the `created` state
   * (after waiting, when it is still starting, for its healthcheck's verdict). With a healthcheck,
   * resolves only once it is healthy (or exited with code 0), and rejects with the exit error when
   * it exits otherwise, a `ContainerUnhealthyError` when its healthcheck fails, or an
   * `EXEC_DOCKER_HEALTH_TIMEOUT` error when it is still starting after `healthStartTimeout`; in
   * the last two cases the container is stopped first.
   */
  start(signal?: AbortSignal): Promise<void> {
    return this.op(signal, async (active) => {
      if (!this.knownCreated) {
        const current = await this.inspect(active);
        if (!current) throw destroyedError(this.containerName);
        if (current.State.Status !== "created") {
          if (current.State.Running && current.State.Health?.Status === "starting") {
            await awaitHealthy(this.waitContext(), current, active);
          }
          throw ErrTaskStarted;
        }
      }
      this.knownCreated = false;
      this.inspected = undefined;
      await this.ctx.adapter.startContainer(this.ref, active);
      const started = await this.inspect(active);
      if (!started) throw destroyedError(this.containerName);
      if (hasHealthcheck(started) && !hasExited(started)) await awaitHealthy(this.waitContext(), started, active);
    });
  }

  /**
   * Waits for the container to exit. Resolves on exit code 0; rejects with a `ContainerExitError`
   * (`exitCode`, `oomKilled`) otherwise, or with a `ContainerUnhealthyError` when its healthcheck
   * failed (it is then stopped). Survives a lost connection and an engine restart.
   */
  wait(signal?: AbortSignal): Promise<void> {
    return this.op(signal, async (active) => {
      const current = this.recent() ?? (await this.inspect(active));
      if (!current) throw destroyedError(this.containerName);
      if (hasExited(current)) {
        const failure = exitOutcome(current);
        if (failure) throw failure;
        return;
      }
      if (current.State.Status === "created") {
        throw new DockerError(DockerErrorCode.ContainerDestroyed, `task: container ${this.ref} was never started`);
      }
      const { state, cause } = await waitForExit(this.waitContext(), hasHealthcheck(current), active);
      const failure = exitOutcome(state, cause);
      if (failure) throw failure;
    });
  }

  /**
   * Stops the container with its stop signal, then kills it after the grace period (the spec's
   * `stopGracePeriod`, default 10 s). A container that is not running or does not exist is success.
   * Also gives up this task's share in a pull that is still running.
   */
  shutdown(signal?: AbortSignal): Promise<void> {
    return this.op(signal, async (active) => {
      this.image.release();
      const known = this.recent();
      if (known && hasExited(known)) return;
      await this.stop(active);
    });
  }

  /** Kills the container. A container that is not running or does not exist is success. */
  terminate(signal?: AbortSignal): Promise<void> {
    return this.op(signal, async (active) => {
      this.image.release();
      this.inspected = undefined;
      await this.ctx.adapter.killContainer(this.ref, active);
    });
  }

  /**
   * Shuts the container down, then removes it with its anonymous volumes, and deletes its secret
   * and config files. Once it resolves, the task has no container. A missing container is success.
   */
  remove(signal?: AbortSignal): Promise<void> {
    return this.op(signal, async (active) => {
      this.image.release();
      await this.creating;
      try {
        const known = this.recent();
        if (!known || !hasExited(known)) await this.stop(active);
      } catch (err) {
        if (active.aborted) throw err;
        dockerDebug("shutdown before removing %s failed: %s", this.ref, errorMessage(err));
      }
      await this.ctx.adapter.removeContainer(this.ref, active);
      if (this.createUncertain) {
        // A create the engine may have finished after we gave up on it: look for it by name too.
        const late = await this.ctx.adapter.inspectContainer(this.containerName, active);
        if (late?.Config?.Labels?.[taskIdLabel(this.ctx.settings.labelPrefix)] === this.task.id) {
          await this.ctx.adapter.removeContainer(late.Id, active);
        }
        this.createUncertain = false;
      }
      this.inspected = undefined;
      this.containerId = undefined;
      this.knownCreated = false;
      await this.ctx.mounter?.cleanup(this.containerName);
    });
  }

  /**
   * Releases the controller: operations in flight reject with `ErrControllerClosed`, and so does
   * every later call (a second `close` included). The container is left as it is.
   */
  async close(): Promise<void> {
    if (this.closing.signal.aborted) throw ErrControllerClosed;
    this.closing.abort(ErrControllerClosed);
    this.image.release();
  }

  /** The container's id, pid, exit code, OOM flag and times; `undefined` when it does not exist. */
  async containerStatus(signal?: AbortSignal): Promise<ContainerStatus | undefined> {
    // Created by this controller and not started since: nothing to ask the engine.
    if (this.knownCreated && this.containerId) return { containerId: this.containerId, pid: 0, exitCode: 0 };
    const current = this.recent() ?? (await this.inspect(signal));
    return current ? containerStatusOf(current) : undefined;
  }

  /** The ports the container publishes on the node; `undefined` when it does not exist. */
  async portStatus(signal?: AbortSignal): Promise<PortStatus | undefined> {
    if (this.knownCreated && this.containerId) return { ports: [] };
    const current = this.recent() ?? (await this.inspect(signal));
    return current ? portStatusOf(current) : undefined;
  }

  /**
   * Publishes the container's logs: stdout and stderr kept apart (a TTY container has only
   * stdout), `tail` (last N lines), `since`, `streams`, and with `follow` until the container
   * exits. A dropped stream is resumed where it stopped, without gaps or duplicates.
   */
  logs(publisher: LogPublisher, options: LogSubscriptionOptions, signal?: AbortSignal): Promise<void> {
    return this.op(signal, (active) =>
      streamContainerLogs(
        { adapter: this.ctx.adapter, settings: this.ctx.settings, task: this.task, ref: this.containerName },
        publisher,
        options,
        active,
      ),
    );
  }
}
