import type { DockerAdapter } from "./adapter.js";
import { engineMessage } from "./classify.js";
import { DockerEngineError, EngineUnreachableError, ImagePullError } from "./errors.js";
import { parseImageRef, pullTag } from "./image-ref.js";
import { jsonLines, readFailure } from "./streams.js";

/** One progress message of an image pull, as the engine reports it. */
export interface PullProgressEvent {
  /** The image reference being pulled. */
  image: string;
  /** The engine's status text, e.g. `"Downloading"`, `"Pull complete"`. */
  status: string;
  /** The layer concerned, when the message is about one. */
  layer?: string;
  /** Bytes done so far for this layer (downloaded or extracted, per `status`), when the engine says. */
  current?: number;
  /** Bytes of this layer in all, when the engine says. */
  total?: number;
}

/** Limits and observers of one pull. @internal */
export interface PullSettings {
  /** Credentials header value (base64url JSON), if any. */
  registryAuth?: string | undefined;
  /** The whole pull must finish within this many milliseconds. */
  timeoutMs: number;
  /** The pull fails when the engine reports no progress for this many milliseconds. */
  inactivityTimeoutMs: number;
  /** Receives every progress message. */
  onProgress?: ((event: PullProgressEvent) => void) | undefined;
  /** Ends the pull (used when nobody needs it any more). */
  signal?: AbortSignal | undefined;
}

/**
 * Pulls an image and resolves only when the engine finished it: every progress message is read,
 * and an `error` in the stream rejects (a dockerode pull "succeeds" as soon as it starts
 * otherwise). An untagged reference pulls `latest`, never every tag.
 *
 * @throws ImagePullError with the engine's or registry's reason, or when a timeout passes
 * @throws EngineUnreachableError (temporary) when the engine itself is not reachable
 * @internal
 */
export async function pullImage(adapter: DockerAdapter, image: string, settings: PullSettings): Promise<void> {
  const ref = parseImageRef(image);
  const controller = new AbortController();
  const abort = (reason: unknown) => controller.abort(reason);
  const onAbort = () => abort(settings.signal?.reason);
  settings.signal?.addEventListener("abort", onAbort, { once: true });
  if (settings.signal?.aborted) onAbort();
  const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
  const total = setTimeout(
    () => abort(new ImagePullError(image, `did not finish within ${seconds(settings.timeoutMs)}`)),
    settings.timeoutMs,
  );
  let inactivity: NodeJS.Timeout | undefined;
  const touch = () => {
    clearTimeout(inactivity);
    inactivity = setTimeout(
      () => abort(new ImagePullError(image, `no progress for ${seconds(settings.inactivityTimeoutMs)}`)),
      settings.inactivityTimeoutMs,
    );
  };
  const operation = `pulling image ${image}`;
  try {
    touch();
    const body = await adapter.pullImage(ref.repository, pullTag(ref), settings.registryAuth, controller.signal);
    try {
      for await (const message of jsonLines(body)) {
        touch();
        const failure = pullFailure(message);
        if (failure !== undefined) throw new ImagePullError(image, failure);
        settings.onProgress?.(progressOf(image, message));
      }
    } catch (err) {
      if (err instanceof ImagePullError) throw err;
      throw readFailure(err, operation, adapter.endpoint.display, controller.signal);
    }
  } catch (err) {
    if (controller.signal.aborted) throw controller.signal.reason;
    if (err instanceof DockerEngineError) throw new ImagePullError(image, engineReason(err), { cause: err });
    if (err instanceof EngineUnreachableError || err instanceof ImagePullError) throw err;
    throw new ImagePullError(image, String((err as Error)?.message ?? err), { cause: err });
  } finally {
    clearTimeout(total);
    clearTimeout(inactivity);
    settings.signal?.removeEventListener("abort", onAbort);
  }
}

/**
 * The engine's own reason in an engine error, without the operation the adapter put in front of it
 * (`ImagePullError` names the pull already: the reason must not say it twice).
 */
function engineReason(err: DockerEngineError): string {
  const reason = err.cause === undefined ? "" : engineMessage(err.cause);
  return reason === "" ? `engine answered HTTP ${err.statusCode}` : reason;
}

function pullFailure(message: Record<string, unknown>): string | undefined {
  const detail = message.errorDetail as { message?: unknown } | undefined;
  if (typeof detail?.message === "string" && detail.message !== "") return detail.message;
  if (typeof message.error === "string" && message.error !== "") return message.error;
  return undefined;
}

function progressOf(image: string, message: Record<string, unknown>): PullProgressEvent {
  const event: PullProgressEvent = { image, status: typeof message.status === "string" ? message.status : "" };
  if (typeof message.id === "string") event.layer = message.id;
  const detail = message.progressDetail as { current?: unknown; total?: unknown } | undefined;
  if (typeof detail?.current === "number") event.current = detail.current;
  if (typeof detail?.total === "number") event.total = detail.total;
  return event;
}
