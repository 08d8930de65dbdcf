import { describe, expect, it } from "vitest";
import * as bench from "../../../bench/support/docker.js";
import { describeDocker, testImage, testSession } from "../../support/docker/engine.js";

describe("bench times", () => {
  it("all at once: waits for every run to settle before raising the first failure", async () => {
    let settled = 0;
    const runs = [
      async () => {
        throw new Error("first");
      },
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 30));
        settled++;
      },
    ];
    let next = 0;
    await expect(bench.times(2, true, () => (runs[next++] as () => Promise<void>)())).rejects.toThrow("first");
    expect(settled).toBe(1);
  });

  it("resolves with the count, one after another or all at once", async () => {
    let ran = 0;
    const one = async () => {
      ran++;
    };
    expect(await bench.times(3, false, one)).toBe(3);
    expect(await bench.times(4, true, one)).toBe(4);
    expect(ran).toBe(7);
  });
});

describeDocker("bench containers (real engine)", () => {
  const session = testSession();
  const { docker } = session;

  /** A stopped container with the session's labels and `taskwright.bench=<run>`. */
  async function benchContainer(run: string) {
    return docker.createContainer({
      Image: testImage,
      Cmd: ["true"],
      Labels: { ...session.labels, [bench.benchLabel]: run },
      HostConfig: { NetworkMode: "none" },
    });
  }

  it("the run label carries this run's id", () => {
    expect(bench.benchRunLabel).toBe(`${bench.benchLabel}=${bench.benchRun}`);
    expect(bench.benchRun).toMatch(new RegExp(`^${process.pid}-`));
  });

  it("two cleanups at once both succeed, and another run's containers are left alone", async () => {
    const ours = await Promise.all([
      benchContainer(bench.benchRun),
      benchContainer(bench.benchRun),
      benchContainer(bench.benchRun),
    ]);
    const theirs = await benchContainer("another-run");
    await Promise.all([bench.removeBenchContainers(docker), bench.removeBenchContainers(docker)]);
    for (const container of ours) await expect(container.inspect()).rejects.toMatchObject({ statusCode: 404 });
    expect((await theirs.inspect()).Id).toBe(theirs.id);
  });

  it("removing a container that is being removed, or is gone, counts as removed", async () => {
    const container = await benchContainer(bench.benchRun);
    // Two removals at once: the engine answers one of them 409 (removal in progress) or 404.
    await Promise.all([
      bench.removeBenchContainer(container, { force: true }),
      bench.removeBenchContainer(container, { force: true }),
      bench.removeBenchContainer(container, { force: true }),
    ]);
    await bench.removeBenchContainer(container);
    await expect(container.inspect()).rejects.toMatchObject({ statusCode: 404 });
  });
});
