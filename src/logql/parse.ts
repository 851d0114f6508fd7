import { parser } from "@grafana/lezer-logql";
import type { SyntaxNode, Tree } from "@lezer/common";
import { unquoteString } from "../core/string-literal.ts";
import { at, describeError, type SyntaxErrorInfo } from "../core/syntax-error.ts";
import { regexMatchesEmpty } from "../core/re2.ts";

export interface ParsedLogQL {
  tree: Tree;
  errors: SyntaxErrorInfo[];
  /** `metric` for queries that return numbers (what rules need), `log` for log-line queries. */
  kind: "metric" | "log" | undefined;
}

/**
 * Parse with Grafana's LogQL grammar (@grafana/lezer-logql), mirroring
 * parsePromQL: lezer never throws, it marks bad input with error nodes, so
 * the tree is walked for them. Two gaps of the grammar are closed here,
 * because Loki's own parser (syntax.ParseExpr, which the ruler runs on every
 * rule) rejects what the grammar lets through:
 * - string literals are checked as Loki reads them (Go's strconv.Unquote):
 *   the grammar accepts unknown escapes such as `"\q"`;
 * - a stream selector needs one matcher that cannot match the empty string
 *   (`{app=""}`, `{app=~".*"}` and `{app!="x"}` alone select every stream).
 */
export function parseLogQL(query: string): ParsedLogQL {
  const tree = parser.parse(query);
  if (query.trim() === "") return { tree, errors: [at(query, 0, "empty query")], kind: undefined };
  const errors: SyntaxErrorInfo[] = [];
  tree.iterate({
    enter(node) {
      if (node.type.isError) {
        errors.push(describeError(query, node.from, node.to));
        return false;
      }
      if (node.name === "String" && unquoteString(query.slice(node.from, node.to)) === undefined) {
        errors.push(
          at(query, node.from, "invalid string literal (bad escape or no closing quote)"),
        );
      }
      return undefined;
    },
  });
  // Only a well-formed query has selectors worth judging.
  if (errors.length === 0) {
    tree.iterate({
      enter(node) {
        if (node.name !== "Selector" || selectsSomething(query, node.node)) return undefined;
        errors.push(
          at(
            query,
            node.from,
            'stream selector without a matcher that excludes the empty value (add one such as app="x" or app=~".+")',
          ),
        );
        return false;
      },
    });
  }
  errors.sort((a, b) => a.offset - b.offset);
  return { tree, errors, kind: queryKind(tree) };
}

function queryKind(tree: Tree): ParsedLogQL["kind"] {
  const expr = tree.topNode.getChild("Expr");
  const first = expr?.firstChild?.name;
  return first === "MetricExpr" ? "metric" : first === "LogExpr" ? "log" : undefined;
}

/** Loki's validateMatchers: at least one `=`/`=~` matcher whose value the empty string does not satisfy. */
function selectsSomething(query: string, selector: SyntaxNode): boolean {
  for (const m of matcherNodes(selector)) {
    const op = m.getChild("Eq") ?? m.getChild("Re");
    const literal = m.getChild("String");
    if (op === null || literal === null) continue;
    const value = unquoteString(query.slice(literal.from, literal.to));
    if (value === undefined) continue;
    if (op.name === "Eq" ? value !== "" : !regexMatchesEmpty(value)) return true;
  }
  return false;
}

/** The grammar nests `Matchers` left-recursively: `{a="1", b="2"}` is Matchers(Matchers(a), b). */
export function matcherNodes(selector: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let m = selector.getChild("Matchers"); m !== null; m = m.getChild("Matchers")) {
    out.unshift(...m.getChildren("Matcher"));
  }
  return out;
}
