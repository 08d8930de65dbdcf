/**
 * Stable codes of the errors raised while reading a Docker log stream. Match on `error.code`.
 * Messages give the byte offset in the stream, never the log content.
 */
export const LogErrorCode = {
  /** A frame header that Docker does not write (unknown stream type, non-zero reserved bytes). */
  MalformedFrame: "EXEC_LOG_MALFORMED_FRAME",
  /** The stream ended inside a frame header, a frame or a timestamp. */
  Truncated: "EXEC_LOG_TRUNCATED",
  /** A timestamp prefix that is missing or is not RFC 3339. */
  InvalidTimestamp: "EXEC_LOG_INVALID_TIMESTAMP",
  /** The engine reported an error inside the stream (a frame of stream type 3). */
  EngineError: "EXEC_LOG_ENGINE_ERROR",
  /** The source yielded text instead of bytes (an encoding was set on the stream). */
  NotBytes: "EXEC_LOG_NOT_BYTES",
} as const;

/** One of the codes in {@link LogErrorCode}. */
export type LogErrorCode = (typeof LogErrorCode)[keyof typeof LogErrorCode];
