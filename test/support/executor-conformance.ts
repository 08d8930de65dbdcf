// Lifecycle scenarios every executor must pass, written once and run for each executor (the
// process executor now; the Docker executor can call the same function). Each scenario runs real
// tasks through the executor's controllers; the target says how to express "run this shell
// script" for its executor.

import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import {
  type ContainerSpec,
  type ContainerStatuser,
  type Controller,
  type ControllerLogs,
  Do,
  ErrControllerClosed,
  ErrRuntimeUnsupported,
  ErrTaskPrepared,
  ErrTaskStarted,
  type Executor,
  hasErrorCode,
  Resolve,
  type Task,
  TaskState,
} from "../../src/index.js";
import { collectLogs, type Line, runToEnd, waitForLine } from "./lifecycle.js";

/** A controller with the optional capabilities every conforming executor has. */
export type FullController = Controller & ContainerStatuser & ControllerLogs;

/** How to run the scenarios against one executor. */
export interface ConformanceTarget {
  /** Names the `describe` block. */
  name: string;
  /** A fresh executor for one scenario. */
  createExecutor(): Executor;
  /**
   * The container spec of task `taskId` that runs `script` with a POSIX shell (`sh -c script`),
   * merged with `extra`.
   */
  shellSpec(taskId: string, script: string, extra?: Partial<ContainerSpec>): ContainerSpec;
  /** A shell expression for the path of the secret file with relative target name `name`. */
  secretPath(name: string): string;
  /** Whether secret files get their reference's uid and gid (the executor runs as root). */
  ownsFiles: boolean;
  /** Extra checks after `remove()` that nothing of the task is left (processes, files, containers). */
  assertRemoved?(task: Task, controller: FullController): Promise<void>;
  /** Removes anything a scenario may leave behind on purpose (e.g. after `close` without `remove`). */
  cleanup?(): Promise<void>;
}

/** Registers the lifecycle scenarios for `target`. */
export function describeExecutorConformance(target: ConformanceTarget): void {
  describe(`executor conformance: ${target.name}`, { timeout: 40_000 }, () => {
    const controllers: FullController[] = [];

    afterEach(async () => {
      for (const controller of controllers.splice(0)) {
        await controller.remove().catch(() => {});
        await controller.close().catch(() => {});
      }
      await target.cleanup?.();
    });

    const newTask = (script: string, extra?: Partial<ContainerSpec>): Task => {
      const id = `conformance-${randomUUID().slice(0, 8)}`;
      return {
        id,
        spec: { container: target.shellSpec(id, script, extra) },
        desiredState: TaskState.Running,
        status: { state: TaskState.New },
      };
    };

    const setUp = async (task: Task, executor = target.createExecutor()): Promise<FullController> => {
      const controller = (await executor.controller(task)) as FullController;
      controllers.push(controller);
      return controller;
    };

    const started = async (script: string, extra?: Partial<ContainerSpec>) => {
      const task = newTask(script, extra);
      const controller = await setUp(task);
      await controller.prepare();
      await controller.start();
      return { task, controller };
    };

    it("runs a task that exits 0 to COMPLETE through Do", async () => {
      const task = newTask("echo hello");
      const { status } = await runToEnd(task, await setUp(task));
      expect(status).toMatchObject({ state: TaskState.Complete, message: "finished" });
      expect(status.err).toBeUndefined();
      expect(status.container?.exitCode).toBe(0);
    });

    it("reports a container status only once there is something in it: never an empty one", async () => {
      const task = newTask("sleep 1"); // still running when Do reports RUNNING, so it has a pid
      const { statuses } = await runToEnd(task, await setUp(task));
      const at = (state: TaskState) => statuses.find((status) => status.state === state);
      for (const status of statuses) {
        if (status.container !== undefined) expect(Object.keys(status.container)).not.toEqual([]);
      }
      for (const state of [TaskState.Accepted, TaskState.Preparing, TaskState.Ready]) {
        expect(at(state)?.container).toBeUndefined();
      }
      expect(at(TaskState.Starting)).toBeDefined();
      expect(at(TaskState.Running)?.container?.pid).toBeGreaterThan(0);
      expect(at(TaskState.Running)?.container?.startedAt).toBeInstanceOf(Date);
      expect(at(TaskState.Complete)?.container).toMatchObject({ exitCode: 0, finishedAt: expect.any(Date) });
    });

    it("fails a task that exits 3, with exit code 3", async () => {
      const task = newTask("exit 3");
      const controller = await setUp(task);
      const { status } = await runToEnd(task, controller);
      expect(status).toMatchObject({ state: TaskState.Failed, err: "task: non-zero exit (3)" });
      expect(status.container?.exitCode).toBe(3);
      await expect(controller.wait()).rejects.toMatchObject({ exitCode: 3 });
      expect((await controller.containerStatus())?.exitCode).toBe(3);
    });

    it("refuses a task without a container spec with ErrRuntimeUnsupported", async () => {
      const task: Task = { id: "no-container", spec: {}, desiredState: TaskState.Running, status: { state: 0 } };
      await expect(async () => target.createExecutor().controller(task)).rejects.toSatisfy((err) =>
        hasErrorCode(err, ErrRuntimeUnsupported),
      );
    });

    it("says already prepared and already started", async () => {
      const { controller } = await started("sleep 1000");
      await expect(controller.prepare()).rejects.toSatisfy((err) => hasErrorCode(err, ErrTaskPrepared));
      await expect(controller.start()).rejects.toSatisfy((err) => hasErrorCode(err, ErrTaskStarted));
    });

    it("shuts down and terminates successfully when nothing runs", async () => {
      const task = newTask("exit 0");
      const controller = await setUp(task);
      await controller.shutdown();
      await controller.terminate();
      await controller.prepare();
      await controller.shutdown();
      await controller.terminate();
      await controller.start();
      await controller.wait();
      await controller.shutdown();
      await controller.terminate();
    });

    it("shutdown sends the stop signal, and a task that handles it exits well within the grace period", async () => {
      const script = "trap 'echo stopping; exit 0' TERM; echo ready; sleep 1000 & wait";
      const { controller } = await started(script, { stopGracePeriod: 20_000 });
      await waitForLine(controller, "ready");
      const before = Date.now();
      await controller.shutdown();
      expect(Date.now() - before).toBeLessThan(5_000);
      await controller.wait();
      expect((await collectLogs(controller, {})).map((l) => l.text)).toContain("stopping");
    });

    it("shutdown kills a task that ignores the stop signal once the grace period is over", async () => {
      const { controller } = await started("trap '' TERM; echo ready; sleep 1000 & wait", { stopGracePeriod: 1_000 });
      await waitForLine(controller, "ready");
      const before = Date.now();
      await controller.shutdown();
      const elapsed = Date.now() - before;
      expect(elapsed).toBeGreaterThanOrEqual(900);
      expect(elapsed).toBeLessThan(6_000);
      await expect(controller.wait()).rejects.toMatchObject({ exitCode: 137 });
    });

    it("shutdown sends the spec's stop signal", async () => {
      const script =
        "trap 'echo got-usr1; exit 0' USR1; trap 'echo got-term; exit 0' TERM; echo ready; sleep 1000 & wait";
      const { controller } = await started(script, { stopSignal: "SIGUSR1", stopGracePeriod: 20_000 });
      await waitForLine(controller, "ready");
      await controller.shutdown();
      const texts = (await collectLogs(controller, {})).map((l) => l.text);
      expect(texts).toContain("got-usr1");
      expect(texts).not.toContain("got-term");
    });

    it("terminate kills at once, without a grace period", async () => {
      const { controller } = await started("trap '' TERM; echo ready; sleep 1000 & wait", { stopGracePeriod: 30_000 });
      await waitForLine(controller, "ready");
      const before = Date.now();
      await controller.terminate();
      expect(Date.now() - before).toBeLessThan(5_000);
      await expect(controller.wait()).rejects.toMatchObject({ exitCode: 137 });
    });

    it("Do shuts a running task down when the desired state is SHUTDOWN", async () => {
      const { task, controller } = await started("echo ready; sleep 1000 & wait", { stopGracePeriod: 20_000 });
      await waitForLine(controller, "ready");
      const running: Task = { ...task, desiredState: TaskState.Shutdown, status: { state: TaskState.Running } };
      const { status, error } = await Do(running, controller);
      expect(error).toBeUndefined();
      expect(status).toMatchObject({ state: TaskState.Shutdown, message: "shutdown" });
    });

    it("an aborted wait rejects with the signal's reason and leaves the task running", async () => {
      const { controller } = await started("echo ready; sleep 1 & wait; exit 4");
      const reason = new Error("stop waiting");
      const aborting = new AbortController();
      const waiting = controller.wait(aborting.signal);
      aborting.abort(reason);
      await expect(waiting).rejects.toBe(reason);
      await expect(controller.wait()).rejects.toMatchObject({ exitCode: 4 });
    });

    it("keeps stdout and stderr apart, in order, with tail and since", async () => {
      const task = newTask("echo one; sleep 0.3; echo two >&2; sleep 0.3; echo three; sleep 1.2; echo four");
      const controller = await setUp(task);
      await runToEnd(task, controller);
      const all = await collectLogs(controller, {});
      expect(all.map((l) => `${l.stream}:${l.text}`)).toEqual([
        "stdout:one",
        "stderr:two",
        "stdout:three",
        "stdout:four",
      ]);
      expect(all.every((l) => l.taskId === task.id)).toBe(true);
      expect(texts(await collectLogs(controller, { streams: ["stdout"] }))).toEqual(["one", "three", "four"]);
      expect(texts(await collectLogs(controller, { streams: ["stderr"] }))).toEqual(["two"]);
      expect(texts(await collectLogs(controller, { tail: 2 }))).toEqual(["three", "four"]);
      expect(texts(await collectLogs(controller, { tail: 0 }))).toEqual([]);
      const third = all[2] as Line;
      const since = new Date(third.timestamp.getTime() + 500);
      expect(texts(await collectLogs(controller, { since }))).toEqual(["four"]);
      expect(texts(await collectLogs(controller, { since: new Date(Date.now() + 60_000) }))).toEqual([]);
    });

    it("follows the logs while the task runs, until it exits", async () => {
      const { controller } = await started("echo first; sleep 1.5; echo second >&2");
      let exited = false;
      const waiting = controller.wait().finally(() => {
        exited = true;
      });
      const lines = await collectLogs(controller, { follow: true }, (line) => {
        line.whileRunning = !exited;
      });
      await waiting;
      expect(lines.map((l) => `${l.stream}:${l.text}`)).toEqual(["stdout:first", "stderr:second"]);
      expect(lines[0]?.whileRunning).toBe(true);
    });

    it("delivers a secret as a file with its mode (and owner), and removes it", async () => {
      const executor = target.createExecutor();
      executor.secrets?.add({ id: "conformance-secret", spec: { data: new TextEncoder().encode("s3cret") } });
      const path = target.secretPath("token");
      const owner = target.ownsFiles ? { uid: "1234", gid: "5678" } : {};
      const task = newTask(`cat ${path}; echo; stat -c '%a %u %g' ${path}`, {
        secrets: [
          { secretId: "conformance-secret", secretName: "token", file: { name: "token", mode: 0o440, ...owner } },
        ],
      });
      const controller = await setUp(task, executor);
      const { status } = await runToEnd(task, controller);
      expect(status.state).toBe(TaskState.Complete);
      const [content, stat] = texts(await collectLogs(controller, { streams: ["stdout"] }));
      expect(content).toBe("s3cret");
      expect(stat?.split(" ")[0]).toBe("440");
      if (target.ownsFiles) expect(stat).toBe("440 1234 5678");
      await controller.remove();
      await target.assertRemoved?.(task, controller);
    });

    it("expands templates in env values and in a templated secret's file, for the task and node", async () => {
      const executor = target.createExecutor();
      const node = await executor.describe();
      const template = 'task={{.Task.ID}} node={{.Node.Hostname}} mode={{env "MODE"}}';
      executor.secrets?.add({
        id: "conformance-templated",
        spec: { data: new TextEncoder().encode(template), templating: { name: "golang" } },
      });
      const task = newTask(`echo "$WHO"; cat ${target.secretPath("who")}`, {
        env: ["MODE=ro", "WHO={{.Task.ID}}@{{.Node.Hostname}}"],
        secrets: [{ secretId: "conformance-templated", secretName: "who", file: { name: "who" } }],
      });
      const controller = await setUp(task, executor);
      const { status } = await runToEnd(task, controller);
      expect(status.state).toBe(TaskState.Complete);
      expect(texts(await collectLogs(controller, { streams: ["stdout"] }))).toEqual([
        `${task.id}@${node.hostname}`,
        `task=${task.id} node=${node.hostname} mode=ro`,
      ]);
    });

    it("rejects a task whose template cannot be expanded, naming the field", async () => {
      const executor = target.createExecutor();
      executor.secrets?.add({
        id: "conformance-bad-template",
        spec: { data: new TextEncoder().encode("{{.Task.Nope}}"), templating: { name: "golang" } },
      });
      const badEnv = newTask("true", { env: ["OK=1", "BAD={{.Task.Nope}}"] });
      const resolved = await Resolve(badEnv, executor);
      expect(resolved.status.state).toBe(TaskState.Rejected);
      expect(resolved.status.err).toBe("spec.container.env[1]: template: expansion:1:2: unknown field .Task.Nope");

      const badSecret = newTask("true", {
        secrets: [{ secretId: "conformance-bad-template", secretName: "bad", file: { name: "bad" } }],
      });
      const { status } = await runToEnd(badSecret, await setUp(badSecret, executor));
      expect(status.state).toBe(TaskState.Rejected);
      expect(status.err).toBe(
        "spec.container.secrets[0]: failed to expand templated secret conformance-bad-template: " +
          "template: expansion:1:2: unknown field .Task.Nope",
      );
    });

    it("remove stops a running task and leaves nothing behind; removing twice succeeds", async () => {
      const { task, controller } = await started("echo ready; sleep 1000 & wait", { stopGracePeriod: 20_000 });
      await waitForLine(controller, "ready");
      await controller.remove();
      expect(await controller.containerStatus()).toBeUndefined();
      expect(await collectLogs(controller, {})).toEqual([]);
      await target.assertRemoved?.(task, controller);
      await controller.remove();
    });

    it("close ends a pending wait, then every call rejects with ErrControllerClosed", async () => {
      const { controller } = await started("sleep 2");
      const waiting = controller.wait();
      await controller.close();
      await expect(waiting).rejects.toBe(ErrControllerClosed);
      for (const call of [
        () => controller.prepare(),
        () => controller.start(),
        () => controller.wait(),
        () => controller.shutdown(),
        () => controller.terminate(),
        () => controller.remove(),
        () => controller.close(),
      ]) {
        await expect(call()).rejects.toSatisfy((err) => hasErrorCode(err, ErrControllerClosed));
      }
    });
  });
}

function texts(lines: readonly Line[]): string[] {
  return lines.map((line) => line.text);
}
