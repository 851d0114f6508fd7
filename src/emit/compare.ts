import type { Problem } from "../core/problem.ts";
import type { Result } from "../core/result.ts";
import { relative, resolve } from "node:path";
import { compareStrings } from "../core/order.ts";
import type { Artifact } from "./artifact.ts";
import { errnoText, isErrnoError } from "./fs-errors.ts";
import { readJournal } from "./journal.ts";
import { outputLayout } from "./layout.ts";
import { nodeFs, type OutputFs } from "./output-fs.ts";
import { holdsBytes, sha256 } from "./manifest.ts";
import type { StatIndex } from "./stat-index.ts";
import { listTree, type TreeEntry } from "./tree.ts";

export interface Staleness {
  /** Artifacts the build would write that out/ lacks. */
  missing: string[];
  /** Artifacts whose bytes in out/ differ from a fresh build. */
  stale: string[];
  /** Files in out/ that a fresh build would not write. */
  extra: string[];
  /** Symbolic links in out/: never followed, and removed by `build`. */
  symlinks: string[];
  /** Folders in out/ holding no file at any depth: removed by `build`. */
  emptyFolders: string[];
  /** The journal of a build interrupted while replacing out/ (the next build finishes it). */
  unfinished?: string;
}

export function isFresh(s: Staleness): boolean {
  return (
    s.unfinished === undefined &&
    s.missing.length +
      s.stale.length +
      s.extra.length +
      s.symlinks.length +
      s.emptyFolders.length ===
      0
  );
}

export interface CompareOptions {
  /** Base for the paths named in messages; default the process's cwd. */
  cwd?: string;
  /** Only for tests. */
  fs?: OutputFs;
  /**
   * The stat index of out/ (src/emit/stat-index.ts): a file it vouches for
   * is judged by its recorded sha256, without reading it or the artifact's
   * content. The caller saves it.
   */
  index?: StatIndex;
}

/** Compare a fresh in-memory build with what is on disk. Reads only, never follows a link. */
export async function compareOutput(
  outDir: string,
  artifacts: Iterable<Artifact>,
  options: CompareOptions = {},
): Promise<Result<Staleness>> {
  const fs = options.fs ?? nodeFs;
  const cwd = options.cwd ?? process.cwd();
  const out = resolve(cwd, outDir);
  const shown = `${relativeOr(cwd, out)}/`;
  let tree: TreeEntry[];
  let real = out;
  try {
    real = await fs.realpath(out);
    if (!(await fs.stat(real)).isDirectory())
      return failure(`cannot compare ${shown}: it is a file, not a folder`);
    tree = await listTree(fs, real);
  } catch (error) {
    if (!isErrnoError(error)) throw error;
    if (error.code !== "ENOENT") return failure(`cannot read ${shown}: ${errnoText(error)}`);
    tree = [];
  }
  const layout = outputLayout(real);
  const journal = await readJournal(layout, { fs, shown: layout.journal }).catch(
    () => "invalid" as const,
  );
  const kinds = new Map(tree.map((e) => [e.path, e.kind]));
  const result: Staleness = { missing: [], stale: [], extra: [], symlinks: [], emptyFolders: [] };
  if (journal !== undefined) result.unfinished = relativeOr(cwd, layout.journal);
  const expected = new Set<string>();
  for (const artifact of artifacts) {
    expected.add(artifact.path);
    if (kinds.get(artifact.path) !== "file") {
      result.missing.push(artifact.path);
      continue;
    }
    try {
      if (!(await holds(fs, { real, index: options.index }, artifact)))
        result.stale.push(artifact.path);
    } catch (error) {
      if (!isErrnoError(error)) throw error;
      return failure(`cannot read ${shown}${artifact.path}: ${errnoText(error)}`);
    }
  }
  const holdsFile = new Set<string>();
  for (const entry of tree) {
    if (entry.kind === "folder") continue;
    const parts = entry.path.split("/");
    for (let i = 1; i < parts.length; i++) holdsFile.add(parts.slice(0, i).join("/"));
    if (entry.kind === "symlink") result.symlinks.push(entry.path);
    else if (!expected.has(entry.path) || entry.kind !== "file") result.extra.push(entry.path);
  }
  for (const entry of tree) {
    if (entry.kind !== "folder" || holdsFile.has(entry.path)) continue;
    // Only the outermost empty folder: its sub-folders go with it.
    const parent = entry.path.slice(0, Math.max(0, entry.path.lastIndexOf("/")));
    if (parent !== "" && !holdsFile.has(parent)) continue;
    result.emptyFolders.push(entry.path);
  }
  for (const list of [
    result.missing,
    result.stale,
    result.extra,
    result.symlinks,
    result.emptyFolders,
  ])
    list.sort(compareStrings);
  return { ok: true, value: result };
}

/** Whether out/ holds the artifact's bytes: by the stat index when it vouches for the file, else read. */
async function holds(
  fs: OutputFs,
  at: { real: string; index: StatIndex | undefined },
  artifact: Artifact,
): Promise<boolean> {
  const hash = () => artifact.sha256 ?? sha256(artifact.content);
  const look = at.index?.look(artifact.path);
  if (look?.sha256 !== undefined) return look.sha256 === hash();
  const bytes = await fs.readFile(resolve(at.real, artifact.path));
  const same = holdsBytes(bytes, artifact);
  if (same && look !== undefined) at.index?.confirm(artifact.path, look, hash());
  return same;
}

function relativeOr(cwd: string, path: string): string {
  return relative(cwd, path) || ".";
}

function failure(message: string): Result<never> {
  const d: Problem = { code: "emit/fs", severity: "error", message, file: "", path: [] };
  return { ok: false, diagnostics: [d] };
}
