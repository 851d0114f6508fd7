import { logPipelines } from "../../../logql/analyse.ts";
import type { LogqlCheck } from "../../check.ts";

export const unboundedJson: LogqlCheck<"allFields"> = {
  id: "logql/unbounded-json",
  target: "logql",
  severity: "warning",
  docs: `\`| json\` names the fields it extracts on high-volume streams.

Why: \`| json\` without field names extracts every field of every line as a
label, nested objects flattened. On a high-volume stream (\`logVolume: "high"\`)
that is the most expensive stage of the query and can create many series.
Name the fields the rule uses: \`| json level, trace_id\`, or
\`| json status="response.status"\`.`,
  good: [
    'expr: sum(count_over_time({app="shop"} |= "x" | json level [5m])) > 0\nlogVolume: high\n',
    'expr: sum(count_over_time({app="shop"} |= "x" | json [5m])) > 0\nlogVolume: normal\n',
  ],
  bad: ['expr: sum(count_over_time({app="shop"} |= "x" | json [5m])) > 0\nlogVolume: high\n'],
  messages: {
    allFields:
      "expected | json with the fields the rule uses (e.g. | json level, trace_id) on this high-volume stream, got | json extracting every field",
  },
  check(ctx) {
    if (ctx.logVolume !== "high") return [];
    return logPipelines(ctx.expr, ctx.parsed.tree).flatMap((p) =>
      p.stages.flatMap((stage) =>
        stage.kind === "parser" && stage.parser === "json" && stage.fields === undefined
          ? [
              {
                span: { from: stage.from, to: ctx.expr.indexOf("json", stage.from) + 4 },
                messageId: "allFields" as const,
              },
            ]
          : [],
      ),
    );
  },
};
