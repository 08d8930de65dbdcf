// Secrets, configs and templates: what a task sees of them. Run with `npx tsx examples/secrets-and-templates.ts`.
import {
  createDependencyManager,
  expandContainerSpec,
  restrict,
  type Task,
  TaskState,
  templatedDependencies,
} from "taskwright";

const task: Task = {
  id: "x7f3",
  serviceId: "svc-1",
  slot: 2,
  serviceAnnotations: { name: "web" },
  spec: {
    container: {
      image: "busybox:1.36",
      hostname: "{{.Service.Name}}-{{.Task.Slot}}",
      env: ["INSTANCE={{.Task.Name}}"],
      secrets: [{ secretId: "db-password", secretName: "db", file: { name: "db" } }],
      configs: [{ configId: "app-conf", configName: "app", file: { name: "/etc/app.conf" } }],
    },
  },
  desiredState: TaskState.Running,
  status: { state: TaskState.New },
};

const utf8 = new TextEncoder();
const deps = createDependencyManager();
deps.secrets.add({ id: "db-password", spec: { data: utf8.encode("hunter2") } });
deps.secrets.add({ id: "not-for-this-task", spec: { data: utf8.encode("other") } });
deps.configs.add({
  id: "app-conf",
  spec: { data: utf8.encode('instance={{.Task.Name}}\npassword={{secret "db"}}\n'), templating: { name: "golang" } },
});

// The container spec with its placeholders expanded (a new object; `task` is untouched).
const spec = expandContainerSpec(task);
console.log(`hostname: ${spec.hostname}; env: ${spec.env?.join(" ")}`);

// What the task may read: only what its spec references, templates expanded for it.
const view = templatedDependencies(restrict(deps, task), task);
const { config, sensitive } = view.configs.getWithSensitivity("app-conf");
console.log(`app.conf (sensitive: ${sensitive}):\n${new TextDecoder().decode(config.spec.data)}`);
console.log(`the secret, serialised: ${JSON.stringify(view.secrets.get("db-password"))}`);
try {
  view.secrets.get("not-for-this-task");
} catch (err) {
  console.log(`refused: ${(err as Error).message}`);
}
