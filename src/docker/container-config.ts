import type { Task } from "../exec/task.js";
import {
  definedOnly,
  type EngineMount,
  engineHealthcheck,
  engineMount,
  extraHosts,
  hostPorts,
  securityOptions,
  tmpfsOptions,
} from "./container-parts.js";
import { containerLabels } from "./naming.js";

/** The default grace period between the stop signal and a kill: 10 s, as in the original. */
export const defaultStopGracePeriod = 10_000;

/** Settings of the executor that shape every container. */
export interface ContainerConfigOptions {
  /** Prefix of the executor's labels (see {@link containerLabels}). */
  labelPrefix: string;
  /** `HostConfig.NetworkMode`, e.g. `"none"`; absent: the engine's default. */
  networkMode?: string | undefined;
  /** Host address that `host`-mode ports are published on; `""` means every address. */
  portBindingHostIp: string;
  /** Mounts added after the spec's own, e.g. the read-only binds of the secret and config files. */
  extraMounts?: readonly EngineMount[];
}

/**
 * The body of the engine's container create call (`POST /containers/create`), in the engine's
 * field names (`Env`, `Cmd`, `Labels`, `Healthcheck`, …); fields the task leaves unset are absent.
 */
export type ContainerCreateBody = Record<string, unknown> & {
  /** The image reference, as the task's spec gives it (`""` when it has none). */
  Image: string;
  /** Host-side settings: mounts, port bindings, resource limits, network mode, security options, … */
  HostConfig: Record<string, unknown>;
};

/** Whole seconds of a task's stop grace period (rounded up, so the grace is never cut short). */
export function stopGraceSeconds(task: Task): number {
  return Math.ceil((task.spec.container?.stopGracePeriod ?? defaultStopGracePeriod) / 1000);
}

/**
 * Translates a (validated, template-expanded) task into the engine's container create body: the
 * mapping of the original (reference §4.2), plus what Moby adds (read-only root filesystem,
 * sysctls, DNS, security options, swap), aliases kept in extra hosts, and `NanoCpus` for the
 * CPU limit. `command` replaces the image's entrypoint and `args` become its `Cmd`; with no
 * `command`, `args` replace the image's `Cmd`. Tmpfs mounts go to `HostConfig.Tmpfs`. Pure.
 */
export function containerConfig(task: Task, options: ContainerConfigOptions): ContainerCreateBody {
  const spec = task.spec.container ?? {};
  const limits = task.spec.resources?.limits;
  const ports = hostPorts(task.endpoint?.ports, options.portBindingHostIp);
  const mounts: EngineMount[] = [];
  const tmpfs: Record<string, string> = {};
  for (const mount of spec.mounts ?? []) {
    if (mount.type === "tmpfs") tmpfs[mount.target] = tmpfsOptions(mount);
    else mounts.push(engineMount(mount));
  }
  mounts.push(...(options.extraMounts ?? []));

  const hostConfig = definedOnly({
    NetworkMode: options.networkMode,
    Mounts: mounts.length > 0 ? mounts : undefined,
    Tmpfs: Object.keys(tmpfs).length > 0 ? tmpfs : undefined,
    PortBindings: Object.keys(ports.bindings).length > 0 ? ports.bindings : undefined,
    ReadonlyRootfs: spec.readOnly || undefined,
    GroupAdd: nonEmpty(spec.groups),
    CapAdd: nonEmpty(spec.capabilityAdd),
    CapDrop: nonEmpty(spec.capabilityDrop),
    OomScoreAdj: spec.oomScoreAdj || undefined,
    Init: spec.init,
    Isolation: spec.isolation,
    ExtraHosts: nonEmpty(spec.hosts && extraHosts(spec.hosts)),
    Dns: nonEmpty(spec.dnsConfig?.nameservers),
    DnsSearch: nonEmpty(spec.dnsConfig?.search),
    DnsOptions: nonEmpty(spec.dnsConfig?.options),
    Sysctls: spec.sysctls && Object.keys(spec.sysctls).length > 0 ? { ...spec.sysctls } : undefined,
    SecurityOpt: nonEmpty(securityOptions(spec.privileges)),
    PidsLimit: spec.pidsLimit && spec.pidsLimit > 0 ? spec.pidsLimit : undefined,
    Ulimits: nonEmpty(spec.ulimits?.map((u) => ({ Name: u.name, Soft: u.soft, Hard: u.hard }))),
    Memory: limits?.memoryBytes || undefined,
    NanoCpus: limits?.nanoCpus || undefined,
    MemorySwap: task.spec.resources?.swapBytes,
    MemorySwappiness: task.spec.resources?.memorySwappiness,
    LogConfig: task.spec.logDriver
      ? { Type: task.spec.logDriver.name, Config: { ...task.spec.logDriver.options } }
      : undefined,
  });

  const command = nonEmpty(spec.command);
  const args = nonEmpty(spec.args);
  return {
    ...definedOnly({
      Hostname: spec.hostname || undefined,
      User: spec.user || undefined,
      WorkingDir: spec.dir || undefined,
      Env: nonEmpty(spec.env),
      Entrypoint: command,
      Cmd: args,
      Tty: spec.tty || undefined,
      OpenStdin: spec.openStdin || undefined,
      StopSignal: spec.stopSignal,
      StopTimeout: stopGraceSeconds(task),
      ExposedPorts: Object.keys(ports.exposed).length > 0 ? ports.exposed : undefined,
      Healthcheck: spec.healthcheck ? engineHealthcheck(spec.healthcheck) : undefined,
    }),
    Image: spec.image ?? "",
    Labels: containerLabels(task, options.labelPrefix),
    HostConfig: hostConfig,
  };
}

function nonEmpty<T>(values: readonly T[] | undefined): T[] | undefined {
  return values && values.length > 0 ? [...values] : undefined;
}
