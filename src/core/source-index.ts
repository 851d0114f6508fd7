/**
 * Offsets in a file's text turned into lines and columns (1-based, UTF-16
 * columns as SARIF counts them), with the line's text for carets.
 */
export interface SourcePosition {
  /** 0-based offset in the file. */
  offset: number;
  line: number;
  column: number;
  /** The text of the line. */
  lineText: string;
}

export interface SourceIndex {
  text: string;
  /** Offsets where each line starts. */
  lineStarts: number[];
}

export function indexSource(text: string): SourceIndex {
  const lineStarts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  return { text, lineStarts };
}

export function positionAt(index: SourceIndex, offset: number): SourcePosition {
  let lo = 0;
  let hi = index.lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (index.lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  const start = index.lineStarts[lo]!;
  const end = index.text.indexOf("\n", start);
  return {
    offset,
    line: lo + 1,
    column: offset - start + 1,
    lineText: index.text.slice(start, end < 0 ? undefined : end).replace(/\r$/, ""),
  };
}

/**
 * Where the character at `cooked` of a quoted literal's value sits in its
 * raw text (between the quotes), following backslash escapes as JavaScript
 * and JSON write them (`\n`, `\"`, `\x41`, `\u0041`, `\u{1F600}`, a
 * backslash-newline continuation). Undefined past the end.
 */
export function rawOffsetOfEscaped(raw: string, cooked: number): number | undefined {
  let c = 0;
  let i = 0;
  while (i < raw.length) {
    if (c >= cooked) return i;
    if (raw[i] !== "\\") {
      i++;
      c++;
      continue;
    }
    const next = raw[i + 1];
    if (next === "x") i += 4;
    else if (next === "u" && raw[i + 2] === "{") {
      const close = raw.indexOf("}", i);
      const code = Number.parseInt(raw.slice(i + 3, close), 16);
      i = close < 0 ? raw.length : close + 1;
      c += code > 0xffff ? 1 : 0;
    } else if (next === "u") i += 6;
    else if (next === "\r" && raw[i + 2] === "\n") {
      i += 3;
      continue;
    } else if (next === "\n" || next === "\r" || next === "\u2028" || next === "\u2029") {
      i += 2;
      continue;
    } else i += 2;
    c++;
  }
  return c >= cooked ? i : undefined;
}
