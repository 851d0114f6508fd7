/**
 * A logfmt line scanner with the grammar of go-logfmt, which Loki's
 * `| logfmt` stage is a fork of: pairs separated by spaces, a key is a run
 * of characters above space other than `=` and `"`, a value is bare (the
 * same characters) or double-quoted with JSON's escapes, and a key alone is
 * a key with an empty value. Unlike the npm parsers measured in
 * docs/adr/0013-lint-logs.md (`logfmt` 1.4.0, `@jclem/logfmt2` 2.4.3),
 * which accept anything and decode `\n` as `n`, it reports the first
 * malformed character, so a lint can tell a line Loki cannot parse.
 */

export type LogfmtScan =
  | { ok: true; pairs: [key: string, value: string][]; withValue: number }
  | { ok: false; column: number; message: string };

const SPACE = 32;
const EQUALS = 61;
const QUOTE = 34;
const BACKSLASH = 92;

/** Whether `c` may stand in a key or a bare value. */
function isWordChar(c: number): boolean {
  return c > SPACE && c !== EQUALS && c !== QUOTE;
}

/** The pairs of `line` in order; `withValue` counts the pairs written `key=value`. */
export function scanLogfmt(line: string): LogfmtScan {
  const pairs: [string, string][] = [];
  let withValue = 0;
  const n = line.length;
  let i = 0;
  for (;;) {
    while (i < n && line.charCodeAt(i) <= SPACE) i++;
    if (i >= n) return { ok: true, pairs, withValue };
    const keyStart = i;
    while (i < n && isWordChar(line.charCodeAt(i))) i++;
    if (i === keyStart) return unexpected(line, i);
    const key = line.slice(keyStart, i);
    if (i >= n || line.charCodeAt(i) <= SPACE) {
      pairs.push([key, ""]);
      continue;
    }
    if (line.charCodeAt(i) !== EQUALS) return unexpected(line, i);
    i++;
    withValue++;
    if (i >= n || line.charCodeAt(i) <= SPACE) {
      pairs.push([key, ""]);
      continue;
    }
    if (line.charCodeAt(i) === QUOTE) {
      const quoted = scanQuoted(line, i);
      if (typeof quoted === "string") return fail(i + 1, quoted);
      pairs.push([key, quoted.value]);
      i = quoted.end;
      if (i < n && line.charCodeAt(i) > SPACE) return unexpected(line, i);
      continue;
    }
    const valueStart = i;
    while (i < n && isWordChar(line.charCodeAt(i))) i++;
    if (i < n && line.charCodeAt(i) > SPACE) return unexpected(line, i);
    pairs.push([key, line.slice(valueStart, i)]);
  }
}

/** A quoted value from the `"` at `start`: its decoded text and the index after the closing quote, or an error. */
function scanQuoted(line: string, start: number): { value: string; end: number } | string {
  let escaped = false;
  for (let i = start + 1; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === BACKSLASH) {
      i++;
      escaped = true;
    } else if (c === QUOTE) {
      const raw = line.slice(start, i + 1);
      if (!escaped) return { value: raw.slice(1, -1), end: i + 1 };
      try {
        // JSON's string escapes are the ones go-logfmt unquotes (it borrows encoding/json's).
        return { value: JSON.parse(raw) as string, end: i + 1 };
      } catch {
        return 'expected a quoted value with JSON escapes (\\", \\\\, \\n, \\t, \\uXXXX), got an invalid escape';
      }
    }
  }
  return "expected a closing quote, got the end of the line";
}

function unexpected(line: string, i: number): LogfmtScan {
  const c = line[i] ?? "";
  return fail(i + 1, `expected key=value pairs separated by spaces, got ${JSON.stringify(c)}`);
}

function fail(column: number, message: string): LogfmtScan {
  return { ok: false, column, message };
}
