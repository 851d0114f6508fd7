import type { SyntaxNode, Tree } from "@lezer/common";
import type { SyntaxErrorInfo } from "../../core/syntax-error.ts";
import { type SelectorInfo, selectorInfo } from "../../promql/selectors.ts";
import { typeErrorsByShape } from "../../promql/shape-parse.ts";
import type { Catalogue } from "../catalogue.ts";
import type { CheckProblem, RuleContext } from "../check.ts";

/**
 * What the rule checks read off a query's tree, computed once per tree and
 * shared by every check (and every rule) that asks. A lezer tree never
 * changes once parsed, and the lint path hands rules with the same query
 * one tree (src/lint/foreign/rules.ts), so a fact cached per tree is a fact
 * of the query. What is returned is shared: callers must not change it.
 *
 * The memos are weak, but the rules of a 60,000-rule file keep their trees
 * for the whole run, so facts kept that long would double the heap: the
 * lint loop forgets a tree's facts after the last rule that has it
 * (`forgetTree`). A fact asked for again is computed again.
 */

/** Every memo of this module, for `forgetTree`. */
const memos: { delete(tree: Tree): boolean }[] = [];

function memo<T>(): WeakMap<Tree, T> {
  const map = new WeakMap<Tree, T>();
  memos.push(map);
  return map;
}

/** Drop what is cached for `tree`: no rule still to be linted has it. */
export function forgetTree(tree: Tree): void {
  for (const m of memos) m.delete(tree);
}

/** The node kinds the checks look for; one walk collects them all. */
type Collected =
  | "AggregateExpr"
  | "BinaryExpr"
  | "FunctionCall"
  | "MatrixSelector"
  | "VectorSelector";

const nodesByTree = memo<Record<Collected, SyntaxNode[]>>();

/** Every node of the tree with the given name, in document order (as `findNodes`, from one shared walk). */
export function nodesNamed(tree: Tree, name: Collected): readonly SyntaxNode[] {
  let nodes = nodesByTree.get(tree);
  if (nodes === undefined) {
    const found: Record<Collected, SyntaxNode[]> = {
      AggregateExpr: [],
      BinaryExpr: [],
      FunctionCall: [],
      MatrixSelector: [],
      VectorSelector: [],
    };
    tree.iterate({
      enter(ref) {
        switch (ref.name) {
          case "AggregateExpr":
          case "BinaryExpr":
          case "FunctionCall":
          case "MatrixSelector":
          case "VectorSelector":
            found[ref.name].push(ref.node);
        }
      },
    });
    nodes = found;
    nodesByTree.set(tree, nodes);
  }
  return nodes[name];
}

const typeErrorsByTree = memo<SyntaxErrorInfo[]>();

/** `typeErrors(query, tree)`, once per tree. */
export function typeErrorsOf(query: string, tree: Tree): readonly SyntaxErrorInfo[] {
  let errors = typeErrorsByTree.get(tree);
  if (errors === undefined) {
    errors = typeErrorsByShape(query, tree);
    typeErrorsByTree.set(tree, errors);
  }
  return errors;
}

/**
 * A memo of something computed from a query's tree and the run's metric
 * catalogue only (a label inference, a check's problems): once per
 * catalogue and tree, held as long as the tree (or until `forgetTree`).
 * The computation is given when the memo is made, and its inputs are
 * passed with each call: a check called for each of 60,000 rules makes no
 * closure per rule.
 */
export function perCatalogueTree<T, A = undefined>(
  compute: (arg: A, catalogue: Catalogue) => T,
): (catalogue: Catalogue, tree: Tree, arg: A) => T {
  // By tree first, so `forgetTree` reaches it; a run has one catalogue, so the inner map is small.
  const byTree = memo<Map<Catalogue, T>>();
  return (catalogue, tree, arg) => {
    let ofTree = byTree.get(tree);
    if (ofTree === undefined) {
      ofTree = new Map();
      byTree.set(tree, ofTree);
    }
    if (ofTree.has(catalogue)) return ofTree.get(catalogue) as T;
    const value = compute(arg, catalogue);
    ofTree.set(catalogue, value);
    return value;
  };
}

/**
 * A rule check's `check` for checks whose problems depend only on the
 * query (expr, tree) and the catalogue, never on the rule's name, labels,
 * group or options: run once per distinct query of a lint run, the same
 * problems given to every rule with that query. A query that does not
 * parse is checked each time (rules of LogQL files share an empty tree).
 */
export function oncePerQuery<M extends string>(
  check: (ctx: RuleContext) => CheckProblem<M>[],
): (ctx: RuleContext) => CheckProblem<M>[] {
  const once = perCatalogueTree(check);
  return (ctx) => (ctx.rule.syntaxOk ? once(ctx.catalogue, ctx.rule.tree, ctx) : check(ctx));
}

/** A memo of something computed from a query and its tree alone: once per tree (the computation given up front, as above). */
export function perTree<T>(
  compute: (query: string, tree: Tree) => T,
): (query: string, tree: Tree) => T {
  const byTree = memo<T>();
  return (query, tree) => {
    if (byTree.has(tree)) return byTree.get(tree) as T;
    const value = compute(query, tree);
    byTree.set(tree, value);
    return value;
  };
}

export interface SelectorFacts {
  node: SyntaxNode;
  info: SelectorInfo;
}

/** The query's vector selectors with their names and matchers, in document order, read once per tree. */
export const selectorsOf: (query: string, tree: Tree) => readonly SelectorFacts[] = perTree(
  (query, tree) =>
    nodesNamed(tree, "VectorSelector").map((node) => ({ node, info: selectorInfo(query, node) })),
);
