import { describe, expect, it } from "vitest";
import {
  benchLabel,
  benchRun,
  benchRunLabel,
  removeBenchContainer,
  removeBenchContainers,
  times,
} from "../../../bench/support/docker.js";
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
    await expect(times(2, true, () => (runs[next++] as () => Promise<void>)())).rejects.toThrow("first");
    expect(settled).toBe(1);
  });

  it("resolves with the count, one after another or all at once", async () => {
    let ran = 0;
    const one = async () => {
      ran++;
    };
    expect(await times(3, false, one)).toBe(3);
    expect(await times(4, true, one)).toBe(4);
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
      Labels: { ...session.labels, [benchLabel]: run },
      HostConfig: { NetworkMode: "none" },
    });
  }

  it("the run label carries this run's id", () => {
    expect(benchRunLabel).toBe(`${benchLabel}=${benchRun}`);
    expect(benchRun).toMatch(new RegExp(`^${process.pid}-`));
  });

  it("two cleanups at once both succeed, and another run's containers are left alone", async () => {
    const ours = await Promise.all([benchContainer(benchRun), benchContainer(benchRun), benchContainer(benchRun)]);
    const theirs = await benchContainer("another-run");
    await Promise.all([removeBenchContainers(docker), removeBenchContainers(docker)]);
    for (const container of ours) await expect(container.inspect()).rejects.toMatchObject({ statusCode: 404 });
    expect((await theirs.inspect()).Id).toBe(theirs.id);
  });

  it("removing a container that is being removed, or is gone, counts as removed", async () => {
    const container = await benchContainer(benchRun);
    // Two removals at once: the engine answers one of them 409 (removal in progress) or 404.
    await Promise.all([
      removeBenchContainer(container, { force: true }),
      removeBenchContainer(container, { force: true }),
      removeBenchContainer(container, { force: true }),
    ]);
    await removeBenchContainer(container);
    await expect(container.inspect()).rejects.toMatchObject({ statusCode: 404 });
  });
});
