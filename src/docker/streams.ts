import type { Readable } from "node:stream";
import { classifyEngineError, isConnectionError } from "./classify.js";
import type { DialRequest, DockerClient } from "./client.js";
import { EngineUnreachableError } from "./errors.js";

/** How a streamed engine call is bounded. @internal */
export interface StreamBounds {
  operation: string;
  endpoint: string;
  signal?: AbortSignal | undefined;
  /** Milliseconds until the engine must have answered with headers. The body is not bounded. */
  headerTimeoutMs: number;
}

/**
 * Sends a request whose answer is streamed (wait, logs, events, pull) and resolves with the body
 * once the engine answered. Aborting `signal`, before or after that, ends the request; the stream
 * is then destroyed with `signal.reason`.
 *
 * @internal
 */
export function openStream(client: DockerClient, request: DialRequest, bounds: StreamBounds): Promise<Readable> {
  const { signal, operation, endpoint } = bounds;
  signal?.throwIfAborted();
  const controller = new AbortController();
  return new Promise<Readable>((resolve, reject) => {
    let settled = false;
    let body: Readable | undefined;
    const fail = (err: unknown) => {
      controller.abort(err);
      if (!settled) {
        settled = true;
        reject(err);
      }
    };
    const onAbort = () => {
      fail(signal?.reason);
      body?.destroy(signal?.reason instanceof Error ? signal.reason : undefined);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    const timer = setTimeout(() => {
      const err = new EngineUnreachableError(operation, endpoint);
      err.message += ` (no answer within ${bounds.headerTimeoutMs} ms)`;
      fail(err);
    }, bounds.headerTimeoutMs);
    client.modem.dial({ ...request, isStream: true, abortSignal: controller.signal }, (err, data) => {
      clearTimeout(timer);
      if (settled) {
        (data as Readable | undefined)?.destroy?.();
        return;
      }
      settled = true;
      if (err) {
        signal?.removeEventListener("abort", onAbort);
        reject(signal?.aborted ? signal.reason : classifyEngineError(err, operation, endpoint));
        return;
      }
      body = data as Readable;
      body.once("close", () => signal?.removeEventListener("abort", onAbort));
      resolve(body);
    });
  });
}

/**
 * Turns what reading a body failed with into the error to raise: the abort reason when aborted,
 * else an `EngineUnreachableError` for a broken connection.
 *
 * @internal
 */
export function readFailure(err: unknown, operation: string, endpoint: string, signal?: AbortSignal): unknown {
  if (signal?.aborted) return signal.reason;
  if (err instanceof EngineUnreachableError) return err;
  if (isConnectionError(err) || (err as { name?: unknown })?.name === "AbortError") {
    return new EngineUnreachableError(`${operation} (connection lost)`, endpoint, { cause: err });
  }
  return err;
}

/** Reads a whole body as JSON. A connection lost on the way is an `EngineUnreachableError`. @internal */
export async function readJsonBody(
  body: Readable,
  operation: string,
  endpoint: string,
  signal?: AbortSignal,
): Promise<unknown> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
  } catch (err) {
    throw readFailure(err, operation, endpoint, signal);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new EngineUnreachableError(
      `${operation} (unreadable answer ${JSON.stringify(text.slice(0, 80))})`,
      endpoint,
      {
        cause,
      },
    );
  }
}

/**
 * Yields the JSON messages of a body made of newline-separated JSON (events, pull progress).
 * Lines that are not JSON are skipped. Errors reading the body are raised as they are.
 *
 * @internal
 */
export async function* jsonLines(body: Readable): AsyncGenerator<Record<string, unknown>> {
  let pending = "";
  const decoder = new TextDecoder();
  for await (const chunk of body) {
    pending += typeof chunk === "string" ? chunk : decoder.decode(chunk as Uint8Array, { stream: true });
    let newline = pending.indexOf("\n");
    while (newline >= 0) {
      const parsed = parseLine(pending.slice(0, newline));
      pending = pending.slice(newline + 1);
      if (parsed) yield parsed;
      newline = pending.indexOf("\n");
    }
  }
  const last = parseLine(pending);
  if (last) yield last;
}

function parseLine(line: string): Record<string, unknown> | undefined {
  const text = line.trim();
  if (text === "") return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
