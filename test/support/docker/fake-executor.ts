import { randomUUID } from "node:crypto";
import { DockerExecutor, type DockerExecutorOptions } from "../../../src/docker/index.js";
import { type Task, TaskState } from "../../../src/index.js";
import type { FakeDocker } from "./fake-docker.js";

/** The node the original's tests describe. */
export const testNode = {
  hostname: "testHostname",
  platform: { os: "linux", architecture: "x86_64" },
  resources: {},
};

/** A task like the original's `genTask`: random id, service and node ids, image `stevvooe/foo:latest`, 10 s grace. */
export function genTask(overrides: Partial<Task["spec"]["container"]> = {}): Task {
  return {
    id: randomUUID().replaceAll("-", ""),
    serviceId: "dockerexec-test-service",
    nodeId: "dockerexec-test-node-id",
    spec: { container: { image: "stevvooe/foo:latest", stopGracePeriod: 10_000, ...overrides } },
    desiredState: TaskState.Running,
    status: { state: TaskState.New },
  };
}

/** A Docker executor over a fake engine, with the test node description and quick retries. */
export function fakeExecutor(fake: FakeDocker, options: DockerExecutorOptions = {}): DockerExecutor {
  return new DockerExecutor({
    docker: fake,
    node: testNode,
    registryAuth: async () => undefined,
    reconnectTimeout: 2_000,
    ...options,
  });
}
