/**
 * Container specification types. They mirror SwarmKit's `ContainerSpec` field for field, in
 * camelCase; durations are numbers of milliseconds and enums are lower-case strings.
 *
 * @module
 */

/** A named driver with options (log driver, volume driver, …). */
export interface Driver {
  name: string;
  options?: Record<string, string>;
}

/** The kind of a mount. */
export type MountType = "bind" | "volume" | "tmpfs" | "npipe" | "cluster";

/** Bind propagation mode of a bind mount. */
export type MountPropagation = "rprivate" | "private" | "rshared" | "shared" | "rslave" | "slave";

/** A filesystem mount into the container. */
export interface Mount {
  type: MountType;
  /** Host path (bind), volume name (volume), pipe path (npipe); absent for tmpfs. Templated. */
  source?: string;
  /** Absolute path inside the container. Templated. */
  target: string;
  readOnly?: boolean;
  /** Consistency requirement (only meaningful on some platforms). */
  consistency?: "default" | "consistent" | "cached" | "delegated";
  bindOptions?: {
    propagation?: MountPropagation;
    nonRecursive?: boolean;
    createMountpoint?: boolean;
    readOnlyNonRecursive?: boolean;
    readOnlyForceRecursive?: boolean;
  };
  volumeOptions?: {
    noCopy?: boolean;
    labels?: Record<string, string>;
    driverConfig?: Driver;
    subpath?: string;
  };
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
  secretId: string;
  /** Display name of the secret. */
  secretName: string;
  file?: FileTarget;
}

/** A reference from a container spec to a config. */
export interface ConfigReference {
  configId: string;
  /** Display name of the config. */
  configName: string;
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
  interval?: number;
  timeout?: number;
  retries?: number;
  startPeriod?: number;
  startInterval?: number;
}

/** A resource limit set with `setrlimit`. */
export interface Ulimit {
  name: string;
  soft: number;
  hard: number;
}

/** DNS settings written to the container's `resolv.conf`. */
export interface DnsConfig {
  nameservers?: string[];
  search?: string[];
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
  credentialSpec?: { file?: string; registry?: string; config?: string };
  seLinuxContext?: { disable?: boolean; user?: string; role?: string; type?: string; level?: string };
  seccomp?: { mode: "default" | "unconfined" | "custom"; profile?: string };
  appArmor?: { mode: "default" | "disabled" };
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
  privileges?: Privileges;
  /** Run an init process as PID 1; absent means the engine's default. */
  init?: boolean;
  tty?: boolean;
  openStdin?: boolean;
  /** Mount the root filesystem read-only. */
  readOnly?: boolean;
  /** Signal sent by a graceful stop, e.g. `"SIGINT"`. */
  stopSignal?: string;
  mounts?: Mount[];
  /** Time, in ms, between the stop signal and a kill. Executors default to 10 000. */
  stopGracePeriod?: number;
  pullOptions?: PullOptions;
  secrets?: SecretReference[];
  configs?: ConfigReference[];
  /** Extra `/etc/hosts` lines: `"IP hostname [aliases…]"`. */
  hosts?: string[];
  dnsConfig?: DnsConfig;
  healthcheck?: HealthConfig;
  isolation?: "default" | "process" | "hyperv";
  pidsLimit?: number;
  sysctls?: Record<string, string>;
  capabilityAdd?: string[];
  capabilityDrop?: string[];
  ulimits?: Ulimit[];
  oomScoreAdj?: number;
}
