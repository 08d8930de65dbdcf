import { spawn } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  type ContainerStatus,
  type Controller,
  ErrTaskPrepared,
  ErrTaskStarted,
  type Executor,
  type Task,
} from "../../../src/index.js";

/**
 * A runtime that outlives the agent, without Docker: each task is a directory under `root` and a
 * detached child process that sleeps `SLEEP_MS` milliseconds (from the task's env) and exits with
 * `EXIT` (its exit is recorded in `<root>/<id>/exit`). Every process start is appended to
 * `<root>/events.log` as `run <id> <pid>`, so a test can count how often each task ran.
 *
 * Like a container engine, it is idempotent per task id: `prepare` of an existing task rejects
 * with `ErrTaskPrepared`, `start` of a started one with `ErrTaskStarted`; and a task process
 * claims `<id>/pid` exclusively, so two starts racing across an agent crash still run it once.
 */
export class DirExecutor implements Executor {
  constructor(
    readonly root: string,
    private readonly options: { prepareDelayMs?: number; removeDelayMs?: number } = {},
  ) {
    mkdirSync(root, { recursive: true });
  }

  async describe() {
    return { hostname: "dir", platform: { architecture: process.arch, os: process.platform }, resources: {} };
  }

  async configure(): Promise<void> {}

  controller(task: Task): Controller & { containerStatus(): Promise<ContainerStatus> } {
    return new DirController(this.root, task, this.options);
  }
}

/** The exit of a task process, as it records it. */
export interface DirExit {
  code: number;
  /** Milliseconds since the epoch. */
  at: number;
}

/** The exit a task process recorded, if it exited. */
export function readExit(root: string, taskId: string): DirExit | undefined {
  const file = join(root, taskId, "exit");
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as DirExit) : undefined;
}

/** The pid a task process recorded, once it has (the file is claimed empty first, then written). */
export function readPid(root: string, taskId: string): number | undefined {
  const file = join(root, taskId, "pid");
  const pid = existsSync(file) ? Number(readFileSync(file, "utf8")) : 0;
  return pid > 0 ? pid : undefined;
}

// The task process: claims the pid file (exiting at once if another process has), logs its run,
// sleeps, records its exit atomically and exits. SIGTERM records exit code 143.
const taskProcess = `
const fs = require("node:fs");
const [dir, log, id, sleepMs, code] = process.argv.slice(1);
try { fs.writeFileSync(dir + "/pid", String(process.pid), { flag: "wx" }); } catch { process.exit(0); }
fs.appendFileSync(log, "run " + id + " " + process.pid + "\\n");
const exit = (c) => {
  fs.writeFileSync(dir + "/exit.tmp", JSON.stringify({ code: c, at: Date.now() }));
  fs.renameSync(dir + "/exit.tmp", dir + "/exit");
  process.exit(c);
};
process.on("SIGTERM", () => exit(143));
setTimeout(() => exit(Number(code)), Number(sleepMs));
`;

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return sleep(ms, undefined, signal ? { signal } : {}).catch(() => {
    throw signal?.reason;
  });
}

class DirController implements Controller {
  readonly #dir: string;

  constructor(
    private readonly root: string,
    private readonly task: Task,
    private readonly delays: { prepareDelayMs?: number; removeDelayMs?: number },
  ) {
    this.#dir = join(root, task.id);
  }

  #env(name: string): string {
    const entry = this.task.spec.container?.env?.find((e) => e.startsWith(`${name}=`));
    return entry ? entry.slice(name.length + 1) : "0";
  }

  async update(): Promise<void> {}

  async prepare(signal?: AbortSignal): Promise<void> {
    await abortableSleep(this.delays.prepareDelayMs ?? 0, signal);
    try {
      mkdirSync(this.#dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") throw ErrTaskPrepared;
      throw error;
    }
    appendFileSync(join(this.root, "events.log"), `created ${this.task.id}\n`);
  }

  async start(signal?: AbortSignal): Promise<void> {
    if (existsSync(join(this.#dir, "pid"))) throw ErrTaskStarted;
    const args = [this.#dir, join(this.root, "events.log"), this.task.id, this.#env("SLEEP_MS"), this.#env("EXIT")];
    const child = spawn(process.execPath, ["-e", taskProcess, ...args], { detached: true, stdio: "ignore" });
    child.unref();
    while (readPid(this.root, this.task.id) === undefined) await abortableSleep(10, signal);
  }

  async wait(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (!existsSync(this.#dir)) throw new Error(`task ${this.task.id}: no such runtime`);
      const exit = readExit(this.root, this.task.id);
      if (exit?.code === 0) return;
      if (exit) throw Object.assign(new Error(`exit status ${exit.code}`), { exitCode: exit.code });
      await abortableSleep(25, signal);
    }
  }

  async shutdown(signal?: AbortSignal): Promise<void> {
    await this.#stop("SIGTERM", signal);
  }

  async terminate(signal?: AbortSignal): Promise<void> {
    await this.#stop("SIGKILL", signal);
  }

  async #stop(how: NodeJS.Signals, signal?: AbortSignal): Promise<void> {
    const pid = readPid(this.root, this.task.id);
    if (pid === undefined || readExit(this.root, this.task.id)) return;
    try {
      process.kill(pid, how);
    } catch {
      return; // already gone
    }
    while (!readExit(this.root, this.task.id) && how === "SIGTERM") await abortableSleep(10, signal);
  }

  async remove(signal?: AbortSignal): Promise<void> {
    await abortableSleep(this.delays.removeDelayMs ?? 0, signal);
    await this.terminate(signal);
    rmSync(this.#dir, { recursive: true, force: true });
  }

  async close(): Promise<void> {}

  async containerStatus(): Promise<ContainerStatus> {
    const pid = readPid(this.root, this.task.id);
    const exit = readExit(this.root, this.task.id);
    return {
      containerId: this.task.id,
      ...(pid !== undefined ? { pid } : {}),
      ...(exit ? { exitCode: exit.code } : {}),
    };
  }
}
