import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { directoryProblem, findExecutable } from "../../src/process/locate.js";
import { chooseRuntimeDir, defaultRuntimeDirs, isInMemory } from "../../src/process/runtime-dir.js";
import { lookUpUser, parseAccounts, parseUserSpec, resolveUser, userSwitchProblem } from "../../src/process/user.js";
import { makeDiskDir } from "../support/disk-dir.js";

const scratch = makeDiskDir("taskwright-host-test");
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("user", () => {
  const passwd = parseAccounts(
    "# comment\nroot:x:0:0:root:/root:/bin/sh\napp:x:1000:1001::/home/app:/bin/sh\nbroken:x:nope:1::/:\n",
  );
  const groups = parseAccounts("root:x:0:\nstaff:x:50:app\n");

  it("parses user[:group]", () => {
    expect(["app", "app:staff", "1000:50", "", ":", "a:", "a:b:c"].map(parseUserSpec)).toEqual([
      { user: "app" },
      { user: "app", group: "staff" },
      { user: "1000", group: "50" },
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("resolves names and ids like Docker, with the account's primary group unless a group is given", () => {
    expect(resolveUser("app", passwd, groups)).toEqual({ uid: 1000, gid: 1001, name: "app", home: "/home/app" });
    expect(resolveUser("1000:staff", passwd, groups)).toEqual({ uid: 1000, gid: 50, name: "app", home: "/home/app" });
    expect(resolveUser("4242", passwd, groups)).toEqual({ uid: 4242, gid: 4242, home: "/" });
    expect(resolveUser("4242:7", passwd, groups)).toEqual({ uid: 4242, gid: 7, home: "/" });
    expect(resolveUser("ghost", passwd, groups)).toBe('unknown user "ghost"');
    expect(resolveUser("app:ghosts", passwd, groups)).toBe('unknown group "ghosts"');
    expect(resolveUser("broken", passwd, groups)).toBe('unknown user "broken"');
  });

  it("lets only root switch users", () => {
    const app = { uid: 1000, gid: 1001, home: "/" };
    expect(userSwitchProblem(app, { uid: 0, gid: 0 })).toBeUndefined();
    expect(userSwitchProblem(app, { uid: 1000, gid: 1001 })).toBeUndefined();
    expect(userSwitchProblem(app, { uid: 1000, gid: 5 })).toBe(
      "running as uid 1000 gid 1001 needs root (this process runs as uid 1000)",
    );
    expect(userSwitchProblem(app, undefined)).toBe("running as another user is not supported on this platform");
  });

  it("reads the system's account files, a missing one counting as empty", async () => {
    const file = join(scratch, "passwd");
    writeFileSync(file, `me:x:${process.getuid?.()}:${process.getgid?.()}::/home/me:/bin/sh\n`);
    expect(await lookUpUser("me", { passwd: file, group: join(scratch, "missing") })).toMatchObject({
      uid: process.getuid?.(),
      name: "me",
    });
    expect(await lookUpUser("me", { passwd: join(scratch, "missing"), group: join(scratch, "missing") })).toBe(
      'unknown user "me"',
    );
  });
});

describe("locating the executable and the directory", () => {
  writeFileSync(join(scratch, "tool"), "#!/bin/sh\n");
  chmodSync(join(scratch, "tool"), 0o755);
  writeFileSync(join(scratch, "data"), "");

  it("looks a bare name up in PATH, in order, skipping non-executables", async () => {
    expect(await findExecutable("tool", "/", `/nonexistent:${scratch}`)).toBe(join(scratch, "tool"));
    expect(await findExecutable("data", "/", scratch)).toEqual({
      problem: `executable "data" not found in PATH (${scratch})`,
    });
    expect(await findExecutable("tool", "/", undefined)).toEqual({
      problem: 'executable "tool" not found in PATH (unset)',
    });
  });

  it("takes a name with a slash as a path from the working directory", async () => {
    expect(await findExecutable("./tool", scratch, "")).toBe(join(scratch, "tool"));
    expect(await findExecutable("./data", scratch, "")).toEqual({ problem: '"./data" is not an executable file' });
    expect(await findExecutable("./none", scratch, "")).toEqual({ problem: '"./none" does not exist' });
  });

  it("checks the working directory", async () => {
    expect(await directoryProblem(scratch)).toBeUndefined();
    expect(await directoryProblem(join(scratch, "data"))).toBe(`"${join(scratch, "data")}" is not a directory`);
    expect(await directoryProblem(join(scratch, "none"))).toBe(`directory "${join(scratch, "none")}" does not exist`);
  });
});

describe("runtime directory", () => {
  it("tries $XDG_RUNTIME_DIR, /dev/shm and /run/shm on Linux", () => {
    const expected = process.platform === "linux" ? ["/run/user/7", "/dev/shm", "/run/shm"] : [];
    expect(defaultRuntimeDirs({ XDG_RUNTIME_DIR: "/run/user/7" })).toEqual(expected);
  });

  it("takes the first usable tmpfs candidate, else the temporary directory", async () => {
    expect(await isInMemory("/dev/shm")).toBe(true);
    expect(await isInMemory(scratch)).toBe(false);
    expect(await chooseRuntimeDir(undefined, ["/no/such/dir", scratch, "/dev/shm"], false)).toEqual({
      dir: "/dev/shm",
      inMemory: true,
    });
    expect(await chooseRuntimeDir(undefined, [scratch], false)).toEqual({
      dir: tmpdir(),
      inMemory: await isInMemory(tmpdir()),
    });
    expect(await chooseRuntimeDir(scratch, ["/dev/shm"], false)).toEqual({ dir: scratch, inMemory: false });
  });

  it("skips a candidate other users cannot enter when the task runs as another user", async () => {
    const privateShm = mkdtempSync("/dev/shm/taskwright-host-test-");
    try {
      chmodSync(privateShm, 0o700);
      expect(await chooseRuntimeDir(undefined, [privateShm, "/dev/shm"], false)).toMatchObject({ dir: privateShm });
      expect(await chooseRuntimeDir(undefined, [privateShm, "/dev/shm"], true)).toMatchObject({ dir: "/dev/shm" });
    } finally {
      rmSync(privateShm, { recursive: true });
    }
  });
});
