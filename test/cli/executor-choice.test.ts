import { describe, expect, it, vi } from "vitest";
import { runCli } from "../../src/cli/cli.js";
import type { DockerExecutorSettings } from "../../src/cli/executor-choice.js";
import type { CliIo } from "../../src/cli/run.js";
import { type Executor, type NodeDescription, StubController, type Task } from "../../src/index.js";
import { jsonLines } from "../support/run-cli.js";

/** Streams that collect what is written to them, as a pipe would (not a terminal). */
function collectingIo(loadDocker: CliIo["loadDocker"]) {
  const written = { stdout: "", stderr: "" };
  const stream = (name: "stdout" | "stderr") => ({
    write: (chunk: string | Uint8Array) => {
      written[name] += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
      return true;
    },
    once: () => {},
  });
  const io = {
    stdout: stream("stdout"),
    stderr: stream("stderr"),
    env: {},
    version: "0.0.0-test",
    onSignal: () => () => {},
    quit: () => {},
    loadDocker,
  };
  return { io, written };
}

const node: NodeDescription = {
  hostname: "fake",
  platform: { architecture: "x86_64", os: "linux" },
  resources: {},
  engine: { engineVersion: "99.0", labels: {}, plugins: [] },
};

/** A Docker entry whose executor pulls two layers in `prepare`, reporting progress. */
function fakeDockerEntry(describe: () => Promise<NodeDescription> = async () => node) {
  const made: Task[] = [];
  const settingsGiven: DockerExecutorSettings[] = [];
  class DockerExecutor implements Executor {
    readonly #settings: DockerExecutorSettings;
    constructor(settings: DockerExecutorSettings = {}) {
      this.#settings = settings;
      settingsGiven.push(settings);
    }
    describe = describe;
    async configure() {}
    controller(task: Task) {
      made.push(task);
      const progress = this.#settings.onPullProgress;
      return new StubController({
        prepareFn: async () => {
          const image = task.spec.container?.image ?? "";
          progress?.({ image, status: "Pulling from library/busybox" });
          for (const layer of ["a", "b"]) progress?.({ image, status: "Pulling fs layer", layer });
          progress?.({ image, status: "Downloading", layer: "a", current: 500_000, total: 1_000_000 });
          progress?.({ image, status: "Downloading", layer: "b", current: 0, total: 1_000_000 });
          progress?.({ image, status: "Download complete", layer: "a" });
          progress?.({ image, status: "Pull complete", layer: "b" });
        },
      });
    }
  }
  return { entry: { DockerExecutor }, made, settingsGiven };
}

const hello = "test/cli/fixtures/hello.yaml";

describe("taskwright run: choosing the executor", () => {
  it("uses Docker when the task has an image and an engine answers, and shows its pull progress", async () => {
    const docker = fakeDockerEntry();
    const { io, written } = collectingIo(async () => docker.entry);
    expect(await runCli(["run", hello, "--json"], io)).toBe(0);
    const events = jsonLines(written.stdout);
    expect(events[0]).toMatchObject({
      type: "run",
      executor: "docker",
      reason: "a Docker engine answered (version 99.0)",
    });
    expect(docker.made).toHaveLength(1);
    const pulls = events.filter((e) => e.type === "pull");
    expect(pulls.length).toBeGreaterThanOrEqual(2);
    expect(pulls.at(-1)).toMatchObject({
      image: "busybox:1.36",
      layers: 2,
      layersDone: 2,
      current: 2_000_000,
      total: 2_000_000,
    });
    const prepared = events.findIndex((e) => e.type === "state" && e.state === "READY");
    expect(events.indexOf(pulls.at(-1)!)).toBeLessThan(prepared);
    expect(events.at(-1)).toMatchObject({ type: "exit", code: 0, state: "COMPLETE" });
  });

  it("draws the pull as plain lines when stderr is not a terminal", async () => {
    const { io, written } = collectingIo(async () => fakeDockerEntry().entry);
    expect(await runCli(["run", hello], io)).toBe(0);
    expect(written.stderr).toContain("on the docker executor (a Docker engine answered (version 99.0))");
    expect(written.stderr).toMatch(/^pulling busybox:1\.36 \[=+ *\] +\d+% .*layers$/m);
    expect(written.stderr).toContain("pulling busybox:1.36 [========================] 100% 2.0/2.0 MB, 2/2 layers\n");
    expect(written.stderr).not.toContain("\r");
    expect(written.stderr).not.toContain("\x1b");
  });

  it("uses the process executor when no engine answers, and says so", async () => {
    const docker = fakeDockerEntry(() => Promise.reject(new Error("connect ENOENT /var/run/docker.sock")));
    const { io, written } = collectingIo(async () => docker.entry);
    expect(await runCli(["run", hello], io)).toBe(0);
    expect(written.stderr).toContain(
      "on the process executor (no Docker engine answered: connect ENOENT /var/run/docker.sock)",
    );
    expect(written.stdout).toBe("hello, world\n");
  });

  it("uses the process executor when the Docker entry is not in the package", async () => {
    const absent = Object.assign(new Error("Package subpath './docker' is not defined"), {
      code: "ERR_PACKAGE_PATH_NOT_EXPORTED",
    });
    const { io, written } = collectingIo(() => Promise.reject(absent));
    expect(await runCli(["run", hello], io)).toBe(0);
    expect(written.stderr).toContain(
      "on the process executor (the Docker executor is not part of this build of taskwright)",
    );
  });

  it("does not load Docker for a task without an image", async () => {
    const loadDocker = vi.fn(async () => fakeDockerEntry().entry);
    const { io } = collectingIo(loadDocker);
    expect(await runCli(["run", "test/cli/fixtures/hello.json"], io)).toBe(0);
    expect(loadDocker).not.toHaveBeenCalled();
  });

  it("exits 1 when --executor docker is asked and cannot be had", async () => {
    const docker = fakeDockerEntry(() => Promise.reject(new Error("connect ECONNREFUSED")));
    const { io, written } = collectingIo(async () => docker.entry);
    expect(await runCli(["run", hello, "--executor", "docker", "--json"], io)).toBe(1);
    expect(jsonLines(written.stdout)).toMatchObject([
      {
        type: "error",
        code: "EXEC_CLI_EXECUTOR",
        message: "--executor docker: no Docker engine answered: connect ECONNREFUSED",
      },
      { type: "exit", code: 1 },
    ]);
    expect(docker.made).toEqual([]);
  });

  it("--network gives the Docker executor its network mode", async () => {
    const docker = fakeDockerEntry();
    const { io, written } = collectingIo(async () => docker.entry);
    expect(await runCli(["run", hello, "--network", "none"], io)).toBe(0);
    expect(docker.settingsGiven).toMatchObject([{ networkMode: "none" }]);
    expect(written.stderr).toContain("on the docker executor (--network; a Docker engine answered (version 99.0))");
  });

  it("--network asks for Docker even for a task without an image, instead of ignoring the option", async () => {
    const docker = fakeDockerEntry();
    const { io } = collectingIo(async () => docker.entry);
    await runCli(["run", "test/cli/fixtures/hello.json", "--network", "none"], io);
    expect(docker.made.map((task) => task.id)).toEqual(["hello-json"]);
    expect(docker.settingsGiven).toMatchObject([{ networkMode: "none" }]);
  });

  it("exits 1 when --network is given and no engine answers, rather than running a process without it", async () => {
    const docker = fakeDockerEntry(() => Promise.reject(new Error("connect ECONNREFUSED")));
    const { io, written } = collectingIo(async () => docker.entry);
    expect(await runCli(["run", hello, "--network", "none", "--json"], io)).toBe(1);
    expect(jsonLines(written.stdout)).toMatchObject([
      {
        type: "error",
        code: "EXEC_CLI_EXECUTOR",
        message: "--network: no Docker engine answered: connect ECONNREFUSED",
      },
      { type: "exit", code: 1 },
    ]);
    expect(docker.made).toEqual([]);
  });
});
