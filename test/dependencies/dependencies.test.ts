import { describe, expect, it } from "vitest";
import { createDependencyManager, restrict } from "../../src/index.js";
import { config, configRef, secret, secretRef, taskReferencing, text } from "../support/dependencies.js";

describe("createDependencyManager and restrict", () => {
  it("bundles a secrets and a configs manager", () => {
    const deps = createDependencyManager();
    deps.secrets.add(secret("s1", "secret"));
    deps.configs.add(config("c1", "config"));
    expect(text(deps.secrets.get("s1").spec.data)).toBe("secret");
    expect(text(deps.configs.get("c1").spec.data)).toBe("config");
    expect(() => deps.secrets.get("c1")).toThrow("secret c1 not found");
  });

  it("gives each task only what its container spec references", () => {
    const deps = createDependencyManager();
    deps.secrets.add(secret("s1", "mine"), secret("s2", "theirs"));
    deps.configs.add(config("c1", "mine"), config("c2", "theirs"));
    const view = restrict(deps, taskReferencing({ secrets: [secretRef("s1")], configs: [configRef("c1")] }));
    expect(text(view.secrets.get("s1").spec.data)).toBe("mine");
    expect(text(view.configs.get("c1").spec.data)).toBe("mine");
    expect(() => view.secrets.get("s2")).toThrow("task not authorized to access secret s2");
    expect(() => view.configs.get("c2")).toThrow("task not authorized to access config c2");
  });

  it("the restricted view has no way to change the stores", () => {
    const deps = createDependencyManager();
    const view = restrict(deps, taskReferencing({}));
    expect(Object.keys(view.secrets)).toStrictEqual(["get"]);
    expect(Object.keys(view.configs)).toStrictEqual(["get"]);
    expect(Object.isFrozen(view)).toBe(true);
  });
});
