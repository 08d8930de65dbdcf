import { errorMessage } from "../exec/errors.js";
import { DockerEngineError, EngineUnreachableError } from "./errors.js";

// Engine errors are classified by the HTTP status the engine answered with (docker-modem puts it
// in `statusCode`), never by their message text. An error without a status that comes from the
// socket (a Node.js system error code such as ECONNREFUSED) means the engine was not reached.

/** The engine's explanation in a client error: the JSON `message` of its answer, else the client's text. */
export function engineMessage(err: unknown): string {
  const json = typeof err === "object" && err !== null ? (err as { json?: unknown }).json : undefined;
  if (typeof json === "object" && json !== null && typeof (json as { message?: unknown }).message === "string") {
    return (json as { message: string }).message.trim();
  }
  if (typeof json === "string" && json.trim() !== "") return json.trim();
  if (Buffer.isBuffer(json) && json.length > 0) return json.toString("utf8").trim();
  // docker-modem's own text ("(HTTP code 404) no such container - <engine text>"): shown, not parsed for meaning.
  return errorMessage(err)
    .replace(/^\(HTTP code \d+\) [^-]*- /, "")
    .trim();
}

/** The HTTP status a client error carries, if the engine answered. */
export function httpStatusOf(err: unknown): number | undefined {
  if (err instanceof DockerEngineError) return err.statusCode;
  const status = typeof err === "object" && err !== null ? (err as { statusCode?: unknown }).statusCode : undefined;
  return typeof status === "number" ? status : undefined;
}

/** Whether a client error comes from the connection (a Node.js system error code), not the engine. */
export function isConnectionError(err: unknown): boolean {
  const code = typeof err === "object" && err !== null ? (err as { code?: unknown }).code : undefined;
  if (typeof code !== "string") return false;
  return /^E[A-Z0-9_]+$/.test(code) || code.startsWith("ERR_SOCKET") || code === "ERR_STREAM_PREMATURE_CLOSE";
}

/**
 * Turns what the client rejected with into one of the executor's errors:
 * - an answer with an HTTP status → {@link DockerEngineError} with that `statusCode`;
 * - a connection failure → {@link EngineUnreachableError} (temporary);
 * - anything else (an abort, a programming error) → unchanged.
 */
export function classifyEngineError(err: unknown, operation: string, endpoint: string): unknown {
  if (err instanceof DockerEngineError || err instanceof EngineUnreachableError) return err;
  const status = httpStatusOf(err);
  if (status !== undefined) return new DockerEngineError(operation, status, engineMessage(err), { cause: err });
  if (isConnectionError(err)) return new EngineUnreachableError(operation, endpoint, { cause: err });
  return err;
}

/** Whether the engine answered 404 (no such container, image, …). */
export const isNotFound = (err: unknown): boolean => httpStatusOf(err) === 404;
/** Whether the engine answered 409 (a name in use, a container in the wrong state, …). */
export const isConflict = (err: unknown): boolean => httpStatusOf(err) === 409;
/** Whether the engine answered 304 (already started, already stopped). */
export const isNotModified = (err: unknown): boolean => httpStatusOf(err) === 304;
