// Secret and config files, and logs, against the real engine.
import { existsSync, statfsSync, statSync } from "node:fs";
import { expect, it } from "vitest";
import { type LogMessage, TaskState } from "../../src/index.js";
import { containersOf, describeDocker, runToEnd, step, testSession } from "../support/docker/engine.js";

const session = testSession();
const TMPFS_MAGIC = 0x01021994;
const text = (m: LogMessage) => Buffer.from(m.data).toString().trimEnd();

describeDocker("secret and config files (real engine)", () => {
  it("appear at their targets with mode, uid and gid, read-only, from a tmpfs; gone after remove", async () => {
    const executor = session.executor();
    executor.secrets.add({ id: "s1", spec: { data: new TextEncoder().encode("s3cret-value") } });
    executor.configs.add({ id: "c1", spec: { data: new TextEncoder().encode("level=debug") } });
    const script = [
      'stat -c "%a %u %g" /run/secrets/db_password',
      "cat /run/secrets/db_password; echo",
      'stat -c "%a %u %g" /etc/app.conf /settings.conf',
      "cat /etc/app.conf; echo",
      "echo overwrite > /run/secrets/db_password || echo read-only",
    ].join("; ");
    const task = session.task({
      command: ["sh", "-c", script],
      secrets: [
        { secretId: "s1", secretName: "db", file: { name: "db_password", uid: "1000", gid: "1001", mode: 0o400 } },
      ],
      configs: [
        { configId: "c1", configName: "app", file: { name: "/etc/app.conf", mode: 0o444 } },
        { configId: "c1", configName: "app", file: { name: "settings.conf", uid: "7", gid: "8", mode: 0o640 } },
      ],
    });
    const controller = await executor.controller(task);
    await runToEnd(task, controller);
    expect(task.status.state).toBe(TaskState.Complete);

    const out: string[] = [];
    await controller.logs({ publish: (m) => void out.push(text(m)) }, { streams: ["stdout"] });
    expect(out).toEqual(["400 1000 1001", "s3cret-value", "444 0 0", "640 7 8", "level=debug", "read-only"]);

    // On the host the files live only on a tmpfs, and the container's own layer has none of them.
    const inspected = await session.docker.getContainer(controller.containerName).inspect();
    const sources = inspected.Mounts.filter((m) => m.Type === "bind").map((m) => m.Source);
    expect(sources).toHaveLength(3);
    for (const source of sources) expect(statfsSync(source).type).toBe(TMPFS_MAGIC);
    // The engine leaves empty mount points in the container's writable layer: empty, never the content.
    const upper = (inspected.GraphDriver.Data as { UpperDir?: string }).UpperDir;
    expect(upper).toBeDefined();
    for (const target of ["/run/secrets/db_password", "/etc/app.conf", "/settings.conf"]) {
      const onDisk = `${upper}${target}`;
      if (existsSync(onDisk)) expect(statSync(onDisk).size).toBe(0);
    }

    await controller.remove();
    for (const source of sources) expect(existsSync(source)).toBe(false);
    expect(await containersOf(session.docker, task.id)).toHaveLength(0);
  });

  it("a secret the task does not reference is refused (REJECTED)", async () => {
    const executor = session.executor();
    const task = session.task({ secrets: [{ secretId: "missing", secretName: "x", file: { name: "x" } }] });
    const controller = await executor.controller(task);
    await runToEnd(task, controller);
    expect(task.status.state).toBe(TaskState.Rejected);
    expect(task.status.err).toMatch(/missing/);
    expect(await containersOf(session.docker, task.id)).toHaveLength(0);
  });
});

describeDocker("logs (real engine)", () => {
  it("stdout and stderr stay apart; follow streams until the container exits", async () => {
    const task = session.task({
      command: ["sh", "-c", "echo out1; echo err1 >&2; sleep 0.5; echo out2; sleep 0.5; echo err2 >&2"],
    });
    const controller = await session.executor().controller(task);
    while (task.status.state < TaskState.Starting) await step(task, controller);
    const seen: string[] = [];
    const following = controller.logs({ publish: (m) => void seen.push(`${m.stream}:${text(m)}`) }, { follow: true });
    await runToEnd(task, controller);
    await following;
    // The engine copies the two pipes separately: order holds within a stream, not across streams.
    expect(seen.filter((line) => line.startsWith("stdout:"))).toEqual(["stdout:out1", "stdout:out2"]);
    expect(seen.filter((line) => line.startsWith("stderr:"))).toEqual(["stderr:err1", "stderr:err2"]);
    expect(seen).toHaveLength(4);

    const tail: string[] = [];
    await controller.logs({ publish: (m) => void tail.push(text(m)) }, { tail: 1 });
    expect(tail).toEqual(["err2"]);
    const stderr: string[] = [];
    await controller.logs({ publish: (m) => void stderr.push(text(m)) }, { streams: ["stderr"] });
    expect(stderr).toEqual(["err1", "err2"]);
    await controller.remove();
  });

  it("a TTY container's output is read raw, as stdout", async () => {
    const task = session.task({ command: ["sh", "-c", "echo one; echo two >&2"], tty: true });
    const controller = await session.executor().controller(task);
    await runToEnd(task, controller);
    const seen: string[] = [];
    await controller.logs({ publish: (m) => void seen.push(`${m.stream}:${text(m)}`) }, {});
    expect(seen).toEqual(["stdout:one", "stdout:two"]);
    await controller.remove();
  });
});
