/** Which output stream of a task a log line came from. */
export type LogStream = "stdout" | "stderr";

/** Identifies the task a log message belongs to. */
export interface LogContext {
  taskId: string;
  serviceId?: string;
  nodeId?: string;
}

/** A key/value attribute attached to a log message by the log driver. */
export interface LogAttr {
  key: string;
  value: string;
}

/** One chunk of a task's output, usually one line including its trailing newline. */
export interface LogMessage {
  context: LogContext;
  /** When the runtime received the data. */
  timestamp: Date;
  stream: LogStream;
  data: Uint8Array;
  attrs?: LogAttr[];
}

/** Receives log messages. A rejected `publish` stops the subscription that called it. */
export interface LogPublisher {
  publish(message: LogMessage, signal?: AbortSignal): Promise<void> | void;
}

/** Which logs to read. */
export interface LogSubscriptionOptions {
  /** Streams to include; absent or empty means both. */
  streams?: LogStream[];
  /** Keep streaming new output until the task exits or the signal aborts. */
  follow?: boolean;
  /** Only the last `tail` lines of the existing output (0: none of it). Absent means all. */
  tail?: number;
  /** Only output received at or after this time. */
  since?: Date;
}
