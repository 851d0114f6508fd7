import type { SyntaxNode, Tree } from "@lezer/common";
import { unquoteString } from "../core/string-literal.ts";
import { durationSeconds } from "../core/duration.ts";
import { matcherNodes, parseLogQL } from "./parse.ts";

/**
 * Read-only views of a parsed LogQL query, for the checks in ./checks and
 * the Loki target (trace links, Explore links). Everything is computed from
 * the lezer tree; nothing is re-parsed with regexes.
 */

export type MatchOp = "=" | "!=" | "=~" | "!~";

export interface StreamMatcher {
  name: string;
  op: MatchOp;
  value: string;
}

export type ParserName = "json" | "logfmt" | "regexp" | "pattern" | "unpack";

export interface ExtractedLabel {
  /** The label the stage creates. */
  label: string;
  /** Where the value comes from: the JSON path / logfmt key (defaults to the label). */
  source: string;
}

export type Stage =
  | { kind: "lineFilter"; op: string; from: number }
  | {
      kind: "parser";
      parser: ParserName;
      /** Field selection (`| json a, b="c"`); undefined when the parser extracts every field. */
      fields: ExtractedLabel[] | undefined;
      /** The regexp or pattern expression, for those parsers. */
      expression: string | undefined;
      from: number;
    }
  | { kind: "labelFilter"; from: number }
  | { kind: "drop" | "keep"; labels: string[]; from: number }
  | { kind: "other"; from: number };

/** One log query inside the expression: a stream selector, its pipeline, and the range when inside a range aggregation. */
export interface LogPipeline {
  selector: { from: number; text: string; matchers: StreamMatcher[] };
  stages: Stage[];
  range: { from: number; text: string; seconds: number } | undefined;
  /** The log query alone (selector and pipeline, no range), e.g. for an Explore link. */
  logQuery: string;
}

const FILTER_OPS: Record<string, string> = {
  PipeExact: "|=",
  Neq: "!=",
  PipeMatch: "|~",
  Nre: "!~",
  PipePattern: "|>",
  Npa: "!>",
};
const MATCH_OPS: Record<string, MatchOp> = { Eq: "=", Neq: "!=", Re: "=~", Nre: "!~" };

/** Every log query of the expression, in document order. */
export function logPipelines(query: string, tree: Tree): LogPipeline[] {
  const out: LogPipeline[] = [];
  tree.iterate({
    enter(ref) {
      if (ref.name !== "LogExpr" && ref.name !== "LogRangeExpr") return undefined;
      out.push(readPipeline(query, ref.node));
      return false;
    },
  });
  return out;
}

function readPipeline(query: string, node: SyntaxNode): LogPipeline {
  const text = (n: SyntaxNode) => query.slice(n.from, n.to);
  const selectorNode = node.getChild("Selector");
  const matchers: StreamMatcher[] = [];
  for (const m of selectorNode === null ? [] : matcherNodes(selectorNode)) {
    const name = m.getChild("Identifier");
    const value = m.getChild("String");
    const op = m.firstChild?.nextSibling;
    const decoded = value === null ? undefined : unquoteString(text(value));
    if (name === null || op == null || decoded === undefined) continue;
    const matchOp = MATCH_OPS[op.name];
    if (matchOp !== undefined) matchers.push({ name: text(name), op: matchOp, value: decoded });
  }
  const stageNodes = descendants(node, "PipelineStage");
  const rangeNode = node.getChild("Range");
  const duration = rangeNode?.getChild("Duration");
  const selectorText = selectorNode === null ? "" : text(selectorNode);
  return {
    selector: { from: selectorNode?.from ?? node.from, text: selectorText, matchers },
    stages: stageNodes.flatMap((s) => readStage(query, s)),
    range:
      rangeNode == null || duration == null
        ? undefined
        : { from: rangeNode.from, text: text(duration), seconds: durationSeconds(text(duration)) },
    logQuery: [selectorText, ...stageNodes.map(text)].join(" "),
  };
}

function readStage(query: string, stage: SyntaxNode): Stage[] {
  const text = (n: SyntaxNode) => query.slice(n.from, n.to);
  const filters = stage.getChild("LineFilters");
  if (filters !== null) {
    return descendants(filters, "LineFilter").map((f) => ({
      kind: "lineFilter" as const,
      op: FILTER_OPS[f.getChild("Filter")?.firstChild?.name ?? ""] ?? "?",
      from: f.from,
    }));
  }
  const body = stage.lastChild;
  const from = stage.from;
  switch (body?.name) {
    case "LabelParser": {
      const name = body.firstChild?.name.toLowerCase() as ParserName;
      const expr = body.getChild("String");
      return [
        {
          kind: "parser",
          parser: name,
          fields: undefined,
          expression: expr === null ? undefined : unquoteString(text(expr)),
          from,
        },
      ];
    }
    case "LogfmtParser":
      return [{ kind: "parser", parser: "logfmt", fields: undefined, expression: undefined, from }];
    case "JsonExpressionParser":
    case "LogfmtExpressionParser":
      return [
        {
          kind: "parser",
          parser: body.name === "JsonExpressionParser" ? "json" : "logfmt",
          fields: descendants(body, "LabelExtractionExpression").map((e) => {
            const label = text(e.getChild("Identifier")!);
            const source = e.getChild("String");
            return { label, source: source === null ? label : (unquoteString(text(source)) ?? "") };
          }),
          expression: undefined,
          from,
        },
      ];
    case "LabelFilter":
      return [{ kind: "labelFilter", from }];
    case "DropLabelsExpr":
    case "KeepLabelsExpr":
      return [
        {
          kind: body.name === "DropLabelsExpr" ? "drop" : "keep",
          labels: descendants(body, "Identifier").map(text),
          from,
        },
      ];
    default:
      return [{ kind: "other", from }];
  }
}

/** All descendants named `name`, in document order, not looking inside matches. */
function descendants(node: SyntaxNode, name: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child !== null; child = child.nextSibling) {
    if (child.name === name) out.push(child);
    else out.push(...descendants(child, name));
  }
  return out;
}

/** Every range (`[5m]`) in the query, e.g. to compare with the evaluation interval. */
export function ranges(
  query: string,
  tree: Tree,
): { from: number; text: string; seconds: number }[] {
  const out: { from: number; text: string; seconds: number }[] = [];
  tree.iterate({
    enter(ref) {
      if (ref.name !== "Range") return undefined;
      const d = ref.node.getChild("Duration");
      if (d !== null) {
        const text = query.slice(d.from, d.to);
        out.push({ from: ref.from, text, seconds: durationSeconds(text) });
      }
      return false;
    },
  });
  return out;
}

/**
 * The label a parser stage gives to log field `field`, as Loki names
 * extracted labels: characters outside [a-zA-Z0-9_] become `_`, and a leading
 * digit gets a `_` prefix (logql/log/util.go sanitizeLabelKey).
 */
export function fieldLabel(field: string): string {
  const clean = field.replace(/[^a-zA-Z0-9_]/g, "_");
  return /^[0-9]/.test(clean) ? `_${clean}` : clean;
}

/** The label holding `field` after a pipeline's stages, if any stage extracts it and none drops it. */
export function pipelineFieldLabel(pipeline: LogPipeline, field: string): string | undefined {
  let label: string | undefined;
  for (const stage of pipeline.stages) {
    if (stage.kind === "parser") {
      if (stage.fields !== undefined) {
        const picked = stage.fields.find((f) => f.source === field || f.source === `["${field}"]`);
        if (picked !== undefined) label = picked.label;
      } else if (
        stage.parser === "json" ||
        stage.parser === "logfmt" ||
        stage.parser === "unpack"
      ) {
        label = fieldLabel(field);
      } else if (
        stage.expression !== undefined &&
        (stage.expression.includes(`(?P<${fieldLabel(field)}>`) ||
          (stage.parser === "pattern" && stage.expression.includes(`<${fieldLabel(field)}>`)))
      ) {
        label = fieldLabel(field);
      }
    } else if (label !== undefined && stage.kind === "drop" && stage.labels.includes(label)) {
      label = undefined;
    } else if (label !== undefined && stage.kind === "keep" && !stage.labels.includes(label)) {
      label = undefined;
    }
  }
  return label;
}

/**
 * The label under which the query's result carries log field `field` (e.g.
 * the trace id), or undefined when no parser extracts it or an aggregation
 * drops it. Conservative: when unsure, the label is considered dropped, so a
 * `{{ $labels.x }}` template built from the answer never renders empty.
 */
export function resultFieldLabel(
  query: string,
  field: string,
  options: { tree?: Tree } = {},
): string | undefined {
  const tree = options.tree ?? parseLogQL(query).tree;
  const expr = tree.topNode.getChild("Expr");
  if (expr === null) return undefined;
  const found = new Set<string>();
  for (const p of logPipelines(query, tree)) {
    const label = pipelineFieldLabel(p, field);
    if (label !== undefined) found.add(label);
  }
  for (const label of [...found].sort()) {
    if (survives(query, expr, { field, label })) return label;
  }
  return undefined;
}

function survives(
  query: string,
  node: SyntaxNode,
  want: { field: string; label: string },
): boolean {
  const { label } = want;
  const text = (n: SyntaxNode) => query.slice(n.from, n.to);
  const grouping = (n: SyntaxNode, inner: boolean): boolean => {
    const g = n.getChild("Grouping");
    if (g === null) return inner;
    const labels = descendants(g, "Identifier").map(text);
    return g.getChild("By") !== null
      ? inner && labels.includes(label)
      : inner && !labels.includes(label);
  };
  switch (node.name) {
    case "Expr":
    case "MetricExpr": {
      const child = node.firstChild;
      return child !== null && survives(query, child, want);
    }
    case "LogExpr":
    case "LogRangeExpr": {
      return pipelineFieldLabel(readPipeline(query, node), want.field) === label;
    }
    case "RangeAggregationExpr": {
      const range = node.getChild("LogRangeExpr");
      return grouping(node, range !== null && survives(query, range, want));
    }
    case "VectorAggregationExpr": {
      const inner = node.getChild("MetricExpr");
      const op = node.getChild("VectorOp")?.firstChild?.name ?? "";
      const keepsLabels = ["Topk", "Bottomk", "Sort", "Sort_Desc"].includes(op);
      if (node.getChild("Grouping") === null && !keepsLabels) return false;
      return grouping(node, inner !== null && survives(query, inner, want));
    }
    case "BinOpExpr": {
      const [left, right] = node.getChildren("Expr");
      if (left === undefined || right === undefined) return false;
      const isLiteral = (e: SyntaxNode) => e.firstChild?.firstChild?.name === "LiteralExpr";
      const side = isLiteral(left) ? right : left;
      if (!survives(query, side, want)) return false;
      const matching = node.getChild("BinOpModifier")?.getChild("OnOrIgnoringModifier");
      if (matching == null) return true;
      const labels = descendants(matching, "Identifier").map(text);
      const grouped =
        matching.getChild("GroupLeft") !== null || matching.getChild("GroupRight") !== null;
      if (matching.getChild("On") !== null) return grouped || labels.includes(label);
      return grouped || !labels.includes(label);
    }
    case "LabelReplaceExpr": {
      const inner = node.getChild("MetricExpr");
      return inner !== null && survives(query, inner, want);
    }
    default:
      return false;
  }
}
