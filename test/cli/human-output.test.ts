import { describe, expect, it } from "vitest";
import { HumanOutput } from "../../src/cli/human-output.js";
import { type PullSummary, pullBar } from "../../src/cli/pull-progress.js";
import { styleFor, usesColor } from "../../src/cli/style.js";

const stream = (isTTY: boolean) => {
  const out = {
    text: "",
    isTTY,
    write(chunk: string | Uint8Array) {
      out.text += String(chunk);
      return true;
    },
    once() {},
  };
  return out;
};

const summary = (current: number): PullSummary => ({
  image: "busybox:1.36",
  status: "Downloading",
  layers: 2,
  layersDone: current === 100 ? 2 : 0,
  current,
  total: 100,
});

describe("usesColor", () => {
  it.each([
    [true, {}, true],
    [true, { NO_COLOR: "1" }, false],
    [true, { NO_COLOR: "" }, true],
    [true, { TERM: "dumb" }, false],
    [false, {}, false],
  ])("on a terminal: %s, env %j → %s", (isTTY, env, expected) => {
    expect(usesColor(stream(isTTY), env)).toBe(expected);
  });
});

describe("HumanOutput: the pull bar", () => {
  it("on a terminal, redraws one line at most every 100 ms and clears it before other lines", () => {
    const stderr = stream(true);
    let now = 1_000;
    const output = new HumanOutput({ stdout: stream(true), stderr }, styleFor(stderr, {}), () => now);
    output.pull("t", summary(10));
    output.pull("t", summary(20)); // too soon: not drawn
    now += 150;
    output.pull("t", summary(50));
    expect(stderr.text).toBe(`\r${pullBar(summary(10))}\x1b[K\r${pullBar(summary(50))}\x1b[K`);
    stderr.text = "";
    output.note("something else");
    expect(stderr.text).toBe("\r\x1b[Ktaskwright: something else\n");
    stderr.text = "";
    output.pull("t", summary(100));
    output.pullEnded();
    expect(stderr.text).toBe(`\r${pullBar(summary(100))}\x1b[K\r\x1b[K${pullBar(summary(100))}\n`);
  });

  it("elsewhere, writes plain lines: the first at once, then every 5 s, and the last", () => {
    const stderr = stream(false);
    let now = 0;
    const output = new HumanOutput({ stdout: stream(false), stderr }, styleFor(stderr, {}), () => now);
    output.pull("t", summary(10));
    now += 1_000;
    output.pull("t", summary(20));
    now += 5_000;
    output.pull("t", summary(60));
    output.pull("t", summary(100));
    output.pullEnded();
    expect(stderr.text).toBe(`${[10, 60, 100].map((n) => pullBar(summary(n))).join("\n")}\n`);
  });

  it("draws a bar with percent, bytes and layers", () => {
    expect(pullBar(summary(50), 10)).toBe("pulling busybox:1.36 [====>     ]  50% 0.0/0.0 MB, 0/2 layers");
    expect(pullBar({ ...summary(0), total: 0, layers: 0 }, 4)).toBe("pulling busybox:1.36 [    ]   0% 0/0 layers");
  });
});
