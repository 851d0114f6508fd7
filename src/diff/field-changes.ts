import diffValues from "microdiff";
import type { FieldChange } from "./model.ts";
import { lineDiff, wantsLineDiff } from "./text-diff.ts";

type Path = ReadonlyArray<string | number>;

export interface FieldChangeOptions {
  /** Paths to leave out (an id Grafana assigns, a position that shifts when a panel is added above). */
  ignore?: (path: Path) => boolean;
  /** Two values at a path that differ in text and mean the same (queries). */
  same?: (path: Path, before: unknown, after: unknown) => boolean;
}

/**
 * The fields of two versions of one object that differ, by microdiff's deep
 * comparison. A list of scalars (`group_by`, `tags`) is reported whole, not
 * index by index; long or multi-line strings come with a line diff.
 */
export function fieldChanges(
  before: unknown,
  after: unknown,
  options: FieldChangeOptions = {},
): FieldChange[] {
  if (!isContainer(before) || !isContainer(after)) return [];
  const seen = new Set<string>();
  const out: FieldChange[] = [];
  for (const d of diffValues(before, after)) {
    const path = scalarListPath(d.path, before, after) ?? d.path;
    if (options.ignore?.(path) === true) continue;
    const field = dotted(path);
    if (seen.has(field)) continue;
    seen.add(field);
    const a = valueAt(before, path);
    const b = valueAt(after, path);
    if (options.same?.(path, a.value, b.value) === true) continue;
    out.push(fieldChange(field, a, b));
  }
  return out;
}

function fieldChange(
  field: string,
  a: { found: boolean; value: unknown },
  b: { found: boolean; value: unknown },
): FieldChange {
  return {
    field,
    ...(a.found && { before: a.value }),
    ...(b.found && { after: b.value }),
    ...linesOf(a, b),
  };
}

/**
 * Long or multi-line text as a line diff; one that is only added or only
 * removed too, so its lines print as lines (a newline in a `before → after`
 * value is written as an escape).
 */
function linesOf(
  a: { found: boolean; value: unknown },
  b: { found: boolean; value: unknown },
): { lines?: string[] } {
  const text = (side: { found: boolean; value: unknown }) =>
    side.found ? (typeof side.value === "string" ? side.value : undefined) : "";
  const [before, after] = [text(a), text(b)];
  if (before === undefined || after === undefined || !wantsLineDiff(before, after)) return {};
  const lines = lineDiff(before, after);
  // lineDiff("", x) also removes the empty line "" stands for: not a line of the value.
  if (!a.found) return { lines: lines.filter((l) => l.startsWith("+")) };
  if (!b.found) return { lines: lines.filter((l) => l.startsWith("-")) };
  return { lines };
}

/** `labels.severity`, `targets[0].expr`; keys that are not plain names are quoted. */
export function dotted(path: Path): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(part)) out += out === "" ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

/** The path of the innermost list of scalars the changed path is inside, on either side. */
function scalarListPath(path: Path, before: unknown, after: unknown): Path | undefined {
  for (let i = path.length - 1; i >= 0; i--) {
    if (typeof path[i] !== "number") continue;
    const list = path.slice(0, i);
    const isScalarList = (root: unknown) => {
      const v = valueAt(root, list).value;
      return Array.isArray(v) && v.every((x) => !isContainer(x));
    };
    if (isScalarList(before) || isScalarList(after)) return list;
  }
  return undefined;
}

function valueAt(root: unknown, path: Path): { found: boolean; value: unknown } {
  let value = root;
  for (const part of path) {
    if (!isContainer(value) || !Object.hasOwn(value, part))
      return { found: false, value: undefined };
    value = (value as Record<string | number, unknown>)[part];
  }
  return { found: true, value };
}

function isContainer(v: unknown): v is object {
  return typeof v === "object" && v !== null;
}
