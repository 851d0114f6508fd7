import { diffLines } from "diff";

/**
 * A line diff of two texts (`- old`, `+ new`, `  same`), for expressions
 * and long annotations. jsdiff's Myers diff, the one git's default is.
 */
export function lineDiff(before: string, after: string): string[] {
  const end = (s: string) => (s.endsWith("\n") ? s : `${s}\n`);
  const out: string[] = [];
  for (const part of diffLines(end(before), end(after))) {
    const mark = part.added ? "+ " : part.removed ? "- " : "  ";
    for (const line of part.value.replace(/\n$/, "").split("\n")) out.push(`${mark}${line}`);
  }
  return out;
}

/** Whether a value reads better as a line diff than as `before → after`. */
export function wantsLineDiff(before: unknown, after: unknown): boolean {
  const long = (v: unknown) => typeof v === "string" && (v.includes("\n") || v.length > 80);
  return long(before) || long(after);
}
