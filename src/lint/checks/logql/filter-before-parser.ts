import { logPipelines } from "../../../logql/analyse.ts";
import type { LogqlCheck } from "../../check.ts";

export const filterBeforeParser: LogqlCheck<"parserFirst"> = {
  id: "logql/filter-before-parser",
  target: "logql",
  severity: "warning",
  docs: `Log alerts put a line filter before the first parser stage.

Why: a log alert runs on every evaluation over its whole range. A parser stage
(\`| json\`, \`| logfmt\`, \`| regexp\`, \`| pattern\`) runs on every line that
reaches it, while a line filter (\`|= "text"\`, \`|~ "regex"\`) is a cheap
substring or regex match that Loki can also push down to its chunk scans. Put
a line filter that every interesting line passes (such as \`|= "error"\` or
\`|= "panic"\`) before the first parser, so only those lines are parsed.
Recording rules and SLI queries are not checked: they count every line.`,
  good: [
    'sum(count_over_time({app="shop"} |= "panic" | json [5m])) > 0',
    'expr: sum(count_over_time({app="shop"} | json [5m]))\nuse: record\n',
    'sum(count_over_time({app="shop"} |= "error" [5m])) > 10',
  ],
  bad: ['sum(count_over_time({app="shop"} | json | level="error" [5m])) > 0'],
  messages: {
    parserFirst:
      'expected a line filter such as |= "error" before | {{parser}} (so Loki parses only matching lines), got | {{parser}} on every line of the stream',
  },
  check(ctx) {
    if (ctx.use !== "alert") return [];
    return logPipelines(ctx.expr, ctx.parsed.tree).flatMap((pipeline) => {
      const firstParser = pipeline.stages.findIndex((s) => s.kind === "parser");
      if (firstParser < 0) return [];
      if (pipeline.stages.slice(0, firstParser).some((s) => s.kind === "lineFilter")) return [];
      const stage = pipeline.stages[firstParser]!;
      const parser = stage.kind === "parser" ? stage.parser : "parser";
      return [
        {
          span: { from: stage.from, to: ctx.expr.indexOf(parser, stage.from) + parser.length },
          messageId: "parserFirst" as const,
          data: { parser },
        },
      ];
    });
  },
};
