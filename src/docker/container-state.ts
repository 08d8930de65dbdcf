import type { ContainerStatus, PortConfig, PortStatus } from "../exec/task.js";
import type { ContainerInspect } from "./client.js";
import { ContainerExitError, ContainerUnhealthyError } from "./errors.js";

// Pure readings of a container inspection.

/** Whether the container has stopped for good (exited or dead), as opposed to created or running. */
export function hasExited(inspect: ContainerInspect): boolean {
  return !inspect.State.Running && (inspect.State.Status === "exited" || inspect.State.Status === "dead");
}

/** Whether the container has a healthcheck that runs (its own or its image's, not `NONE`). */
export function hasHealthcheck(inspect: ContainerInspect): boolean {
  const test = inspect.Config?.Healthcheck?.Test;
  return Array.isArray(test) && test.length > 0 && test[0] !== "NONE";
}

/**
 * The outcome of an exited container: `undefined` for exit code 0, else a `ContainerExitError`
 * with the code, the engine's error and the OOM flag (and `cause`, e.g. what made it stop).
 */
export function exitError(inspect: ContainerInspect, cause?: unknown): ContainerExitError | undefined {
  const { ExitCode, Error: engineError, OOMKilled } = inspect.State;
  if (ExitCode === 0) return undefined;
  const details = { engineError: engineError || undefined, oomKilled: Boolean(OOMKilled) };
  return new ContainerExitError(ExitCode, details, cause === undefined ? undefined : { cause });
}

/** The unhealthy error for a container, with its last health check's output. */
export function unhealthyError(inspect: ContainerInspect): ContainerUnhealthyError {
  const log = inspect.State.Health?.Log ?? [];
  const last = log[log.length - 1];
  return new ContainerUnhealthyError(last?.Output ?? "", last?.ExitCode);
}

function engineDate(value: string | undefined): Date | undefined {
  if (!value || value.startsWith("0001-01-01")) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** The task's container status: id, pid (0 when not running), exit code, OOM flag, start and finish times. */
export function containerStatusOf(inspect: ContainerInspect): ContainerStatus {
  const status: ContainerStatus = {
    containerId: inspect.Id,
    pid: inspect.State.Pid,
    exitCode: inspect.State.ExitCode,
  };
  if (inspect.State.OOMKilled) status.oomKilled = true;
  const startedAt = engineDate(inspect.State.StartedAt);
  if (startedAt) status.startedAt = startedAt;
  const finishedAt = hasExited(inspect) ? engineDate(inspect.State.FinishedAt) : undefined;
  if (finishedAt) status.finishedAt = finishedAt;
  return status;
}

const protocols = new Set(["tcp", "udp", "sctp"]);

/**
 * The ports the container publishes on the node (`NetworkSettings.Ports`), as `host`-mode port
 * configs, sorted by target port and protocol. Entries the engine cannot have meant (no `/`, an
 * unknown protocol, a port that is not a number) are left out.
 */
export function portStatusOf(inspect: ContainerInspect): PortStatus {
  const ports: PortConfig[] = [];
  for (const [key, bindings] of Object.entries(inspect.NetworkSettings?.Ports ?? {})) {
    const [target, protocol] = key.toLowerCase().split("/");
    const targetPort = Number(target);
    if (!protocol || !protocols.has(protocol) || !Number.isInteger(targetPort)) continue;
    for (const binding of bindings ?? []) {
      const publishedPort = Number(binding.HostPort);
      if (!binding.HostPort || !Number.isInteger(publishedPort)) continue;
      ports.push({
        protocol: protocol as PortConfig["protocol"],
        targetPort,
        publishedPort,
        publishMode: "host",
      });
    }
  }
  ports.sort(
    (a, b) =>
      a.targetPort - b.targetPort ||
      String(a.protocol).localeCompare(String(b.protocol)) ||
      (a.publishedPort ?? 0) - (b.publishedPort ?? 0),
  );
  return { ports };
}

/**
 * When a container that is starting must be healthy, in epoch milliseconds: `timeoutMs` after
 * it started when given, else after the time its healthcheck needs to reach a verdict
 * (start period + (interval + timeout) × (retries + 1), with the engine's defaults of 30 s, 30 s
 * and 3) plus 10 s. Counting from the container's start keeps the deadline the same across
 * retried `start` calls.
 */
export function healthDeadline(inspect: ContainerInspect, timeoutMs: number | undefined): number {
  const check = inspect.Config?.Healthcheck ?? {};
  const ms = (ns: number | undefined, fallback: number) => (ns ? ns / 1e6 : fallback);
  const verdict =
    ms(check.StartPeriod, 0) + (ms(check.Interval, 30_000) + ms(check.Timeout, 30_000)) * ((check.Retries || 3) + 1);
  const started = engineDate(inspect.State.StartedAt)?.getTime() ?? Date.now();
  return started + (timeoutMs ?? verdict + 10_000);
}
