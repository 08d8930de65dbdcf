import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { delimiter, isAbsolute, join, resolve } from "node:path";

const isWindows = process.platform === "win32";

/**
 * Finds the executable a command names, as a shell would: a name with a path separator is a
 * path (relative to `cwd`); a bare name is looked up in each directory of `path` in order
 * (relative directories against `cwd`; on Windows also with each `PATHEXT` extension).
 *
 * @returns the absolute path of an executable regular file, or a message saying why none was found
 */
export async function findExecutable(
  command: string,
  cwd: string,
  path: string | undefined,
  pathExt = process.env.PATHEXT,
): Promise<string | { problem: string }> {
  const extensions = isWindows ? ["", ...(pathExt ?? ".EXE;.CMD;.BAT;.COM").split(";").filter(Boolean)] : [""];
  if (command.includes("/") || (isWindows && command.includes("\\"))) {
    const file = resolve(cwd, command);
    for (const extension of extensions) {
      if (await isExecutableFile(file + extension)) return file + extension;
    }
    return { problem: (await exists(file)) ? `"${command}" is not an executable file` : `"${command}" does not exist` };
  }
  const dirs = (path ?? "").split(delimiter).filter(Boolean);
  for (const dir of dirs) {
    for (const extension of extensions) {
      const file = join(isAbsolute(dir) ? dir : resolve(cwd, dir), command + extension);
      if (await isExecutableFile(file)) return file;
    }
  }
  return { problem: `executable "${command}" not found in PATH (${path ?? "unset"})` };
}

/**
 * Checks a task's working directory.
 *
 * @returns a message saying what is wrong, or `undefined` when `dir` is a directory
 */
export async function directoryProblem(dir: string): Promise<string | undefined> {
  try {
    if (!(await stat(dir)).isDirectory()) return `"${dir}" is not a directory`;
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === "ENOENT" ? `directory "${dir}" does not exist` : `directory "${dir}" is not usable (${code})`;
  }
}

async function isExecutableFile(file: string): Promise<boolean> {
  try {
    if (!(await stat(file)).isFile()) return false;
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
