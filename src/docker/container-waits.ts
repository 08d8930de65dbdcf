import { anySignal } from "./abortable.js";
import type { DockerAdapter } from "./adapter.js";
import { isNotFound } from "./classify.js";
import type { ContainerInspect } from "./client.js";
import { exitError, hasExited, healthDeadline, unhealthyError } from "./container-state.js";
import { ContainerWatch, sleep } from "./container-watch.js";
import { DockerError, DockerErrorCode } from "./errors.js";
import type { DockerSettings } from "./settings.js";

/** What the waits need: the engine, the settings, the container and how to stop it. @internal */
export interface WaitContext {
  adapter: DockerAdapter;
  settings: DockerSettings;
  /** The container's id. */
  id: string;
  /** Stops the container gracefully (stop signal, then kill after the grace period). */
  stop: (signal: AbortSignal) => Promise<void>;
  /** Receives every fresh inspection (to cache it). */
  seen: (inspect: ContainerInspect | undefined) => void;
}

/** The error for a container that vanished while the task needed it. @internal */
export function destroyedError(id: string): DockerError {
  return new DockerError(DockerErrorCode.ContainerDestroyed, `task: container ${id} was removed`);
}

/**
 * Resolves once a started container with a healthcheck reports healthy, or exits with code 0.
 * Rejects with the exit error when it exits otherwise, a `ContainerUnhealthyError` when its
 * healthcheck fails, or an `EXEC_DOCKER_HEALTH_TIMEOUT` error when it is still starting at the
 * deadline (the executor's `healthStartTimeout`, counted from the container's start); in both of those cases it is stopped first.
 *
 * @internal
 */
export async function awaitHealthy(ctx: WaitContext, started: ContainerInspect, signal: AbortSignal): Promise<void> {
  const deadline = healthDeadline(started, ctx.settings.healthStartTimeout);
  const watch = new ContainerWatch(ctx.adapter, ctx.id, {
    events: true,
    pollMs: 1000,
    reconnectMs: ctx.settings.reconnectTimeout,
  });
  for await (const state of watch.states(signal)) {
    ctx.seen(state);
    if (!state) throw destroyedError(ctx.id);
    if (hasExited(state)) {
      const failure = exitError(state);
      if (failure) throw failure;
      return;
    }
    const health = state.State.Health?.Status;
    if (health === "healthy" || health === undefined) return;
    if (health === "unhealthy") {
      await ctx.stop(signal);
      throw unhealthyError(state);
    }
    if (Date.now() >= deadline) {
      await ctx.stop(signal);
      const output = state.State.Health?.Log?.at(-1)?.Output?.trim();
      const seconds = Math.round((deadline - Date.parse(state.State.StartedAt ?? "")) / 1000);
      throw new DockerError(
        DockerErrorCode.HealthTimeout,
        `task: container not healthy within ${Number.isFinite(seconds) ? `${seconds} s` : "the start deadline"}` +
          `; last health check: ${output ? output : "none yet"}`,
      );
    }
  }
}

/**
 * Waits until a running container is not running any more and returns its final inspection. The
 * engine's blocking wait is only a wake-up call: the exit is read from a fresh inspection, so a
 * wait that returns early (engine restart, dropped connection) is never taken for an exit. An
 * unreachable engine is retried for `reconnectTimeout`. With `health`, the container's events are
 * followed too and an unhealthy container is stopped; its final inspection then comes with the
 * `ContainerUnhealthyError` as `cause`.
 *
 * @internal
 */
export async function waitForExit(
  ctx: WaitContext,
  health: boolean,
  signal: AbortSignal,
): Promise<{ state: ContainerInspect; cause?: Error }> {
  const done = new AbortController();
  const active = anySignal(signal, done.signal);
  const watch = new ContainerWatch(ctx.adapter, ctx.id, {
    events: health,
    pollMs: ctx.settings.waitPollInterval,
    reconnectMs: ctx.settings.reconnectTimeout,
  });
  const engineWait = wakeOnEngineWait(ctx, watch, active);
  let cause: Error | undefined;
  try {
    for await (const state of watch.states(active, health)) {
      ctx.seen(state);
      if (!state) throw destroyedError(ctx.id);
      if (hasExited(state)) return cause ? { state, cause } : { state };
      if (health && !cause && state.State.Health?.Status === "unhealthy") {
        cause = unhealthyError(state);
        await ctx.stop(active);
        watch.poke();
      }
    }
    throw signal.reason;
  } finally {
    done.abort();
    await engineWait;
  }
}

/** Calls the engine's blocking wait again and again, poking the watch each time it returns or fails. */
async function wakeOnEngineWait(ctx: WaitContext, watch: ContainerWatch, signal: AbortSignal): Promise<void> {
  let backoff = 100;
  while (!signal.aborted) {
    try {
      await ctx.adapter.waitContainer(ctx.id, signal);
      backoff = 100;
    } catch (err) {
      if (signal.aborted) return;
      if (isNotFound(err)) {
        watch.poke();
        return;
      }
      backoff = Math.min(backoff * 2, 2000);
    }
    watch.poke();
    try {
      await sleep(backoff, signal);
    } catch {
      return;
    }
  }
}

/** The error of an exited container (see `exitError`), or `undefined` for a clean exit. @internal */
export function exitOutcome(state: ContainerInspect, cause?: Error): Error | undefined {
  if (cause && "lastOutput" in cause) {
    (cause as { exitCode?: number }).exitCode = state.State.ExitCode;
    return cause;
  }
  return exitError(state, cause);
}
