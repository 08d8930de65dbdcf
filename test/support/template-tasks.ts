import type { ContainerSpec, NodeDescription, Task } from "../../src/index.js";
import { TaskState } from "../../src/index.js";

/** The original's `modifyTask`: a task with interesting values, then the given container spec. */
export function templateTask(container?: ContainerSpec): Task {
  return {
    id: "taskID",
    serviceId: "serviceID",
    nodeId: "nodeID",
    slot: 10,
    annotations: {
      // Task labels are not templated: none of these may show up in an expansion.
      labels: {
        TaskLabelOneKey: "task-label-one-value",
        TaskLabelTwoKey: "task-label-two-value",
        "com.example.TaskLabelThreeKey": "task-label-three-value",
      },
    },
    serviceAnnotations: {
      name: "serviceName",
      labels: {
        ServiceLabelOneKey: "service-label-one-value",
        ServiceLabelTwoKey: "service-label-two-value",
        "com.example.ServiceLabelThreeKey": "service-label-three-value",
      },
    },
    spec: container ? { container } : {},
    desiredState: TaskState.Running,
    status: { state: TaskState.New },
  };
}

/** The original's `modifyNode`: a node description, with overrides. */
export function templateNode(
  overrides: { hostname?: string; os?: string; architecture?: string } = {},
): NodeDescription {
  return {
    hostname: overrides.hostname ?? "nodeHostname",
    platform: { architecture: overrides.architecture ?? "x86_64", os: overrides.os ?? "linux" },
    resources: {},
  };
}

/** Every templated string of a spec, like the original's `visitAllTemplatedFields`. */
export function templatedFields(spec: ContainerSpec): string[] {
  const values = [...(spec.env ?? []), ...(spec.hostname === undefined ? [] : [spec.hostname])];
  for (const mount of spec.mounts ?? []) {
    values.push(mount.target, mount.source ?? "");
    values.push(...Object.values(mount.volumeOptions?.labels ?? {}));
    values.push(...Object.values(mount.volumeOptions?.driverConfig?.options ?? {}));
  }
  return values;
}
