/** Which output stream of a task a log line came from. */
export type LogStream = "stdout" | "stderr";

/** Identifies the task a log message belongs to. */
export interface LogContext {
  /** The task's id. */
  taskId: string;
  /** The task's service, if it has one. */
  serviceId?: string;
  /** The node that runs the task. */
  nodeId?: string;
}

/** A key/value attribute attached to a log message by the log driver. */
export interface LogAttr {
  /** The attribute's name. */
  key: string;
  /** The attribute's value. */
  value: string;
}

/** One chunk of a task's output, usually one line including its trailing newline. */
export interface LogMessage {
  /** Which task the message is from. */
  context: LogContext;
  /** When the runtime received the data. */
  timestamp: Date;
  /** The output stream it was written to. */
  stream: LogStream;
  /** The bytes, usually one line with its trailing newline. */
  data: Uint8Array;
  /** Attributes added by the log driver. */
  attrs?: LogAttr[];
}

/** Receives log messages. A rejected `publish` stops the subscription that called it. */
export interface LogPublisher {
  /** Takes one message; a returned promise makes the subscription wait for it (backpressure). */
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
