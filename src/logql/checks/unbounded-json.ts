import { logPipelines } from "../analyse.ts";
import type { LogqlCheck } from "./types.ts";

export const unboundedJson: LogqlCheck = {
  id: "logql/unbounded-json",
  severity: "warning",
  docs:
    "| json without field names extracts every field of every line as a label, nested objects flattened. On a " +
    'high-volume stream (logVolume: "high") that is the most expensive stage of the query and can create many ' +
    'series. Name the fields the rule uses: | json level, trace_id, or | json status="response.status".',
  good: [
    { expr: 'sum(count_over_time({app="shop"} |= "x" | json level [5m])) > 0', logVolume: "high" },
    { expr: 'sum(count_over_time({app="shop"} |= "x" | json [5m])) > 0', logVolume: "normal" },
  ],
  bad: [{ expr: 'sum(count_over_time({app="shop"} |= "x" | json [5m])) > 0', logVolume: "high" }],
  check(ctx) {
    if (ctx.logVolume !== "high") return [];
    return logPipelines(ctx.expr, ctx.parsed.tree).flatMap((p) =>
      p.stages.flatMap((stage) =>
        stage.kind === "parser" && stage.parser === "json" && stage.fields === undefined
          ? [
              {
                offset: stage.from,
                message:
                  "expected | json with the fields the rule uses (e.g. | json level, trace_id) on this high-volume stream, got | json extracting every field",
              },
            ]
          : [],
      ),
    );
  },
};
