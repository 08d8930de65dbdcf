import type { ContainerSpec, Driver } from "./container-spec.js";
import type { TaskState } from "./task-state.js";

/** A name and labels attached to an object. */
export interface Annotations {
  /** The object's name. */
  name?: string;
  /** Free-form key/value metadata. */
  labels?: Record<string, string>;
}

/** A generic resource (e.g. a GPU) as a named value or a count. */
export type GenericResource =
  | {
      /** The kind of resource, e.g. `"GPU"`. */
      kind: string;
      /** A named resource, e.g. a GPU's UUID. */
      value: string;
    }
  | {
      /** The kind of resource, e.g. `"SSD"`. */
      kind: string;
      /** How many. */
      count: number;
    };

/** Amounts of compute resources. */
export interface Resources {
  /** CPU in units of 10⁻⁹ CPUs: `1e9` is one CPU. */
  nanoCpus?: number;
  /** Memory in bytes. */
  memoryBytes?: number;
  /** Other resources: GPUs, SSDs, … */
  generic?: GenericResource[];
}

/** Resource limits and reservations of a task. */
export interface ResourceRequirements {
  /** The most the task may use. */
  limits?: Resources;
  /** What the node sets aside for the task. */
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
  /** Resource limits and reservations. */
  resources?: ResourceRequirements;
  /** Where the task's logs go; absent: the engine's default. */
  logDriver?: Driver;
}

/** A port exposed by a task. */
export interface PortConfig {
  /** The port's name. */
  name?: string;
  /** Default `"tcp"`. */
  protocol?: "tcp" | "udp" | "sctp";
  /** The port inside the task (container). */
  targetPort: number;
  /** 0 or absent: the engine picks one. */
  publishedPort?: number;
  /** Only `"host"` ports are published by the node. Default `"ingress"`. */
  publishMode?: "ingress" | "host";
}

/** Ports published on the node for a task. */
export interface PortStatus {
  /** Each published port, with the port the node chose. */
  ports: PortConfig[];
}

/** Runtime facts about a task's container or process. */
export interface ContainerStatus {
  /** The container's id (Docker executor). */
  containerId?: string;
  /** The task's main process id on the node. */
  pid?: number;
  /** The exit code, once the task exited. */
  exitCode?: number;
  /** The kernel killed the task for exceeding its memory limit. */
  oomKilled?: boolean;
  /** When the task started. */
  startedAt?: Date;
  /** When the task exited. */
  finishedAt?: Date;
}

/** What a node reports about a task. */
export interface TaskStatus {
  /** The task's state. */
  state: TaskState;
  /** How the state was reached: `"accepted"`, `"preparing"`, `"prepared"`, `"starting"`, `"started"`, `"finished"`, `"shutdown"`, … */
  message?: string;
  /** User-facing error for FAILED and REJECTED tasks (and the last temporary failure). */
  err?: string;
  /** When the status last changed. `Do` changes it only when something else in the status changed. */
  timestamp?: Date;
  /** Runtime facts: container id, pid, exit code, times. */
  container?: ContainerStatus;
  /** The ports published on the node. */
  portStatus?: PortStatus;
}

/** A unit of work assigned to a node. */
export interface Task {
  /** The task's id: a letter or digit, then letters, digits, `_`, `.` or `-`. */
  id: string;
  /** The service the task belongs to. */
  serviceId?: string;
  /** The node the task is assigned to. */
  nodeId?: string;
  /** Replica number; 0 or absent for global services. */
  slot?: number;
  /** The task's name and labels. */
  annotations?: Annotations;
  /** Name and labels of the task's service. */
  serviceAnnotations?: Annotations;
  /** What the task runs. */
  spec: TaskSpec;
  /** The state the orchestrator wants the task to reach. */
  desiredState: TaskState;
  /** The task's last reported status. */
  status: TaskStatus;
  /** The ports the task's service exposes. */
  endpoint?: {
    /** Each exposed port. */
    ports: PortConfig[];
  };
}
