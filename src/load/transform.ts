import { readFileSync } from "node:fs";
import { createRequire, type SourceMapPayload } from "node:module";
import { type ModuleProblem, type Node, checkModule } from "./module-check.ts";

/**
 * The TypeScript transform of definition modules: oxc-transform strips the
 * types (TS → ES module), its module-runner transform turns the ES module
 * into code jiti can run in its async module wrapper (every import an
 * `await`ed call, exports defined on `exports`), and the module checks run
 * on @babel/parser's syntax tree of the source. ADR 0008 ("Cold loads")
 * has the measurements behind the choice: the whole step costs about a
 * fifteenth of jiti's Babel transform in CPU time, in a third of the memory.
 *
 * Both libraries are loaded on the first transform only: a build whose
 * modules are all in the transpile cache loads neither.
 */

/** A source map as JSON (the shape node:module's `SourceMap` takes; oxc leaves out `file` and `sourceRoot`). */
export type SourceMapJson = SourceMapPayload;

/** Code for jiti and the maps that lead from it back to the source, outermost first. */
export interface Transformed {
  code: string;
  maps: SourceMapJson[];
}

export type TransformOutcome =
  | { ok: true; value: Transformed }
  | { ok: false; problem: ModuleProblem };

export interface ModuleTransformOptions {
  filename: string;
  /** TypeScript (jiti's `ts` flag: the file ends in .ts, .mts or .cts). */
  ts: boolean;
  /** Value exports of the running obsforge. */
  exports: ReadonlySet<string>;
  /** A definition module: it must have a default export. */
  isDefinition: boolean;
  /**
   * The module checks' outline of `source` (`moduleOutline` of its tree
   * parsed with this transform's plugins), when a parse of exactly this text
   * was made already; parsed here when absent.
   */
  outline?: readonly Node[];
}

/** Names and versions of what makes the output: part of the transpile cache's key. */
export function transformId(): string {
  return ["oxc-transform", "@babel/parser"].map((p) => `${p}@${packageVersion(p)}`).join(" ");
}

/**
 * Binds the names the module-runner form uses to what jiti's async wrapper
 * passes in (`exports`, `jitiImport`, `jitiESMResolve`, `require`,
 * `__filename`, `__dirname`). One line, so the code below it starts on line 2
 * (the runner's source map is shifted by one line to match).
 */
const PRELUDE = [
  '"use strict";',
  "const __vite_ssr_exports__ = exports;",
  "const __vite_ssr_import__ = (id) => jitiImport(id);",
  "const __vite_ssr_dynamic_import__ = (id) => jitiImport(id);",
  'const __vite_ssr_exportAll__ = (from) => { for (const k of Object.keys(from)) if (k !== "default" && !(k in exports)) Object.defineProperty(exports, k, { enumerable: true, configurable: true, get: () => from[k] }); };',
  'const __vite_ssr_import_meta__ = { get url() { return require("node:url").pathToFileURL(__filename).href; }, filename: __filename, dirname: __dirname, resolve: (id) => jitiESMResolve(id), env: process.env };',
].join(" ");

/** Transform one module, or say why it cannot be (syntax error, module check). */
export function transformModule(source: string, options: ModuleTransformOptions): TransformOutcome {
  const { babelParser, oxc } = libraries();
  let body: readonly Node[];
  if (options.outline !== undefined) body = options.outline;
  else {
    try {
      const ast = babelParser.parse(source, {
        sourceType: "module",
        sourceFilename: options.filename,
        plugins: options.ts ? ["typescript"] : [],
      });
      body = ast.program.body as unknown as Node[];
    } catch (error) {
      return { ok: false, problem: babelSyntaxProblem(error) };
    }
  }
  const esm = oxc.transformSync(options.filename, source, {
    lang: options.ts ? "ts" : "js",
    sourceType: "module",
    sourcemap: true,
  });
  if (esm.errors.length > 0) return { ok: false, problem: oxcProblem(source, esm.errors[0]!) };
  let kept: ReadonlySet<string> | undefined;
  const problem = checkModule(body, {
    exports: options.exports,
    isDefinition: options.isDefinition,
    keptImport: (local) => {
      kept ??= obsforgeImports(babelParser, esm.code);
      return kept.has(local);
    },
  });
  if (problem !== undefined) return { ok: false, problem };
  const runner = oxc.moduleRunnerTransformSync(options.filename, esm.code, { sourcemap: true });
  if (runner.errors.length > 0)
    return { ok: false, problem: oxcProblem(esm.code, runner.errors[0]!) };
  const maps = [runner.map, esm.map].filter((m): m is SourceMapJson => m !== undefined);
  if (maps.length === 2) maps[0] = { ...maps[0]!, mappings: `;${maps[0]!.mappings}` };
  return { ok: true, value: { code: `${PRELUDE}\n${runner.code}`, maps } };
}

/** Local names the transformed ES module still imports from "obsforge" (types are gone by then). */
function obsforgeImports(parser: BabelParser, esm: string): Set<string> {
  const names = new Set<string>();
  for (const node of parser.parse(esm, { sourceType: "module" }).program
    .body as unknown as Node[]) {
    if (node.type !== "ImportDeclaration") continue;
    if ((node.source as Node | undefined)?.value !== "obsforge") continue;
    for (const spec of node.specifiers as Node[]) names.add((spec.local as Node).name as string);
  }
  return names;
}

/** A Babel syntax error as a problem: its position and its message without the trailing `(l:c)`. */
export function babelSyntaxProblem(error: unknown): ModuleProblem {
  const e = error as { loc?: { line?: number; column?: number }; message?: unknown };
  const line = e.loc?.line ?? 1;
  const column = (e.loc?.column ?? 0) + 1;
  // Babel ends its messages with the position in parentheses and may start them with the file.
  const text = String(e.message ?? "")
    .replace(/^[^\n]*?: (?=[A-Z])/, "")
    .replace(/\s*\(\d+:\d+\)\s*$/, "")
    .split("\n")[0]!
    .trim();
  return { line, column, message: `expected valid TypeScript, got a syntax error: ${text}` };
}

interface OxcError {
  message: string;
  labels: { start: number; end: number }[];
}

/** An oxc error (its labels hold UTF-8 byte offsets into `text`) as a problem. */
function oxcProblem(text: string, error: OxcError): ModuleProblem {
  const offset = error.labels[0]?.start ?? 0;
  const before = Buffer.from(text, "utf8").subarray(0, offset).toString("utf8");
  const lines = before.split("\n");
  return {
    line: lines.length,
    column: lines.at(-1)!.length + 1,
    message: `expected valid TypeScript, got a syntax error: ${error.message.split("\n")[0]}`,
  };
}

interface BabelParser {
  parse: (
    source: string,
    options: { sourceType: "module"; sourceFilename?: string; plugins?: string[] },
  ) => { program: { body: unknown[] } };
}
interface Oxc {
  transformSync: (
    filename: string,
    source: string,
    options: { lang: "ts" | "js"; sourceType: "module"; sourcemap: true },
  ) => { code: string; map?: SourceMapJson; errors: OxcError[] };
  moduleRunnerTransformSync: (
    filename: string,
    source: string,
    options: { sourcemap: true },
  ) => { code: string; map?: SourceMapJson; errors: OxcError[] };
}

const require = createRequire(import.meta.url);
let loaded: { babelParser: BabelParser; oxc: Oxc } | undefined;

/** Required (synchronously: jiti's transform hook is) on first use. */
function libraries(): { babelParser: BabelParser; oxc: Oxc } {
  loaded ??= {
    babelParser: require("@babel/parser") as BabelParser,
    oxc: require("oxc-transform") as Oxc,
  };
  return loaded;
}

function packageVersion(name: string): string {
  try {
    const pkg = JSON.parse(readFileSync(require.resolve(`${name}/package.json`), "utf8")) as {
      version?: string;
    };
    return pkg.version ?? "unknown";
  } catch {
    return "unknown";
  }
}
