import { readFile } from "node:fs/promises";

/** An account the task's process runs as. */
export interface ProcessUser {
  uid: number;
  gid: number;
  /** The account's name, when the user database knows it. */
  name?: string;
  /** The account's home directory; `"/"` when the user database does not know the account. */
  home: string;
}

/** A line of `/etc/passwd` or `/etc/group`, as far as the executor needs it. */
interface Account {
  name: string;
  id: number;
  gid: number;
  home: string;
}

/** Where the user and group databases are read from. */
export interface UserDatabase {
  passwd: string;
  group: string;
}

const systemDatabase: UserDatabase = { passwd: "/etc/passwd", group: "/etc/group" };

/** Splits `"user[:group]"`; `undefined` when either part is empty or there are more colons. */
export function parseUserSpec(text: string): { user: string; group?: string } | undefined {
  const parts = text.split(":");
  if (parts.length > 2 || parts.some((part) => part === "")) return undefined;
  const [user, group] = parts as [string, string | undefined];
  return group === undefined ? { user } : { user, group };
}

/** The entries of a passwd (`name:x:uid:gid:gecos:home:shell`) or group (`name:x:gid:…`) file. */
export function parseAccounts(text: string): Account[] {
  const accounts: Account[] = [];
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const fields = line.split(":");
    const id = Number(fields[2]);
    if (fields.length < 3 || !fields[0] || !/^\d+$/.test(fields[2] ?? "")) continue;
    accounts.push({
      name: fields[0],
      id,
      gid: /^\d+$/.test(fields[3] ?? "") ? Number(fields[3]) : id,
      home: fields[5] || "/",
    });
  }
  return accounts;
}

/**
 * Resolves `"user[:group]"` (names or decimal ids) against the account lists, as Docker does:
 * a name must exist; a numeric user that the database does not know runs with that uid, home
 * `"/"` and, unlike Docker's gid 0, its own number as gid (so it gets no group privileges by
 * accident). A group, when given, replaces the account's primary group.
 *
 * @returns the user, or a message saying what is wrong
 */
export function resolveUser(text: string, users: readonly Account[], groups: readonly Account[]): ProcessUser | string {
  const spec = parseUserSpec(text);
  if (!spec) return `must be "user[:group]" (names or numeric ids), got "${text}"`;
  const numeric = /^\d+$/.test(spec.user);
  const account = users.find((a) => (numeric ? a.id === Number(spec.user) : a.name === spec.user));
  if (!account && !numeric) return `unknown user "${spec.user}"`;
  const user: ProcessUser = account
    ? { uid: account.id, gid: account.gid, name: account.name, home: account.home }
    : { uid: Number(spec.user), gid: Number(spec.user), home: "/" };
  if (spec.group !== undefined) {
    if (/^\d+$/.test(spec.group)) user.gid = Number(spec.group);
    else {
      const group = groups.find((g) => g.name === spec.group);
      if (!group) return `unknown group "${spec.group}"`;
      user.gid = group.id;
    }
  }
  return user;
}

/**
 * Why this process may not run a task as `user`, or `undefined` when it may: only root may
 * switch to another uid or gid, and only where the platform has uids.
 */
export function userSwitchProblem(user: ProcessUser, current: { uid: number; gid: number } | undefined) {
  if (!current) return "running as another user is not supported on this platform";
  if (current.uid === 0 || (user.uid === current.uid && user.gid === current.gid)) return undefined;
  return `running as uid ${user.uid} gid ${user.gid} needs root (this process runs as uid ${current.uid})`;
}

/** The uid and gid this process runs as, or `undefined` where the platform has none (Windows). */
export function currentIds(): { uid: number; gid: number } | undefined {
  return process.getuid && process.getgid ? { uid: process.getuid(), gid: process.getgid() } : undefined;
}

/**
 * Resolves a task's `user` with the system's account database (a missing file counts as empty).
 *
 * @returns the user, or a message saying what is wrong (including "needs root")
 */
export async function lookUpUser(text: string, database: UserDatabase = systemDatabase): Promise<ProcessUser | string> {
  const [users, groups] = await Promise.all([readAccounts(database.passwd), readAccounts(database.group)]);
  const user = resolveUser(text, users, groups);
  if (typeof user === "string") return user;
  return userSwitchProblem(user, currentIds()) ?? user;
}

async function readAccounts(path: string): Promise<Account[]> {
  try {
    return parseAccounts(await readFile(path, "utf8"));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
}
