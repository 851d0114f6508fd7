import { SPAN_ID_RE, TRACE_ID_RE, ZERO_SPAN_ID, ZERO_TRACE_ID } from "../../core/trace-context.ts";
import { eq, neq, nre, re } from "../../core/label-matchers.ts";
import {
  countOverTime,
  fieldLabel,
  json,
  labelFilter,
  labelFilterAny,
  labelRename,
  logfmt,
  logQuery,
  type Stage,
  sumBy,
} from "../../logql/query.ts";
import type { LogCorrelation } from "./log-correlation.ts";

/** The range the correlation rules count lines over (and name: `count5m`). */
const RANGE = "5m";

/**
 * The LogQL of the correlation rules (Loki's recordings, the alert's
 * Explore link): which lines are request-scoped, which carry valid ids.
 */

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
export function validIds(c: LogCorrelation): Stage[] {
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
export function linesByLevel(c: LogCorrelation, stages: readonly Stage[]): string {
  const level = fieldLabel(c.level);
  const rename = level === "level" ? [] : [labelRename({ level })];
  return sumBy(["level"], countOverTime(logQuery(c.selector, [...stages, ...rename]), RANGE));
}
