/**
 * What one source file imports, and whether what it computes can be cached.
 *
 * The module cache (src/load/module-cache.ts) reuses a definition's
 * validated model when the module and every file it imports are byte for
 * byte what they were. That is sound only when the module is a function of
 * those bytes and of obsforge: nothing read from the disk, the clock, the
 * environment, chance or the locale, and nothing loaded that is not in its
 * static import closure. The module checks (src/load/module-check.ts) do
 * not forbid any of that at transform time, so this file decides, from the
 * syntax tree, which files are such functions. A file it refuses is simply
 * not cached: it loads on every build, as without a cache.
 *
 * Refused: imports other than `obsforge` and relative files named with
 * their extension (a package or `node:fs` is outside the closure; an
 * extension-less path resolves by what else is on disk); dynamic
 * `import()`, `require`, `import.meta`, `import x = require(…)`; any global
 * not on the list of pure ones below (`Date`, `process`, `globalThis`,
 * `fetch`, `crypto`, `performance`, `Intl`, timers, `console` …); and the
 * impure members of pure globals and values (`Math.random`, locale-dependent
 * `toLocale…` and `localeCompare`, `stack`, and `constructor`, the usual
 * road from a value to `Function`). Not detected: a module that builds a
 * property name at run time to reach `constructor` (`x[a + b]`), which
 * hides its impurity on purpose.
 */

/** The imports of one file and, when it cannot be cached, why (with its line). */
export interface FileAnalysis {
  /** Relative specifiers (`./lib/common.ts`), in source order; `obsforge` is left out. */
  imports: string[];
  refusal?: string;
}

/** Globals whose every use is a pure function of its arguments (Math: see the member check). */
const PURE_GLOBALS = new Set([
  "undefined",
  "NaN",
  "Infinity",
  "Object",
  "Array",
  "String",
  "Number",
  "Boolean",
  "BigInt",
  "Symbol",
  "JSON",
  "Math",
  "Map",
  "Set",
  "WeakMap",
  "WeakSet",
  "RegExp",
  "Error",
  "TypeError",
  "RangeError",
  "SyntaxError",
  "ReferenceError",
  "EvalError",
  "URIError",
  "AggregateError",
  "Promise",
  "parseInt",
  "parseFloat",
  "isNaN",
  "isFinite",
  "encodeURIComponent",
  "decodeURIComponent",
  "encodeURI",
  "decodeURI",
  "structuredClone",
  "arguments",
]);

/** Globals refused even where the file also declares the name somewhere (shadowing is per scope). */
const IMPURE_GLOBALS = new Set([
  "Date",
  "process",
  "globalThis",
  "global",
  "window",
  "self",
  "eval",
  "Function",
  "require",
  "module",
  "exports",
  "__dirname",
  "__filename",
  "fetch",
  "performance",
  "crypto",
  "Intl",
  "Buffer",
  "console",
  "setTimeout",
  "setInterval",
  "setImmediate",
  "queueMicrotask",
  "WeakRef",
  "FinalizationRegistry",
]);

/** Members whose value depends on the locale, the machine or reaches `Function`. */
const IMPURE_MEMBERS = new Set([
  "constructor",
  "stack",
  "toLocaleString",
  "toLocaleDateString",
  "toLocaleTimeString",
  "toLocaleUpperCase",
  "toLocaleLowerCase",
  "localeCompare",
]);

/** Keys of TypeScript nodes that hold types only (erased before the module runs). */
const TYPE_KEYS = new Set([
  "typeAnnotation",
  "returnType",
  "typeParameters",
  "typeArguments",
  "superTypeParameters",
  "implements",
  "predicate",
]);

/** Statements that declare types only. */
const TYPE_ONLY = new Set([
  "TSInterfaceDeclaration",
  "TSTypeAliasDeclaration",
  "TSDeclareFunction",
  "TSDeclareMethod",
  "TSIndexSignature",
]);

/** Extensions a relative import must end with (so it names one file, whatever else is on disk). */
export const CACHEABLE_EXTENSIONS = /\.(m?ts|m?js|json)$/;

interface Node {
  type: string;
  loc?: { start: { line: number; column: number } } | null;
  [key: string]: unknown;
}

class Refused extends Error {}

interface Walk {
  imports: string[];
  declared: Set<string>;
  /** Free-standing references: name → line of the first one. */
  references: Map<string, number>;
}

/** The plugins src/load/transform.ts parses a TypeScript module with (for its module checks). */
const TRANSFORM_PLUGINS = ["typescript"];
/** What the analysis accepts besides: legacy decorators (the loader then reports them), import attributes. */
const ALL_PLUGINS = ["typescript", "decorators-legacy", "importAttributes"];

export interface AnalyseOptions {
  /**
   * Given the top-level statements of the file's tree when it parses with
   * the transform's plugins (`TRANSFORM_PLUGINS`), so the transform's
   * module checks need not parse the same text again.
   */
  onTransformTree?: (body: readonly Node[]) => void;
}

/** Analyse one TypeScript or JavaScript file's text (JSON files have no imports: not called for them). */
export async function analyseSource(
  text: string,
  file: string,
  options: AnalyseOptions = {},
): Promise<FileAnalysis> {
  // Loaded only when a file is new to the cache: a warm build parses nothing.
  const { parse } = await import("@babel/parser");
  const parseWith = (plugins: string[]) =>
    parse(text, {
      sourceType: "module",
      sourceFilename: file,
      plugins: plugins as ["typescript"],
      errorRecovery: false,
    }).program as unknown as Node;
  // The transform's plugins first: where they parse a file, the larger set
  // makes the same tree (decorators-legacy only gives `@` a meaning, and
  // without it `@` is a syntax error; import attributes parse in Babel 7.26+
  // whatever the plugins say), so the verdict is the one the larger set
  // gives and the tree serves the transform's checks as well.
  let program: Node | undefined;
  try {
    program = parseWith(TRANSFORM_PLUGINS);
  } catch {}
  if (program !== undefined) options.onTransformTree?.(program.body as Node[]);
  else {
    try {
      program = parseWith(ALL_PLUGINS);
    } catch {
      // The loader reports the syntax error; such a module never reaches the cache.
      return { imports: [], refusal: "it does not parse" };
    }
  }
  const walk: Walk = { imports: [], declared: new Set(), references: new Map() };
  try {
    visit(program, walk);
  } catch (error) {
    if (error instanceof Refused) return { imports: walk.imports, refusal: error.message };
    throw error;
  }
  for (const [name, line] of walk.references) {
    if (IMPURE_GLOBALS.has(name)) return refusal(walk, `it uses ${name} (line ${line})`);
    if (!walk.declared.has(name) && !PURE_GLOBALS.has(name))
      return refusal(walk, `it uses the global ${name} (line ${line})`);
  }
  return { imports: walk.imports };
}

function refusal(walk: Walk, reason: string): FileAnalysis {
  return { imports: walk.imports, refusal: reason };
}

function lineOf(node: Node): number {
  return node.loc?.start.line ?? 1;
}

function refused(node: Node, what: string): Refused {
  return new Refused(`it uses ${what} (line ${lineOf(node)})`);
}

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && typeof (value as Node).type === "string";
}

function children(node: Node, skip: readonly string[] = []): Node[] {
  const out: Node[] = [];
  for (const key of Object.keys(node)) {
    if (key === "loc" || key === "leadingComments" || key === "trailingComments") continue;
    if (TYPE_KEYS.has(key) || skip.includes(key)) continue;
    const value = node[key];
    if (Array.isArray(value)) for (const v of value) if (isNode(v)) out.push(v);
    if (isNode(value)) out.push(value);
  }
  return out;
}

function stringValue(node: unknown): string | undefined {
  return isNode(node) && node.type === "StringLiteral" ? (node.value as string) : undefined;
}

/** A relative import must name an existing file with its extension; `obsforge` is the running one. */
function addImport(node: Node, walk: Walk): void {
  const source = stringValue(node.source);
  if (source === undefined) return;
  // obsforge and the Grafana SDK it hands to definitions are keyed by the code fingerprint.
  if (source === "obsforge" || source.startsWith("@grafana/grafana-foundation-sdk/")) return;
  if (!source.startsWith("./") && !source.startsWith("../"))
    throw refused(
      node,
      `an import of ${JSON.stringify(source)}, which is not a file of the estate`,
    );
  if (!CACHEABLE_EXTENSIONS.test(source))
    throw refused(
      node,
      `an import of ${JSON.stringify(source)} without a .ts, .js or .json extension`,
    );
  walk.imports.push(source);
}

function visit(node: Node, walk: Walk): void {
  if (TYPE_ONLY.has(node.type) || node.declare === true) return;
  switch (node.type) {
    case "ImportDeclaration":
      if (node.importKind === "type") return;
      addImport(node, walk);
      for (const spec of node.specifiers as Node[]) declarePattern(spec.local as Node, walk);
      return;
    case "ExportAllDeclaration":
      if (node.exportKind !== "type") addImport(node, walk);
      return;
    case "ExportNamedDeclaration":
      if (node.exportKind === "type") return;
      if (node.source !== null && node.source !== undefined) {
        addImport(node, walk);
        return;
      }
      if (isNode(node.declaration)) visit(node.declaration, walk);
      for (const spec of node.specifiers as Node[]) {
        if (spec.exportKind !== "type" && isNode(spec.local)) reference(spec.local, walk);
      }
      return;
    case "TSImportEqualsDeclaration":
      throw refused(node, "import … = require(…)");
    case "TSExportAssignment":
      throw refused(node, "export = …");
    case "Import":
    case "ImportExpression":
      throw refused(node, "a dynamic import()");
    case "MetaProperty":
      if ((node.meta as Node).name === "import") throw refused(node, "import.meta");
      return;
    case "Identifier":
      // Math is allowed as `Math.<name>` only (see member): as a value it hands out random.
      if (node.name === "Math") throw refused(node, "Math as a value");
      reference(node, walk);
      return;
    case "PrivateName":
      return;
    case "StringLiteral":
      // `Reflect.get(f, "constructor")` and the like: the road to Function, spelt as a string.
      if (node.value === "constructor") throw refused(node, '"constructor"');
      return;
    case "MemberExpression":
    case "OptionalMemberExpression":
      member(node, walk);
      return;
    case "VariableDeclarator":
      declarePattern(node.id as Node, walk);
      if (isNode(node.init)) visit(node.init, walk);
      return;
    case "FunctionDeclaration":
    case "FunctionExpression":
    case "ArrowFunctionExpression":
    case "ObjectMethod":
    case "ClassMethod":
    case "ClassPrivateMethod":
      func(node, walk);
      return;
    case "ClassDeclaration":
    case "ClassExpression":
      if (isNode(node.id)) declarePattern(node.id, walk);
      for (const child of children(node, ["id"])) visit(child, walk);
      return;
    case "CatchClause":
      if (isNode(node.param)) declarePattern(node.param, walk);
      visit(node.body as Node, walk);
      return;
    case "TSEnumDeclaration":
      declarePattern(node.id as Node, walk);
      for (const m of (node.members as Node[] | undefined) ?? []) {
        if (isNode(m.initializer)) visit(m.initializer, walk);
      }
      return;
    case "TSModuleDeclaration":
      if (isNode(node.id) && node.id.type === "Identifier") declarePattern(node.id, walk);
      if (isNode(node.body)) visit(node.body, walk);
      return;
    case "TSParameterProperty":
      declarePattern(node.parameter as Node, walk);
      return;
    case "LabeledStatement":
    case "BreakStatement":
    case "ContinueStatement":
      for (const child of children(node, ["label"])) visit(child, walk);
      return;
    case "ObjectProperty":
    case "ClassProperty":
    case "ClassAccessorProperty":
    case "ClassPrivateProperty":
      keyed(node, walk);
      return;
  }
  for (const child of children(node)) visit(child, walk);
}

function reference(node: Node, walk: Walk): void {
  const name = node.name as string;
  if (!walk.references.has(name)) walk.references.set(name, lineOf(node));
}

function propertyName(node: Node): string | undefined {
  if (node.computed === true) return stringValue(node.property);
  const property = node.property as Node;
  return property.type === "Identifier" ? (property.name as string) : undefined;
}

/** `a.b`: `b` is a name, not a reference; a few names are refused on any object. */
function member(node: Node, walk: Walk): void {
  const object = node.object as Node;
  const name = propertyName(node);
  if (name !== undefined && IMPURE_MEMBERS.has(name)) throw refused(node, `.${name}`);
  if (object.type === "Identifier" && object.name === "Math") {
    // Math is pure but for random(); only `Math.<name>` with a written name is allowed.
    if (name === undefined || name === "random") throw refused(node, "Math.random or Math[…]");
    reference(object, walk);
  } else visit(object, walk);
  if (node.computed === true) visit(node.property as Node, walk);
}

/** Object and class members: a written key is a name; a computed key and the value are code. */
function keyed(node: Node, walk: Walk): void {
  const key = node.key as Node;
  if (node.computed === true) visit(key, walk);
  if (isNode(node.value)) visit(node.value, walk);
  for (const d of (node.decorators as Node[] | undefined) ?? []) visit(d, walk);
}

function func(node: Node, walk: Walk): void {
  if (isNode(node.id)) declarePattern(node.id, walk);
  if (node.type === "ObjectMethod" || node.type === "ClassMethod") {
    if (node.computed === true) visit(node.key as Node, walk);
  }
  for (const param of (node.params as Node[] | undefined) ?? []) declarePattern(param, walk);
  for (const d of (node.decorators as Node[] | undefined) ?? []) visit(d, walk);
  visit(node.body as Node, walk);
}

/** A binding position: names are declared; defaults and computed keys are code. */
function declarePattern(node: Node, walk: Walk): void {
  switch (node.type) {
    case "Identifier":
      walk.declared.add(node.name as string);
      return;
    case "AssignmentPattern":
      declarePattern(node.left as Node, walk);
      visit(node.right as Node, walk);
      return;
    case "RestElement":
      declarePattern(node.argument as Node, walk);
      return;
    case "ArrayPattern":
      for (const e of node.elements as (Node | null)[]) if (e !== null) declarePattern(e, walk);
      return;
    case "ObjectPattern":
      for (const p of node.properties as Node[]) {
        if (p.type === "RestElement") declarePattern(p, walk);
        else {
          if (p.computed === true) visit(p.key as Node, walk);
          declarePattern(p.value as Node, walk);
        }
      }
      return;
    case "TSParameterProperty":
      declarePattern(node.parameter as Node, walk);
      return;
    default:
      // A member expression as an assignment target (`[a.b] = …` in a for-of), or anything else: code.
      visit(node, walk);
  }
}
