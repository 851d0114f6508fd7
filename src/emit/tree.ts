import { join } from "node:path";
import type { OutputFs } from "./output-fs.ts";

export type EntryKind = "file" | "folder" | "symlink" | "other";

export interface TreeEntry {
  /** POSIX path relative to the walked folder. */
  path: string;
  kind: EntryKind;
}

/**
 * Every entry under `root`, parents before children, sorted. Symbolic links
 * are listed, never followed: a link in out/ is an entry to remove, and
 * following it would reach files obsforge did not write.
 */
export async function listTree(fs: OutputFs, root: string): Promise<TreeEntry[]> {
  const entries: TreeEntry[] = [];
  async function walk(dir: string, prefix: string): Promise<void> {
    const names = (await fs.readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const e of names) {
      const path = prefix === "" ? e.name : `${prefix}/${e.name}`;
      const kind: EntryKind = e.isSymbolicLink()
        ? "symlink"
        : e.isDirectory()
          ? "folder"
          : e.isFile()
            ? "file"
            : "other";
      entries.push({ path, kind });
      if (kind === "folder") await walk(join(dir, e.name), path);
    }
  }
  await walk(root, "");
  return entries;
}

/** Every folder that must exist for `files` (`a/b/c.yml` needs `a` and `a/b`). */
export function ancestorFolders(files: Iterable<string>): Set<string> {
  const folders = new Set<string>();
  for (const file of files) {
    const parts = file.split("/");
    for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join("/"));
  }
  return folders;
}

/** The entries a build that writes exactly `files` removes: anything else, links and empty folders included. */
export function entriesToRemove(
  tree: readonly TreeEntry[],
  files: ReadonlySet<string>,
): TreeEntry[] {
  const keepFolders = ancestorFolders(files);
  const removed: TreeEntry[] = [];
  // The tree is walked depth first, so a removed folder's entries follow it directly.
  let removedFolder: string | undefined;
  for (const entry of tree) {
    if (removedFolder !== undefined && entry.path.startsWith(`${removedFolder}/`)) continue;
    removedFolder = undefined;
    const kept =
      entry.kind === "folder"
        ? keepFolders.has(entry.path)
        : entry.kind === "file" && files.has(entry.path);
    if (kept) continue;
    removed.push(entry);
    if (entry.kind === "folder") removedFolder = entry.path;
  }
  return removed;
}
