import { join } from "node:path";
import { sha256 } from "../emit/manifest.ts";
import type { ModuleCache } from "../load/module-cache.ts";
import { cacheKey } from "../load/transpile-cache.ts";
import type { EntryHead } from "./build-record.ts";

/**
 * Artifact entries that do not copy out/. A build that writes out/ holds,
 * once the write succeeded, every compiled artifact's bytes in a file of
 * out/: instead of a second copy in the cache (480 MB for 10,000 SLOs,
 * ~10% of a cold build's CPU, mostly the kernel's), the entry lists the
 * heads of its artifacts and each artifact's bytes are a hard link to its
 * file in out/ (a copy where no link can be made: another device, a file
 * others may write), under a key named by their sha256.
 *
 * Soundness does not rest on out/ staying as it was: obsforge itself
 * replaces a file of out/ by renaming a new inode over it (the link keeps
 * the old one), but a user may edit a file in place, which changes the
 * linked bytes too. So the bytes are verified on every read: an entry
 * whose linked bytes are gone, refused by the private cache's checks, or
 * whose sha256 is not the recorded one is no entry, and the build compiles
 * that service's files again (the same bytes: the key fixes them).
 */

/** The key of the entry holding the bytes whose sha256 is `sha`. */
export function bytesKey(sha: string): string {
  return cacheKey(["obsforge artifact bytes", sha]);
}

/** An entry whose artifacts' bytes live in their own entries: a JSON line, no body. */
export function linkedEntry(heads: readonly EntryHead[]): string {
  return `${JSON.stringify({ linked: heads })}\n`;
}

/** The artifact's text from its bytes' entry, or undefined when they are not the recorded ones. */
export function linkedContent(
  cache: ModuleCache,
  head: Pick<EntryHead, "sha256">,
): string | undefined {
  const bytes = cache.getBytes(bytesKey(head.sha256));
  if (bytes === undefined || sha256(bytes) !== head.sha256) return undefined;
  return bytes.toString("utf8");
}

/**
 * Entries deferred until out/ holds their artifacts: `defer` while
 * emitting, `write` after the write to out/ succeeded, which links the
 * bytes of each artifact. The list of heads is the build record's line
 * (src/pipeline/build-record.ts reads the bytes by it); it is written as an
 * entry of its own only once the record drops it (`spillDropped` in
 * incremental.ts), so a service changed back is still served: a cold build
 * made two files a module of it, and a file creation costs 0.2–0.4 ms.
 */
export interface DeferredEntries {
  defer: (key: string, heads: EntryHead[]) => void;
  /** Link the bytes of every deferred artifact (one that cannot be linked is compiled next time). */
  write: (cache: ModuleCache) => void;
}

export function deferredEntries(out: string): DeferredEntries {
  const pending: { key: string; heads: EntryHead[] }[] = [];
  return {
    defer: (key, heads) => {
      pending.push({ key, heads });
    },
    write: (cache) => {
      for (const { heads } of pending)
        for (const h of heads) cache.link(bytesKey(h.sha256), join(out, h.path));
      pending.length = 0;
    },
  };
}
