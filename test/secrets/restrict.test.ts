import { describe, expect, it } from "vitest";
import {
  createSecretsManager,
  ExecError,
  restrictSecrets,
  type Task,
  TaskState,
  taskSpecificSecretId,
} from "../../src/index.js";
import { secret, secretRef, taskReferencing, text, thrown } from "../support/dependencies.js";

describe("restrictSecrets (the original's TestTaskRestrictedSecretsProvider)", () => {
  const originalSecretID = "secret-id";
  const taskID = "task-id";
  const taskSpecificID = taskSpecificSecretId(originalSecretID, taskID);
  const manager = createSecretsManager();

  it.each([
    {
      desc: "Test getting secret by original ID when restricted by task",
      storedUnder: originalSecretID,
      get: originalSecretID,
      expected: { data: "value" },
    },
    {
      desc: "Test getting secret by task specific ID when restricted by task",
      storedUnder: taskSpecificID,
      get: originalSecretID,
      expected: { data: "value" },
    },
    {
      desc: "Test attempting to get a secret by task specific ID when secret is added with original ID",
      storedUnder: originalSecretID,
      get: taskSpecificID,
      expected: { error: `task not authorized to access secret ${taskSpecificID}` },
    },
  ])("$desc", ({ storedUnder, get, expected }) => {
    manager.add(secret(storedUnder, "value"));
    const restricted = restrictSecrets(manager, taskReferencing({ secrets: [secretRef(originalSecretID)] }, taskID));
    if (expected.error) {
      const err = thrown(() => restricted.get(get));
      expect(err).toBeInstanceOf(ExecError);
      expect(err.code).toBe("EXEC_SECRET_NOT_AUTHORIZED");
      expect(err.message).toBe(expected.error);
    } else {
      const got = restricted.get(get);
      expect(text(got.spec.data)).toBe(expected.data);
      expect(got.id).toBe(originalSecretID);
    }
    manager.reset();
  });

  it("composes the task-specific id as <secret id>.<task id>", () => {
    expect(taskSpecificID).toBe("secret-id.task-id");
  });
});

describe("restrictSecrets", () => {
  it("refuses a secret the task does not reference, even one that exists", () => {
    const manager = createSecretsManager();
    manager.add(secret("mine", "a"), secret("other", "b"));
    const restricted = restrictSecrets(manager, taskReferencing({ secrets: [secretRef("mine")] }));
    expect(text(restricted.get("mine").spec.data)).toBe("a");
    const err = thrown(() => restricted.get("other"));
    expect(err.code).toBe("EXEC_SECRET_NOT_AUTHORIZED");
    expect(err.message).toBe("task not authorized to access secret other");
  });

  it("allows nothing to a task without a container spec", () => {
    const manager = createSecretsManager();
    manager.add(secret("s1", "a"));
    const task: Task = { id: "t", spec: {}, desiredState: TaskState.Running, status: { state: TaskState.New } };
    expect(() => restrictSecrets(manager, task).get("s1")).toThrow("task not authorized to access secret s1");
  });

  it("passes 'not found' through for a referenced secret that is not stored", () => {
    const restricted = restrictSecrets(createSecretsManager(), taskReferencing({ secrets: [secretRef("s1")] }));
    const err = thrown(() => restricted.get("s1"));
    expect(err.code).toBe("EXEC_SECRET_NOT_FOUND");
    expect(err.message).toBe("secret s1 not found");
  });

  it("reads the live store: later additions and removals show", () => {
    const manager = createSecretsManager();
    const restricted = restrictSecrets(manager, taskReferencing({ secrets: [secretRef("s1")] }));
    manager.add(secret("s1", "late"));
    expect(text(restricted.get("s1").spec.data)).toBe("late");
    manager.remove(["s1"]);
    expect(() => restricted.get("s1")).toThrow("secret s1 not found");
  });

  it("does not rename the stored task-specific secret (unlike the original)", () => {
    const manager = createSecretsManager();
    manager.add(secret("s1.task-1", "per-task"));
    restrictSecrets(manager, taskReferencing({ secrets: [secretRef("s1")] })).get("s1");
    expect(manager.get("s1.task-1").id).toBe("s1.task-1");
  });

  it("takes the allow-list from the task when restricted, not later", () => {
    const manager = createSecretsManager();
    manager.add(secret("s1", "a"), secret("s2", "b"));
    const task = taskReferencing({ secrets: [secretRef("s1")] });
    const restricted = restrictSecrets(manager, task);
    task.spec.container?.secrets?.push(secretRef("s2"));
    expect(() => restricted.get("s2")).toThrow("task not authorized to access secret s2");
  });
});
