import { formatDuration } from "../../../core/duration.ts";
import { ranges } from "../../../logql/analyse.ts";
import type { LogqlCheck } from "../../check.ts";

export const rangeUnderInterval: LogqlCheck<"shortRange"> = {
  id: "logql/range-under-interval",
  target: "logql",
  severity: "warning",
  docs: `The range of a rule's query spans at least the group's evaluation interval.

Why: a rule is evaluated once per interval (the group's \`interval\`, or the Loki
ruler's default of 1m) and each evaluation looks back over the query's range.
With a range shorter than the interval, lines logged between two windows are
never counted: an alert misses bursts and a recorded rate under-counts. Use a
range of at least the evaluation interval (commonly a few times it). SLI
queries are not checked: obsforge sets their ranges to the SLO's windows.`,
  good: [
    'expr: sum(count_over_time({app="shop"} |= "x" [5m])) > 0\ninterval: 1m\n',
    'expr: sum(rate({app="shop"}[1m]))\nuse: record\ninterval: 1m\n',
  ],
  bad: [
    'expr: sum(count_over_time({app="shop"} |= "x" [30s])) > 0\ninterval: 1m\n',
    'expr: sum(rate({app="shop"}[1m]))\nuse: record\ninterval: 2m\n',
  ],
  messages: {
    shortRange:
      "expected a range of at least the evaluation interval {{interval}}, got [{{range}}] (lines between evaluations are never counted)",
  },
  check(ctx) {
    if (ctx.use === "sli") return [];
    return ranges(ctx.expr, ctx.parsed.tree)
      .filter((r) => r.seconds < ctx.intervalSeconds)
      .map((r) => ({
        span: { from: r.from, to: ctx.expr.indexOf("]", r.from) + 1 },
        messageId: "shortRange" as const,
        data: { interval: formatDuration(ctx.intervalSeconds), range: r.text },
      }));
  },
};
