import type { Task } from "../exec/task.js";
import { demuxDockerLogs } from "../logs/demux.js";
import { parseLogTimestamp } from "../logs/timestamp.js";
import type { LogPublisher, LogStream, LogSubscriptionOptions } from "../logs/types.js";
import type { DockerAdapter } from "./adapter.js";
import type { ContainerInspect } from "./client.js";
import { ContainerWatch, sleep } from "./container-watch.js";
import { EngineUnreachableError } from "./errors.js";
import type { DockerSettings } from "./settings.js";
import { readFailure } from "./streams.js";

/** What reading a task's logs needs. @internal */
export interface LogsContext {
  adapter: DockerAdapter;
  settings: DockerSettings;
  task: Task;
  /** The container's name or id. */
  ref: string;
}

/** Where reading stopped: the last timestamp published, and how many messages carried it. */
interface Position {
  nanos: bigint;
  count: number;
}

const bothStreams: readonly LogStream[] = ["stdout", "stderr"];

/** Docker's `since` for an instant in nanoseconds: `"<seconds>.<nine digits>"`. */
function sinceOf(nanos: bigint): string {
  return `${nanos / 1_000_000_000n}.${(nanos % 1_000_000_000n).toString().padStart(9, "0")}`;
}

/**
 * Publishes a container's logs (see `DockerController.logs`). Every request asks for timestamps;
 * the position is the last timestamp published and how many messages had it, so a resumed request
 * starts at that timestamp (Docker's `since` includes it) and skips exactly the messages already
 * published: no gap, no duplicate. A followed stream that ends while the container still runs was
 * dropped and is resumed; once the container has stopped, one last read without `follow` picks up
 * anything the stream missed. With `follow`, the container is waited for until it has started.
 *
 * @internal
 */
export async function streamContainerLogs(
  ctx: LogsContext,
  publisher: LogPublisher,
  options: LogSubscriptionOptions,
  signal: AbortSignal,
): Promise<void> {
  const ready = options.follow
    ? await waitUntilStarted(ctx, signal)
    : await ctx.adapter.inspectContainer(ctx.ref, signal);
  if (!ready) return;
  const streams = options.streams?.length ? options.streams : bothStreams;
  const context = { taskId: ctx.task.id, serviceId: ctx.task.serviceId, nodeId: ctx.task.nodeId };
  const demuxOptions = { context, tty: Boolean(ready.Config?.Tty), timestamps: true, streams: [...streams] };
  let follow = Boolean(options.follow);
  let position: Position | undefined;
  let lastContact = Date.now();
  let backoff = 100;
  for (;;) {
    const query: Record<string, unknown> = {
      stdout: streams.includes("stdout"),
      stderr: streams.includes("stderr"),
      timestamps: true,
      follow,
    };
    if (position) query.since = sinceOf(position.nanos);
    else {
      if (options.since) query.since = sinceOf(BigInt(options.since.getTime()) * 1_000_000n);
      if (options.tail !== undefined) query.tail = String(Math.max(0, Math.floor(options.tail)));
    }
    let skip = position?.count ?? 0;
    try {
      const body = await ctx.adapter.logs(ready.Id, query, signal);
      for await (const message of demuxDockerLogs(body, demuxOptions)) {
        if (message.rawTimestamp !== undefined) {
          const nanos = parseLogTimestamp(message.rawTimestamp).epochNanos;
          if (position && nanos < position.nanos) continue;
          if (position && nanos === position.nanos && skip > 0) {
            skip--;
            continue;
          }
          if (position && nanos === position.nanos) position.count++;
          else position = { nanos, count: 1 };
        }
        await publisher.publish(message, signal);
      }
      lastContact = Date.now();
      backoff = 100;
    } catch (err) {
      const failure = readFailure(err, `reading logs of container ${ctx.ref}`, ctx.adapter.endpoint.display, signal);
      const resumable =
        failure instanceof EngineUnreachableError || (err as { code?: unknown })?.code === "EXEC_LOG_TRUNCATED";
      if (signal.aborted || !resumable || Date.now() - lastContact >= ctx.settings.reconnectTimeout) throw failure;
      await sleep(backoff, signal);
      backoff = Math.min(backoff * 2, 2000);
      continue;
    }
    if (!follow) return;
    const now = await ctx.adapter.inspectContainer(ready.Id, signal);
    if (!now?.State.Running) follow = false;
  }
}

/** The container once it has been started (running or exited); waits for it to exist and start. */
async function waitUntilStarted(ctx: LogsContext, signal: AbortSignal): Promise<ContainerInspect> {
  const now = await ctx.adapter.inspectContainer(ctx.ref, signal);
  if (now && now.State.Status !== "created") return now;
  const watch = new ContainerWatch(ctx.adapter, ctx.ref, {
    events: true,
    pollMs: 1000,
    reconnectMs: ctx.settings.reconnectTimeout,
  });
  for await (const state of watch.states(signal)) {
    if (state && state.State.Status !== "created") return state;
  }
  throw signal.reason;
}
