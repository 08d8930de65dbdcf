import { describe, expect, it } from "vitest";
import type { Output } from "../../src/cli/output.js";
import { TaskRemoval } from "../../src/cli/task-removal.js";
import { StubController } from "../../src/index.js";

const notingOutput = () => {
  const notes: string[] = [];
  return { output: { note: (text: string) => notes.push(text) } as unknown as Output, notes };
};

describe("TaskRemoval", () => {
  it("removes and closes once, however many ask", async () => {
    const { output, notes } = notingOutput();
    const removal = new TaskRemoval(output);
    const controller = new StubController();
    await Promise.all([removal.remove(controller), removal.remove(controller), removal.force(controller, 1_000)]);
    expect(controller.calls.remove).toBe(1);
    expect(controller.calls.close).toBe(1);
    expect(controller.calls.terminate).toBe(1);
    expect(notes).toEqual([]);
  });

  it("a failed removal is reported with how to finish it by hand (a Docker container's name)", async () => {
    const { output, notes } = notingOutput();
    const controller = Object.assign(new StubController({ removeFn: () => Promise.reject(new Error("engine gone")) }), {
      containerName: "tw-1234",
    });
    await new TaskRemoval(output).remove(controller);
    expect(notes).toEqual(["removing the task failed: engine gone; to remove it: docker rm -f tw-1234"]);
    expect(controller.calls.close).toBe(1);
  });

  it("force gives up after its timeout, says so, and resolves", async () => {
    const { output, notes } = notingOutput();
    const controller = new StubController({
      terminateFn: () => new Promise(() => {}),
      removeFn: () => new Promise(() => {}),
    });
    const began = Date.now();
    await new TaskRemoval(output).force(controller, 200);
    expect(Date.now() - began).toBeLessThan(1_000);
    expect(controller.calls.terminate).toBe(1);
    expect(controller.calls.remove).toBe(1);
    expect(notes).toEqual(["removing the task failed: not removed within 0.2 s"]);
  });
});
