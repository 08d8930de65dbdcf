/**
 * Container specification types. They mirror SwarmKit's `ContainerSpec` field for field, in
 * camelCase; durations are numbers of milliseconds and enums are lower-case strings.
 *
 * @module
 */

/** A named driver with options (log driver, volume driver, …). */
export interface Driver {
  /** The driver's name, e.g. `"json-file"` or `"local"`. */
  name: string;
  /** Driver-specific options. */
  options?: Record<string, string>;
}

/** The kind of a mount. */
export type MountType = "bind" | "volume" | "tmpfs" | "npipe" | "cluster";

/** Bind propagation mode of a bind mount. */
export type MountPropagation = "rprivate" | "private" | "rshared" | "shared" | "rslave" | "slave";

/** A filesystem mount into the container. */
export interface Mount {
  /** What is mounted: a host path, a volume, a tmpfs, a named pipe or a cluster volume. */
  type: MountType;
  /** Host path (bind), volume name (volume), pipe path (npipe); absent for tmpfs. Templated. */
  source?: string;
  /** Absolute path inside the container. Templated. */
  target: string;
  /** Mount read-only. */
  readOnly?: boolean;
  /** Consistency requirement (only meaningful on some platforms). */
  consistency?: "default" | "consistent" | "cached" | "delegated";
  /** Options of a bind mount (only with `type: "bind"`). */
  bindOptions?: {
    /** How mounts below the source propagate; the engine's default is `rprivate`. */
    propagation?: MountPropagation;
    /** Do not bind-mount the mounts below the source. */
    nonRecursive?: boolean;
    /** Create the source path on the host when it is missing. */
    createMountpoint?: boolean;
    /** With `readOnly`, make only the top mount read-only, not the mounts below it. */
    readOnlyNonRecursive?: boolean;
    /** With `readOnly`, fail unless every mount below can be made read-only. */
    readOnlyForceRecursive?: boolean;
  };
  /** Options of a volume mount (only with `type: "volume"`). */
  volumeOptions?: {
    /** Do not copy the image's files at the target into a new, empty volume. */
    noCopy?: boolean;
    /** Labels of a volume the mount creates. */
    labels?: Record<string, string>;
    /** The volume driver and its options for a volume the mount creates. */
    driverConfig?: Driver;
    /** Mount only this path inside the volume. */
    subpath?: string;
  };
  /** Options of a tmpfs mount (only with `type: "tmpfs"`). */
  tmpfsOptions?: {
    /** Size of the tmpfs in bytes; 0 or absent means the engine's default. */
    sizeBytes?: number;
    /** File mode of the tmpfs root, e.g. `0o1777`. */
    mode?: number;
    /** Extra comma-separated flags; `exec` and `noexec` are honoured. */
    options?: string;
  };
}

/** Where a secret or config appears as a file inside the container. */
export interface FileTarget {
  /** File name: relative names go under `/run/secrets/` (secrets) or `/` (configs). */
  name: string;
  /** Owner user id, as a decimal string. Default `"0"`. */
  uid?: string;
  /** Owner group id, as a decimal string. Default `"0"`. */
  gid?: string;
  /** File mode, e.g. `0o444` (the default). */
  mode?: number;
}

/** A reference from a container spec to a secret. */
export interface SecretReference {
  /** The id of the secret, as the secrets store knows it. */
  secretId: string;
  /** Display name of the secret. */
  secretName: string;
  /** Where the secret appears as a file; absent means nowhere in the file system. */
  file?: FileTarget;
}

/** A reference from a container spec to a config. */
export interface ConfigReference {
  /** The id of the config, as the configs store knows it. */
  configId: string;
  /** Display name of the config. */
  configName: string;
  /** Where the config appears as a file. */
  file?: FileTarget;
  /** A config consumed by the runtime itself (e.g. a credential spec) rather than as a file. */
  runtime?: Record<string, never>;
}

/** A container healthcheck. Durations in milliseconds; 0 or absent inherits the image's value. */
export interface HealthConfig {
  /**
   * `[]` inherits the image's check, `["NONE"]` disables it, `["CMD", exe, ...args]` runs a
   * command, `["CMD-SHELL", command]` runs it with the image's shell.
   */
  test?: string[];
  /** Time between two checks, in milliseconds. */
  interval?: number;
  /** How long one check may take, in milliseconds. */
  timeout?: number;
  /** Consecutive failures after which the container is unhealthy. */
  retries?: number;
  /** Time after start in which failures do not count, in milliseconds. */
  startPeriod?: number;
  /** Time between two checks during the start period, in milliseconds. */
  startInterval?: number;
}

/** A resource limit set with `setrlimit`. */
export interface Ulimit {
  /** The resource, e.g. `"nofile"`. */
  name: string;
  /** The soft limit. */
  soft: number;
  /** The hard limit (-1: unlimited); at least `soft`. */
  hard: number;
}

/** DNS settings written to the container's `resolv.conf`. */
export interface DnsConfig {
  /** Name server addresses. */
  nameservers?: string[];
  /** Search domains. */
  search?: string[];
  /** Resolver options, e.g. `"ndots:2"`. */
  options?: string[];
}

/**
 * When an executor pulls the image: `"always"` before every task, `"missing"` only when the
 * image is not present locally, `"never"` (the image must be present).
 */
export type PullPolicy = "always" | "missing" | "never";

/** How and with which credentials the image is pulled. */
export interface PullOptions {
  /** Encoded registry credentials (base64url JSON of `{username, password, serveraddress, …}`). */
  registryAuth?: string;
  /** Overrides the executor's pull policy for this task. */
  policy?: PullPolicy;
}

/** Security settings of the container. */
export interface Privileges {
  /** Windows: the credential spec for a managed service account. */
  credentialSpec?: {
    /** A file in the engine's credential spec directory. */
    file?: string;
    /** A value in the Windows registry. */
    registry?: string;
    /** A config (its id) holding the spec. */
    config?: string;
  };
  /** The SELinux labels of the container. */
  seLinuxContext?: {
    /** Turn labelling off. */
    disable?: boolean;
    /** The SELinux user label. */
    user?: string;
    /** The SELinux role label. */
    role?: string;
    /** The SELinux type label. */
    type?: string;
    /** The SELinux level label. */
    level?: string;
  };
  /** The seccomp profile of the container. */
  seccomp?: {
    /** The engine's default profile, none, or the custom `profile`. */
    mode: "default" | "unconfined" | "custom";
    /** The custom profile, as JSON. */
    profile?: string;
  };
  /** The AppArmor profile of the container. */
  appArmor?: {
    /** The engine's default profile, or none. */
    mode: "default" | "disabled";
  };
  /** Forbid processes to gain privileges (setuid binaries, file capabilities). */
  noNewPrivileges?: boolean;
}

/** What to run and how: the container runtime of a task. */
export interface ContainerSpec {
  /** Image reference, e.g. `"busybox:1.36"`. Required by the Docker executor. */
  image?: string;
  /** Labels for the container. The executor's own labels take precedence. */
  labels?: Record<string, string>;
  /** Replaces the image's entrypoint. */
  command?: string[];
  /** Arguments: the image's `CMD` when `command` is absent. */
  args?: string[];
  /** Templated. */
  hostname?: string;
  /** `"NAME=value"` entries; values are templated. */
  env?: string[];
  /** Working directory. */
  dir?: string;
  /** `"user[:group]"`, names or ids. */
  user?: string;
  /** Supplementary groups. */
  groups?: string[];
  /** Security settings: SELinux, seccomp, AppArmor, credential spec, no-new-privileges. */
  privileges?: Privileges;
  /** Run an init process as PID 1; absent means the engine's default. */
  init?: boolean;
  /** Allocate a pseudo-terminal: stdout and stderr become one stream. */
  tty?: boolean;
  /** Keep the container's stdin open. */
  openStdin?: boolean;
  /** Mount the root filesystem read-only. */
  readOnly?: boolean;
  /** Signal sent by a graceful stop, e.g. `"SIGINT"`. */
  stopSignal?: string;
  /** File systems mounted into the container. */
  mounts?: Mount[];
  /** Time, in ms, between the stop signal and a kill. Executors default to 10 000. */
  stopGracePeriod?: number;
  /** How the image is pulled: credentials and pull policy. */
  pullOptions?: PullOptions;
  /** The secrets the task may read, and where they appear as files. */
  secrets?: SecretReference[];
  /** The configs the task may read, and where they appear as files. */
  configs?: ConfigReference[];
  /** Extra `/etc/hosts` lines: `"IP hostname [aliases…]"`. */
  hosts?: string[];
  /** DNS settings of the container. */
  dnsConfig?: DnsConfig;
  /** The container's healthcheck; absent inherits the image's. */
  healthcheck?: HealthConfig;
  /** Windows: the isolation technology of the container. */
  isolation?: "default" | "process" | "hyperv";
  /** The most processes the container may run; 0 or absent: unlimited. */
  pidsLimit?: number;
  /** Namespaced kernel parameters, e.g. `{ "net.core.somaxconn": "1024" }`. */
  sysctls?: Record<string, string>;
  /** Linux capabilities added to the default set, e.g. `"CAP_NET_ADMIN"`. */
  capabilityAdd?: string[];
  /** Linux capabilities removed from the default set. */
  capabilityDrop?: string[];
  /** Resource limits (`setrlimit`) of the container's processes. */
  ulimits?: Ulimit[];
  /** Adjusts how likely the kernel is to kill the container when out of memory (-1000 to 1000). */
  oomScoreAdj?: number;
}
