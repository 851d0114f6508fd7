import { lstatSync, readdirSync, unlinkSync } from "node:fs";
import { join } from "node:path";

/**
 * Keep the incremental cache bounded. Every distinct state of a module
 * adds entries (about 60 KB for a service with an SLO), so without pruning
 * the folder grows with every edit. After a build that stored something,
 * when the folder's entries together exceed `maxBytes`, entries are deleted
 * oldest first by mtime (an entry is written once and, through the build
 * record, read by every later build that uses it, so its mtime is when it was
 * made) — except those in `keep`: what the build that just finished read,
 * wrote or recorded, so a build never prunes its own next warm run.
 *
 * Only this cache's own files are touched: regular files named like an
 * entry (`<64 hex>.data`) or like a temp file of one left by a killed
 * process (`.<64 hex>.<hex>.tmp`, when older than an hour). Returns how many
 * entries were deleted.
 */
export function pruneCache(
  dir: string,
  options: { keep: ReadonlySet<string>; maxBytes: number; now?: number },
): number {
  const now = options.now ?? Date.now();
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  const candidates: { path: string; size: number; mtimeMs: number }[] = [];
  let total = 0;
  for (const name of names) {
    const entry = ENTRY.exec(name);
    const temp = entry === null ? TEMP.exec(name) : null;
    if (entry === null && temp === null) continue;
    const path = join(dir, name);
    let info: ReturnType<typeof lstatSync>;
    try {
      info = lstatSync(path);
    } catch {
      continue;
    }
    if (!info.isFile()) continue;
    if (temp !== null) {
      if (now - info.mtimeMs > HOUR_MS) remove(path);
      continue;
    }
    // An artifact's bytes hard-linked from out/ (src/pipeline/linked-entries.ts)
    // take no room of their own while out/ holds them.
    const size = info.nlink > 1 ? 0 : info.size;
    total += size;
    if (!options.keep.has(entry![1]!)) candidates.push({ path, size, mtimeMs: info.mtimeMs });
  }
  if (total <= options.maxBytes) return 0;
  candidates.sort((a, b) => a.mtimeMs - b.mtimeMs || (a.path < b.path ? -1 : 1));
  let pruned = 0;
  for (const c of candidates) {
    if (total <= options.maxBytes) break;
    if (remove(c.path)) {
      total -= c.size;
      pruned++;
    }
  }
  return pruned;
}

const ENTRY = /^([0-9a-f]{64})\.data$/;
const TEMP = /^\.([0-9a-f]{64})\.[0-9a-f]+\.tmp$/;
const HOUR_MS = 60 * 60 * 1000;

function remove(path: string): boolean {
  try {
    unlinkSync(path);
    return true;
  } catch {
    return false;
  }
}
