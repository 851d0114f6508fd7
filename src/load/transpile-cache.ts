import { createHash, randomBytes } from "node:crypto";
import {
  chmodSync,
  closeSync,
  constants,
  copyFileSync,
  fstatSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { homedir } from "node:os";
import { dirname, isAbsolute, join } from "node:path";

/**
 * The on-disk cache of transpiled definition modules. A cache entry is code
 * obsforge runs, so whoever can write an entry can run code in every build
 * (jiti's default, `{TMP_DIR}/jiti`, is a folder any local user can create
 * first and fill). This cache lives in a per-user folder that only its owner
 * can write, checked before every use: the folder and each of its parents
 * must belong to this user (or root) and be writable by nobody else (a
 * sticky folder such as /tmp is fine as a parent: others cannot rename what
 * is ours in it), and every entry must be a regular file of ours that nobody
 * else can write. If any check fails the cache is not used at all, and
 * modules are transpiled on every load.
 */
export interface TranspileCache {
  /** The folder entries live in (for messages and tests). */
  dir: string;
  get: (key: string) => string | undefined;
  set: (key: string, code: string | Buffer) => void;
  /**
   * An entry that is nothing but a file's bytes (no header): the caller
   * verifies them (src/pipeline/linked-entries.ts checks their sha256).
   */
  getBytes: (key: string) => Buffer | undefined;
  /**
   * Make the file at `from` the entry `key`, as a hard link when it is a
   * regular file of ours that nobody else can write, else as a copy; false
   * when neither could be made. Its bytes are whatever `from` holds, now or
   * later (a link shares the inode): readers must verify them.
   */
  link: (key: string, from: string) => boolean;
}

/** `$XDG_CACHE_HOME/obsforge/<name>` or `~/.cache/obsforge/<name>` (`transpile` or `incremental`). */
export function defaultCacheDir(
  env: NodeJS.ProcessEnv = process.env,
  name = "transpile",
): string | undefined {
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg !== undefined && isAbsolute(xdg) ? xdg : join(homedir(), ".cache");
  return isAbsolute(base) ? join(base, "obsforge", name) : undefined;
}

/** Open (creating it 0700 if needed) a cache folder, or undefined when it is not safely ours. */
export function openTranspileCache(dir: string | undefined): TranspileCache | undefined {
  return openPrivateCache(dir, TRANSPILED);
}

/**
 * How entries of one cache are named and marked: transpiled code (`.js`,
 * a comment header) or data (src/load/module-cache.ts: `.data`, read as
 * data and never run). Both live under the same checks.
 */
export interface EntryFormat {
  extension: string;
  header: (key: string) => string;
}

const TRANSPILED: EntryFormat = {
  extension: ".js",
  header: (key) => `// obsforge transpile cache ${key}\n`,
};

/** A private cache folder with entries of `format`, under the checks above. */
export function openPrivateCache(
  dir: string | undefined,
  format: EntryFormat,
): TranspileCache | undefined {
  // Ownership cannot be checked without uids (Windows): no cache there.
  if (dir === undefined || typeof process.getuid !== "function") return undefined;
  const uid = process.getuid();
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const real = realpathSync(dir);
    if (!isPrivateDir(real, uid)) return undefined;
    for (let parent = dirname(real); ; parent = dirname(parent)) {
      if (!isSafeParent(parent, uid)) return undefined;
      if (dirname(parent) === parent) break;
    }
    return {
      dir: real,
      get: (key) => readEntry(real, { key, uid, format }),
      set: (key, code) => writeEntry(real, { key, format }, code),
      getBytes: (key) => readBytes(real, { key, uid, format }),
      link: (key, from) => linkEntry(real, { key, uid, format }, from),
    };
  } catch {
    // No home, a read-only file system, a file where the folder should be: build without a cache.
    return undefined;
  }
}

/** Hex sha256 of the parts, each length-prefixed so no two part lists collide. */
export function cacheKey(parts: readonly string[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(`${Buffer.byteLength(part)}:${part}`);
  return hash.digest("hex");
}

function isPrivateDir(path: string, uid: number): boolean {
  const stat = lstatSync(path);
  return stat.isDirectory() && stat.uid === uid && (stat.mode & 0o077) === 0;
}

function isSafeParent(path: string, uid: number): boolean {
  const stat = lstatSync(path);
  if (!stat.isDirectory() || (stat.uid !== uid && stat.uid !== 0)) return false;
  const writableByOthers = (stat.mode & 0o022) !== 0;
  const sticky = (stat.mode & 0o1000) !== 0;
  return !writableByOthers || sticky;
}

function entryPath(dir: string, key: string, format: EntryFormat): string {
  if (!/^[0-9a-f]{64}$/.test(key)) throw new Error(`transpile cache: bad key ${key}`);
  return join(dir, `${key}${format.extension}`);
}

function readEntry(
  dir: string,
  at: { key: string; uid: number; format: EntryFormat },
): string | undefined {
  const bytes = readBytes(dir, at);
  if (bytes === undefined) return undefined;
  const text = bytes.toString("utf8");
  // The header names the key, so an entry copied under another name is not taken for it.
  const head = at.format.header(at.key);
  return text.startsWith(head) ? text.slice(head.length) : undefined;
}

/** An entry's bytes, when it is a regular file of ours that nobody else can write. */
function readBytes(
  dir: string,
  { key, uid, format }: { key: string; uid: number; format: EntryFormat },
): Buffer | undefined {
  let fd: number;
  try {
    // O_NOFOLLOW: a symlink planted as an entry is refused, not followed.
    fd = openSync(entryPath(dir, key, format), constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return undefined;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.uid !== uid || (stat.mode & 0o022) !== 0) return undefined;
    return readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

function tempPath(dir: string, key: string): string {
  return join(dir, `.${key}.${randomBytes(6).toString("hex")}.tmp`);
}

function linkEntry(
  dir: string,
  { key, uid, format }: { key: string; uid: number; format: EntryFormat },
  from: string,
): boolean {
  const path = entryPath(dir, key, format);
  const temp = tempPath(dir, key);
  try {
    const info = lstatSync(from);
    if (!info.isFile()) return false;
    // An inode someone else owns or may write would be refused as an entry: copied instead.
    if (info.uid === uid && (info.mode & 0o022) === 0) {
      try {
        // A link appears whole: no temp file needed unless an entry is already there.
        linkSync(from, path);
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "EEXIST") {
          try {
            linkSync(from, temp);
            renameSync(temp, path);
            return true;
          } catch {}
        }
        // Another device, a file system without hard links, a link limit: copy.
      }
    }
    copyFileSync(from, temp, constants.COPYFILE_EXCL);
    chmodSync(temp, 0o600);
    renameSync(temp, path);
    return true;
  } catch {
    try {
      rmSync(temp, { force: true });
    } catch {}
    return false;
  }
}

function writeEntry(
  dir: string,
  { key, format }: { key: string; format: EntryFormat },
  code: string | Buffer,
): void {
  // Write a private temp file and rename it in, so readers never see half an entry.
  const temp = tempPath(dir, key);
  try {
    const fd = openSync(temp, "wx", 0o600);
    try {
      // Header and body written one after the other: a megabyte entry is not copied to prefix it.
      writeFileSync(fd, format.header(key));
      writeFileSync(fd, code);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, entryPath(dir, key, format));
  } catch {
    // A full disk or a lost race only costs a transform next time.
    try {
      rmSync(temp, { force: true });
    } catch {}
  }
}
