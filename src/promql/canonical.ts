import { canonicalTree } from "../core/canonical-tree.ts";
import { unquoteString } from "../core/string-literal.ts";
import { parsePromQL } from "./parse.ts";

/**
 * A formatting-independent rendering of a PromQL expression, for comparing
 * two expressions semantically (import equivalence, `diff`). The parse tree
 * already encodes grouping, so parentheses are dropped; whitespace and
 * comments vanish; numbers compare by value and strings by decoded content.
 * Returns undefined when the expression does not parse.
 */
export function canonicalPromQL(expr: string): string | undefined {
  const { tree, errors } = parsePromQL(expr);
  if (errors.length > 0) return undefined;
  return canonicalTree(tree, expr, { leaf, transparent: PARENS });
}

const PARENS: ReadonlySet<string> = new Set(["ParenExpr"]);

function leaf(name: string, text: string): string {
  if (name === "NumberDurationLiteral" || name === "NumberDurationLiteralInDurationContext") {
    const n = Number(text);
    return Number.isNaN(n) ? text : String(n);
  }
  if (name === "StringLiteral") return JSON.stringify(unquoteString(text) ?? text);
  return `${name}:${text}`;
}
