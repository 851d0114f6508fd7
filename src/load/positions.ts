import type { FieldPath, Problem, Span } from "../core/problem.ts";
import { indexSource, positionAt, type SourceIndex } from "../core/source-index.ts";
import type { FieldLocator } from "./located.ts";
import { tsLocator } from "./locate-ts.ts";
import { yamlLocator } from "./locate-yaml.ts";
import { readSources } from "./sources.ts";

/**
 * Source positions of problems, found where the loader reads definitions:
 * the TypeScript syntax tree of a module (locate-ts.ts) or the YAML
 * parser's node offsets (locate-yaml.ts), never by searching the text for
 * a value. Done lazily, only for files that have a problem to place, so a
 * clean build parses nothing and loads no parser.
 */

/** A field to point at: its path, and optionally the part of its string value. */
export interface Placement {
  path: FieldPath;
  value?: { from: number; to: number };
  /** Only the whole path will do (else the next placement is tried); default: its nearest written part. */
  exact?: boolean;
  /** Point at the field's name rather than its value (a field that should not be there). */
  at?: "key";
}

export interface SourceLocator {
  /**
   * The span of the first placement found in `file`; `valuePlaced` when it
   * points inside the value; `writtenPath` when the file spells the path
   * otherwise and problems should name it so (a rule file's groups).
   */
  find(
    file: string,
    placements: readonly Placement[],
  ): { span: Span; valuePlaced: boolean; writtenPath?: FieldPath } | undefined;
}

/** `x.yaml#2` (the second document of a multi-document YAML file) → `x.yaml`, document 1. */
export function sourceFileOf(file: string): { base: string; document: number } {
  const m = /^(.*\.ya?ml)#(\d+)$/.exec(file);
  return m === null ? { base: file, document: 0 } : { base: m[1]!, document: Number(m[2]) - 1 };
}

/**
 * A locator over the given files' texts (`read` by file name as problems
 * carry it). @babel/parser is loaded only when a TypeScript file is among
 * `files`.
 */
export async function openLocator(
  files: Iterable<string>,
  read: (file: string) => string | undefined,
): Promise<SourceLocator> {
  const wanted = [...new Set(files)].filter((f) => read(sourceFileOf(f).base) !== undefined);
  const parse = wanted.some((f) => /\.m?ts$/.test(sourceFileOf(f).base))
    ? (await import("@babel/parser")).parse
    : undefined;
  const cache = new Map<string, { index: SourceIndex; locate: FieldLocator } | undefined>();
  const open = (file: string) => {
    if (cache.has(file)) return cache.get(file);
    const { base, document } = sourceFileOf(file);
    const text = read(base);
    let locate: FieldLocator | undefined;
    if (text !== undefined) {
      // JSON (the lint config) is YAML 1.2, and js-yaml gives its offsets too.
      if (/\.(ya?ml|json)$/.test(base)) locate = yamlLocator(text, document);
      else if (/\.(promql|logql)$/.test(base)) locate = queryFileLocator(text);
      else if (/\.m?ts$/.test(base) && parse !== undefined)
        locate = tsLocator(parse as unknown as Parameters<typeof tsLocator>[0], text);
    }
    const opened =
      text === undefined || locate === undefined ? undefined : { index: indexSource(text), locate };
    cache.set(file, opened);
    return opened;
  };
  return {
    find(file, placements) {
      const source = open(file);
      if (source === undefined) return undefined;
      for (const placement of placements) {
        const field = source.locate(placement.path);
        if (field === undefined || (placement.exact === true && !field.exact)) continue;
        const written = field.writtenPath === undefined ? {} : { writtenPath: field.writtenPath };
        if (placement.at === "key" && field.exact && field.key !== undefined)
          return {
            span: spanOf(source.index, field.key.start, field.key.end),
            valuePlaced: false,
            ...written,
          };
        if (placement.value !== undefined && field.exact && field.inner !== undefined) {
          const from = field.inner(placement.value.from);
          if (from !== undefined) {
            const to = field.inner(placement.value.to) ?? from;
            return {
              span: spanOf(source.index, from, Math.max(to, from)),
              valuePlaced: true,
              ...written,
            };
          }
        }
        if (placement.value !== undefined && placement.exact === true) continue;
        return {
          span: spanOf(source.index, field.start, field.end),
          valuePlaced: false,
          ...written,
        };
      }
      return undefined;
    },
  };
}

/** A file that is one query (a lint sample): every `expr` is the whole text, trimmed. */
function queryFileLocator(text: string): FieldLocator {
  const start = text.length - text.trimStart().length;
  const end = text.trimEnd().length;
  return (path) =>
    path.at(-1) === "expr" ? { start, end, exact: true, inner: (o) => start + o } : undefined;
}

/** The span of `start`..`end` (file offsets), with its first line's text for carets. */
export function spanOf(index: SourceIndex, start: number, end: number): Span {
  const from = positionAt(index, start);
  const to = positionAt(index, Math.max(end, start));
  if (to.line > from.line) {
    return {
      line: from.line,
      column: from.column,
      endLine: to.line,
      endColumn: to.column,
      excerpt: from.lineText,
    };
  }
  const endColumn = Math.min(Math.max(to.column, from.column + 1), from.lineText.length + 1);
  return {
    line: from.line,
    column: from.column,
    endColumn: Math.max(endColumn, from.column + 1),
    excerpt: from.lineText,
  };
}

/**
 * Problems with the position of the field each names, read from the files
 * (relative to `cwd`) as the loader reads them. A problem about part of a
 * query gets the span of that part; when the query is not written as a
 * literal, the field's span, and its `valueSpan` stays for the reporter.
 */
export async function placeProblems(
  problems: readonly Problem[],
  options: { cwd: string },
): Promise<Problem[]> {
  const pending = problems.filter(
    (p) => p.span === undefined && p.file !== undefined && p.path.length > 0,
  );
  if (pending.length === 0) return [...problems];
  const texts = await readSources(
    pending.map((p) => sourceFileOf(p.file!).base),
    options.cwd,
  );
  const locator = await openLocator(
    pending.map((p) => p.file!),
    (f) => texts.get(f),
  );
  return problems.map((p) => (pending.includes(p) ? placed(p, locator) : p));
}

/** Problems about a field's name, not its value: they point at the key as written. */
const ABOUT_THE_KEY: ReadonlySet<string> = new Set([
  "model/unknown-field",
  "config/unknown-rule",
  // A field of an imported dashboard that the SDK has no place for.
  "import/unsupported",
]);

/** One problem placed with `locator` (unchanged when its field is not found). */
export function placed(p: Problem, locator: SourceLocator): Problem {
  if (p.file === undefined || p.span !== undefined) return p;
  const found = locator.find(p.file, [
    {
      path: p.path,
      ...(ABOUT_THE_KEY.has(p.code) && { at: "key" as const }),
      ...(p.valueSpan !== undefined && { value: { from: p.valueSpan.from, to: p.valueSpan.to } }),
    },
  ]);
  return found === undefined ? p : withPlace(p, found);
}

/**
 * `p` at the place found for it. Its `valueSpan` goes once the span points
 * inside the value; it stays for the reporter when the span is the field's.
 */
export function withPlace(
  p: Problem,
  found: { span: Span; valuePlaced: boolean; writtenPath?: FieldPath },
): Problem {
  const { valueSpan, ...rest } = p;
  return {
    ...rest,
    ...(found.writtenPath !== undefined && { path: found.writtenPath }),
    span: found.span,
    ...(!found.valuePlaced && valueSpan !== undefined && { valueSpan }),
  };
}
