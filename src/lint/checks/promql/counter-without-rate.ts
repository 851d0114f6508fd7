import { oncePerQuery, selectorsOf } from "../../promql/tree-facts.ts";
import { seriesBehaviour } from "../../catalogue.ts";
import { ancestors, callName } from "../../../promql/analyse.ts";
import type { CheckProblem, RuleCheck } from "../../check.ts";

/** Functions that are meaningful on a raw counter. */
const COUNTER_SAFE_FUNCTIONS = new Set([
  "rate",
  "irate",
  "increase",
  "resets",
  "absent",
  "absent_over_time",
  "present_over_time",
  "changes",
  "timestamp",
  "count_over_time",
]);
/** Aggregations that count series rather than use their values. */
const COUNTING_AGGREGATIONS = new Set(["count", "group", "count_values"]);

export const counterWithoutRate: RuleCheck<"rawCounter"> = {
  id: "promql/counter-without-rate",
  target: "rule",
  generated: true,
  severity: "error",
  docs: `Counters are read through \`rate()\`, \`irate()\` or \`increase()\`, not as raw values.

Why: a counter's raw value is "everything since the process started"; it
resets on every restart and differs between replicas, so comparing or
summing it (\`http_requests_total > 1000\`) gives an alert that depends on
uptime. Counting series (\`count()\`, \`absent()\`, \`changes()\`) is fine. The
type comes from the catalogue (histogram buckets, sums and counts included).
pint's \`promql/counter\` needs a live Prometheus for this; obsforge does not.`,
  good: [
    "sum(increase(http_requests_total[1h])) > 0",
    'absent(http_requests_total{route="/login"})',
  ],
  bad: ["sum(http_requests_total) > 1000", "http_request_duration_seconds_count > 0"],
  messages: {
    rawCounter: "expected counter {{name}} inside rate(), irate() or increase(), got its raw value",
  },
  // Depends on the query and the catalogue only.
  check: oncePerQuery(({ rule, catalogue }) => {
    if (!rule.syntaxOk) return [];
    const problems: CheckProblem<"rawCounter">[] = [];
    for (const { node: selector, info } of selectorsOf(rule.expr, rule.tree)) {
      const name = info.name;
      if (name === undefined || seriesBehaviour(catalogue, name) !== "counter") continue;
      const safe = ancestors(selector).some(
        (a) =>
          (a.name === "FunctionCall" && COUNTER_SAFE_FUNCTIONS.has(callName(rule.expr, a))) ||
          (a.name === "AggregateExpr" && COUNTING_AGGREGATIONS.has(callName(rule.expr, a))),
      );
      if (safe) continue;
      problems.push({
        messageId: "rawCounter",
        data: { name },
        span: { from: selector.from, to: selector.to },
      });
    }
    return problems;
  }),
};
