import type { SyntaxNode } from "@lezer/common";
import type { ParsedQuery } from "../../../targets/grafana/query-parse.ts";
import { sample, mainTarget } from "../../dashboard/fixtures.ts";
import {
  functionName,
  metricName,
  nodes,
  promqlTargets,
  text,
  where,
} from "../../dashboard/read.ts";
import type { DashboardCheck, CheckProblem } from "../../check.ts";

/**
 * Functions that make sense on a counter's raw value: the rate family, and
 * those that only look at whether, when or how often samples change.
 * dashboard-linter allows rate, irate and increase; the others are added
 * here because they do not read the value (changes() of a counter that
 * moves by one counts its increments, as etcd's dashboard does).
 */
const COUNTER_FUNCTIONS = new Set([
  "rate",
  "irate",
  "increase",
  "resets",
  "changes",
  "absent",
  "absent_over_time",
  "present_over_time",
  "count_over_time",
  "timestamp",
]);
const COUNTER_AGGREGATIONS = new Set(["count", "group"]);
/** Nodes between a selector and the call that consumes it. */
const TRANSPARENT = new Set([
  "MatrixSelector",
  "SubqueryExpr",
  "ParenExpr",
  "FunctionCallBody",
  "OffsetExpr",
  "StepInvariantExpr",
]);

function consumer(parsed: ParsedQuery, selector: SyntaxNode): string | undefined {
  for (let node = selector.parent; node !== null; node = node.parent) {
    if (TRANSPARENT.has(node.name)) continue;
    if (node.name === "FunctionCall") return functionName(parsed, node);
    if (node.name === "AggregateExpr") {
      const op = node.getChild("AggregateOp");
      return op === null ? undefined : `agg:${text(parsed, op).toLowerCase()}`;
    }
    return undefined;
  }
  return undefined;
}

export const targetCounterAgg: DashboardCheck<"rawCounter" | "counterIn"> = {
  id: "dashboard/target-counter-agg",
  target: "dashboard",
  reportOrder: 14,
  severity: "error",
  docs: "Counters are graphed through rate(), irate() or increase(), never raw.\n\nWhy: a counter (`_total`) only ever goes up and resets on restart, so its raw value says nothing; graph rate(), irate() or increase() of it.",
  good: [sample()],
  bad: [
    sample((d) => {
      mainTarget(d).expr = 'sum by (job) (http_requests_total{job=~"$job", instance=~"$instance"})';
    }),
    sample((d) => {
      mainTarget(d).expr = 'http_requests_total{job=~"$job", instance=~"$instance"}';
    }),
  ],
  messages: {
    rawCounter:
      "{{where}}: expected counter {{name}} inside rate(), irate() or increase(), got its raw value",
    counterIn:
      "{{where}}: expected counter {{name}} inside rate(), irate() or increase(), got {{fn}}()",
  },
  check({ dashboard }) {
    const out: CheckProblem<"rawCounter" | "counterIn">[] = [];
    for (const { panel, target, parsed } of promqlTargets(dashboard)) {
      for (const selector of nodes(parsed, "VectorSelector")) {
        const name = metricName(parsed, selector);
        if (name === undefined || !name.endsWith("_total")) continue;
        const fn = consumer(parsed, selector);
        if (
          fn !== undefined &&
          (COUNTER_FUNCTIONS.has(fn) || COUNTER_AGGREGATIONS.has(fn.slice(4)))
        )
          continue;
        out.push({
          path: [...target.path, "expr"],
          ...(fn === undefined
            ? { messageId: "rawCounter", data: { where: where(panel, target), name } }
            : {
                messageId: "counterIn",
                data: { where: where(panel, target), name, fn: fn.replace(/^agg:/, "") },
              }),
        });
      }
    }
    return out;
  },
};
