#!/usr/bin/env node
// The `taskwright` command: wires the CLI to this process (streams, signals, exit).

import { createRequire } from "node:module";
import { runCli } from "./cli.js";
import type { InterruptSignal } from "./interrupts.js";

// A reader that goes away (`taskwright run … | head -1`) must not crash the run: the first failed
// write (EPIPE) is delivered as SIGPIPE, which shuts the task down like Ctrl-C.
const closedOutput = new Set<() => void>();
let outputClosed = false;
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", () => {
    if (outputClosed) return;
    outputClosed = true;
    for (const listener of closedOutput) listener();
  });
}

/** Calls `listener` on `signal`; SIGPIPE is a closed stdout or stderr (Node.js ignores the real one). */
function onSignal(signal: InterruptSignal, listener: () => void): () => void {
  if (signal === "SIGPIPE") {
    closedOutput.add(listener);
    return () => closedOutput.delete(listener);
  }
  process.on(signal, listener);
  return () => process.off(signal, listener);
}

const { version } = createRequire(import.meta.url)("taskwright/package.json") as { version: string };
const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  version,
  onSignal,
  quit: (exitCode) => process.exit(exitCode),
});
// The run is over: a signal now (a late Ctrl-C) must not turn its exit code into a signal's.
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => {});
// Exit once the output is written, without waiting for idle connections (a Docker client's).
await Promise.all(
  [process.stdout, process.stderr].map(
    (s) => new Promise((resolve) => (s.writable ? s.write("", resolve) : resolve(undefined))),
  ),
);
process.exit(code);
