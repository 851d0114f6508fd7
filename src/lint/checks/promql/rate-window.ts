import type { Tree } from "@lezer/common";
import { nodesNamed, perTree } from "../../promql/tree-facts.ts";
import { formatDuration } from "../../../core/duration.ts";
import { ancestors, callName, nodeText, rangeSeconds } from "../../../promql/analyse.ts";
import type { CheckProblem, RuleCheck } from "../../check.ts";

/** Functions that need several samples inside their range. */
const RANGE_FUNCTIONS = new Set([
  "rate",
  "irate",
  "increase",
  "delta",
  "idelta",
  "deriv",
  "predict_linear",
  "changes",
  "resets",
]);

/**
 * How many evaluation intervals the range must span. A range shorter than
 * about four scrape intervals can hold fewer than two samples after one
 * missed scrape, and rate() then returns nothing (Prometheus docs; Robust
 * Perception's "rate then sum" advice). The scrape interval is not in the
 * rule file, so the group's evaluation interval stands in for it.
 */
export const RANGE_FACTOR = 4;

export const rateWindow: RuleCheck<"shortRange"> = {
  id: "promql/rate-window",
  target: "rule",
  generated: true,
  severity: "warning",
  docs: `The range of \`rate()\` and friends spans at least ${RANGE_FACTOR}× the rule group's evaluation interval (default 1m).

Why: \`rate()\` needs two samples inside its range; with a range close to the
scrape interval one missed scrape leaves one sample and the series vanishes,
so the alert resolves and re-fires. The scrape interval is not known from the
rule file, so the group \`interval\` (Prometheus's default evaluation interval
1m when unset) stands in for it. Applies to rate, irate, increase, delta,
idelta, deriv, predict_linear, changes and resets. A warning, since a short
interval group may scrape faster; re-level or disable it per rule when you
know better.`,
  good: [
    "sum(rate(http_requests_total[5m]))",
    "interval: 15s\nrules:\n  - alert: Errors\n    expr: sum(rate(http_requests_total[1m])) > 1\n    for: 5m\n    severity: ticket\n    annotations:\n      summary: Errors\n      runbookUrl: https://runbooks.example.com/errors\n",
  ],
  bad: [
    "sum(rate(http_requests_total[2m]))",
    "interval: 2m\nrules:\n  - alert: Errors\n    expr: sum(rate(http_requests_total[5m])) > 1\n    for: 10m\n    severity: ticket\n    annotations:\n      summary: Errors\n      runbookUrl: https://runbooks.example.com/errors\n",
  ],
  messages: {
    shortRange:
      "expected a range of at least {{minimum}} ({{factor}}× the {{interval}} group interval) in {{fn}}(), got [{{range}}]",
  },
  check({ rule }) {
    if (!rule.syntaxOk) return [];
    const problems: CheckProblem<"shortRange">[] = [];
    const minimum = RANGE_FACTOR * rule.interval;
    for (const use of rangesOf(rule.expr, rule.tree)) {
      if (use.seconds >= minimum) continue;
      problems.push({
        messageId: "shortRange",
        data: {
          minimum: formatDuration(minimum),
          factor: RANGE_FACTOR,
          interval: formatDuration(rule.interval),
          fn: use.fn,
          range: use.text ?? use.seconds,
        },
        span: { from: use.from, to: use.to },
      });
    }
    return problems;
  },
};

/** A range given to one of RANGE_FUNCTIONS: what the check compares with the rule's interval. */
interface RangeUse {
  fn: string;
  seconds: number;
  /** The range as written; undefined when the grammar gave no DurationExpr. */
  text: string | undefined;
  /** The range's span (the matrix selector's without one). */
  from: number;
  to: number;
}

/** The query's part of the check, once per query: the rule's interval decides the rest. */
const rangesOf = perTree(rangeUses);

function rangeUses(query: string, tree: Tree): RangeUse[] {
  const out: RangeUse[] = [];
  for (const matrix of nodesNamed(tree, "MatrixSelector")) {
    const call = ancestors(matrix).find((a) => a.name === "FunctionCall");
    if (call === undefined) continue;
    const fn = callName(query, call);
    if (!RANGE_FUNCTIONS.has(fn)) continue;
    const seconds = rangeSeconds(query, matrix);
    if (seconds === undefined) continue;
    const range = matrix.getChild("DurationExpr");
    out.push({
      fn,
      seconds,
      text: range === null ? undefined : nodeText(query, range),
      ...(range === null
        ? { from: matrix.from, to: matrix.to }
        : { from: range.from, to: range.to }),
    });
  }
  return out;
}
