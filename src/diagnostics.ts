/**
 * Errors as values. Every stage returns a Result; user mistakes are
 * Diagnostics that name the file and the field path, and are printed on one
 * line. `throw` is kept for bugs.
 */

export type Severity = "error" | "warning" | "info";

export type FieldPath = readonly (string | number)[];

export interface Diagnostic {
  /** Stable machine-readable id, e.g. `model/invalid-type`, `promql/syntax`. */
  code: string;
  severity: Severity;
  /** What was expected and what was found, e.g. `expected a duration such as "5m", got "5 min"`. */
  message: string;
  /** The definition file, as the user would type it (relative to the working directory). */
  file: string;
  path: FieldPath;
  line?: number;
  /** 1-based column on `line`, when the loader knows it (module load errors). */
  column?: number;
}

export type Result<T> = { ok: true; value: T } | { ok: false; diagnostics: Diagnostic[] };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(diagnostics: Diagnostic[]): Result<T> {
  return { ok: false, diagnostics };
}

/** `groups[0].rules[2].expr`: identifiers with dots, indices and odd keys in brackets. */
export function formatPath(path: FieldPath): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(part)) out += out === "" ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

/** One line: `file:line:column: path: message` (line, column and path only when known). */
export function formatDiagnostic(d: Diagnostic): string {
  const where =
    d.line === undefined
      ? d.file
      : d.column === undefined
        ? `${d.file}:${d.line}`
        : `${d.file}:${d.line}:${d.column}`;
  const path = formatPath(d.path);
  const text = `${where}: ${path === "" ? "" : `${path}: `}${d.message}`;
  // One line, whatever the message carries (a query with newlines, a loader error), and
  // no other character a viewer takes as a line break (CR, NEL, LS, PS from user values).
  return text
    .replace(/\s*\n\s*/g, " ")
    .replace(
      /[\r\u0085\u2028\u2029]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`,
    );
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Short, quoted rendering of a value for "got X" in messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") {
    const s = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return JSON.stringify(s);
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === "function") return "a function";
  // Named as such: "an object" would send the user looking for braces.
  if (typeof value === "bigint") return `a bigint (${value}n)`;
  if (typeof value === "symbol")
    return `a symbol (${value.description === undefined ? "Symbol()" : `Symbol(${JSON.stringify(value.description)})`})`;
  return "an object";
}
