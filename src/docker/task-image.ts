import { raceSignal } from "../exec/abort.js";
import type { PullPolicy } from "../exec/container-spec.js";
import { errorMessage } from "../exec/errors.js";
import { dockerDebug } from "./debug.js";
import { EngineUnreachableError } from "./errors.js";
import { defaultPullPolicy, type ImageRef, parseImageRef } from "./image-ref.js";
import { pullImage } from "./pull.js";
import type { PullTicket } from "./pull-coordinator.js";
import type { ControllerContext } from "./settings.js";

/**
 * The image of one task: its pull policy, and its share in the executor's pulls. A pull survives
 * an aborted `pull()` call (the next call waits for the same pull) and is shared with every
 * other task pulling the same image with the same credentials.
 *
 * @internal
 */
export class TaskImage {
  private ticket: PullTicket | undefined;
  private readonly ref: ImageRef;

  /**
   * @param ctx - the controller's context
   * @param image - the image reference
   * @param registryAuth - the task's own credentials (`pullOptions.registryAuth`)
   * @param taskPolicy - the task's own policy (`pullOptions.policy`)
   */
  constructor(
    private readonly ctx: ControllerContext,
    readonly image: string,
    private readonly registryAuth: string | undefined,
    private readonly taskPolicy: PullPolicy | undefined,
  ) {
    this.ref = parseImageRef(image);
  }

  /** The task's policy, else the executor's, else the default for the reference. */
  get policy(): PullPolicy {
    return this.taskPolicy ?? this.ctx.settings.pullPolicy ?? defaultPullPolicy(this.ref);
  }

  /** Whether the image is present on the engine. */
  async present(signal: AbortSignal): Promise<boolean> {
    return (await this.ctx.adapter.inspectImage(this.image, signal)) !== undefined;
  }

  /**
   * Pulls the image (joining a pull already running). Aborting `signal` leaves the pull running.
   *
   * @throws ImagePullError with the real reason, or EngineUnreachableError
   */
  async pull(signal: AbortSignal): Promise<void> {
    const { settings, pulls, adapter } = this.ctx;
    this.ticket ??= pulls.join(`${this.image}\n${this.registryAuth ?? ""}`, async (pullSignal) => {
      const registryAuth = this.registryAuth ?? (await settings.registryAuth(this.ref.registry));
      await pullImage(adapter, this.image, {
        registryAuth,
        timeoutMs: settings.pullTimeout,
        inactivityTimeoutMs: settings.pullInactivityTimeout,
        onProgress: settings.onPullProgress,
        signal: pullSignal,
      });
    });
    try {
      await raceSignal(this.ticket.done, signal);
    } catch (err) {
      if (signal.aborted) throw err;
      this.release();
      throw err;
    }
    this.release();
  }

  /**
   * Pulls the image, but goes on with the local copy when the pull fails and the image is
   * present (a registry that is down does not stop a task whose image is here).
   */
  async pullOrUseLocal(signal: AbortSignal): Promise<void> {
    try {
      await this.pull(signal);
    } catch (err) {
      if (signal.aborted || err instanceof EngineUnreachableError) throw err;
      if (!(await this.present(signal))) throw err;
      dockerDebug("pulling %s failed, using the local image: %s", this.image, errorMessage(err));
    }
  }

  /** Gives up this task's share in a running pull (cancelled when no task needs it). Idempotent. */
  release(): void {
    this.ticket?.release();
    this.ticket = undefined;
  }
}
