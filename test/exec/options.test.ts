import { describe, expect, it } from "vitest";
import { z } from "zod";
import { checkOptions, rules } from "../../src/exec/options.js";

const schema = z.strictObject({
  networkMode: rules.nonEmptyString(),
  timeout: rules.positiveMs(),
  nested: z.strictObject({ operations: rules.limit() }).optional(),
});

const messageOf = (options: unknown): string => {
  try {
    checkOptions("Thing", schema, options);
  } catch (err) {
    expect(err).toBeInstanceOf(TypeError);
    return (err as Error).message;
  }
  return "(accepted)";
};

describe("checkOptions", () => {
  it("accepts known options, and undefined for any of them", () => {
    expect(messageOf({})).toBe("(accepted)");
    expect(messageOf({ networkMode: "none", timeout: 5, nested: { operations: Infinity } })).toBe("(accepted)");
    expect(messageOf({ networkMode: undefined, nested: undefined })).toBe("(accepted)");
  });

  it("names an unknown option, with the closest known one when one is close", () => {
    expect(messageOf({ network: "none" })).toBe(
      'Thing options: unknown option "network" (did you mean "networkMode"?)',
    );
    expect(messageOf({ timeuot: 1 })).toBe('Thing options: unknown option "timeuot" (did you mean "timeout"?)');
    expect(messageOf({ pullPolicy: "always" })).toBe('Thing options: unknown option "pullPolicy"');
    expect(messageOf({ nested: { operation: 1 } })).toBe(
      'Thing options.nested: unknown option "operation" (did you mean "operations"?)',
    );
  });

  it("names each bad value with what it expects and what it got, every problem at once", () => {
    expect(messageOf({ timeout: "abc", networkMode: "" })).toBe(
      'Thing options.networkMode: expected a non-empty string, got ""; ' +
        'Thing options.timeout: expected a positive number of milliseconds, got "abc"',
    );
    expect(messageOf({ timeout: 0 })).toBe("Thing options.timeout: expected a positive number of milliseconds, got 0");
    expect(messageOf({ timeout: Number.NaN })).toContain("got NaN");
    expect(messageOf({ nested: { operations: 1.5 } })).toBe(
      "Thing options.nested.operations: expected a positive integer or Infinity, got 1.5",
    );
    expect(messageOf({ nested: 3 })).toBe("Thing options.nested: expected an object, got 3");
    expect(messageOf(null)).toBe("Thing options: expected an object, got null");
  });

  it("shows a long string cut short, and objects by their kind only", () => {
    expect(messageOf({ networkMode: 5, timeout: "x".repeat(60) })).toBe(
      "Thing options.networkMode: expected a non-empty string, got 5; " +
        `Thing options.timeout: expected a positive number of milliseconds, got "${"x".repeat(40)}…"`,
    );
    expect(messageOf({ timeout: { secret: "hunter2" } })).not.toContain("hunter2");
  });
});
