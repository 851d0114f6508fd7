import { basename } from "node:path";
import { attempt, fault } from "./fs-errors.ts";
import type { OutputLayout } from "./layout.ts";
import type { OutputFs } from "./output-fs.ts";

/**
 * The record of a commit in progress. It is written (atomically, by
 * rename) only once the staging folder holds the complete new tree, so its
 * presence means: out/ may be part old, part new, and the next build must
 * finish moving the staged files in. Until it exists, out/ is untouched.
 */
export interface Journal {
  version: 1;
  /** Name (in out/'s parent) of the staging folder holding the new tree. */
  staging: string;
  /** Name of the folder holding links to the old files the commit replaces. */
  backup: string;
  /** The new tree's files, in the order they are moved (manifest last). */
  files: string[];
  /** Every entry out/ held before the commit: recovery refuses to finish if it finds anything else. */
  previous: string[];
}

export async function writeJournal(
  journal: Journal,
  options: { fs: OutputFs; layout: OutputLayout; tag: string; shown: string },
): Promise<void> {
  const { fs, layout } = options;
  const temp = layout.journalTemp(options.tag);
  await attempt(`write ${options.shown}`, () => fs.writeFile(temp, `${JSON.stringify(journal)}\n`));
  await attempt(`write ${options.shown}`, () => fs.rename(temp, layout.journal));
}

/** The journal beside out/, undefined when there is none; `invalid` when it is not one obsforge wrote. */
export async function readJournal(
  layout: OutputLayout,
  options: { fs: OutputFs; shown: string },
): Promise<Journal | "invalid" | undefined> {
  const { fs, shown } = options;
  let text: string;
  try {
    text = await fs.readFile(layout.journal, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    return fault(`read ${shown}`, error);
  }
  try {
    const doc = JSON.parse(text) as Partial<Journal>;
    const ownName = (name: unknown) =>
      typeof name === "string" && basename(name) === name && layout.isLeftover(name);
    if (
      doc.version === 1 &&
      ownName(doc.staging) &&
      ownName(doc.backup) &&
      Array.isArray(doc.files) &&
      doc.files.every(isPlainRelative) &&
      Array.isArray(doc.previous) &&
      doc.previous.every(isPlainRelative)
    )
      return doc as Journal;
  } catch {
    // Falls through: not JSON.
  }
  return "invalid";
}

/** `a/b.yml`: no empty, `.` or `..` segment, not absolute, no backslash or NUL. */
export function isPlainRelative(path: unknown): path is string {
  return (
    typeof path === "string" &&
    path !== "" &&
    !/[\\\0]/.test(path) &&
    path.split("/").every((s) => s !== "" && s !== "." && s !== "..")
  );
}
