import { createRequire } from "node:module";
import type { SyntaxNode, Tree } from "@lezer/common";
import { parser as grammar } from "@prometheus-io/lezer-promql";
import { type ParsedPromQL, parsePromQL } from "./parse.ts";
import { at, type SyntaxErrorInfo } from "../core/syntax-error.ts";
import { matcherMatchesEmpty, selectorInfo } from "./selectors.ts";

/**
 * Type checks: what Prometheus's parser rejects after the grammar accepts
 * (`rate(x)`, `histogram_quantile(0.9)`, `{}`, `sum(rate(x[5m])[1h])`). The
 * checker is codemirror-promql's `Parser`, Prometheus's own checkAST ported
 * to TypeScript and maintained with it, plus the two checks it lacks
 * (`rangeErrors`, `matchesEverySeries`), both pinned by the parity test
 * against promtool.
 */

/** Parse, then type-check a query the grammar accepts; syntax errors come first and alone. */
export function checkPromQL(query: string): ParsedPromQL {
  const parsed = parsePromQL(query);
  if (parsed.errors.length > 0) return parsed;
  return { tree: parsed.tree, errors: typeErrors(query, parsed.tree) };
}

/** Type errors of a query that parsed without syntax errors, in query order. */
export function typeErrors(query: string, tree: Tree): SyntaxErrorInfo[] {
  // One walk for the checks of our own.
  const selectors: SyntaxNode[] = [];
  const ranges: SyntaxNode[] = [];
  const numbers: SyntaxNode[] = [];
  tree.iterate({
    enter(ref) {
      if (ref.name === "VectorSelector") selectors.push(ref.node);
      else if (ref.name === "MatrixSelector") ranges.push(ref.node);
      else if (ref.name === "NumberDurationLiteral") numbers.push(ref.node);
    },
  });
  // Prometheus rejects these while parsing and type-checks only a query that parsed.
  const rangeProblems = [...numberErrors(query, numbers), ...rangeErrors(query, ranges)];
  if (rangeProblems.length > 0) return rangeProblems;
  const { Parser, ownParse } = checker();
  const checked = ownParse === undefined ? tree : ownParse(query);
  let diagnostics: CheckerDiagnostic[];
  try {
    const p = new Parser(stateOf(query, checked));
    p.analyze();
    diagnostics = p.getDiagnostics();
  } catch (error) {
    // The checker recurses over the tree; only absurd nesting overflows the stack.
    if (error instanceof RangeError)
      return [typeError(query, { from: 0, to: query.length }, "query nested too deeply")];
    throw error;
  }
  const errors = diagnostics
    .filter((d) => d.severity === "error" && !isFalsePositive(query, d, selectors))
    .map((d) => typeError(query, d, d.message));
  for (const node of selectors) {
    if (matchesEverySeries(query, node)) {
      errors.push(
        typeError(query, node, "vector selector must contain at least one non-empty matcher"),
      );
    }
  }
  if (errors.length === 0) return errors;
  const seen = new Set<string>();
  return errors
    .filter((e) => {
      const key = `${e.offset}\u0000${e.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.offset - b.offset);
}

function typeError(
  query: string,
  span: { from: number; to: number },
  message: string,
): SyntaxErrorInfo {
  return { ...at(query, span.from, `type error: ${message}`), kind: "type", end: span.to };
}

/**
 * codemirror-promql rejects two `__name__` matchers in a selector without a
 * name before the braces (`{__name__=~"a_.*", __name__!="a_b"}`). Prometheus
 * does not: its check (parser.go, checkAST) only runs when the name stands
 * before the braces, or is given twice as a bare string (`{"a", "b"}`).
 */
function isFalsePositive(
  query: string,
  d: CheckerDiagnostic,
  selectors: readonly SyntaxNode[],
): boolean {
  if (!d.message.startsWith("metric name must not be set twice")) return false;
  const node = selectors.find((n) => n.from === d.from && n.to === d.to);
  if (node === undefined) return false;
  const { nameNodes } = selectorInfo(query, node);
  return nameNodes.length === 0;
}

/**
 * A range on anything but a plain selector (`sum(x)[5m]`, `rate(x[5m])[1h]`,
 * `x offset 1m [5m]`): Prometheus's grammar action rejects it, while
 * codemirror-promql 0.314 checks only what the range is passed to.
 */
/**
 * A decimal literal too large for a float64 (`1e999`): Go's ParseFloat fails
 * with "value out of range", so Prometheus refuses the query; the grammar
 * accepts any digits. (`Inf` is a separate token and stays valid.)
 */
function numberErrors(query: string, numbers: readonly SyntaxNode[]): SyntaxErrorInfo[] {
  const out: SyntaxErrorInfo[] = [];
  for (const node of numbers) {
    const text = query.slice(node.from, node.to);
    if (!/^[0-9.]+(e[+-]?[0-9]+)?$/i.test(text)) continue;
    if (Number.isFinite(Number(text))) continue;
    out.push(typeError(query, node, `number ${text} is out of range for a float64`));
  }
  return out;
}

function rangeErrors(query: string, ranges: readonly SyntaxNode[]): SyntaxErrorInfo[] {
  const out: SyntaxErrorInfo[] = [];
  for (const node of ranges) {
    const inner = node.firstChild;
    if (inner === null || inner.name === "VectorSelector") continue;
    const bracket = query.indexOf("[", inner.to);
    const message =
      inner.name === "OffsetExpr"
        ? "no offset modifiers allowed before range"
        : inner.name === "StepInvariantExpr"
          ? "no @ modifiers allowed before range"
          : "ranges only allowed for vector selectors";
    out.push(typeError(query, { from: bracket === -1 ? inner.to : bracket, to: node.to }, message));
  }
  return out;
}

/**
 * A selector without a name whose every matcher accepts a series lacking
 * the label (`{job=~".*"}`, `{a!~"x"}`) selects every series. Prometheus
 * rejects it; codemirror-promql 0.314 counts every regex as non-empty.
 */
function matchesEverySeries(query: string, node: SyntaxNode): boolean {
  // Cheap exit first: a name before the braces is a non-empty matcher.
  if (node.firstChild?.name === "Identifier") return false;
  const info = selectorInfo(query, node);
  return (
    info.nameNodes.length === 0 &&
    info.matchers.length > 0 &&
    info.matchers.every(matcherMatchesEmpty)
  );
}

// ---------------------------------------------------------------------------
// Loading the checker

interface CheckerDiagnostic {
  severity: "error" | "warning" | "info" | "hint";
  message: string;
  from: number;
  to: number;
}

interface CheckerParser {
  analyze(): void;
  getDiagnostics(): CheckerDiagnostic[];
}

interface Checker {
  Parser: new (state: unknown) => CheckerParser;
  /** Set when the checker's grammar differs from ours: it then gets a tree of its own. */
  ownParse?: (query: string) => Tree;
}

let loaded: Checker | undefined;

/**
 * Loaded on first use, so commands that check no query never pay for it
 * (~60 ms: the checker pulls in @codemirror/language and view). The ESM
 * build imports files without extensions, which Node's ESM loader refuses,
 * so the CommonJS build is required.
 */
function checker(): Checker {
  if (loaded !== undefined) return loaded;
  const require = createRequire(import.meta.url);
  const { Parser } = require("@prometheus-io/codemirror-promql/dist/cjs/parser/parser.js") as {
    Parser: Checker["Parser"];
  };
  // The checker reads node ids of the lezer-promql it depends on. When they
  // name the same nodes as ours, our tree is reused (no second parse).
  const theirs = createRequire(require.resolve("@prometheus-io/codemirror-promql"))(
    "@prometheus-io/lezer-promql",
  ) as { parser: typeof grammar };
  const same =
    theirs.parser === grammar ||
    (theirs.parser.nodeSet.types.length === grammar.nodeSet.types.length &&
      theirs.parser.nodeSet.types.every((t, i) => t.name === grammar.nodeSet.types[i]?.name));
  const candidate: Checker = {
    Parser,
    ...(!same && { ownParse: (query: string) => theirs.parser.parse(query) }),
  };
  // A canary: should the checker stop reading the tree it is given, every
  // query would silently pass. `rate(x)` must fail.
  const canary = new candidate.Parser(stateOf("rate(x)", grammar.parse("rate(x)")));
  canary.analyze();
  if (canary.getDiagnostics().length === 0) {
    throw new Error("codemirror-promql's checker no longer reads the syntax tree it is given");
  }
  loaded = candidate;
  return loaded;
}

/**
 * The slice of an EditorState the checker reads: `syntaxTree(state)` (which
 * reads the language field's tree) and `sliceDoc`. A real EditorState parses
 * in 20 ms slices and only the first 3000 characters up front, so long
 * queries, or a busy machine, would yield a partial tree; this one holds the
 * complete tree, whatever the load.
 */
function stateOf(query: string, tree: Tree): unknown {
  return {
    field: () => ({ tree }),
    sliceDoc: (from = 0, to = query.length) => query.slice(from, to),
  };
}
