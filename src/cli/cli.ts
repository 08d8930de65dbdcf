import { parseCommand } from "./args.js";
import { CliError } from "./errors.js";
import { loadDockerEntry } from "./executor-choice.js";
import { helpText } from "./help.js";
import { type CliIo, runCommand } from "./run.js";

/**
 * Runs the `taskwright` command line (`argv` without `node` and the script) and resolves to the
 * exit code: help and version print on stdout (0); a usage error prints on stderr (2).
 */
export async function runCli(argv: readonly string[], io: CliIo & { version: string }): Promise<number> {
  let command: ReturnType<typeof parseCommand>;
  try {
    command = parseCommand(argv);
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    io.stderr.write(`taskwright: ${err.message}\nRun "taskwright --help" for usage.\n`);
    return err.exitCode;
  }
  switch (command.kind) {
    case "help":
      io.stdout.write(helpText);
      return 0;
    case "version":
      io.stdout.write(`${io.version}\n`);
      return 0;
    case "run":
      return runCommand(command, io, io.loadDocker ?? loadDockerEntry);
  }
}
