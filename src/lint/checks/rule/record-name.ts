import { durationSeconds } from "../../../core/duration.ts";
import { RECORD_NAME_RE } from "../../../core/names.ts";
import type { Tree } from "@lezer/common";
import { nodesNamed, perTree } from "../../promql/tree-facts.ts";
import { callArgs, callName, nodeText, rangeSeconds, unwrap } from "../../../promql/analyse.ts";
import type { CheckProblem, RuleCheck } from "../../check.ts";

/** Functions that turn a counter into a rate or an increase: the name drops `_total` after them. */
const RATE_FUNCTIONS = new Set(["rate", "irate", "increase"]);

/** `rate5m`, `ratio_rate5m`, `increase1h`: the operation and the range an operations part names. */
const NAMED_RANGE_RE = /(?:^|_)(i?rate|increase)(\d+(?:ms|[smhdwy])(?:\d+(?:ms|[smhdwy]))*)(?:_|$)/;

export const recordName: RuleCheck<"badShape" | "totalAfterRate" | "rangeMismatch"> = {
  id: "rule/record-name",
  target: "rule",
  severity: "error",
  docs: `Recording rule names follow \`level:metric:operations\` and say what the query does.

Why: the Prometheus naming best practice for recording rules tells the reader
what a series is aggregated by (level), what it measures (metric) and what
was done to it (operations, newest first), and keeps recorded series apart
from scraped ones (which never contain \`:\`). The model already rejects names
without the three parts (a build error) in \`groups\`; rules imported as
written (\`plainGroups\`) keep any metric name, and get a warning here. This
rule checks the parts against the query:

- the metric drops \`_total\` once \`rate()\`, \`irate()\` or \`increase()\` made
  the counter a rate (\`job:http_requests:rate5m\`, not
  \`job:http_requests_total:rate5m\`);
- a range named in the operations (\`rate5m\`, \`ratio_rate5m\`) is the range the
  query's \`rate()\`/\`increase()\` use, so a copied rule whose window was
  changed does not keep the old name.

Rules obsforge generates for SLOs keep Sloth's names (\`slo:sli_error:ratio_rate5m\`,
\`sloth_slo_info\`) for compatibility and are not checked.`,
  good: [
    "record: job:http_requests:rate5m\nexpr: sum by (job) (rate(http_requests_total[5m]))\n",
    'record: job:http_requests_errors:ratio_rate5m\nexpr: sum by (job) (rate(http_requests_total{code=~"5.."}[5m])) / sum by (job) (rate(http_requests_total[5m]))\n',
    "record: instance:process_resident_memory_bytes:max\nexpr: max by (instance) (process_resident_memory_bytes)\n",
  ],
  bad: [
    "record: job:http_requests_total:rate5m\nexpr: sum by (job) (rate(http_requests_total[5m]))\n",
    "record: job:http_requests:rate5m\nexpr: sum by (job) (rate(http_requests_total[10m]))\n",
  ],
  messages: {
    badShape: "expected a recording rule name of the form level:metric:operations, got {{name}}",
    totalAfterRate:
      "expected the metric part without _total once rate() or increase() made the counter a rate ({{rate}}), got {{metric}}",
    rangeMismatch:
      "expected the query to use the range its name gives ({{named}}), got [{{range}}]",
  },
  check({ rule }) {
    if (rule.kind !== "record") return [];
    // The model enforces the shape for every rule people write; kept for estates built in code.
    if (!RECORD_NAME_RE.test(rule.name)) {
      return [
        {
          // Rules imported as written may break the convention: a warning there, not a failed lint.
          ...(rule.groupPath?.[0] === "plainGroups" && { severity: "warning" as const }),
          messageId: "badShape",
          data: { name: rule.name },
        },
      ];
    }
    if (!rule.syntaxOk) return [];
    const [, metric = "", operations = ""] = rule.name.split(":");
    const ranges = rangesOf(rule.expr, rule.tree);
    const problems: CheckProblem<"totalAfterRate" | "rangeMismatch">[] = [];
    if (metric.endsWith("_total") && ranges.length > 0) {
      problems.push({
        messageId: "totalAfterRate",
        data: { rate: metric.slice(0, -6), metric },
      });
    }
    const named = NAMED_RANGE_RE.exec(operations);
    if (named !== null && ranges.length > 0) {
      const want = durationSeconds(named[2]!);
      const other = ranges.find((r) => r.seconds !== want);
      if (other !== undefined && !ranges.some((r) => r.seconds === want)) {
        problems.push({
          messageId: "rangeMismatch",
          data: { named: `${named[1]}${named[2]}`, range: other.text },
          span: { from: other.from, to: other.to },
        });
      }
    }
    return problems;
  },
};

interface RateRange {
  seconds: number;
  text: string;
  from: number;
  to: number;
}

/** The ranges of the query's rate functions, once per query (rules with one query share it). */
const rangesOf = perTree(rateRanges);

function rateRanges(query: string, tree: Tree): RateRange[] {
  return nodesNamed(tree, "FunctionCall")
    .filter((call) => RATE_FUNCTIONS.has(callName(query, call)))
    .flatMap((call) => {
      const matrix =
        callArgs(call)
          .map(unwrap)
          .find((n) => n.name === "MatrixSelector") ?? null;
      const range = matrix?.getChild("DurationExpr") ?? null;
      const seconds = matrix === null ? undefined : rangeSeconds(query, matrix);
      return matrix === null || range === null || seconds === undefined
        ? []
        : [{ seconds, text: nodeText(query, range), from: range.from, to: range.to }];
    });
}
