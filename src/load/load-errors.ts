import { SourceMap, type SourceMapPayload } from "node:module";

/**
 * Where in the user's source a run-time error came from, and what it says,
 * without the transpiler showing through. Node applies no source maps to
 * code jiti evaluates, so the position V8 reports is mapped back through the
 * source maps the loader keeps for every file it transforms (the transform
 * makes two steps, so there may be two maps, applied outermost first).
 */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

export interface TranspiledFile {
  /** The code jiti ran, with its source maps at the end (see `sourceMapsOf`). */
  code: string;
  /** Whether jiti wrapped it in an async function (its prefix shifts line 1). */
  async: boolean;
}

/** jiti's module wrapper; what it puts before the code on line 1. */
function wrapperPrefix(async: boolean): string {
  return `(${async ? "async " : ""}function (exports, require, module, __filename, __dirname, jitiImport, jitiESMResolve) { `;
}

const MAP_COMMENT =
  /\n\/\/# sourceMappingURL=data:application\/json;(?:charset=utf-8;)?base64,([A-Za-z0-9+/=]+)\s*$/;
/** The last line of obsforge's transform: its source maps, outermost first, as base64 JSON. */
const MAPS_COMMENT = "\n//# obsforgeSourceMaps=";

/** `code` with `maps` appended in the comment `sourceMapsOf` reads. */
export function withSourceMaps(code: string, maps: readonly SourceMapPayload[]): string {
  return `${code}${MAPS_COMMENT}${Buffer.from(JSON.stringify(maps)).toString("base64")}\n`;
}

/**
 * The source maps at the end of `code`, outermost first: obsforge's own
 * comment (two maps: one per step of the transform), or the inline map
 * Babel writes. Read only when an error needs a position.
 */
export function sourceMapsOf(code: string): SourceMapPayload[] {
  try {
    const ours = code.lastIndexOf(MAPS_COMMENT);
    if (ours !== -1) {
      const text = Buffer.from(code.slice(ours + MAPS_COMMENT.length).trim(), "base64");
      return JSON.parse(text.toString("utf8")) as SourceMapPayload[];
    }
    const map = MAP_COMMENT.exec(code);
    return map === null
      ? []
      : [JSON.parse(Buffer.from(map[1]!, "base64").toString("utf8")) as SourceMapPayload];
  } catch {
    return [];
  }
}

/**
 * The innermost stack frame of `error` in one of `files`, mapped to the
 * original source. Frames are matched against the exact paths the loader
 * transformed, not parsed out of free text.
 */
export function sourcePositionOf(
  error: unknown,
  files: ReadonlyMap<string, TranspiledFile>,
): SourcePosition | undefined {
  const stack = safeRead(() => (error as { stack?: unknown }).stack);
  if (typeof stack !== "string") return undefined;
  const paths = [...files.keys()].sort((a, b) => b.length - a.length);
  for (const frame of stack.split("\n").slice(1)) {
    for (const file of paths) {
      const at = frame.lastIndexOf(`${file}:`);
      if (at === -1) continue;
      const match = /^(\d+):(\d+)\)?$/.exec(frame.slice(at + file.length + 1).trim());
      if (match === null) continue;
      const transpiled = files.get(file)!;
      // Line 1 of obsforge's transform is its prelude (transform.ts): the caller's frame is next.
      if (match[1] === "1" && transpiled.code.includes(MAPS_COMMENT)) continue;
      const position = original(transpiled, Number(match[1]), Number(match[2]));
      return { file, ...position };
    }
  }
  return undefined;
}

/** Map a 1-based position in transpiled code (as V8 reports it) to the source. */
function original(
  file: TranspiledFile,
  line: number,
  column: number,
): { line: number; column: number } {
  let at = {
    line,
    column: Math.max(line === 1 ? column - wrapperPrefix(file.async).length : column, 1),
  };
  for (const payload of sourceMapsOf(file.code)) {
    try {
      const entry = new SourceMap(payload).findEntry(at.line - 1, at.column - 1) as {
        originalLine?: number;
        originalColumn?: number;
      };
      if (entry.originalLine === undefined || entry.originalColumn === undefined) return at;
      at = { line: entry.originalLine + 1, column: entry.originalColumn + 1 };
    } catch {
      return at;
    }
  }
  return at;
}

/**
 * `TypeError: x is not a function`, in one line, for any thrown value (a
 * string, an object with throwing getters, a Proxy). The names the
 * transform gives imports (`(0 , __vite_ssr_import_0__.helper)`, Babel's
 * `(0 , _common.helper)`) are put back as the user wrote them.
 */
export function thrownText(error: unknown): string {
  const text = safeRead(() => {
    if (error instanceof Error) {
      const name = String(error.name);
      const message = String(error.message);
      return name === "Error" || name === "" ? message : `${name}: ${message}`;
    }
    if (typeof error === "string") return error;
    return `a thrown ${error === null ? "null" : typeof error} (not an Error)`;
  });
  const line = (typeof text === "string" ? text : "an error that cannot be read")
    .split("\n")[0]!
    .trim();
  return line
    .replace(/\(0 ?, _[\w$]+\.([\w$]+)\)/g, "$1")
    .replace(/\b(?:_obsforge|__vite_ssr_import_\d+__)\.([\w$]+)/g, "$1");
}

function safeRead<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
