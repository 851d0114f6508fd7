import type { SyntaxNode, Tree } from "@lezer/common";
import { unquoteString } from "../../core/string-literal.ts";
import { parsePromQL } from "../../promql/parse.ts";
import {
  aggregateModifier,
  callArgs,
  callName,
  child,
  children,
  exprChildren,
  groupingLabels,
  nodeText,
  selectorInfo,
  unwrap,
} from "../../promql/analyse.ts";
import { BUILTIN_SERIES, type Catalogue } from "../catalogue.ts";
import { forEachTemplateField } from "../../template/template.ts";
import { templateCheckOf } from "../templates.ts";
import { perCatalogueTree } from "./tree-facts.ts";

/** Label inference over a parsed PromQL query: which labels its result can carry (uses the metric catalogue). */

/** Why a label is known to be missing: the aggregation that removed it. */
export interface Dropper {
  text: string;
  /** Offsets of the aggregation or matching clause in the query. */
  from: number;
  to: number;
  keep?: ReadonlySet<string>;
  remove?: ReadonlySet<string>;
}

/**
 * What is known about the labels of a query's result. `open` means "may
 * carry labels we cannot list"; `has` are labels it may carry; `not` are
 * labels it certainly lacks. `scalar` results carry none.
 */
export interface LabelSet {
  scalar: boolean;
  open: boolean;
  has: ReadonlySet<string>;
  not: ReadonlySet<string>;
  droppers: readonly Dropper[];
}

export function lacksLabel(set: LabelSet, label: string): boolean {
  return set.scalar || set.not.has(label) || (!set.open && !set.has.has(label));
}

/** The aggregation that removed `label`, if one did. */
export function dropperOf(set: LabelSet, label: string): Dropper | undefined {
  return set.droppers.find(
    (d) => (d.keep !== undefined && !d.keep.has(label)) || d.remove?.has(label),
  );
}

const SCALAR: LabelSet = {
  scalar: true,
  open: false,
  has: new Set(),
  not: new Set(),
  droppers: [],
};
const OPEN: LabelSet = { scalar: false, open: true, has: new Set(), not: new Set(), droppers: [] };

function closed(labels: Iterable<string>, droppers: readonly Dropper[] = []): LabelSet {
  return { scalar: false, open: false, has: new Set(labels), not: new Set(), droppers };
}

function withLabels(set: LabelSet, add: Iterable<string>): LabelSet {
  const has = new Set(set.has);
  const not = new Set(set.not);
  for (const l of add) {
    has.add(l);
    not.delete(l);
  }
  return { ...set, scalar: false, has, not };
}

function withoutLabels(set: LabelSet, remove: Iterable<string>, dropper?: Dropper): LabelSet {
  const has = new Set(set.has);
  const not = new Set(set.not);
  for (const l of remove) {
    has.delete(l);
    not.add(l);
  }
  return {
    ...set,
    has,
    not,
    droppers: dropper === undefined ? set.droppers : [...set.droppers, dropper],
  };
}

function keepOnly(set: LabelSet, keep: readonly string[], dropper?: Dropper): LabelSet {
  const kept = keep.filter((l) => !set.not.has(l) && (set.open || set.has.has(l)));
  return closed(kept, dropper === undefined ? set.droppers : [...set.droppers, dropper]);
}

function union(a: LabelSet, b: LabelSet): LabelSet {
  if (a.scalar) return b;
  if (b.scalar) return a;
  return {
    scalar: false,
    open: a.open || b.open,
    has: new Set([...a.has, ...b.has]),
    not: new Set([...a.not].filter((l) => b.not.has(l))),
    droppers: [...a.droppers, ...b.droppers],
  };
}

/** Functions whose result has no labels at all. */
const NO_LABEL_FUNCTIONS = new Set(["vector", "time", "pi", "scalar"]);
/** Aggregations that select series and keep their labels. */
const SELECTING_AGGREGATIONS = new Set(["topk", "bottomk", "limitk", "limit_ratio"]);

export interface LabelEnv {
  catalogue: Catalogue;
  /** Cache of recorded-series label sets, and the ones being computed (cycles read as open). */
  recorded: Map<string, LabelSet | "pending">;
  /** How many recorded series are being computed now (see `inferLabels`). */
  pending: number;
  /** Label sets of the nodes of each query, by node (see `nodeKey`). */
  nodes: Map<string, Map<number, LabelSet>>;
}

export function createLabelEnv(catalogue: Catalogue): LabelEnv {
  return { catalogue, recorded: new Map(), pending: 0, nodes: new Map() };
}

/** A node of one query: its span and type (a node and its only child can share a span). */
function nodeKey(node: SyntaxNode): number {
  return (node.from * 2 ** 21 + node.to) * 256 + node.type.id;
}

/**
 * Labels the result of `node` may carry. Each node is inferred once per env:
 * a check asks about an aggregation, then about the comparison around it,
 * which holds it. Only outside the computation of a recorded series is a
 * result kept: inside one, a cycle back to a series being computed reads
 * as open, which a later call would not see.
 */
export function inferLabels(query: string, node: SyntaxNode, env: LabelEnv): LabelSet {
  if (env.pending > 0) return inferUncached(query, node, env);
  let ofQuery = env.nodes.get(query);
  if (ofQuery === undefined) {
    ofQuery = new Map();
    env.nodes.set(query, ofQuery);
  }
  const key = nodeKey(node);
  let set = ofQuery.get(key);
  if (set === undefined) {
    set = inferUncached(query, node, env);
    ofQuery.set(key, set);
  }
  return set;
}

function inferUncached(query: string, node: SyntaxNode, env: LabelEnv): LabelSet {
  switch (node.name) {
    case "PromQL":
    case "ParenExpr":
    case "MatrixSelector":
    case "SubqueryExpr":
    case "OffsetExpr":
    case "StepInvariantExpr":
    case "AnchoredExpr":
    case "SmoothedExpr":
    case "UnaryExpr": {
      const inner = exprChildren(node)[0];
      return inner === undefined ? OPEN : inferLabels(query, inner, env);
    }
    case "NumberDurationLiteral":
    case "StringLiteral":
      return SCALAR;
    case "VectorSelector":
      return selectorLabels(query, node, env);
    case "FunctionCall":
      return functionLabels(query, node, env);
    case "AggregateExpr":
      return aggregateLabels(query, node, env);
    case "BinaryExpr":
      return binaryLabels(query, node, env);
    default:
      return OPEN;
  }
}

function selectorLabels(query: string, node: SyntaxNode, env: LabelEnv): LabelSet {
  const info = selectorInfo(query, node);
  const equal = info.matchers
    .filter((m) => m.op === "=" && m.value !== "" && m.label !== "__name__")
    .map((m) => m.label);
  const name = info.name;
  if (name === undefined) return OPEN;
  const series = env.catalogue.series.get(name);
  if (series !== undefined)
    return closed([...series.labels, ...env.catalogue.targetLabels, ...equal]);
  const builtin = BUILTIN_SERIES.get(name);
  if (builtin !== undefined) {
    return builtin.labels === undefined || env.catalogue.openTargetLabels === true
      ? OPEN
      : closed([...builtin.labels, ...env.catalogue.targetLabels, ...equal]);
  }
  const recorded = recordedLabels(name, env);
  return recorded === undefined ? OPEN : withLabels(recorded, equal);
}

function recordedLabels(name: string, env: LabelEnv): LabelSet | undefined {
  const rules = env.catalogue.recorded.get(name);
  if (rules === undefined) return undefined;
  const cached = env.recorded.get(name);
  if (cached === "pending") return OPEN;
  if (cached !== undefined) return cached;
  env.recorded.set(name, "pending");
  env.pending++;
  let result: LabelSet | undefined;
  for (const rule of rules) {
    if (rule.logql === true) {
      result = OPEN;
      break;
    }
    const parsed = rule.tree === undefined ? parsePromQL(rule.expr) : undefined;
    const tree = rule.tree ?? parsed!.tree;
    const ok = rule.tree === undefined ? parsed!.errors.length === 0 : rule.syntaxOk !== false;
    const top = ok ? inferLabels(rule.expr, tree.topNode, env) : OPEN;
    // A recorded series starts fresh: droppers inside its rule are not this query's business.
    const set = withLabels({ ...top, droppers: [] }, Object.keys(rule.labels));
    result = result === undefined ? set : union(result, set);
  }
  env.pending--;
  const final = result ?? OPEN;
  env.recorded.set(name, final);
  return final;
}

function functionLabels(query: string, node: SyntaxNode, env: LabelEnv): LabelSet {
  const name = callName(query, node);
  const args = callArgs(node);
  if (NO_LABEL_FUNCTIONS.has(name) || args.length === 0)
    return name === "vector" ? closed([]) : SCALAR;
  const stringArg = (i: number) => {
    const a = args[i];
    return a === undefined || a.name !== "StringLiteral"
      ? undefined
      : unquoteString(nodeText(query, a));
  };
  switch (name) {
    case "label_replace":
    case "label_join": {
      const base = inferLabels(query, args[0]!, env);
      const dst = stringArg(1);
      return dst === undefined ? { ...base, open: true } : withLabels(base, [dst]);
    }
    case "histogram_quantile": {
      const inner = args[1];
      return inner === undefined ? OPEN : withoutLabels(inferLabels(query, inner, env), ["le"]);
    }
    case "absent":
    case "absent_over_time": {
      const arg = args[0] === undefined ? undefined : unwrap(args[0]);
      const selector = arg?.name === "MatrixSelector" ? exprChildren(arg)[0] : arg;
      if (selector?.name !== "VectorSelector") return closed([]);
      const info = selectorInfo(query, selector);
      return closed(
        info.matchers.filter((m) => m.op === "=" && m.label !== "__name__").map((m) => m.label),
      );
    }
    case "info":
      return { ...inferLabels(query, args[0]!, env), open: true };
    default: {
      // Most functions keep the labels of their one vector argument; the
      // others take scalars first (round(v, 1), quantile_over_time(0.9, v)).
      for (const arg of args) {
        const set = inferLabels(query, arg, env);
        if (!set.scalar) return set;
      }
      return SCALAR;
    }
  }
}

function aggregateLabels(query: string, node: SyntaxNode, env: LabelEnv): LabelSet {
  const op = callName(query, node);
  const args = callArgs(node);
  const input = args.at(-1) === undefined ? OPEN : inferLabels(query, args.at(-1)!, env);
  if (SELECTING_AGGREGATIONS.has(op)) return input;
  const mod = aggregateModifier(query, node);
  let out: LabelSet;
  const at = { text: mod.text, from: node.from, to: node.to };
  if (mod.kind === "by") out = keepOnly(input, mod.labels, { ...at, keep: new Set(mod.labels) });
  else if (mod.kind === "without")
    out = withoutLabels(input, mod.labels, { ...at, remove: new Set(mod.labels) });
  else out = closed([], [...input.droppers, { ...at, keep: new Set() }]);
  if (op === "count_values") {
    const label =
      args[0]?.name === "StringLiteral" ? unquoteString(nodeText(query, args[0])) : undefined;
    if (label !== undefined) out = withLabels(out, [label]);
  }
  return out;
}

function binaryLabels(query: string, node: SyntaxNode, env: LabelEnv): LabelSet {
  const [lhs, rhs] = exprChildren(node);
  if (lhs === undefined || rhs === undefined) return OPEN;
  const left = inferLabels(query, lhs, env);
  const right = inferLabels(query, rhs, env);
  if (left.scalar || right.scalar) return left.scalar ? right : left;
  const set = children(node).find(
    (c) => c.name === "And" || c.name === "Or" || c.name === "Unless",
  );
  if (set?.name === "Or") return union(left, right);
  if (set !== undefined) return left;
  const clause = child(node, "MatchingModifierClause");
  if (clause === undefined) return left;
  const groupings = children(clause).filter((c) => c.name === "GroupingLabels");
  const matching = groupingLabels(query, groupings[0]);
  const include = groupingLabels(query, groupings[1]);
  if (child(clause, "GroupLeft") !== undefined) return withLabels(left, include);
  if (child(clause, "GroupRight") !== undefined) return withLabels(right, include);
  // One-to-one matching: Prometheus keeps only the on() labels, or drops the ignoring() ones.
  const at = { text: nodeText(query, clause), from: clause.from, to: clause.to };
  return child(clause, "On") !== undefined
    ? keepOnly(left, matching, { ...at, keep: new Set(matching) })
    : withoutLabels(left, matching, { ...at, remove: new Set(matching) });
}

export interface TemplateLabelGap {
  label: string;
  /** `annotations.summary` or `labels.x`. */
  field: string;
  /** The aggregation or matching clause that removed the label, if one did. */
  dropper: Dropper | undefined;
}

/** The labels of a query's result, once per distinct query (a fresh env each: a function of tree and catalogue). */
const resultLabels = perCatalogueTree(
  (rule: { expr: string; tree: Tree }, catalogue): LabelSet =>
    inferLabels(rule.expr, rule.tree.topNode, createLabelEnv(catalogue)),
);

/** Per catalogue, per rule: both rules ask about the same rule in one lint run. */
const gaps = new WeakMap<Catalogue, WeakMap<object, TemplateLabelGap[]>>();

/**
 * Labels an alert's templates read (`$labels.x`) that the query's result
 * cannot have. Computed once per rule and shared by the rules that report
 * dropped and unknown labels.
 */
export function templateLabelGaps(
  rule: {
    expr: string;
    tree: Tree;
    labels: Readonly<Record<string, string>>;
    annotations: Readonly<Record<string, string>>;
  },
  catalogue: Catalogue,
): TemplateLabelGap[] {
  let byRule = gaps.get(catalogue);
  if (byRule === undefined) {
    byRule = new WeakMap();
    gaps.set(catalogue, byRule);
  }
  const cached = byRule.get(rule);
  if (cached !== undefined) return cached;
  const result = resultLabels(catalogue, rule.tree, rule);
  const out: TemplateLabelGap[] = [];
  forEachTemplateField(rule, (section, key, value) => {
    for (const ref of templateCheckOf(value).labels) {
      if (lacksLabel(result, ref.label))
        out.push({
          label: ref.label,
          field: `${section}.${key}`,
          dropper: dropperOf(result, ref.label),
        });
    }
  });
  byRule.set(rule, out);
  return out;
}
