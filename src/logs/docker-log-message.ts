import type { LogContext, LogMessage, LogStream } from "./types.js";

/** A log message read from Docker, with the timestamp text exactly as Docker sent it. */
export interface DockerLogMessage extends LogMessage {
  /**
   * The RFC 3339 timestamp as received (nanosecond precision, which `timestamp` cannot hold), when
   * timestamps were requested. Resume a stream after this message with `dockerSinceAfter(rawTimestamp)`.
   */
  rawTimestamp?: string;
}

/** The decoder's settings, checked and filled in by `demuxDockerLogs`. @internal */
export interface DecoderSettings {
  context: LogContext;
  tty: boolean;
  timestamps: boolean;
  streams: ReadonlySet<LogStream>;
  maxLineBytes: number;
  now: () => Date;
}
