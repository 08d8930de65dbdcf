import { describe, expect, it } from "vitest";
import { createSecretsManager } from "../../src/index.js";
import { ProcessExecutor, type ProcessExecutorOptions } from "../../src/process/index.js";

const make = (options: unknown) => () => new ProcessExecutor(options as ProcessExecutorOptions);

describe("ProcessExecutor options", () => {
  it("refuses an unknown option, naming it (and the closest known one)", () => {
    expect(make({ networkMode: "none" })).toThrow(
      new TypeError('ProcessExecutor options: unknown option "networkMode"'),
    );
    expect(make({ onPullProgress: () => {} })).toThrow('unknown option "onPullProgress"');
    expect(make({ pullPolicy: "always" })).toThrow('unknown option "pullPolicy"');
    expect(make({ stopGracePeriod: 1 })).toThrow('unknown option "stopGracePeriod"');
    expect(make({ strcit: false })).toThrow('unknown option "strcit" (did you mean "strict"?)');
  });

  it("refuses wrongly typed values, naming each", () => {
    expect(make({ strict: "yes" })).toThrow(
      new TypeError('ProcessExecutor options.strict: expected true or false, got "yes"'),
    );
    expect(make({ baseEnv: "x" })).toThrow(
      new TypeError('ProcessExecutor options.baseEnv: expected an object of strings (e.g. process.env), got "x"'),
    );
    expect(make({ baseEnv: { A: 1 } })).toThrow(
      new TypeError("ProcessExecutor options.baseEnv.A: expected a string, got 1"),
    );
    expect(make({ cleanupOnExit: 1 })).toThrow("ProcessExecutor options.cleanupOnExit: expected true or false, got 1");
    expect(make({ allowSecretsOnDisk: "true" })).toThrow("options.allowSecretsOnDisk: expected true or false");
    expect(make({ secrets: {} })).toThrow("options.secrets: expected a SecretsManager");
    expect(make({ maxLogBytes: 1.5, runtimeDir: 3 })).toThrow(
      "ProcessExecutor options.runtimeDir: expected a non-empty string, got 3; " +
        "ProcessExecutor options.maxLogBytes: expected a positive integer, got 1.5",
    );
    expect(make(null)).toThrow("ProcessExecutor options: expected an object, got null");
  });

  it("accepts every documented option", () => {
    const secrets = createSecretsManager();
    const executor = new ProcessExecutor({
      secrets,
      baseEnv: { ...process.env, UNSET: undefined },
      runtimeDir: "/tmp",
      allowSecretsOnDisk: true,
      strict: false,
      cleanupOnExit: false,
      maxLogBytes: 1024,
      configs: undefined,
    });
    expect(executor.secrets).toBe(secrets);
  });
});
