// Delivers a secret to a task as a file, with the process executor: the file is written with the
// reference's mode to a private directory (0700, in memory on Linux) that only exists from
// `prepare` to `remove`, and the task finds it through $TASKWRIGHT_SECRETS_DIR.
//
//   npx tsx examples/secret-files.ts

import { existsSync } from "node:fs";
import { Do, ErrTaskNoop, hasLogs, type LogMessage, Resolve, type Task, TaskState, taskStateName } from "taskwright";
import { ProcessExecutor, secretsDirVariable } from "taskwright/process";

const executor = new ProcessExecutor();
// What an agent does when the manager sends a secret: store it; tasks only see those they reference.
executor.secrets.add({ id: "db-password-v1", spec: { data: new TextEncoder().encode("correct horse battery") } });

const task: Task = {
  id: "migrate-db",
  spec: {
    container: {
      command: [
        "sh",
        "-c",
        // Never print a secret: this shows where it is, its mode and its length.
        `f="$${secretsDirVariable}/db-password"; echo "secret file: $f"; ls -l "$f" | cut -c1-10; echo "length: $(wc -c < "$f")"`,
      ],
      secrets: [{ secretId: "db-password-v1", secretName: "db-password", file: { name: "db-password", mode: 0o400 } }],
    },
  },
  desiredState: TaskState.Running,
  status: { state: TaskState.New },
};

const { controller, status } = await Resolve(task, executor);
task.status = status;
if (!controller || !hasLogs(controller)) throw new Error(`rejected: ${status.err}`);
for (;;) {
  const step = await Do(task, controller);
  task.status = step.status;
  if (step.error === ErrTaskNoop) break;
}
console.log(`task: ${taskStateName(task.status.state)}`);

// The task's output, read once it has finished.
let secretFile = "";
await controller.logs(
  {
    publish(message: LogMessage) {
      const line = new TextDecoder().decode(message.data).trimEnd();
      secretFile ||= line.match(/^secret file: (.*)$/)?.[1] ?? "";
      console.log(`  | ${line}`);
    },
  },
  {},
);

console.log(`secret file exists before remove: ${existsSync(secretFile)}`);
await controller.remove(); // deletes the private directory
console.log(`secret file exists after remove: ${existsSync(secretFile)}`);
await controller.close();
