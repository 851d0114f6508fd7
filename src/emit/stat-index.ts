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
 * the recorded mtime and ctime are older than the moment the run that
 * recorded it started, by more than `RACY_MS`. A file changed after it was
 * stat'ed gets a later mtime and ctime, unless the change falls in the same
 * timestamp tick (ext4's clock advances in jiffies, some filesystems in
 * whole seconds); a file that recent is read again instead of trusted. The
 * ctime cannot be set by `touch` or `utimes`, so an edit that restores size
 * and mtime is still caught.
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
}

/** Where the index is kept: one record per output folder, in the private cache. */
export interface StatIndexStore {
  get: () => string | undefined;
  set: (data: string) => void;
}

/** Timestamps this close to the run that recorded them are not trusted (see above). */
export const RACY_MS = 2000;

const FORMAT = 1;

interface Stored {
  format: number;
  /** Date.now() when the run that wrote the index started, before its first stat. */
  startedMs: number;
  /** path → [stat key, sha256, mtime or ctime ms, whichever is later]. */
  entries: Record<string, [string, string, number]>;
}

/** Open the index of the output folder whose real path is `out`. */
export function openStatIndex(
  out: string,
  store: StatIndexStore,
  now: () => number = Date.now,
): StatIndex {
  const startedMs = now();
  const old = readStored(store);
  const next: Stored["entries"] = {};
  const read: string[] = [];
  return {
    read,
    look(rel) {
      const at = statOf(join(out, rel));
      if (at === undefined) return undefined;
      const entry = old?.entries[rel];
      const trusted =
        entry !== undefined && entry[0] === at.key && entry[2] < old!.startedMs - RACY_MS;
      if (trusted) {
        next[rel] = entry;
        return { stat: at.key, sha256: entry[1] };
      }
      read.push(rel);
      return { stat: at.key };
    },
    confirm(rel, look, sha256) {
      const latest = Number(look.stat.split(" ")[5]);
      next[rel] = [look.stat, sha256, Number.isFinite(latest) ? latest : Number.MAX_VALUE];
    },
    save() {
      const data: Stored = { format: FORMAT, startedMs, entries: next };
      store.set(JSON.stringify(data));
    },
  };
}

function readStored(store: StatIndexStore): Stored | undefined {
  const data = store.get();
  if (data === undefined) return undefined;
  try {
    const parsed = JSON.parse(data) as Stored;
    if (parsed.format !== FORMAT || typeof parsed.startedMs !== "number") return undefined;
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
