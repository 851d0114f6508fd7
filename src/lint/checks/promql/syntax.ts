import { parsePromQL } from "../../../promql/parse.ts";
import { typeErrorsOf } from "../../promql/tree-facts.ts";
import type { RuleCheck } from "../../check.ts";
import { unexpectedText } from "../../../core/syntax-error.ts";

export const promqlSyntax: RuleCheck<"syntax" | "type"> = {
  id: "promql/syntax",
  target: "rule",
  foreign: true,
  severity: "error",
  docs: `A rule's query parses with Prometheus's grammar and passes its type checks.

Why: Prometheus refuses to load a rule file with one broken query, so every
rule of the file stops. The grammar is the official lezer-promql, and the
type checks are Prometheus's own (codemirror-promql's port of checkAST, plus
the checks promtool adds), the same ones \`obsforge build\` runs on
definitions. Only foreign files (\`obsforge lint FILE\`) can have such a query:
the model refuses one at build time. pint calls it \`promql/syntax\`.`,
  good: [
    "groups:\n  - name: api\n    rules:\n      - record: job:http_requests:rate5m\n        expr: sum by (job) (rate(http_requests_total[5m]))\n",
  ],
  bad: [
    "groups:\n  - name: api\n    rules:\n      - record: job:http_requests:rate5m\n        expr: sum by (job) (rate(http_requests_total[5m])\n",
    "groups:\n  - name: api\n    rules:\n      - record: job:http_requests:rate5m\n        expr: sum by (job) (rate(http_requests_total))\n",
  ],
  messages: {
    syntax: "expected valid PromQL, got {{error}}",
    type: "expected a query Prometheus accepts, got {{error}}",
  },
  check({ rule }) {
    if (rule.logql === true) return [];
    const errors = rule.syntaxOk
      ? typeErrorsOf(rule.expr, rule.tree)
      : parsePromQL(rule.expr).errors;
    const first = errors[0];
    if (first === undefined) return [];
    const w = rule.written;
    // The unexpected text as the spec writes it (`[{{.window}}]`), not as the parser saw it.
    const error =
      w === undefined || first.tokenEnd === undefined
        ? first.message
        : unexpectedText(
            w.query.slice(w.originalOffset(first.offset), w.originalEnd(first.tokenEnd)),
          );
    return [
      {
        messageId: first.kind === "type" ? "type" : "syntax",
        data: { error },
        span: { from: first.offset, to: Math.max(first.end ?? first.offset + 1, first.offset + 1) },
      },
    ];
  },
};
