import { type FieldPath, type Problem, valueSpanOf } from "../core/problem.ts";
import { parseLogQL } from "../logql/parse.ts";
import { durationSeconds } from "../core/duration.ts";
import type { Estate } from "../model/estate.ts";
import { renderForParsing } from "../core/window.ts";
import type { Service } from "../model/service.ts";
import { DEFAULT_LINT_CONFIG, type LintConfig, settingLevel } from "./config.ts";
import type { FormattedProblem, LogqlCheck, LogqlContext } from "./check.ts";
import { formatProblems } from "./messages.ts";
import { LOGQL_CHECKS } from "./checks/logql-index.ts";

/** The Loki ruler's default evaluation interval (`-ruler.evaluation-interval`). */
export const LOKI_DEFAULT_INTERVAL_SECONDS = 60;

/** One LogQL query of a service: a Loki rule's expr, or a log SLI's error or total query. */
export interface ServiceLogqlQuery {
  /** The query as written in the definition. */
  text: string;
  /** The context the checks see (SLI window placeholders rendered so the query parses). */
  context: LogqlContext;
  /** Maps an offset in `context.expr` back to `text`. */
  offsetOf: (offset: number) => number;
  /** Field path in the definition, e.g. `logGroups[0].rules[1].expr`. */
  path: FieldPath;
  /** The Loki rule's name, or the SLO's. */
  subject: string;
  /** Check ids switched off on this query with the rule's `lint: { disable: [...] }`. */
  disable: readonly string[];
}

/** Every LogQL query of a service, in definition order: Loki rules, then log-based SLIs. */
export function serviceLogqlQueries(service: Service): ServiceLogqlQuery[] {
  const out: ServiceLogqlQuery[] = [];
  const context = (
    expr: string,
    use: LogqlContext["use"],
    intervalSeconds: number,
  ): LogqlContext => ({
    expr,
    parsed: parseLogQL(expr),
    use,
    logs: service.logs,
    logVolume: service.logVolume,
    intervalSeconds,
  });
  service.logGroups.forEach((group, gi) => {
    const intervalSeconds =
      group.interval === undefined
        ? LOKI_DEFAULT_INTERVAL_SECONDS
        : durationSeconds(group.interval);
    group.rules.forEach((rule, ri) => {
      out.push({
        text: rule.expr,
        context: context(rule.expr, rule.kind === "logAlert" ? "alert" : "record", intervalSeconds),
        offsetOf: (o) => o,
        path: ["logGroups", gi, "rules", ri, "expr"],
        subject: rule.name,
        disable: rule.lint?.disable ?? [],
      });
    });
  });
  // Loki rule files built in place: the same checks, on the rules as written.
  service.plainLogGroups.forEach((group, gi) => {
    const intervalSeconds =
      group.interval === undefined
        ? LOKI_DEFAULT_INTERVAL_SECONDS
        : durationSeconds(group.interval);
    group.rules.forEach((rule, ri) => {
      out.push({
        text: rule.expr,
        context: context(rule.expr, rule.alert !== undefined ? "alert" : "record", intervalSeconds),
        offsetOf: (o) => o,
        path: ["plainLogGroups", gi, "rules", ri, "expr"],
        subject: rule.alert ?? rule.record ?? "",
        disable: [],
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
        context: context(rendered, "sli", LOKI_DEFAULT_INTERVAL_SECONDS),
        offsetOf: originalOffset,
        path: ["slos", si, "sli", field],
        subject: slo.name,
        disable: [],
      });
    }
  });
  return out;
}

/** Run one LogQL check; a query that does not parse gets no problems (its syntax error is reported by the model). */
export function runLogqlCheck(check: LogqlCheck, ctx: LogqlContext): FormattedProblem[] {
  return ctx.parsed.errors.length > 0 ? [] : formatProblems(check, check.check(ctx));
}

/**
 * The LogQL checks over every log rule and log-SLI query of a validated
 * estate, at the levels `config` sets (off, warning, error). The one place
 * they run: `build` reports the result as warnings, `lint` as findings.
 * Each problem names the query's field and, in `valueSpan`, the part of
 * the query it is about; the loader places that in the file. Pure.
 */
export function checkEstateLogql(
  estate: Estate,
  config: LintConfig = DEFAULT_LINT_CONFIG,
): Problem[] {
  // The config's levels, as metric-lint.ts's `active` (not imported: it loads the exposition parser).
  const checks = LOGQL_CHECKS.flatMap((check) => {
    const level = settingLevel(config.rules[check.id]);
    return level === "off" ? [] : [{ check, severity: level ?? check.severity }];
  });
  const out: Problem[] = [];
  if (checks.length === 0) return out;
  for (const { file, value: service } of estate.services) {
    for (const query of serviceLogqlQueries(service)) {
      for (const { check, severity } of checks) {
        if (query.disable.includes(check.id)) continue;
        for (const problem of runLogqlCheck(check, query.context)) {
          const span = problem.span ?? { from: 0, to: 0 };
          out.push({
            code: check.id,
            severity: problem.severity ?? severity,
            message: problem.message,
            file,
            path: query.path,
            subject: query.subject,
            valueSpan: valueSpanOf(query.text, query.offsetOf(span.from), query.offsetOf(span.to)),
          });
        }
      }
    }
  }
  return out;
}
