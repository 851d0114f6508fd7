import type { Diagnostic } from "../../diagnostics.ts";
import { durationSeconds } from "../../model/duration.ts";
import type { Estate } from "../../model/estate.ts";
import { renderForParsing } from "../../model/logql-expr.ts";
import { serviceLogsSchema } from "../../model/logs.ts";
import type { Service } from "../../model/service.ts";
import { formatPosition } from "../../promql/parse.ts";
import { parseLogQL } from "../parse.ts";
import { filterBeforeParser } from "./filter-before-parser.ts";
import { parserFormat } from "./parser-format.ts";
import { rangeUnderInterval } from "./range-under-interval.ts";
import type { LogqlCheck, LogqlCheckContext, LogqlFinding, LogqlSample } from "./types.ts";
import { unboundedJson } from "./unbounded-json.ts";

export type { LogqlCheck, LogqlCheckContext, LogqlFinding, LogqlSample } from "./types.ts";

/** Every LogQL check, in id order. */
export const LOGQL_CHECKS: readonly LogqlCheck[] = [
  filterBeforeParser,
  parserFormat,
  rangeUnderInterval,
  unboundedJson,
];

/** The Loki ruler's default evaluation interval (`-ruler.evaluation-interval`). */
export const LOKI_DEFAULT_INTERVAL_SECONDS = 60;

/** The context a sample describes, with the defaults a sample leaves out. */
export function sampleContext(sample: LogqlSample): LogqlCheckContext {
  return {
    expr: sample.expr,
    parsed: parseLogQL(sample.expr),
    use: sample.use ?? "alert",
    logs: sample.logs === undefined ? undefined : serviceLogsSchema.parse(sample.logs),
    logVolume: sample.logVolume,
    intervalSeconds: sample.intervalSeconds ?? LOKI_DEFAULT_INTERVAL_SECONDS,
  };
}

/** Run one check; a query that does not parse gets no findings (its syntax error is reported elsewhere). */
export function runCheck(check: LogqlCheck, ctx: LogqlCheckContext): LogqlFinding[] {
  return ctx.parsed.errors.length > 0 ? [] : check.check(ctx);
}

/**
 * Run every check over the LogQL of a validated estate: log rules and
 * log-SLI queries. Pure; returns warnings (never errors, for now), one
 * line each, with the file, the field path and the column.
 */
export function checkEstateLogql(estate: Estate): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const { file, value: service } of estate.services) {
    for (const query of serviceQueries(service)) {
      const ctx: LogqlCheckContext = {
        expr: query.parsedText,
        parsed: parseLogQL(query.parsedText),
        use: query.use,
        logs: service.logs,
        logVolume: service.logVolume,
        intervalSeconds: query.intervalSeconds,
      };
      for (const check of LOGQL_CHECKS) {
        for (const finding of runCheck(check, ctx)) {
          const offset = query.offsetOf(finding.offset);
          const before = query.text.slice(0, offset).split("\n");
          const position = formatPosition(query.text, {
            offset,
            line: before.length,
            column: (before.at(-1)?.length ?? 0) + 1,
            message: "",
          });
          out.push({
            code: check.id,
            severity: check.severity,
            file,
            path: query.path,
            message: `${finding.message} at ${position} (${check.id})`,
          });
        }
      }
    }
  }
  return out;
}

interface ServiceQuery {
  text: string;
  parsedText: string;
  offsetOf: (offset: number) => number;
  path: (string | number)[];
  use: LogqlCheckContext["use"];
  intervalSeconds: number;
}

function serviceQueries(service: Service): ServiceQuery[] {
  const out: ServiceQuery[] = [];
  service.logGroups.forEach((group, gi) => {
    const intervalSeconds =
      group.interval === undefined
        ? LOKI_DEFAULT_INTERVAL_SECONDS
        : durationSeconds(group.interval);
    group.rules.forEach((rule, ri) => {
      out.push({
        text: rule.expr,
        parsedText: rule.expr,
        offsetOf: (o) => o,
        path: ["logGroups", gi, "rules", ri, "expr"],
        use: rule.kind === "logAlert" ? "alert" : "record",
        intervalSeconds,
      });
    });
  });
  service.slos.forEach((slo, si) => {
    if (slo.sli.kind !== "logs") return;
    for (const field of ["errorQuery", "totalQuery"] as const) {
      const text = slo.sli[field];
      const { rendered, originalOffset } = renderForParsing(text);
      out.push({
        text,
        parsedText: rendered,
        offsetOf: originalOffset,
        path: ["slos", si, "sli", field],
        use: "sli",
        intervalSeconds: LOKI_DEFAULT_INTERVAL_SECONDS,
      });
    }
  });
  return out;
}
