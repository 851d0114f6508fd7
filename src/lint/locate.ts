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
