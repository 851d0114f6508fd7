import { type Problem, type ValueSpan, valueSpanOf } from "../core/problem.ts";
import { WINDOW } from "../core/window.ts";
import type { SloInput } from "../model/slo.ts";
import { DURATION_RE, durationSeconds } from "../core/duration.ts";
import type { PyrraSpec } from "./pyrra.ts";
import { matcherSelector, parseSelector, type PyrraSelector } from "./pyrra-selector.ts";

/**
 * A Pyrra indicator as an obsforge SLI, one function per kind, each with
 * Pyrra's burn-rate query shape (slo/rules.go `Burnrate`), plus the labels
 * Pyrra records with it.
 */
export interface ConvertedSli {
  sli: SloInput["sli"];
  labels: Record<string, string>;
}

type Indicator = PyrraSpec["indicator"];

interface Ctx {
  /** The selector at `spec.indicator.<path>`, or undefined (and a problem) when it is not one. */
  sel: (path: string[], text: string) => PyrraSelector | undefined;
  report: (path: string[], message: string) => void;
}

export function convertIndicator(
  spec: PyrraSpec,
  file: string,
  problems: Problem[],
): ConvertedSli | undefined {
  const ind = spec.indicator;
  const report = (path: string[], message: string, valueSpan?: ValueSpan) =>
    problems.push({
      // A selector that does not parse is a PromQL syntax error, pointed at where it breaks.
      code: valueSpan === undefined ? "load/pyrra" : "promql/syntax",
      severity: "error",
      file,
      path: ["spec", "indicator", ...path],
      message,
      ...(valueSpan !== undefined && { valueSpan }),
    });
  const kinds = (["ratio", "latency", "latencyNative", "bool_gauge"] as const).filter(
    (k) => ind[k] !== undefined,
  );
  if (kinds.length !== 1) {
    report(
      [],
      `expected exactly one of ratio, latency, latencyNative and bool_gauge, got ${kinds.length === 0 ? "none" : kinds.join(" and ")}`,
    );
    return undefined;
  }
  const sel = (path: string[], text: string): PyrraSelector | undefined => {
    const parsed = parseSelector(text);
    if ("name" in parsed) return parsed;
    // A syntax error is pointed at in the value, as every query's is.
    report(
      path,
      `expected a PromQL vector selector such as metric{label="value"}, got ${parsed.got}`,
      parsed.offset === undefined ? undefined : valueSpanOf(text, parsed.offset),
    );
    return undefined;
  };
  const ctx: Ctx = { sel, report };
  if (ind.ratio !== undefined) return ratio(ind.ratio, ctx);
  if (ind.latency !== undefined) return latency(ind.latency, ctx);
  if (ind.latencyNative !== undefined) return latencyNative(ind.latencyNative, ctx);
  return boolGauge(ind.bool_gauge!, ctx);
}

/** `sum by (a, b) ` (Pyrra sorts and dedups the grouping), or a plain `sum`. */
function sumBy(grouping: string[] | undefined): string {
  return grouping !== undefined && grouping.length > 0
    ? `sum by (${[...new Set(grouping)].sort().join(", ")}) `
    : "sum";
}

function over(s: PyrraSelector, fn = "rate"): string {
  return `${fn}(${matcherSelector(s)}[${WINDOW}])`;
}

function ratio(ind: NonNullable<Indicator["ratio"]>, ctx: Ctx): ConvertedSli | undefined {
  const errors = ctx.sel(["ratio", "errors", "metric"], ind.errors.metric);
  const total = ctx.sel(["ratio", "total", "metric"], ind.total.metric);
  if (errors === undefined || total === undefined) return undefined;
  const sum = sumBy(ind.grouping);
  return {
    sli: {
      kind: "events",
      errorQuery: `${sum}(${over(errors)})`,
      totalQuery: `${sum}(${over(total)})`,
    },
    labels: ruleLabels(total, ind.grouping),
  };
}

/** Slow requests = all − those under the bound, as Pyrra's latency burn rate. */
function latency(ind: NonNullable<Indicator["latency"]>, ctx: Ctx): ConvertedSli | undefined {
  const success = ctx.sel(["latency", "success", "metric"], ind.success.metric);
  const total = ctx.sel(["latency", "total", "metric"], ind.total.metric);
  if (success === undefined || total === undefined) return undefined;
  const sum = sumBy(ind.grouping);
  return {
    sli: {
      kind: "events",
      errorQuery: `${sum}(${over(total)}) - ${sum}(${over(success)})`,
      totalQuery: `${sum}(${over(total)})`,
    },
    labels: ruleLabels(total, ind.grouping),
  };
}

function latencyNative(
  ind: NonNullable<Indicator["latencyNative"]>,
  ctx: Ctx,
): ConvertedSli | undefined {
  const total = ctx.sel(["latencyNative", "total", "metric"], ind.total.metric);
  const seconds = safeSeconds(ind.latency);
  if (seconds === undefined)
    ctx.report(
      ["latencyNative", "latency"],
      `expected a duration such as 100ms, got ${JSON.stringify(ind.latency)}`,
    );
  if (total === undefined || seconds === undefined) return undefined;
  const sum = sumBy(ind.grouping);
  return {
    sli: {
      kind: "raw",
      errorRatioQuery: `1 - histogram_fraction(0, ${seconds}, ${sum}(${over(total)}))`,
    },
    labels: ruleLabels(total, ind.grouping),
  };
}

/** Event-weighted, as Pyrra: every sample of every series counts once. */
function boolGauge(ind: NonNullable<Indicator["bool_gauge"]>, ctx: Ctx): ConvertedSli | undefined {
  const metric = ctx.sel(["bool_gauge", "metric"], ind.metric);
  if (metric === undefined) return undefined;
  const sum = sumBy(ind.grouping);
  const count = `${sum}(${over(metric, "count_over_time")})`;
  return {
    sli: {
      kind: "events",
      errorQuery: `${count} - ${sum}(${over(metric, "sum_over_time")})`,
      totalQuery: count,
    },
    labels: ruleLabels(metric, ind.grouping),
  };
}

/** Equality matchers of the total selector, except grouped labels (their values vary per series). */
function ruleLabels(
  total: PyrraSelector,
  groupingLabels: string[] | undefined,
): Record<string, string> {
  const grouped = new Set(groupingLabels ?? []);
  const out: Record<string, string> = {};
  for (const m of total.matchers) {
    if (m.op === "=" && !grouped.has(m.label)) out[m.label] = m.value;
  }
  return out;
}

/** Seconds of a Prometheus duration, or undefined when it is not one. */
export function safeSeconds(d: string): number | undefined {
  // durationSeconds reads only what matches and never throws: "1.5s" would read as 5s, "1" as 0.
  return DURATION_RE.test(d) ? durationSeconds(d) : undefined;
}
