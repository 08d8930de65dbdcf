import type { HealthConfig, Mount, Privileges } from "../exec/container-spec.js";
import type { PortConfig } from "../exec/task.js";

// Pure translations of parts of a container spec into the engine's create parameters.

/**
 * A mount as the engine's `HostConfig.Mounts` takes it: what {@link DependencyFileMounter.prepare}
 * returns and `ContainerConfigOptions.extraMounts` adds to a container. Tmpfs mounts are not
 * given this way (they go to `HostConfig.Tmpfs`).
 */
export interface EngineMount {
  /** `"bind"`: a path of the engine's host; `"volume"`: a named or anonymous volume; `"npipe"`: a Windows named pipe. */
  Type: "bind" | "volume" | "npipe";
  /**
   * The host path (bind), the volume's name (volume; absent: a new anonymous volume) or the
   * pipe's path (npipe). A bind source must exist on the engine's host unless
   * `BindOptions.CreateMountpoint` is set.
   */
  Source?: string;
  /** Absolute path inside the container. */
  Target: string;
  /** Whether the container sees it read-only. @defaultValue `false` */
  ReadOnly?: boolean;
  /** Docker Desktop's consistency hint (`"consistent"`, `"cached"`, `"delegated"`); other engines ignore it. */
  Consistency?: string;
  /** Bind options in the engine's names (`Propagation`, `NonRecursive`, `CreateMountpoint`, …). */
  BindOptions?: Record<string, unknown>;
  /** Volume options in the engine's names (`NoCopy`, `Labels`, `DriverConfig`, `Subpath`). */
  VolumeOptions?: Record<string, unknown>;
}

/** The engine's mount for a bind, volume or named-pipe mount (tmpfs mounts go to {@link tmpfsOptions}). */
export function engineMount(mount: Mount): EngineMount {
  const out: EngineMount = { Type: mount.type as EngineMount["Type"], Target: mount.target };
  if (mount.source !== undefined && mount.source !== "") out.Source = mount.source;
  if (mount.readOnly) out.ReadOnly = true;
  if (mount.consistency && mount.consistency !== "default") out.Consistency = mount.consistency;
  const bind = mount.bindOptions;
  if (bind) {
    out.BindOptions = definedOnly({
      Propagation: bind.propagation,
      NonRecursive: bind.nonRecursive,
      CreateMountpoint: bind.createMountpoint,
      ReadOnlyNonRecursive: bind.readOnlyNonRecursive,
      ReadOnlyForceRecursive: bind.readOnlyForceRecursive,
    });
  }
  const volume = mount.volumeOptions;
  if (volume) {
    out.VolumeOptions = definedOnly({
      NoCopy: volume.noCopy,
      Labels: volume.labels ? { ...volume.labels } : undefined,
      DriverConfig: volume.driverConfig
        ? definedOnly({ Name: volume.driverConfig.name, Options: volume.driverConfig.options })
        : undefined,
      Subpath: volume.subpath,
    });
  }
  return out;
}

/**
 * The engine's option string for a tmpfs mount (`HostConfig.Tmpfs[target]`): `ro` when read-only,
 * `mode=<octal>`, `size=<n>[kmg]` (the largest unit that divides the size), then the mount's own
 * comma-separated options, lower-cased.
 */
export function tmpfsOptions(mount: Mount): string {
  const parts: string[] = [];
  if (mount.readOnly) parts.push("ro");
  const opts = mount.tmpfsOptions;
  if (opts?.mode) parts.push(`mode=${opts.mode.toString(8)}`);
  if (opts?.sizeBytes) parts.push(`size=${byteSize(opts.sizeBytes)}`);
  for (const flag of (opts?.options ?? "").split(",")) {
    const token = flag.trim().toLowerCase();
    if (token !== "") parts.push(token);
  }
  return parts.join(",");
}

function byteSize(bytes: number): string {
  for (const [suffix, unit] of [
    ["g", 2 ** 30],
    ["m", 2 ** 20],
    ["k", 2 ** 10],
  ] as const) {
    if (bytes % unit === 0) return `${bytes / unit}${suffix}`;
  }
  return String(bytes);
}

/** The engine's healthcheck: durations in nanoseconds; absent fields inherit the image's. */
export function engineHealthcheck(health: HealthConfig): Record<string, unknown> {
  const ns = (ms: number | undefined) => (ms ? ms * 1e6 : undefined);
  return definedOnly({
    Test: health.test ? [...health.test] : undefined,
    Interval: ns(health.interval),
    Timeout: ns(health.timeout),
    Retries: health.retries || undefined,
    StartPeriod: ns(health.startPeriod),
    StartInterval: ns(health.startInterval),
  });
}

/**
 * `/etc/hosts` entries (`"IP host [aliases…]"`) as the engine's `ExtraHosts` (`"host:IP"`), one
 * per name, so aliases are kept (the original drops them).
 */
export function extraHosts(hosts: readonly string[]): string[] {
  const out: string[] = [];
  for (const entry of hosts) {
    const [ip, ...names] = entry.trim().split(/\s+/);
    if (!ip) continue;
    for (const name of names) out.push(`${name}:${ip}`);
  }
  return out;
}

/** Security options (`HostConfig.SecurityOpt`) from the spec's privileges. */
export function securityOptions(privileges: Privileges | undefined): string[] {
  const out: string[] = [];
  if (!privileges) return out;
  const selinux = privileges.seLinuxContext;
  if (selinux?.disable) out.push("label=disable");
  else if (selinux) {
    for (const key of ["user", "role", "type", "level"] as const) {
      if (selinux[key]) out.push(`label=${key}:${selinux[key]}`);
    }
  }
  if (privileges.seccomp?.mode === "unconfined") out.push("seccomp=unconfined");
  if (privileges.seccomp?.mode === "custom" && privileges.seccomp.profile) {
    out.push(`seccomp=${privileges.seccomp.profile}`);
  }
  if (privileges.appArmor?.mode === "disabled") out.push("apparmor=unconfined");
  if (privileges.noNewPrivileges) out.push("no-new-privileges=true");
  return out;
}

/** Exposed ports and port bindings for the task's ports published in `host` mode. */
export function hostPorts(
  ports: readonly PortConfig[] | undefined,
  hostIp: string,
): { exposed: Record<string, object>; bindings: Record<string, Array<{ HostIp: string; HostPort: string }>> } {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
  for (const port of ports ?? []) {
    if (port.publishMode !== "host") continue;
    const key = `${port.targetPort}/${port.protocol ?? "tcp"}`;
    exposed[key] = {};
    const binding = { HostIp: hostIp, HostPort: port.publishedPort ? String(port.publishedPort) : "" };
    bindings[key] = [...(bindings[key] ?? []), binding];
  }
  return { exposed, bindings };
}

/** A copy of `value` without its `undefined` fields. */
export function definedOnly<T extends Record<string, unknown>>(value: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field !== undefined) (out as Record<string, unknown>)[key] = field;
  }
  return out;
}
