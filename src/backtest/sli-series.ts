import { renderForParsing } from "../core/window.ts";
import type { Sli } from "../model/slo.ts";
import { ancestors, callName, selectorInfo, vectorSelectors } from "../promql/analyse.ts";
import { parsePromQL } from "../promql/parse.ts";

/** Events in one scrape step and in total so far. */
export interface EventCounts {
  good: number;
  bad: number;
  goodSoFar: number;
  badSoFar: number;
}

/** A raw input series of an SLI and how its value follows the events. */
export interface SyntheticSeries {
  labels: Record<string, string>;
  value: (events: EventCounts) => number;
}

interface Matcher {
  label: string;
  op: "=" | "!=" | "=~" | "!~";
  value: string;
}

/** What an events query selects: `sum(rate(m{…}[w]))` or `sum(sum_over_time(m{…}[w]))`. */
interface EventSelector {
  metric: string;
  matchers: Matcher[];
  /** Counter (rate, increase) or one sample per scrape holding that step's events. */
  kind: "counter" | "per-step";
}

/**
 * The raw series that make an SLI read the given good and bad events, so
 * scenarios can drive the real SLI rules. Latency SLIs get their histogram's
 * `_count` and threshold bucket; events SLIs whose queries each select one
 * series set through `rate`/`increase` (counters) or `sum_over_time`
 * (per-step counts) get one series per side. Anything else (raw ratios,
 * gauges, log queries, several selectors) returns undefined: scenarios
 * cannot be made for it, history can.
 */
export function syntheticSliSeries(sli: Sli): SyntheticSeries[] | undefined {
  switch (sli.kind) {
    case "latency": {
      const base = Object.fromEntries(Object.entries(sli.matchers).map(([k, v]) => [k, String(v)]));
      if (Object.values(sli.matchers).some((v) => typeof v !== "string")) return undefined;
      return [
        {
          labels: { ...base, __name__: `${sli.metric}_count` },
          value: (e) => e.goodSoFar + e.badSoFar,
        },
        {
          labels: { ...base, le: String(sli.threshold), __name__: `${sli.metric}_bucket` },
          value: (e) => e.goodSoFar,
        },
      ];
    }
    case "events": {
      const total = eventSelector(sli.totalQuery);
      const part = eventSelector(sli.errorQuery ?? sli.goodQuery!);
      if (total === undefined || part === undefined) return undefined;
      return splitEvents(total, part, sli.errorQuery !== undefined ? "bad" : "good");
    }
    default:
      return undefined;
  }
}

function eventsOf(kind: EventSelector["kind"], side: "all" | "good" | "bad") {
  const step = (e: EventCounts) => (side === "all" ? e.good + e.bad : e[side]);
  const soFar = (e: EventCounts) =>
    side === "all" ? e.goodSoFar + e.badSoFar : side === "good" ? e.goodSoFar : e.badSoFar;
  return kind === "counter" ? soFar : step;
}

/**
 * Same metric: the part's series satisfies both selectors and the rest only
 * the total's (one label of the part's own matchers set to a value it
 * refuses). Different metrics: the total's series counts every event.
 */
function splitEvents(
  total: EventSelector,
  part: EventSelector,
  partIs: "good" | "bad",
): SyntheticSeries[] | undefined {
  const rest = partIs === "good" ? "bad" : "good";
  if (total.kind !== part.kind) return undefined;
  if (total.metric !== part.metric) {
    const t = satisfying(total.matchers);
    const p = satisfying(part.matchers);
    if (t === undefined || p === undefined) return undefined;
    return [
      { labels: { ...t, __name__: total.metric }, value: eventsOf(total.kind, "all") },
      { labels: { ...p, __name__: part.metric }, value: eventsOf(part.kind, partIs) },
    ];
  }
  const inPart = satisfying([...total.matchers, ...part.matchers]);
  if (inPart === undefined) return undefined;
  for (const own of part.matchers) {
    const others = total.matchers.filter((m) => m.label === own.label);
    const value = candidates(others).find(
      (v) => others.every((m) => matches(m, v)) && !matches(own, v),
    );
    if (value === undefined) continue;
    const outside = { ...inPart, [own.label]: value };
    if (value === "") delete outside[own.label];
    return [
      { labels: { ...inPart, __name__: part.metric }, value: eventsOf(part.kind, partIs) },
      { labels: { ...outside, __name__: part.metric }, value: eventsOf(part.kind, rest) },
    ];
  }
  return undefined;
}

function eventSelector(query: string): EventSelector | undefined {
  const text = renderForParsing(query).rendered;
  const { tree, errors } = parsePromQL(text);
  if (errors.length > 0) return undefined;
  const selectors = vectorSelectors(tree);
  if (selectors.length !== 1) return undefined;
  const info = selectorInfo(text, selectors[0]!);
  if (info.name === undefined || info.matchers.some((m) => m.value === undefined)) return undefined;
  const call = ancestors(selectors[0]!).find((n) => n.name === "FunctionCall");
  const fn = call === undefined ? "" : callName(text, call);
  const kind = ["rate", "increase", "irate"].includes(fn)
    ? "counter"
    : fn === "sum_over_time"
      ? "per-step"
      : undefined;
  if (kind === undefined) return undefined;
  return {
    metric: info.name,
    kind,
    matchers: info.matchers
      .filter((m) => m.label !== "__name__")
      .map((m) => ({ label: m.label, op: m.op, value: m.value! })),
  };
}

/** Values worth trying for a label: the matchers' own literals, then a few common ones. */
function candidates(matchers: readonly Matcher[]): string[] {
  const own = matchers.flatMap((m) =>
    m.op === "=" ? [m.value] : m.op === "=~" ? m.value.split("|") : [],
  );
  return [...own, "", "200", "ok", "obsforge_backtest"];
}

/** Label values that satisfy every matcher, or undefined when some label has none. */
function satisfying(matchers: readonly Matcher[]): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  for (const label of new Set(matchers.map((m) => m.label))) {
    const on = matchers.filter((m) => m.label === label);
    const value = candidates(on).find((v) => on.every((m) => matches(m, v)));
    if (value === undefined) return undefined;
    if (value !== "") labels[label] = value;
  }
  return labels;
}

/** Prometheus matcher semantics: regexes are anchored; a missing label is the empty value. */
function matches(m: Matcher, value: string): boolean {
  switch (m.op) {
    case "=":
      return value === m.value;
    case "!=":
      return value !== m.value;
    default: {
      let re: RegExp;
      try {
        re = new RegExp(`^(?:${m.value})$`);
      } catch {
        return false;
      }
      return re.test(value) === (m.op === "=~");
    }
  }
}
