import { SourceMap } from "node:module";

/**
 * Where in the user's source a run-time error came from, and what it says,
 * without the transpiler showing through. jiti keeps line numbers
 * (`retainLines`) but not columns, and Node applies no source maps to code
 * jiti evaluates, so the column is mapped back through the inline source map
 * of the transpiled code, which the loader keeps for every file it transforms.
 */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

export interface TranspiledFile {
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
      const position = original(files.get(file)!, Number(match[1]), Number(match[2]));
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
  const col = line === 1 ? column - wrapperPrefix(file.async).length : column;
  const map = MAP_COMMENT.exec(file.code);
  if (map === null) return { line, column: Math.max(col, 1) };
  try {
    const payload = JSON.parse(Buffer.from(map[1]!, "base64").toString("utf8"));
    const entry = new SourceMap(payload).findEntry(line - 1, Math.max(col - 1, 0)) as {
      originalLine?: number;
      originalColumn?: number;
    };
    if (entry.originalLine === undefined || entry.originalColumn === undefined)
      return { line, column: col };
    return { line: entry.originalLine + 1, column: entry.originalColumn + 1 };
  } catch {
    return { line, column: Math.max(col, 1) };
  }
}

/**
 * `TypeError: x is not a function`, in one line, for any thrown value (a
 * string, an object with throwing getters, a Proxy). jiti's CommonJS interop
 * names (`(0 , _common.helper)`) are put back as the user wrote them.
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
  return line.replace(/\(0 , _[\w$]+\.([\w$]+)\)/g, "$1").replace(/\b_obsforge\.([\w$]+)/g, "$1");
}

function safeRead<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
