import { describe, expect, it } from "vitest";
import { parseStopSignal } from "../../src/exec/stop-signal.js";
import { InvalidTaskError, type Task, TaskState, validateTask } from "../../src/index.js";

const task = (stopSignal: string): Task => ({
  id: "t",
  spec: { container: { image: "busybox", stopSignal } },
  desiredState: TaskState.Running,
  status: { state: TaskState.New },
});

describe("stop signals", () => {
  it("reads what the engine reads: names with or without SIG in any case, real-time names, positive numbers", () => {
    expect(["SIGTERM", "term", "sigUsr1", "SIGRTMIN", "rtmin+15", "SIGRTMAX-14", "RTMAX"].map(parseStopSignal)).toEqual(
      ["SIGTERM", "SIGTERM", "SIGUSR1", "SIGRTMIN", "SIGRTMIN+15", "SIGRTMAX-14", "SIGRTMAX"].map((name) => ({ name })),
    );
    expect(["1", "15", "256"].map(parseStopSignal)).toEqual([{ number: 1 }, { number: 15 }, { number: 256 }]);
  });

  it("reads nothing from what names no signal", () => {
    const bad = [
      "SIGFOO",
      "banana",
      "",
      "0",
      "00",
      "-1",
      "SIG",
      " TERM",
      "SIGRTMIN+16",
      "RTMAX-15",
      "1.5",
      "SIGSIGTERM",
    ];
    expect(bad.map(parseStopSignal)).toEqual(bad.map(() => undefined));
  });

  it("validateTask accepts a signal the engine knows and rejects others, naming spec.container.stopSignal", () => {
    for (const ok of ["SIGTERM", "kill", "9", "SIGRTMIN+3"]) expect(validateTask(task(ok))).toBeDefined();
    for (const bad of ["SIGFOO", "banana", "0"]) {
      const error = (() => {
        try {
          validateTask(task(bad));
        } catch (err) {
          return err;
        }
      })();
      expect(error).toBeInstanceOf(InvalidTaskError);
      expect((error as InvalidTaskError).issues).toEqual([
        {
          path: "spec.container.stopSignal",
          message: 'must be a signal name (e.g. "SIGTERM" or "term") or a positive number',
        },
      ]);
    }
  });
});
