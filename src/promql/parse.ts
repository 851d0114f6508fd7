import type { SyntaxNode, Tree } from "@lezer/common";
import { parser } from "@prometheus-io/lezer-promql";

export interface SyntaxErrorInfo {
  /** 0-based offset into the query. */
  offset: number;
  /** 1-based line and column inside the query. */
  line: number;
  column: number;
  message: string;
  /** `type` for errors of the type checker (typecheck.ts); syntax errors leave it unset. */
  kind?: "type";
  /** Type errors: the end offset (exclusive) of the expression at fault. */
  end?: number;
}

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

/**
 * What a lezer error node at [from, to) means for a reader: the unexpected
 * text, or the end of the query. Shared by the PromQL and LogQL parsers.
 */
export function describeError(query: string, from: number, to: number): SyntaxErrorInfo {
  if (from >= query.trimEnd().length) return at(query, from, "unexpected end of query");
  const text = (to > from ? query.slice(from, to) : query.slice(from).split(/\s/)[0]) ?? "";
  const shown = text.length > 20 ? `${text.slice(0, 20)}...` : text;
  return at(query, from, `unexpected ${JSON.stringify(shown)}`);
}

/** A syntax error at `offset`, with its 1-based line and column. */
export function at(query: string, offset: number, message: string): SyntaxErrorInfo {
  const before = query.slice(0, offset).split("\n");
  return { offset, line: before.length, column: (before.at(-1)?.length ?? 0) + 1, message };
}

/** `1:17` for one-line queries reads as `column 17`; multi-line queries get `line 2, column 3`. */
export function formatPosition(query: string, error: SyntaxErrorInfo): string {
  return query.includes("\n")
    ? `line ${error.line}, column ${error.column}`
    : `column ${error.column}`;
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
