/**
 * Positions in definition files. Definitions are TypeScript modules run by
 * jiti, so the model knows values but not where they were written; the
 * linter finds them again in the file's text (rule names, queries,
 * annotation values), searching forward in authoring order. When a value
 * cannot be found verbatim (built by a helper, say) the finding keeps the
 * file but no line.
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

/** Where a string value appears as a quoted literal (or a bare YAML scalar) at or after `from`. */
export function findQuoted(index: SourceIndex, value: string, from: number): number | undefined {
  const candidates = [JSON.stringify(value), `'${value}'`, `\`${value}\``];
  let best: number | undefined;
  for (const c of candidates) {
    const at = index.text.indexOf(c, from);
    if (at >= 0 && (best === undefined || at + 1 < best)) best = at + 1;
  }
  if (best !== undefined) return best;
  const bare = new RegExp(`:[ \\t]*(${escapeRegExp(value)})[ \\t]*(?:$|#)`, "mg");
  bare.lastIndex = from;
  const m = bare.exec(index.text);
  return m === null ? undefined : m.index + m[0].indexOf(value);
}

/** Where `value` appears verbatim at or after `from` (a query inside a template literal, say). */
export function findVerbatim(index: SourceIndex, value: string, from: number): number | undefined {
  if (value === "") return undefined;
  const at = index.text.indexOf(value, from);
  return at < 0 ? undefined : at;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Where the value at `path` starts in a JSON text, and how long it is when
 * it is a scalar (an object or array counts as its opening bracket). When
 * the path does not exist (a missing `unit`, say), the deepest part of it
 * that does is returned; the document itself when nothing matches.
 */
export function findJsonPath(
  text: string,
  path: readonly (string | number)[],
): { offset: number; length: number } {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const skipString = () => {
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    i++;
  };
  const skipValue = () => {
    ws();
    const c = text[i];
    if (c === '"') return skipString();
    if (c !== "{" && c !== "[") {
      while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++;
      return;
    }
    let depth = 0;
    while (i < text.length) {
      const d = text[i];
      if (d === '"') {
        skipString();
        continue;
      }
      if (d === "{" || d === "[") depth++;
      else if (d === "}" || d === "]") depth--;
      i++;
      if (depth === 0) return;
    }
  };
  /** Move to the value of `key` inside the object or array at `i`; false when it has none. */
  const enter = (key: string | number): boolean => {
    const open = text[i];
    if (open !== (typeof key === "number" ? "[" : "{")) return false;
    const start = i;
    i++;
    for (let n = 0; ; n++) {
      ws();
      if (text[i] === "]" || text[i] === "}" || i >= text.length) break;
      let match = n === key;
      if (typeof key === "string") {
        const nameStart = i;
        skipString();
        match = JSON.parse(text.slice(nameStart, i)) === key;
        ws();
        i++; // the colon
        ws();
      }
      if (match) return true;
      skipValue();
      ws();
      if (text[i] === ",") i++;
    }
    i = start;
    return false;
  };
  ws();
  for (const key of path) {
    const before = i;
    if (!enter(key)) {
      i = before;
      break;
    }
  }
  const start = i;
  const c = text[i];
  if (c === "{" || c === "[") return { offset: start, length: 1 };
  skipValue();
  return { offset: start, length: Math.max(1, i - start) };
}
