import type { SyntaxNode } from "@lezer/common";
import { nodesNamed, oncePerQuery } from "../../promql/tree-facts.ts";
import { aggregateModifier, callArgs, nodeText } from "../../../promql/analyse.ts";
import {
  createLabelEnv,
  dropperOf,
  inferLabels,
  type LabelEnv,
  type LabelSet,
  lacksLabel,
} from "../../promql/labels.ts";
import { binaryInfo, certainLabels } from "../../promql/binary.ts";
import type { CheckProblem, RuleCheck } from "../../check.ts";

type Messages = "groupByDropped" | "onDropped" | "neverMatches";

export const impossible: RuleCheck<Messages> = {
  id: "promql/impossible",
  target: "rule",
  generated: true,
  severity: "warning",
  docs: `No part of a query can never match: an aggregation or \`on()\` by a label already removed, or two sides whose labels can never be equal.

Why (pint's promql/impossible): \`group by (cluster) (sum(errors))\` groups by
a label \`sum()\` removed, so every result lands in one group without it;
\`sum(a) / on (cluster) count(b)\` joins on a label neither side has; and
\`x{job="api"} unless sum(x)\` compares series that always carry \`job\` with
one series that has no labels, so \`unless\` never removes anything (and
\`and\` or \`/\` never return anything). Such a query is a mistake that
still loads, and it silently does nothing. Labels are followed through
aggregations, functions, \`on()\`/\`ignoring()\` and recording rules of the
same files (label-inference as \`alert/aggregation-drops-label\`).`,
  good: [
    'sum by (route) (rate(http_requests_total{code=~"5.."}[5m])) / on (route) sum by (route) (rate(http_requests_total[5m])) > 0.1',
    "count by (route) (sum by (route, code) (rate(http_requests_total[5m]))) > 3",
    'up{job="api"} == 0 unless on (job) (sum by (job) (up{job="api"}) == 0)',
  ],
  bad: [
    "count by (route) (sum(rate(http_requests_total[5m]))) > 3",
    'sum(rate(http_requests_total{code=~"5.."}[5m])) / on (route) sum(rate(http_requests_total[5m])) > 0.1',
    'rate(http_requests_total{route="/api"}[5m]) > 1 unless sum(rate(http_requests_total[5m])) > 100',
  ],
  messages: {
    groupByDropped:
      "expected {{agg}} to group by labels its input has, got {{label}}, which {{dropper}} already removed",
    onDropped:
      "expected {{clause}} to match on labels both sides have, got {{label}}, which the {{side}} side lacks{{why}}",
    neverMatches:
      "expected both sides of {{op}} to be able to match, got {{empty}} (no labels) against a side that always has {{label}}",
  },
  // Depends on the query and the catalogue only.
  check: oncePerQuery(({ rule, catalogue }) => {
    if (!rule.syntaxOk) return [];
    const env = createLabelEnv(catalogue);
    const problems: CheckProblem<Messages>[] = [];
    for (const agg of nodesNamed(rule.tree, "AggregateExpr"))
      problems.push(...groupByProblems(rule.expr, agg, env));
    for (const bin of nodesNamed(rule.tree, "BinaryExpr"))
      problems.push(...binaryProblems(rule.expr, bin, env));
    return problems;
  }),
};

function groupByProblems(query: string, agg: SyntaxNode, env: LabelEnv): CheckProblem<Messages>[] {
  const mod = aggregateModifier(query, agg);
  const input = callArgs(agg).at(-1);
  if (mod.kind !== "by" || input === undefined) return [];
  const set = inferLabels(query, input, env);
  if (set.scalar) return [];
  return mod.labels.flatMap((label) => {
    const dropper = dropperOf(set, label);
    if (!lacksLabel(set, label) || dropper === undefined) return [];
    return [
      {
        messageId: "groupByDropped" as const,
        data: { agg: mod.text, label, dropper: dropper.text },
        span: { from: agg.from, to: agg.to },
      },
    ];
  });
}

function binaryProblems(query: string, bin: SyntaxNode, env: LabelEnv): CheckProblem<Messages>[] {
  const info = binaryInfo(query, bin);
  if (info === undefined) return [];
  const left = inferLabels(query, info.lhs, env);
  const right = inferLabels(query, info.rhs, env);
  if (left.scalar || right.scalar) return [];
  const span = { from: bin.from, to: bin.to };
  if (info.matching?.kind === "on") {
    const clause = nodeText(query, info.matching.node);
    const out: CheckProblem<Messages>[] = [];
    for (const label of info.matching.labels) {
      for (const [side, set] of [
        ["left", left],
        ["right", right],
      ] as const) {
        if (!lacksLabel(set, label)) continue;
        const dropper = dropperOf(set, label);
        if (dropper === undefined) continue;
        out.push({
          messageId: "onDropped",
          data: { clause, label, side, why: ` (${dropper.text} removed it)` },
          span,
        });
        break;
      }
    }
    return out;
  }
  if (info.matching !== undefined || info.op === "Or") return [];
  // One-to-one matching on every label: a side with none never meets one that always has some.
  for (const [empty, emptyNode, other] of [
    [left, info.lhs, info.rhs],
    [right, info.rhs, info.lhs],
  ] as const) {
    if (!hasNoLabels(empty)) continue;
    const label = certainLabels(query, other)[0];
    if (label === undefined) continue;
    return [
      {
        messageId: "neverMatches",
        data: { op: info.opText, empty: nodeText(query, emptyNode), label },
        span,
      },
    ];
  }
  return [];
}

function hasNoLabels(set: LabelSet): boolean {
  return !set.scalar && !set.open && set.has.size === 0;
}
