import { lstatSync } from "node:fs";
import { join } from "node:path";

/**
 * A stat index of out/: for each file a build or `check` last compared
 * byte for byte, its lstat (size, mtime, ctime, inode, device) and the
 * sha256 of its bytes. When a file's lstat is the one recorded, its bytes
 * are known without reading them, so a rebuild after one edit reads the few
 * files it may have to replace, not the whole tree.
 *
 * Git's racy-timestamp rule, made stricter: an entry is trusted only when
 * the file's recorded mtime and ctime are older than the moment it was
 * stat'ed, by more than the file system's timestamp tick (`racyMarginMs`).
 * A file changed after it was stat'ed gets a later mtime and ctime, unless
 * the change falls in the same tick (ext4's clock advances in jiffies, FAT's
 * in two seconds); a file that recent is read again instead of trusted. The
 * ctime cannot be set by `touch` or `utimes`, so an edit that restores size
 * and mtime is still caught. The moment is taken per file, just before its
 * stat, not once per run: a build that starts within seconds of the one
 * before (an editor's save-and-build) still trusts what that build read.
 *
 * The index is only a hint: it lives in the user's private cache (never in
 * or beside out/), anything unreadable about it reads as "no entry", and an
 * entry can only make obsforge read a file it could have skipped.
 */
export interface StatIndex {
  /** out/<rel> as it is now: its stat, and its sha256 when the index vouches for it. */
  look: (rel: string) => Look | undefined;
  /** out/<rel>, as `look` found it (before it was read), holds bytes whose sha256 is `sha256`. */
  confirm: (rel: string, look: Look, sha256: string) => void;
  /** Store what this run confirmed (and the entries it trusted) for the next run. */
  save: () => void;
  /** Files read because the index could not vouch for them (tests read it). */
  read: string[];
}

export interface Look {
  stat: string;
  sha256?: string;
  /** The clock just before the stat: a later change of the file has a later timestamp tick than this. */
  seenMs: number;
}

/** Where the index is kept: one record per output folder, in the private cache. */
export interface StatIndexStore {
  get: () => string | undefined;
  set: (data: string) => void;
}

/**
 * How far a file's latest timestamp must lie before the moment it was stat'ed
 * for its entry to be trusted: two seconds (FAT's mtime tick) unless its ctime
 * has a sub-second part, which the kernel writes only on a file system that
 * keeps sub-second times; their clocks tick at most every 10 ms (HZ=100) on
 * Linux and ~16 ms on Windows, so 100 ms leaves a margin. A ctime that falls
 * on a whole second by chance gets the two seconds: only slower, never wrong.
 * Not covered, as by git: a network file system whose server clock runs
 * behind this machine's by more than the margin.
 */
export function racyMarginMs(ctimeNs: bigint): number {
  return ctimeNs % 1_000_000_000n === 0n ? RACY_MS : FINE_RACY_MS;
}

/** The margin for a file system that keeps whole (or two) seconds. */
export const RACY_MS = 2000;
/** The margin for a file system whose ctime has a sub-second part. */
export const FINE_RACY_MS = 100;

const FORMAT = 2;

interface Stored {
  format: number;
  /** path → [stat key, sha256, the later of mtime and ctime in ms, the clock before the stat, the margin]. */
  entries: Record<string, [string, string, number, number, number]>;
}

/** Open the index of the output folder whose real path is `out`. */
export function openStatIndex(
  out: string,
  store: StatIndexStore,
  now: () => number = Date.now,
): StatIndex {
  const old = readStored(store);
  const next: Stored["entries"] = {};
  const read: string[] = [];
  return {
    read,
    look(rel) {
      const seenMs = now();
      const at = statOf(join(out, rel));
      if (at === undefined) return undefined;
      const entry = old?.entries[rel];
      const trusted = entry !== undefined && entry[0] === at.key && entry[2] < entry[3] - entry[4];
      if (trusted) {
        next[rel] = entry;
        return { stat: at.key, sha256: entry[1], seenMs };
      }
      read.push(rel);
      return { stat: at.key, seenMs };
    },
    confirm(rel, look, sha256) {
      const [latest, margin] = timesOf(look.stat);
      next[rel] = [look.stat, sha256, latest, look.seenMs, margin];
    },
    save() {
      const data: Stored = { format: FORMAT, entries: next };
      store.set(JSON.stringify(data));
    },
  };
}

/** A stat key's later timestamp (ms) and its racy margin; unreadable parts are never trusted. */
function timesOf(key: string): [number, number] {
  const parts = key.split(" ");
  const latest = Number(parts[5]);
  try {
    return [Number.isFinite(latest) ? latest : Number.MAX_VALUE, racyMarginMs(BigInt(parts[2]!))];
  } catch {
    return [Number.MAX_VALUE, RACY_MS];
  }
}

function readStored(store: StatIndexStore): Stored | undefined {
  const data = store.get();
  if (data === undefined) return undefined;
  try {
    const parsed = JSON.parse(data) as Stored;
    if (parsed.format !== FORMAT) return undefined;
    if (typeof parsed.entries !== "object" || parsed.entries === null) return undefined;
    return parsed;
  } catch {
    return undefined;
  }
}

/**
 * A regular file's identity as one string: size, mtime and ctime in
 * nanoseconds, inode, device, then the later of mtime and ctime in ms (for
 * the racy rule). Anything but a regular file has none.
 */
function statOf(path: string): { key: string } | undefined {
  try {
    const s = lstatSync(path, { bigint: true });
    if (!s.isFile()) return undefined;
    const ms = Math.max(Number(s.mtimeNs / 1_000_000n), Number(s.ctimeNs / 1_000_000n));
    return { key: `${s.size} ${s.mtimeNs} ${s.ctimeNs} ${s.ino} ${s.dev} ${ms}` };
  } catch {
    return undefined;
  }
}
