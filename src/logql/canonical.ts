import { canonicalTree } from "../core/canonical-tree.ts";
import { unquoteString } from "../core/string-literal.ts";
import { parseLogQL } from "./parse.ts";

/**
 * A formatting-independent rendering of a LogQL query, as
 * src/promql/canonical.ts does for PromQL: whitespace and parentheses
 * vanish (the grammar's parentheses are anonymous tokens); numbers compare
 * by value and strings by decoded content (`"a"` and `` `a` `` are the
 * same). Returns undefined when the query does not parse.
 */
export function canonicalLogQL(query: string): string | undefined {
  const { tree, errors } = parseLogQL(query);
  if (errors.length > 0) return undefined;
  return canonicalTree(tree, query, { leaf });
}

function leaf(name: string, text: string): string {
  if (name === "Number") {
    const n = Number(text);
    return Number.isNaN(n) ? text : String(n);
  }
  if (name === "String") return JSON.stringify(unquoteString(text) ?? text);
  return `${name}:${text}`;
}
