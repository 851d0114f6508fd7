import type { SyntaxNode, Tree } from "@lezer/common";
import { parser } from "@prometheus-io/lezer-promql";
import { at, describeError, type SyntaxErrorInfo } from "../core/syntax-error.ts";

export interface ParsedPromQL {
  tree: Tree;
  errors: SyntaxErrorInfo[];
}

/**
 * Parse with the official grammar. lezer never throws: it marks bad input
 * with error nodes, so the tree is walked for them. The grammar also lets a
 * string literal run to the end of input without its closing quote (a TODO
 * upstream); promtool rejects that, so it is reported here too.
 */
export function parsePromQL(query: string): ParsedPromQL {
  const tree = parser.parse(query);
  const errors: SyntaxErrorInfo[] = [];
  tree.iterate({
    enter(node) {
      if (node.type.isError) {
        errors.push(describeError(query, node.from, node.to));
        return false;
      }
      if (node.name === "StringLiteral" && !isTerminated(query.slice(node.from, node.to))) {
        errors.push(at(query, node.from, "unterminated string literal"));
      }
      return undefined;
    },
  });
  if (query.trim() === "") errors.push(at(query, 0, "empty query"));
  errors.sort((a, b) => a.offset - b.offset);
  return { tree, errors };
}

function isTerminated(literal: string): boolean {
  return literal.length >= 2 && literal[literal.length - 1] === literal[0];
}

/** Every node of the tree with the given name, in document order. */
export function findNodes(tree: Tree, name: string): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  tree.iterate({
    enter(node) {
      if (node.name === name) found.push(node.node);
    },
  });
  return found;
}
