import type { ContainerStatus, PortConfig, PortStatus, TaskStatus } from "./task.js";

/** A copy of a status that shares nothing mutable with the original (dates are shared: never mutate them). */
export function cloneTaskStatus(status: TaskStatus): TaskStatus {
  const copy: TaskStatus = { ...status };
  if (status.container) copy.container = { ...status.container };
  if (status.portStatus) copy.portStatus = clonePortStatus(status.portStatus);
  return copy;
}

/** @internal */
export function clonePortStatus(portStatus: PortStatus): PortStatus {
  return { ports: portStatus.ports.map((port) => ({ ...port })) };
}

/**
 * Whether two statuses are equal apart from their timestamps: the comparison `Do` uses to
 * decide whether a status changed. An absent field and its zero value (`""`, `0`, `false`, empty) are
 * equal, as in the original's protobuf comparison.
 */
export function taskStatusesEqualStable(a: TaskStatus, b: TaskStatus): boolean {
  return (
    a.state === b.state &&
    (a.message ?? "") === (b.message ?? "") &&
    (a.err ?? "") === (b.err ?? "") &&
    containerStatusesEqual(a.container, b.container) &&
    portStatusesEqual(a.portStatus, b.portStatus)
  );
}

function containerStatusesEqual(a: ContainerStatus | undefined, b: ContainerStatus | undefined): boolean {
  if (a === b) return true;
  const x = a ?? {};
  const y = b ?? {};
  return (
    (x.containerId ?? "") === (y.containerId ?? "") &&
    (x.pid ?? 0) === (y.pid ?? 0) &&
    (x.exitCode ?? 0) === (y.exitCode ?? 0) &&
    Boolean(x.oomKilled) === Boolean(y.oomKilled) &&
    timeOf(x.startedAt) === timeOf(y.startedAt) &&
    timeOf(x.finishedAt) === timeOf(y.finishedAt)
  );
}

function portStatusesEqual(a: PortStatus | undefined, b: PortStatus | undefined): boolean {
  if (a === b) return true;
  const x = a?.ports ?? [];
  const y = b?.ports ?? [];
  return x.length === y.length && x.every((port, i) => portsEqual(port, y[i] as PortConfig));
}

function portsEqual(a: PortConfig, b: PortConfig): boolean {
  return (
    (a.name ?? "") === (b.name ?? "") &&
    (a.protocol ?? "tcp") === (b.protocol ?? "tcp") &&
    a.targetPort === b.targetPort &&
    (a.publishedPort ?? 0) === (b.publishedPort ?? 0) &&
    (a.publishMode ?? "ingress") === (b.publishMode ?? "ingress")
  );
}

/**
 * Milliseconds since the epoch of a `Date`, or of a date string (as found in a status parsed
 * from JSON); `undefined` when absent or unreadable.
 *
 * @internal
 */
export function timeOf(value: Date | string | undefined): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = value instanceof Date ? value.getTime() : Date.parse(String(value));
  return Number.isNaN(ms) ? undefined : ms;
}
