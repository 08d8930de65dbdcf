import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dockerSinceAfter, ExecError, parseLogTimestamp } from "../../src/index.js";
import { LogTimestampParser } from "../../src/logs/timestamp.js";
import { type StampForm, stamp } from "../support/docker-frames.js";

describe("parseLogTimestamp", () => {
  it.each([
    ["2024-05-01T12:00:00.123456789Z", 1714564800123456789n],
    ["2024-05-01T12:00:00Z", 1714564800000000000n],
    ["2024-05-01T12:00:00.5Z", 1714564800500000000n],
    ["2024-05-01T14:30:00.000000001+02:30", 1714564800000000001n],
    ["2024-05-01T09:00:00-03:00", 1714564800000000000n],
    ["1970-01-01T00:00:00Z", 0n],
  ])("%s", (text, epochNanos) => {
    const parsed = parseLogTimestamp(text);
    expect(parsed.epochNanos).toBe(epochNanos);
    expect(parsed.date.getTime()).toBe(Number(epochNanos / 1_000_000n));
  });

  it.each([
    "",
    "2024-05-01",
    "2024-05-01 12:00:00Z",
    "2024-05-01T12:00:00",
    "2024-05-01T12:00:00.1234567890Z",
    "2024-13-01T12:00:00Z",
    "2023-02-29T12:00:00Z",
    "2024-05-01T24:00:00Z",
    "2024-05-01T12:60:00Z",
    "2024-05-01T12:00:60Z",
    "2024-05-01T12:00:00+24:00",
    "2024-05-01t12:00:00z",
  ])("rejects %j", (text) => {
    expect(() => parseLogTimestamp(text)).toThrow(
      expect.objectContaining({ code: "EXEC_LOG_INVALID_TIMESTAMP", constructor: ExecError }),
    );
  });
});

describe("dockerSinceAfter", () => {
  it("is one nanosecond after the timestamp, as <seconds>.<nine digits>", () => {
    expect(dockerSinceAfter("2024-05-01T12:00:00.123456789Z")).toBe("1714564800.123456790");
    expect(dockerSinceAfter("2024-05-01T12:00:00.999999999Z")).toBe("1714564801.000000000");
    expect(dockerSinceAfter("1970-01-01T00:00:00Z")).toBe("0.000000001");
  });
});

describe("LogTimestampParser (the demultiplexer's cached parser)", () => {
  it("agrees with parseLogTimestamp on any sequence of timestamps", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.bigInt({ min: 0n, max: 4_000_000_000_000_000_000n }),
            fc.constantFrom<StampForm>("fixed", "trimmed", "offset"),
          ),
          { maxLength: 20 },
        ),
        fc.bigInt({ min: 0n, max: 3_000_000_000n }),
        (stamps, step) => {
          const parser = new LogTimestampParser();
          for (const [nanos, form] of stamps) {
            for (const at of [nanos, nanos + step]) {
              const text = stamp(at, form);
              expect(parser.parse(text).getTime()).toBe(parseLogTimestamp(text).date.getTime());
            }
          }
        },
      ),
    );
  });

  it("still validates the fraction on its fast path", () => {
    const parser = new LogTimestampParser();
    parser.parse("2024-05-01T12:00:00.123456789Z");
    expect(() => parser.parse("2024-05-01T12:00:00.12345678xZ")).toThrow(
      expect.objectContaining({ code: "EXEC_LOG_INVALID_TIMESTAMP" }),
    );
  });
});
