import {
  type ContainerStatuser,
  type Controller,
  type ControllerLogs,
  hasContainerStatus,
  hasLogs,
  hasPortStatus,
  type PortStatuser,
} from "../controller/controller.js";
import type { Task } from "../exec/task.js";
import { Limiter } from "./limiter.js";

/** How much work the agent lets run at once across all of its tasks. */
export interface AgentLimits {
  /**
   * Controller operations in flight at once (`update`, `prepare`, `start`, `shutdown`,
   * `terminate`, `remove`, status queries, and getting a controller from the executor). `wait`
   * and `logs` are not counted: they last as long as the task does.
   * @defaultValue 32
   */
  operations?: number;
  /**
   * `prepare` calls (image pulls, container creation) in flight at once; each also takes an
   * operation slot.
   * @defaultValue 4
   */
  prepares?: number;
}

/** The limiters shared by every task of a worker. @internal */
export interface OperationLimiters {
  readonly operations: Limiter;
  readonly prepares: Limiter;
}

/** @internal */
export function createLimiters(limits: AgentLimits = {}): OperationLimiters {
  return { operations: new Limiter(limits.operations ?? 32), prepares: new Limiter(limits.prepares ?? 4) };
}

/**
 * A controller that runs each operation of `inner` within the shared limits. Waiting for a slot
 * honours the operation's signal (an abort while queued rejects with its reason, which `Do` turns
 * into a retry). The optional capabilities of `inner` are kept.
 *
 * @internal
 */
export class LimitedController implements Controller {
  declare containerStatus?: ContainerStatuser["containerStatus"];
  declare portStatus?: PortStatuser["portStatus"];
  declare logs?: ControllerLogs["logs"];

  constructor(
    readonly inner: Controller,
    private readonly limits: OperationLimiters,
  ) {
    const { operations } = limits;
    if (hasContainerStatus(inner)) {
      this.containerStatus = (signal) => operations.run(() => inner.containerStatus(signal), signal);
    }
    if (hasPortStatus(inner)) this.portStatus = (signal) => operations.run(() => inner.portStatus(signal), signal);
    if (hasLogs(inner)) this.logs = (publisher, options, signal) => inner.logs(publisher, options, signal);
  }

  update(task: Task, signal?: AbortSignal): Promise<void> {
    return this.limits.operations.run(() => this.inner.update(task, signal), signal);
  }

  prepare(signal?: AbortSignal): Promise<void> {
    const { prepares, operations } = this.limits;
    return prepares.run(() => operations.run(() => this.inner.prepare(signal), signal), signal);
  }

  start(signal?: AbortSignal): Promise<void> {
    return this.limits.operations.run(() => this.inner.start(signal), signal);
  }

  wait(signal?: AbortSignal): Promise<void> {
    return this.inner.wait(signal);
  }

  shutdown(signal?: AbortSignal): Promise<void> {
    return this.limits.operations.run(() => this.inner.shutdown(signal), signal);
  }

  terminate(signal?: AbortSignal): Promise<void> {
    return this.limits.operations.run(() => this.inner.terminate(signal), signal);
  }

  remove(signal?: AbortSignal): Promise<void> {
    return this.limits.operations.run(() => this.inner.remove(signal), signal);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
