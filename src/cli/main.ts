#!/usr/bin/env node
// The `taskwright` command: wires the CLI to this process (streams, signals, exit).

import { createRequire } from "node:module";
import { runCli } from "./cli.js";

// A reader that goes away (`taskwright run … | head -1`) must not crash the run.
for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {});

const { version } = createRequire(import.meta.url)("taskwright/package.json") as { version: string };
const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  version,
  onSignal(signal, listener) {
    process.on(signal, listener);
    return () => process.off(signal, listener);
  },
  quit: (exitCode) => process.exit(exitCode),
});
// Exit once the output is written, without waiting for idle connections (a Docker client's).
await Promise.all([process.stdout, process.stderr].map((s) => new Promise((resolve) => s.write("", resolve))));
process.exit(code);
