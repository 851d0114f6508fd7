import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { attempt, fault, isErrnoError } from "./fs-errors.ts";
import type { OutputFs } from "./output-fs.ts";

/** Who holds the lock, as written into the lock file. */
interface Holder {
  pid: number;
  host: string;
}

export type LockResult =
  | { ok: true; release: () => Promise<void> }
  | { ok: false; holder: string; reason: string };

/**
 * One build at a time per output folder. The lock is a file linked into
 * place (atomic, fails if it exists), holding pid and host. Node has no flock(), so a lock left by a
 * killed build is recognised as stale when its pid no longer runs on this
 * host, and broken; a lock from another host (a shared mount) is never
 * broken automatically.
 */
export async function acquireLock(
  path: string,
  options: { fs: OutputFs; shown: string },
): Promise<LockResult> {
  const { fs, shown } = options;
  const mine = `${JSON.stringify({ pid: process.pid, host: hostname() })}\n`;
  for (let attemptNo = 0; attemptNo < 3; attemptNo++) {
    // Written in full under a name of our own, then linked into place: link()
    // fails if the lock exists, like O_EXCL, but a reader never sees the lock
    // file empty or half-written (it would report "an unknown process").
    const draft = `${path}-tmp-${randomBytes(6).toString("hex")}`;
    await attempt(`create ${shown}`, () => fs.writeFile(draft, mine, { flag: "wx" }));
    try {
      await fs.link(draft, path);
      await fs.rm(draft, { force: true });
      return {
        ok: true,
        release: () => attempt(`remove ${shown}`, () => fs.rm(path, { force: true })),
      };
    } catch (error) {
      await fs.rm(draft, { force: true });
      // ENOENT: the draft was swept as a leftover by the build holding the lock.
      if (!isErrnoError(error) || (error.code !== "EEXIST" && error.code !== "ENOENT")) {
        fault(`create ${shown}`, error);
      }
    }
    const seen = await fs.readFile(path, "utf8").catch(() => undefined);
    if (seen === undefined) continue; // released meanwhile: try again
    const holder = parseHolder(seen);
    if (holder === undefined || isAlive(holder)) {
      return {
        ok: false,
        holder: describe(holder),
        reason: holder === undefined ? "unreadable" : "live",
      };
    }
    // Stale. Move it aside under a name of our own, then check we moved the
    // stale one and not a lock another build took meanwhile.
    const aside = `${path}-stale-${randomBytes(6).toString("hex")}`;
    try {
      await fs.rename(path, aside);
    } catch (error) {
      if (isErrnoError(error) && error.code === "ENOENT") continue;
      fault(`replace the stale lock ${shown}`, error);
    }
    const moved = await fs.readFile(aside, "utf8").catch(() => undefined);
    if (moved !== seen) {
      // Someone else's live lock: put it back (link fails if a third build
      // locked meanwhile, and then that build holds the lock anyway).
      await fs.link(aside, path).catch(() => undefined);
      await fs.rm(aside, { force: true });
      const now = parseHolder(moved ?? "");
      return { ok: false, holder: describe(now), reason: "live" };
    }
    await fs.rm(aside, { force: true });
  }
  return { ok: false, holder: "another build", reason: "contended" };
}

function parseHolder(text: string): Holder | undefined {
  try {
    const doc = JSON.parse(text) as Partial<Holder>;
    if (typeof doc.pid === "number" && Number.isInteger(doc.pid) && typeof doc.host === "string")
      return { pid: doc.pid, host: doc.host };
  } catch {
    // A lock file being written right now, or not obsforge's: treated as held.
  }
  return undefined;
}

function isAlive(holder: Holder): boolean {
  // A pid only means something on the host that wrote it.
  if (holder.host !== hostname()) return true;
  if (holder.pid === process.pid) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return !(isErrnoError(error) && error.code === "ESRCH");
  }
}

function describe(holder: Holder | undefined): string {
  if (holder === undefined) return "an unknown process";
  return holder.host === hostname() ? `pid ${holder.pid}` : `pid ${holder.pid} on ${holder.host}`;
}
