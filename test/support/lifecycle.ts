import { setTimeout as sleep } from "node:timers/promises";
import {
  type Controller,
  type ControllerLogs,
  Do,
  ErrTaskNoop,
  ErrTaskRetry,
  type LogSubscriptionOptions,
  type Task,
  type TaskStatus,
} from "../../src/index.js";

/**
 * Drives `task` with `Do` until nothing more happens (`ErrTaskNoop`), as an agent would, and
 * returns the last status, and every status `Do` returned. The task's status is updated in place.
 */
export async function runToEnd(
  task: Task,
  controller: Controller,
  maxSteps = 50,
): Promise<{ status: TaskStatus; statuses: TaskStatus[] }> {
  const statuses: TaskStatus[] = [];
  for (let step = 0; step < maxSteps; step++) {
    const { status, error } = await Do(task, controller);
    task.status = status;
    statuses.push(status);
    if (error === ErrTaskNoop) return { status, statuses };
    if (error === ErrTaskRetry) await sleep(50);
  }
  throw new Error(`task ${task.id} did not settle in ${maxSteps} steps: ${JSON.stringify(task.status)}`);
}

/** A log message, decoded, with the line's text (without its newline). */
export interface Line {
  taskId: string;
  stream: string;
  timestamp: Date;
  text: string;
  /** Free for a test to mark a line as it arrives. */
  whileRunning?: boolean;
}

/** Every message `logs(options)` publishes, decoded; `onLine` sees each as it arrives. */
export async function collectLogs(
  controller: ControllerLogs,
  options: LogSubscriptionOptions,
  onLine?: (line: Line) => void,
  signal?: AbortSignal,
): Promise<Line[]> {
  const lines: Line[] = [];
  const publisher = {
    publish(message: { context: { taskId: string }; stream: string; timestamp: Date; data: Uint8Array }) {
      const line: Line = {
        taskId: message.context.taskId,
        stream: message.stream,
        timestamp: message.timestamp,
        text: new TextDecoder().decode(message.data).replace(/\n$/, ""),
      };
      onLine?.(line);
      lines.push(line);
    },
  };
  await controller.logs(publisher, options, signal);
  return lines;
}

/** Follows the logs until a line equal to `text` appears; rejects after `timeoutMs`. */
export async function waitForLine(controller: ControllerLogs, text: string, timeoutMs = 10_000): Promise<void> {
  const seen = new AbortController();
  const signal = AbortSignal.any([seen.signal, AbortSignal.timeout(timeoutMs)]);
  try {
    await collectLogs(controller, { follow: true }, (line) => line.text === text && seen.abort(), signal);
  } catch (err) {
    if (!seen.signal.aborted) throw err;
    return;
  }
  if (!seen.signal.aborted) throw new Error(`the logs ended without the line "${text}"`);
}
