import { SPAN_ID_RE, TRACE_ID_RE, ZERO_SPAN_ID, ZERO_TRACE_ID } from "../../core/trace-context.ts";
import { eq, neq, nre, re } from "../../core/label-matchers.ts";
import {
  countOverTime,
  json,
  labelFilter,
  labelFilterAny,
  labelRename,
  logfmt,
  logQuery,
  type Stage,
  sumBy,
} from "../../logql/query.ts";
import type { Service } from "../../model/service.ts";
import { fieldLabel } from "../grafana/logs-source.ts";
import { compileRecord } from "../prometheus/compile.ts";
import {
  CORRELATION_RECORDS,
  correlationGroupName,
  type LogCorrelation,
  logCorrelationOf,
} from "../shared/log-correlation.ts";
import type { LokiRuleGroup } from "./rule-file.ts";

/** What Loki evaluates the correlation rules every: the ruler's default, written out. */
const INTERVAL = "1m";
const RANGE = "5m";

/**
 * The Loki half of a service's log–trace correlation objective: per level,
 * the request-scoped lines per 5 minutes and those of them that carry a
 * valid trace id and span id. Loki remote-writes both to Prometheus, where
 * the ratio, the objective and the alert are (prometheus/correlation-rules.ts).
 */
export function compileCorrelationGroups(service: Service): LokiRuleGroup[] {
  const correlation = logCorrelationOf(service);
  if (correlation === undefined) return [];
  const labels = { service: service.name };
  const scoped = scopedLines(correlation);
  const valid = [...scoped, ...validIds(correlation)];
  return [
    {
      name: correlationGroupName(service.name),
      interval: INTERVAL,
      rules: [
        compileRecord(service, {
          name: CORRELATION_RECORDS.requestScoped,
          expr: linesByLevel(correlation, scoped),
          labels,
        }),
        compileRecord(service, {
          name: CORRELATION_RECORDS.correlated,
          expr: linesByLevel(correlation, valid),
          labels,
        }),
      ],
    },
  ];
}

/**
 * `| json | __error__="" | <request-scoped>`: the parser without field
 * names, because it is the one way to read both a nested
 * `{"http":{"route":…}}` and a flat `"http.route"` key (each becomes the
 * label `http_route`); lines it cannot parse are left out (Loki refuses a
 * metric query over lines with `__error__`), and lint-logs reports them.
 * A line is request-scoped when it has a trace id, a span id or a request
 * field, as lint-logs says.
 */
export function scopedLines(c: LogCorrelation): Stage[] {
  const scopeLabels = [c.traceId, c.spanId, ...c.requestFields].map(fieldLabel);
  return [
    c.format === "json" ? json() : logfmt(),
    labelFilter({ __error__: "" }),
    labelFilterAny([...new Set(scopeLabels)].map((l) => [l, neq("")] as const)),
  ];
}

/**
 * W3C ids (core/trace-context.ts, the regexes lint-logs uses): LogQL's
 * label regexes are anchored already; the anchors are written anyway so
 * the query reads as what it checks.
 */
function validIds(c: LogCorrelation): Stage[] {
  const trace = fieldLabel(c.traceId);
  const span = fieldLabel(c.spanId);
  return [
    labelFilter({ [trace]: re(TRACE_ID_RE.source) }),
    labelFilter({ [trace]: neq(ZERO_TRACE_ID) }),
    labelFilter({ [span]: re(SPAN_ID_RE.source) }),
    labelFilter({ [span]: neq(ZERO_SPAN_ID) }),
  ];
}

/** The stage keeping request-scoped lines whose trace id or span id is missing or malformed. */
export function invalidIds(c: LogCorrelation): Stage {
  const trace = fieldLabel(c.traceId);
  const span = fieldLabel(c.spanId);
  return labelFilterAny([
    [trace, nre(TRACE_ID_RE.source)],
    [trace, eq(ZERO_TRACE_ID)],
    [span, nre(SPAN_ID_RE.source)],
    [span, eq(ZERO_SPAN_ID)],
  ]);
}

/** `sum by (level) (count_over_time(… [5m]))`, the level field renamed `level` so every service records the same label. */
function linesByLevel(c: LogCorrelation, stages: readonly Stage[]): string {
  const level = fieldLabel(c.level);
  const rename = level === "level" ? [] : [labelRename({ level })];
  return sumBy(["level"], countOverTime(logQuery(c.selector, [...stages, ...rename]), RANGE));
}
