import { z } from "zod";
import { parseStopSignal, stopSignalExpectation } from "./stop-signal.js";
import { isTaskState, type TaskState } from "./task-state.js";

// The schema of a task, used by `validateTask`. It mirrors the interfaces of task.ts and
// container-spec.ts field for field (a type test keeps them equal) and adds the rules a type
// cannot say: ranges, absolute paths, formats. Objects are strict: an unknown field is an error,
// so nothing a user wrote is silently dropped.

const nonEmpty = z.string().min(1, "must not be empty");
const stringMap = z.record(z.string(), z.string());
const count = z.number().int("must be an integer").nonnegative("must not be negative");
/** A duration in milliseconds. */
const duration = z.number().int("must be a whole number of milliseconds").nonnegative("must not be negative");
const decimalId = z.string().regex(/^\d+$/, 'must be a decimal number, e.g. "1000"');
const absolutePath = z
  .string()
  .refine((p) => p.startsWith("/") || /^[A-Za-z]:[\\/]/.test(p), "must be an absolute path");

const driver = z.strictObject({ name: nonEmpty, options: stringMap.optional() });

const fileTarget = z.strictObject({
  name: nonEmpty,
  uid: decimalId.optional(),
  gid: decimalId.optional(),
  mode: z.number().int().min(0).max(0o7777, "must be a file mode between 0 and 0o7777").optional(),
});

const mount = z
  .strictObject({
    type: z.enum(["bind", "volume", "tmpfs", "npipe", "cluster"]),
    source: z.string().optional(),
    target: absolutePath,
    readOnly: z.boolean().optional(),
    consistency: z.enum(["default", "consistent", "cached", "delegated"]).optional(),
    bindOptions: z
      .strictObject({
        propagation: z.enum(["rprivate", "private", "rshared", "shared", "rslave", "slave"]).optional(),
        nonRecursive: z.boolean().optional(),
        createMountpoint: z.boolean().optional(),
        readOnlyNonRecursive: z.boolean().optional(),
        readOnlyForceRecursive: z.boolean().optional(),
      })
      .optional(),
    volumeOptions: z
      .strictObject({
        noCopy: z.boolean().optional(),
        labels: stringMap.optional(),
        driverConfig: driver.optional(),
        subpath: z.string().optional(),
      })
      .optional(),
    tmpfsOptions: z
      .strictObject({
        sizeBytes: count.optional(),
        mode: z.number().int().min(0).max(0o7777).optional(),
        options: z.string().optional(),
      })
      .optional(),
  })
  .superRefine((m, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (m.type === "bind" && !m.source) problem("source", "a bind mount needs a source");
    if (m.type === "bind" && m.source && !absolutePath.safeParse(m.source).success) {
      problem("source", "must be an absolute path for a bind mount");
    }
    if (m.type === "volume" && m.source?.startsWith("/")) problem("source", "must be a volume name, not a path");
    if (m.type === "tmpfs" && m.source) problem("source", "a tmpfs mount takes no source");
    if (m.type === "npipe" && !m.source) problem("source", "a named pipe mount needs a source");
    if (m.bindOptions && m.type !== "bind") problem("bindOptions", "only applies to bind mounts");
    if (m.volumeOptions && m.type !== "volume") problem("volumeOptions", "only applies to volume mounts");
    if (m.tmpfsOptions && m.type !== "tmpfs") problem("tmpfsOptions", "only applies to tmpfs mounts");
  });

const healthcheck = z.strictObject({
  test: z
    .array(z.string())
    .refine(
      (t) => t.length === 0 || ["NONE", "CMD", "CMD-SHELL"].includes(t[0] as string),
      'must be empty, ["NONE"], ["CMD", …] or ["CMD-SHELL", command]',
    )
    .optional(),
  interval: duration.optional(),
  timeout: duration.optional(),
  retries: count.optional(),
  startPeriod: duration.optional(),
  startInterval: duration.optional(),
});

const ulimit = z
  .strictObject({ name: nonEmpty, soft: z.number().int(), hard: z.number().int() })
  .refine((u) => u.hard < 0 || u.soft <= u.hard, { message: "soft must not exceed hard", path: ["soft"] });

const hostsEntry = z.string().refine((h) => h.trim().split(/\s+/).length >= 2, 'must be "IP hostname [aliases…]"');

const privileges = z.strictObject({
  credentialSpec: z
    .strictObject({ file: z.string().optional(), registry: z.string().optional(), config: z.string().optional() })
    .optional(),
  seLinuxContext: z
    .strictObject({
      disable: z.boolean().optional(),
      user: z.string().optional(),
      role: z.string().optional(),
      type: z.string().optional(),
      level: z.string().optional(),
    })
    .optional(),
  seccomp: z
    .strictObject({ mode: z.enum(["default", "unconfined", "custom"]), profile: z.string().optional() })
    .optional(),
  appArmor: z.strictObject({ mode: z.enum(["default", "disabled"]) }).optional(),
  noNewPrivileges: z.boolean().optional(),
});

/** Schema of a `ContainerSpec`. */
export const containerSpecSchema = z.strictObject({
  image: z.string().optional(),
  labels: stringMap.optional(),
  command: z.array(z.string()).optional(),
  args: z.array(z.string()).optional(),
  hostname: z.string().optional(),
  env: z.array(z.string().regex(/^[^=]/, 'must be "NAME=value" (or "NAME") with a non-empty name')).optional(),
  dir: z.string().optional(),
  user: z.string().optional(),
  groups: z.array(z.string()).optional(),
  privileges: privileges.optional(),
  init: z.boolean().optional(),
  tty: z.boolean().optional(),
  openStdin: z.boolean().optional(),
  readOnly: z.boolean().optional(),
  stopSignal: z
    .string()
    .refine((text) => parseStopSignal(text) !== undefined, stopSignalExpectation)
    .optional(),
  mounts: z.array(mount).optional(),
  stopGracePeriod: duration.optional(),
  pullOptions: z
    .strictObject({ registryAuth: z.string().optional(), policy: z.enum(["always", "missing", "never"]).optional() })
    .optional(),
  secrets: z
    .array(z.strictObject({ secretId: nonEmpty, secretName: z.string(), file: fileTarget.optional() }))
    .optional(),
  configs: z
    .array(
      z.strictObject({
        configId: nonEmpty,
        configName: z.string(),
        file: fileTarget.optional(),
        runtime: z.strictObject({}).optional(),
      }),
    )
    .optional(),
  hosts: z.array(hostsEntry).optional(),
  dnsConfig: z
    .strictObject({
      nameservers: z.array(z.string()).optional(),
      search: z.array(z.string()).optional(),
      options: z.array(z.string()).optional(),
    })
    .optional(),
  healthcheck: healthcheck.optional(),
  isolation: z.enum(["default", "process", "hyperv"]).optional(),
  pidsLimit: z.number().int().optional(),
  sysctls: stringMap.optional(),
  capabilityAdd: z.array(z.string()).optional(),
  capabilityDrop: z.array(z.string()).optional(),
  ulimits: z.array(ulimit).optional(),
  oomScoreAdj: z.number().int().min(-1000).max(1000).optional(),
});

const genericResource = z.union([
  z.strictObject({ kind: nonEmpty, value: z.string() }),
  z.strictObject({ kind: nonEmpty, count: count }),
]);
const resources = z.strictObject({
  nanoCpus: count.optional(),
  memoryBytes: count.optional(),
  generic: z.array(genericResource).optional(),
});

/** Schema of a `TaskSpec`. */
export const taskSpecSchema = z.strictObject({
  container: containerSpecSchema.optional(),
  resources: z
    .strictObject({
      limits: resources.optional(),
      reservations: resources.optional(),
      swapBytes: z.number().int().min(-1).optional(),
      memorySwappiness: z.number().int().min(0).max(100).optional(),
    })
    .optional(),
  logDriver: driver.optional(),
});

const taskState = z.custom<TaskState>(isTaskState, { error: "must be a TaskState value (0, 64, 192, … 832)" });
const annotations = z.strictObject({ name: z.string().optional(), labels: stringMap.optional() });
const port = z.strictObject({
  name: z.string().optional(),
  protocol: z.enum(["tcp", "udp", "sctp"]).optional(),
  targetPort: z.number().int().min(1).max(65535),
  publishedPort: z.number().int().min(0).max(65535).optional(),
  publishMode: z.enum(["ingress", "host"]).optional(),
});

/** Schema of a `TaskStatus`. */
export const taskStatusSchema = z.strictObject({
  state: taskState,
  message: z.string().optional(),
  err: z.string().optional(),
  timestamp: z.date().optional(),
  container: z
    .strictObject({
      containerId: z.string().optional(),
      pid: z.number().int().optional(),
      exitCode: z.number().int().optional(),
      oomKilled: z.boolean().optional(),
      startedAt: z.date().optional(),
      finishedAt: z.date().optional(),
    })
    .optional(),
  portStatus: z.strictObject({ ports: z.array(port) }).optional(),
});

/** Schema of a `Task`. */
export const taskSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "must start with a letter or digit and hold only letters, digits, _ . -"),
  serviceId: z.string().optional(),
  nodeId: z.string().optional(),
  slot: count.optional(),
  annotations: annotations.optional(),
  serviceAnnotations: annotations.optional(),
  spec: taskSpecSchema,
  desiredState: taskState,
  status: taskStatusSchema,
  endpoint: z.strictObject({ ports: z.array(port) }).optional(),
});
