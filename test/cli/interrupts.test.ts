import { describe, expect, it, vi } from "vitest";
import { Interrupts } from "../../src/cli/interrupts.js";
import type { Output } from "../../src/cli/output.js";
import { StubController } from "../../src/index.js";

const recordingOutput = () => {
  const signals: string[] = [];
  const notes: string[] = [];
  const output = {
    signal: (signal: string, action: string) => signals.push(`${signal} ${action}`),
    note: (text: string) => notes.push(text),
  } as unknown as Output;
  return { output, signals, notes };
};

describe("Interrupts", () => {
  it("first aborts the step signal and requests a shutdown, second terminates, third quits", async () => {
    const { output, signals } = recordingOutput();
    const quit = vi.fn();
    const interrupts = new Interrupts(output, quit);
    const controller = new StubController();
    interrupts.setController(controller);
    expect(interrupts.signal.aborted).toBe(false);
    expect(interrupts.requested).toBeUndefined();

    interrupts.handle("SIGTERM");
    expect(interrupts.requested).toBe("SIGTERM");
    expect(interrupts.signal.aborted).toBe(true);
    expect((interrupts.signal.reason as Error).name).toBe("AbortError");
    expect(controller.calls.terminate).toBe(0);

    interrupts.handle("SIGINT");
    expect(interrupts.requested).toBe("SIGTERM");
    expect(controller.calls.terminate).toBe(1);
    expect(quit).not.toHaveBeenCalled();

    interrupts.handle("SIGINT");
    expect(quit).toHaveBeenCalledWith("SIGINT");
    expect(signals).toEqual(["SIGTERM shutdown", "SIGINT terminate", "SIGINT quit"]);
  });

  it("reports a terminate that fails", async () => {
    const { output, notes } = recordingOutput();
    const interrupts = new Interrupts(output, () => {});
    interrupts.setController(new StubController({ terminateFn: () => Promise.reject(new Error("engine gone")) }));
    interrupts.handle("SIGINT");
    interrupts.handle("SIGINT");
    await vi.waitFor(() => expect(notes).toEqual(["terminate failed: engine gone"]));
  });

  it("a fourth signal is ignored: the third one's removal and exit are under way", () => {
    const { output, signals } = recordingOutput();
    const quit = vi.fn();
    const interrupts = new Interrupts(output, quit);
    for (let i = 0; i < 4; i++) interrupts.handle("SIGINT");
    expect(quit).toHaveBeenCalledTimes(1);
    expect(signals).toEqual(["SIGINT shutdown", "SIGINT terminate", "SIGINT quit"]);
  });

  it("SIGPIPE (a closed output) asks for a graceful shutdown once, and never escalates", () => {
    const { output, signals } = recordingOutput();
    const quit = vi.fn();
    const interrupts = new Interrupts(output, quit);
    const controller = new StubController();
    interrupts.setController(controller);
    for (let i = 0; i < 5; i++) interrupts.handle("SIGPIPE");
    expect(interrupts.requested).toBe("SIGPIPE");
    expect(interrupts.signal.aborted).toBe(true);
    expect(controller.calls.terminate).toBe(0);
    expect(signals).toEqual(["SIGPIPE shutdown"]);
    interrupts.handle("SIGINT");
    expect(controller.calls.terminate).toBe(1);
    expect(signals).toEqual(["SIGPIPE shutdown", "SIGINT terminate"]);
  });

  it("SIGPIPE after a Ctrl-C changes nothing", () => {
    const { output, signals } = recordingOutput();
    const interrupts = new Interrupts(output, () => {});
    interrupts.handle("SIGINT");
    interrupts.handle("SIGPIPE");
    expect(interrupts.requested).toBe("SIGINT");
    expect(signals).toEqual(["SIGINT shutdown"]);
  });
});
