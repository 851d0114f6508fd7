import { formatDuration } from "../../model/duration.ts";
import { ranges } from "../analyse.ts";
import type { LogqlCheck } from "./types.ts";

export const rangeUnderInterval: LogqlCheck = {
  id: "logql/range-under-interval",
  severity: "warning",
  docs:
    "A rule is evaluated once per interval (the group's interval, or the Loki ruler's default of 1m) and each " +
    "evaluation looks back over the query's range. With a range shorter than the interval, lines logged between " +
    "two windows are never counted: an alert misses bursts and a recorded rate under-counts. Use a range of at " +
    "least the evaluation interval (commonly a few times it).",
  good: [
    { expr: 'sum(count_over_time({app="shop"} |= "x" [5m])) > 0', intervalSeconds: 60 },
    { expr: 'sum(rate({app="shop"}[1m]))', use: "record", intervalSeconds: 60 },
  ],
  bad: [
    { expr: 'sum(count_over_time({app="shop"} |= "x" [30s])) > 0', intervalSeconds: 60 },
    { expr: 'sum(rate({app="shop"}[1m]))', use: "record", intervalSeconds: 120 },
  ],
  check(ctx) {
    if (ctx.use === "sli") return [];
    return ranges(ctx.expr, ctx.parsed.tree)
      .filter((r) => r.seconds < ctx.intervalSeconds)
      .map((r) => ({
        offset: r.from,
        message: `expected a range of at least the evaluation interval ${formatDuration(ctx.intervalSeconds)}, got [${r.text}] (lines between evaluations are never counted)`,
      }));
  },
};
