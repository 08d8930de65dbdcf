import type { ContainerSpec, Driver } from "./container-spec.js";
import type { TaskState } from "./task-state.js";

/** A name and labels attached to an object. */
export interface Annotations {
  name?: string;
  labels?: Record<string, string>;
}

/** A generic resource (e.g. a GPU) as a named value or a count. */
export type GenericResource = { kind: string; value: string } | { kind: string; count: number };

/** Amounts of compute resources. */
export interface Resources {
  /** CPU in units of 10⁻⁹ CPUs: `1e9` is one CPU. */
  nanoCpus?: number;
  memoryBytes?: number;
  generic?: GenericResource[];
}

/** Resource limits and reservations of a task. */
export interface ResourceRequirements {
  limits?: Resources;
  reservations?: Resources;
  /** Total memory plus swap in bytes; `-1` is unlimited swap. */
  swapBytes?: number;
  /** 0–100. */
  memorySwappiness?: number;
}

/** What a task runs. */
export interface TaskSpec {
  /** The container runtime. A task without it is unsupported by the container executors. */
  container?: ContainerSpec;
  resources?: ResourceRequirements;
  logDriver?: Driver;
}

/** A port exposed by a task. */
export interface PortConfig {
  name?: string;
  /** Default `"tcp"`. */
  protocol?: "tcp" | "udp" | "sctp";
  targetPort: number;
  /** 0 or absent: the engine picks one. */
  publishedPort?: number;
  /** Only `"host"` ports are published by the node. Default `"ingress"`. */
  publishMode?: "ingress" | "host";
}

/** Ports published on the node for a task. */
export interface PortStatus {
  ports: PortConfig[];
}

/** Runtime facts about a task's container or process. */
export interface ContainerStatus {
  containerId?: string;
  pid?: number;
  exitCode?: number;
  /** The kernel killed the task for exceeding its memory limit. */
  oomKilled?: boolean;
  startedAt?: Date;
  finishedAt?: Date;
}

/** What a node reports about a task. */
export interface TaskStatus {
  state: TaskState;
  /** How the state was reached: `"accepted"`, `"preparing"`, `"prepared"`, `"starting"`, `"started"`, `"finished"`, `"shutdown"`, … */
  message?: string;
  /** User-facing error for FAILED and REJECTED tasks (and the last temporary failure). */
  err?: string;
  /** When the status last changed. `Do` changes it only when something else in the status changed. */
  timestamp?: Date;
  container?: ContainerStatus;
  portStatus?: PortStatus;
}

/** A unit of work assigned to a node. */
export interface Task {
  id: string;
  serviceId?: string;
  nodeId?: string;
  /** Replica number; 0 or absent for global services. */
  slot?: number;
  annotations?: Annotations;
  /** Name and labels of the task's service. */
  serviceAnnotations?: Annotations;
  spec: TaskSpec;
  /** The state the orchestrator wants the task to reach. */
  desiredState: TaskState;
  status: TaskStatus;
  endpoint?: { ports: PortConfig[] };
}
