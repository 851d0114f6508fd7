import { logPipelines, type StreamMatcher } from "../../../logql/analyse.ts";
import { parseLogQL } from "../../../logql/parse.ts";
import type { LogqlCheck } from "../../check.ts";

/** The format each parser reads; regexp and pattern read any text. */
const PARSER_FORMAT: Record<string, string | undefined> = {
  json: "json",
  unpack: "json",
  logfmt: "logfmt",
};

export const parserFormat: LogqlCheck<"wrongParser"> = {
  id: "logql/parser-format",
  target: "logql",
  severity: "warning",
  docs: `Parsers match the log format the service declares (\`logs.format\`).

Why: a service declares how it writes its logs (\`logs.format\`: json, logfmt or
plain). A parser of another format on that service's stream fails on every
line: Loki sets \`__error__\` (JSONParserErr, LogfmtParserErr) and extracts
nothing, so label filters never match and the alert silently never fires. Use
the parser of the declared format, or \`regexp\`/\`pattern\` for plain text.
Queries of other streams (selectors without the service's matchers) are not
checked.`,
  good: [
    'expr: sum(count_over_time({app="shop"} |= "x" | json [5m])) > 0\nlogs: { selector: \'{app="shop"}\', format: json }\n',
    'expr: sum(count_over_time({app="other"} |= "x" | json [5m])) > 0\nlogs: { selector: \'{app="shop"}\', format: logfmt }\n',
    'expr: sum(count_over_time({app="shop"} |= "x" | pattern `<_> <level> <_>` [5m])) > 0\nlogs: { selector: \'{app="shop"}\', format: plain }\n',
  ],
  bad: [
    'expr: sum(count_over_time({app="shop", env="prod"} |= "x" | json [5m])) > 0\nlogs: { selector: \'{app="shop"}\', format: logfmt }\n',
    'expr: sum(count_over_time({app="shop"} |= "x" | logfmt [5m])) > 0\nlogs: { selector: \'{app="shop"}\', format: plain }\n',
  ],
  messages: {
    wrongParser:
      'expected a parser for the stream\'s declared format "{{format}}", got | {{parser}} (every line would fail to parse)',
  },
  check(ctx) {
    const logs = ctx.logs;
    if (logs === undefined) return [];
    const declared = parseLogQL(logs.selector);
    const own = logPipelines(logs.selector, declared.tree)[0]?.selector.matchers ?? [];
    if (own.length === 0) return [];
    return logPipelines(ctx.expr, ctx.parsed.tree)
      .filter((p) => own.every((m) => p.selector.matchers.some((q) => sameMatcher(m, q))))
      .flatMap((p) =>
        p.stages.flatMap((stage) => {
          if (stage.kind !== "parser") return [];
          const reads = PARSER_FORMAT[stage.parser];
          if (reads === undefined || reads === logs.format) return [];
          return [
            {
              span: {
                from: stage.from,
                to: ctx.expr.indexOf(stage.parser, stage.from) + stage.parser.length,
              },
              messageId: "wrongParser" as const,
              data: { format: logs.format, parser: stage.parser },
            },
          ];
        }),
      );
  },
};

function sameMatcher(a: StreamMatcher, b: StreamMatcher): boolean {
  return a.name === b.name && a.op === b.op && a.value === b.value;
}
