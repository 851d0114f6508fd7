import { parseLogQL } from "../../../logql/parse.ts";
import type { RuleCheck } from "../../check.ts";

export const logqlSyntax: RuleCheck<"syntax" | "notMetric"> = {
  id: "logql/syntax",
  target: "rule",
  foreign: true,
  severity: "error",
  docs: `A Loki rule's query parses with Grafana's LogQL grammar and is a metric query.

Why: the Loki ruler parses every rule with Loki's own parser and refuses the
group when one fails, and a rule needs a number to compare or record, which
only a metric query (\`count_over_time\`, \`rate\`, \`sum by\`) returns; a log
query (\`{app="api"} |= "error"\`) returns lines. The grammar is
@grafana/lezer-logql, with the checks Loki adds (escapes, a stream selector
that cannot select every stream). Only foreign Loki rule files
(\`obsforge lint FILE\`) can have such a query: the model refuses one.`,
  good: [
    'groups:\n  - name: api-logs\n    rules:\n      - alert: ApiErrors\n        expr: sum(count_over_time({app="api"} |= "error" [5m])) > 10\n        for: 5m\n',
  ],
  bad: [
    'groups:\n  - name: api-logs\n    rules:\n      - alert: ApiErrors\n        expr: sum(count_over_time({app="api"} |= "error" [5m]) > 10\n        for: 5m\n      - alert: ApiPanics\n        expr: sum(count_over_time({app="api"} |= "panic" [5m])) > 0\n',
    'groups:\n  - name: api-logs\n    rules:\n      - alert: ApiErrors\n        expr: sum(count_over_time({app="api"} |= "error" [5m])) > 10\n        for: 5m\n      - record: api:lines\n        expr: \'{app="api"} |= "error"\'\n',
  ],
  messages: {
    syntax: "expected valid LogQL, got {{error}}",
    notMetric: "expected a metric query (a number per stream) in a rule, got a log query",
  },
  check({ rule }) {
    if (rule.logql !== true) return [];
    const parsed = parseLogQL(rule.expr);
    const first = parsed.errors[0];
    if (first !== undefined)
      return [
        {
          messageId: "syntax",
          data: { error: first.message },
          span: { from: first.offset, to: first.offset + 1 },
        },
      ];
    if (parsed.kind === "log")
      return [{ messageId: "notMetric", span: { from: 0, to: rule.expr.length } }];
    return [];
  },
};
