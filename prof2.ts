import { DockerExecutor } from "./src/docker/index.js";
import { Do, ErrTaskNoop, type Task, TaskState, taskStateName } from "./src/index.js";

const ex = new DockerExecutor({ networkMode: "none" });
const acc: Record<string, number> = {};
const N = 10;
const orig = (ex as any).adapter;
for (const m of [
  "inspectContainer",
  "createContainer",
  "startContainer",
  "stopContainer",
  "removeContainer",
  "waitContainer",
  "inspectImage",
]) {
  const f = orig[m].bind(orig);
  orig[m] = async (...a: any[]) => {
    const s = performance.now();
    try {
      return await f(...a);
    } finally {
      acc[m] = (acc[m] ?? 0) + performance.now() - s;
      acc[m + "#"] = (acc[m + "#"] ?? 0) + 1;
    }
  };
}
let total = 0;
for (let i = 0; i < N; i++) {
  const task: Task = {
    id: `p${process.pid}-${i}`,
    spec: { container: { image: "taskwright-test/busybox:1", command: ["true"] } },
    desiredState: TaskState.Running,
    status: { state: TaskState.New },
  };
  const s0 = performance.now();
  const c = await ex.controller(task);
  for (;;) {
    const s = performance.now();
    const { status, error } = await Do(task, c);
    const k = "Do->" + taskStateName(status.state);
    acc[k] = (acc[k] ?? 0) + performance.now() - s;
    task.status = status;
    if (error === ErrTaskNoop) break;
  }
  const s = performance.now();
  await c.remove();
  acc["remove()"] = (acc["remove()"] ?? 0) + performance.now() - s;
  await c.close();
  total += performance.now() - s0;
}
for (const [k, v] of Object.entries(acc)) console.log(k, k.endsWith("#") ? v / N : (v / N).toFixed(1));
console.log("total", (total / N).toFixed(1));
