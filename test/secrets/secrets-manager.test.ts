import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { createSecretsManager, ExecError, SecretBytes } from "../../src/index.js";
import { secret, text, thrown } from "../support/dependencies.js";

describe("createSecretsManager", () => {
  it("gets what was added, as a copy of the data", () => {
    const manager = createSecretsManager();
    const original = secret("s1", "value");
    manager.add(original);
    original.spec.data[0] = 0x56; // "V": changing the input does not change the store
    const got = manager.get("s1");
    expect(got.id).toBe("s1");
    expect(text(got.spec.data)).toBe("value");
    got.spec.data[0] = 0x58; // changing the output does not either
    expect(text(manager.get("s1").spec.data)).toBe("value");
  });

  it("keeps annotations and templating, copied", () => {
    const manager = createSecretsManager();
    const labels = { a: "b" };
    manager.add({
      id: "s1",
      spec: { annotations: { name: "db", labels }, data: new Uint8Array(), templating: { name: "golang" } },
    });
    labels.a = "changed";
    expect(manager.get("s1").spec).toMatchObject({
      annotations: { name: "db", labels: { a: "b" } },
      templating: { name: "golang" },
    });
    expect(manager.get("s1").spec).not.toHaveProperty("driver");
  });

  it("replaces a secret added again under the same id", () => {
    const manager = createSecretsManager();
    manager.add(secret("s1", "one"));
    manager.add(secret("s1", "two"));
    expect(text(manager.get("s1").spec.data)).toBe("two");
  });

  it("throws an ExecError naming an unknown id", () => {
    const err = thrown(() => createSecretsManager().get("nope"));
    expect(err).toBeInstanceOf(ExecError);
    expect(err.code).toBe("EXEC_SECRET_NOT_FOUND");
    expect(err.message).toBe("secret nope not found");
  });

  it("removes the given ids and ignores unknown ones", () => {
    const manager = createSecretsManager();
    manager.add(secret("s1", "one"), secret("s2", "two"));
    manager.remove(["s1", "unknown"]);
    expect(() => manager.get("s1")).toThrow("secret s1 not found");
    expect(text(manager.get("s2").spec.data)).toBe("two");
  });

  it("resets to empty", () => {
    const manager = createSecretsManager();
    manager.add(secret("s1", "one"), secret("s2", "two"));
    manager.reset();
    expect(() => manager.get("s1")).toThrow("secret s1 not found");
    expect(() => manager.get("s2")).toThrow("secret s2 not found");
  });

  it("rejects an item that is not a secret, naming the field, and stores none of the batch", () => {
    const manager = createSecretsManager();
    const bad = { id: "s2", spec: { data: "hunter2" } } as never;
    expect(() => manager.add(secret("s1", "one"), bad)).toThrow(
      new TypeError("secrets[1].spec.data must be a Uint8Array"),
    );
    expect(() => manager.get("s1")).toThrow("secret s1 not found");
    expect(() => manager.add({ id: "", spec: { data: new Uint8Array() } })).toThrow(
      "secrets[0].id must be a non-empty string",
    );
  });
});

describe("secret payloads never print", () => {
  const payload = "hunter2-very-secret";
  const manager = createSecretsManager();
  manager.add(secret("s1", payload));
  const got = manager.get("s1");
  const bytes = [...new TextEncoder().encode(payload)].join(",");

  it("hands out the payload as SecretBytes, still readable on purpose", () => {
    expect(got.spec.data).toBeInstanceOf(SecretBytes);
    expect(got.spec.data).toBeInstanceOf(Uint8Array);
    expect(text(got.spec.data)).toBe(payload);
  });

  it.each([
    ["JSON.stringify", () => JSON.stringify(got)],
    ["util.inspect", () => inspect(got, { depth: 10 })],
    ["String()", () => String(got.spec.data)],
    ["a template literal", () => `${got.spec.data}`],
    ["toLocaleString", () => got.spec.data.toLocaleString()],
    ["join", () => got.spec.data.join(",")],
    ["a derived array", () => `${got.spec.data.subarray(1)} ${JSON.stringify(got.spec.data.slice(2))}`],
  ])("%s shows neither the text nor the bytes", (_how, render) => {
    const output = render();
    expect(output).toContain("redacted");
    expect(output).not.toContain(payload);
    expect(output).not.toContain(bytes.slice(0, 12));
  });

  it("JSON.stringify gives a marker in place of the data", () => {
    expect(JSON.parse(JSON.stringify(got))).toStrictEqual({ id: "s1", spec: { data: "[redacted]" } });
  });
});

describe("createSecretsManager: unknown fields", () => {
  it("refuses an unknown field anywhere in a secret, naming it, and stores none of the batch", () => {
    const manager = createSecretsManager();
    const good = secret("s0", "v");
    const withExtra = { id: "s1", spec: { data: new Uint8Array(), extra: 1 } };
    expect(() => manager.add(good, withExtra as never)).toThrow(new TypeError("secrets[1].spec.extra: unknown field"));
    expect(() => manager.get("s0")).toThrow("secret s0 not found");
    expect(() => manager.add({ ...good, version: 2 } as never)).toThrow("secrets[0].version: unknown field");
    expect(() =>
      manager.add({ id: "s", spec: { data: new Uint8Array(), annotations: { name: "n", label: {} } } } as never),
    ).toThrow("secrets[0].spec.annotations.label: unknown field");
    expect(() =>
      manager.add({ id: "s", spec: { data: new Uint8Array(), annotations: { labels: { a: 1 } } } } as never),
    ).toThrow("secrets[0].spec.annotations.labels.a must be a string");
    expect(() =>
      manager.add({ id: "s", spec: { data: new Uint8Array(), templating: { name: "golang", x: 1 } } } as never),
    ).toThrow("secrets[0].spec.templating.x: unknown field");
    expect(() => manager.add({ id: "s", spec: { data: new Uint8Array(), templating: {} } } as never)).toThrow(
      "secrets[0].spec.templating.name must be a string",
    );
  });
});
