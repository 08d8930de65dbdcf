import { parseArgs } from "node:util";
import { usageError } from "./errors.js";

/** The executors `--executor` accepts. */
export const executorNames = ["docker", "process"] as const;

/** An executor named on the command line. */
export type ExecutorName = (typeof executorNames)[number];

/** What the command line asks for. */
export type Command =
  | { kind: "help" }
  | { kind: "version" }
  | { kind: "run"; file: string; executor: ExecutorName | undefined; network: string | undefined; json: boolean };

/**
 * Reads the command line (without `node` and the script): `run <file> [--executor docker|process]
 * [--network <mode>] [--json]`, `help`, `--help`/`-h` anywhere, `--version`/`-v`. `--network` is
 * the Docker executor's network mode, so it asks for Docker: with `--executor process` it is a usage
 * error rather than an option silently ignored.
 *
 * Built on `node:util` `parseArgs` (strict: an unknown option is an error); a parser library would
 * add a dependency for one command and three options.
 *
 * @throws CliError (`EXEC_CLI_USAGE`, exit code 2) naming what is wrong
 */
export function parseCommand(argv: readonly string[]): Command {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    throw usageError((err as Error).message.replace(/\. To specify a positional argument.*$/s, ""), err);
  }
  const { values, positionals } = parsed;
  if (values.help || positionals[0] === "help") return { kind: "help" };
  if (values.version) return { kind: "version" };
  const [command, ...rest] = positionals;
  if (command === undefined) throw usageError("missing command: try `taskwright run task.yaml`");
  if (command !== "run") throw usageError(`unknown command "${command}": the only command is "run"`);
  const [file, ...extra] = rest;
  if (file === undefined) throw usageError("run: missing the task file (task.json, task.yaml or task.yml)");
  if (extra.length > 0) throw usageError(`run: one task file only; unexpected "${extra[0]}"`);
  const executor = values.executor;
  if (executor !== undefined && !isExecutorName(executor)) {
    throw usageError(`--executor must be ${executorNames.join(" or ")}, got "${executor}"`);
  }
  const network = values.network;
  if (network !== undefined) {
    if (network.trim() === "") throw usageError("--network needs a network mode, e.g. none, host or a network's name");
    if (executor === "process") {
      throw usageError("--network applies to the Docker executor; the process executor has no network of its own");
    }
  }
  return { kind: "run", file, executor, network, json: values.json ?? false };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      executor: { type: "string", short: "e" },
      network: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
    },
  });
}

function isExecutorName(value: string): value is ExecutorName {
  return (executorNames as readonly string[]).includes(value);
}
