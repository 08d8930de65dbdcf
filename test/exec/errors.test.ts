import { describe, expect, it } from "vitest";
import {
  ErrControllerClosed,
  ErrDependencyNotReady,
  ErrRuntimeUnsupported,
  ErrTaskNoop,
  ErrTaskPrepared,
  ErrTaskRetry,
  ErrTaskStarted,
  ErrTaskUpdateRejected,
  ExecError,
  errorMessage,
  hasErrorCode,
  isTemporary,
  makeTemporary,
  TemporaryError,
} from "../../src/index.js";

describe("sentinel errors", () => {
  it.each([
    [ErrRuntimeUnsupported, "exec: unsupported runtime", "EXEC_RUNTIME_UNSUPPORTED"],
    [ErrTaskPrepared, "exec: task already prepared", "EXEC_TASK_PREPARED"],
    [ErrTaskStarted, "exec: task already started", "EXEC_TASK_STARTED"],
    [ErrTaskUpdateRejected, "exec: task update rejected", "EXEC_TASK_UPDATE_REJECTED"],
    [ErrControllerClosed, "exec: controller closed", "EXEC_CONTROLLER_CLOSED"],
    [ErrTaskRetry, "exec: task retry", "EXEC_TASK_RETRY"],
    [ErrTaskNoop, "exec: task noop", "EXEC_TASK_NOOP"],
    [ErrDependencyNotReady, "dependency not ready", "EXEC_DEPENDENCY_NOT_READY"],
  ])("%s has its message and a stable code", (sentinel, message, code) => {
    expect(sentinel).toBeInstanceOf(ExecError);
    expect(sentinel).toBeInstanceOf(Error);
    expect(sentinel.message).toBe(message);
    expect(sentinel.code).toBe(code);
    expect(sentinel.name).toBe("ExecError");
  });

  it("hasErrorCode matches the sentinel and any error with its code, nothing else", () => {
    expect(hasErrorCode(ErrTaskPrepared, ErrTaskPrepared)).toBe(true);
    expect(hasErrorCode(new ExecError("EXEC_TASK_PREPARED", "mine"), ErrTaskPrepared)).toBe(true);
    expect(hasErrorCode(Object.assign(new Error("x"), { code: "EXEC_TASK_PREPARED" }), ErrTaskPrepared)).toBe(true);
    expect(hasErrorCode(ErrTaskStarted, ErrTaskPrepared)).toBe(false);
    expect(hasErrorCode(new Error("exec: task already prepared"), ErrTaskPrepared)).toBe(false);
    expect(hasErrorCode(undefined, ErrTaskPrepared)).toBe(false);
  });

  it("instanceof ExecError recognises an error from another copy of the package, subclasses stay strict", () => {
    const foreign = new Error("from elsewhere");
    Object.defineProperty(foreign, Symbol.for("taskwright.ExecError"), { value: true });
    expect(foreign).toBeInstanceOf(ExecError);
    expect(new Error("plain")).not.toBeInstanceOf(ExecError);
    expect(ErrTaskNoop).not.toBeInstanceOf(TemporaryError);
    expect(makeTemporary(new Error("x"))).toBeInstanceOf(TemporaryError);
    expect(makeTemporary(new Error("x"))).toBeInstanceOf(ExecError);
  });

  it("keeps the cause it is given", () => {
    const cause = new Error("root");
    expect(new ExecError("EXEC_X", "wrapped", { cause }).cause).toBe(cause);
  });

  it("errorMessage reads errors, error-like objects and other values", () => {
    expect(errorMessage(new Error("a"))).toBe("a");
    expect(errorMessage({ message: "b" })).toBe("b");
    expect(errorMessage("c")).toBe("c");
    expect(errorMessage(42)).toBe("42");
  });
});

// Port of SwarmKit's agent/exec/errors_test.go TestIsTemporary, with Error causes in place of
// fmt.Errorf("%w") and pkg/errors.Wrap.
describe("isTemporary / makeTemporary", () => {
  const wrap = (err: Error, message: string) => new Error(`${message}: ${err.message}`, { cause: err });

  it("TestIsTemporary: nil and a plain error are not temporary", () => {
    expect(isTemporary(undefined)).toBe(false);
    expect(isTemporary(null)).toBe(false);
    expect(isTemporary(new Error("err"))).toBe(false);
  });

  it("TestIsTemporary: found through a chain of wrappers", () => {
    const err = new Error("err");
    const err1 = wrap(err, "err1");
    const err2 = wrap(makeTemporary(err1) as Error, "err2");
    const err3 = wrap(err2, "err3");
    const err4 = wrap(err3, "err4");
    const err5 = wrap(err4, "err5");
    expect(isTemporary(err5)).toBe(true);
  });

  it("the first verdict in the chain wins", () => {
    const inner = makeTemporary(new Error("inner")) as Error;
    const notTemporary = Object.assign(new Error("outer", { cause: inner }), { temporary: false });
    expect(isTemporary(notTemporary)).toBe(false);
    const byMethod = Object.assign(new Error("m"), { temporary: () => true });
    expect(isTemporary(byMethod)).toBe(true);
  });

  it("survives a cycle in the cause chain", () => {
    const a = new Error("a");
    const b = new Error("b", { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(isTemporary(a)).toBe(false);
  });

  it("makeTemporary keeps the message and cause, and returns a temporary error unchanged", () => {
    const err = new Error("engine unreachable");
    const temporary = makeTemporary(err) as TemporaryError;
    expect(temporary.message).toBe("engine unreachable");
    expect(temporary.cause).toBe(err);
    expect(temporary.code).toBe("EXEC_TEMPORARY");
    expect(temporary.name).toBe("TemporaryError");
    expect(makeTemporary(temporary)).toBe(temporary);
    const wrapped = wrap(temporary, "outer");
    expect(makeTemporary(wrapped)).toBe(wrapped);
  });

  it("makeTemporary refuses nothing", () => {
    expect(() => makeTemporary(undefined)).toThrow(TypeError);
    expect(() => makeTemporary(null)).toThrow(TypeError);
  });
});
