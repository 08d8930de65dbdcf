import {
  type Controller,
  ErrTaskNoop,
  ErrTaskPrepared,
  ErrTaskRetry,
  ErrTaskStarted,
  type ExecError,
  errorMessage,
  hasContainerStatus,
  hasErrorCode,
  isAbortError,
  isTemporary,
  type Task,
  TaskState,
  type TaskStatus,
  taskStatusesEqualStable,
} from "../../src/index.js";

/**
 * The baseline of the `Do` benchmark: the same step written by hand as a switch, with no state
 * machine and no table. It does the same work as `Do` (copy, decide, one controller call,
 * classify a failure, runtime status, timestamp) so the comparison isolates the cost of deriving
 * the step from the machine.
 */
export async function switchDo(task: Task, ctlr: Controller): Promise<{ status: TaskStatus; error?: Error }> {
  const previous = task.status;
  const status: TaskStatus = { ...previous };
  if (previous.container) status.container = { ...previous.container };
  const state = previous.state;
  let error: Error | undefined;
  let next: TaskState = state;
  let message: string | undefined;
  let operation: "prepare" | "start" | "wait" | "shutdown" | undefined;
  if (task.desiredState >= TaskState.Shutdown) {
    if (state >= TaskState.Complete) error = ErrTaskNoop;
    else operation = "shutdown";
  } else if (state > task.desiredState) {
    error = ErrTaskNoop;
  } else if (state === TaskState.Preparing) {
    operation = "prepare";
  } else if (state === TaskState.Starting) {
    operation = "start";
  } else if (state === TaskState.Running) {
    operation = "wait";
  } else if (state >= task.desiredState) {
    error = ErrTaskNoop;
  } else if (state < TaskState.Accepted) {
    next = TaskState.Accepted;
    message = "accepted";
  } else if (state === TaskState.Accepted) {
    next = TaskState.Preparing;
    message = "preparing";
  } else if (state === TaskState.Ready) {
    next = TaskState.Starting;
    message = "starting";
  } else {
    error = ErrTaskNoop;
  }
  if (operation) {
    let sentinel: ExecError | undefined;
    try {
      switch (operation) {
        case "prepare":
          sentinel = ErrTaskPrepared;
          next = TaskState.Ready;
          message = "prepared";
          await ctlr.prepare();
          break;
        case "start":
          sentinel = ErrTaskStarted;
          next = TaskState.Running;
          message = "started";
          await ctlr.start();
          break;
        case "wait":
          next = TaskState.Complete;
          message = "finished";
          await ctlr.wait();
          break;
        case "shutdown":
          next = TaskState.Shutdown;
          message = "shutdown";
          await ctlr.shutdown();
          break;
      }
    } catch (err) {
      if (!(sentinel && hasErrorCode(err, sentinel))) {
        message = undefined;
        if (isAbortError(err)) {
          next = state;
          error = ErrTaskRetry;
        } else {
          status.err = errorMessage(err);
          if (isTemporary(err)) {
            next = state;
            error = ErrTaskRetry;
          } else next = state < TaskState.Starting ? TaskState.Rejected : TaskState.Failed;
        }
      }
    }
  }
  status.state = next;
  if (message !== undefined) {
    status.message = message;
    delete status.err;
  }
  if (status.state >= TaskState.Starting && hasContainerStatus(ctlr)) {
    status.container = { ...((await ctlr.containerStatus()) ?? previous.container) };
  }
  if (!taskStatusesEqualStable(status, previous)) {
    const now = Date.now();
    const last = previous.timestamp?.getTime();
    status.timestamp = new Date(last !== undefined && now <= last ? last + 1 : now);
  }
  return error ? { status, error } : { status };
}
