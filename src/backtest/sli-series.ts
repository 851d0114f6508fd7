import { renderForParsing } from "../core/window.ts";
import type { Sli } from "../model/slo.ts";
import type { SyntaxNode } from "@lezer/common";
import {
  ancestors,
  callName,
  child,
  exprChildren,
  nodeText,
  selectorInfo,
  unwrap,
  vectorSelectors,
} from "../promql/analyse.ts";
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
 * scenarios can drive the real SLI rules:
 * - latency: the histogram's `_count` and threshold bucket;
 * - events whose queries each select one series set through
 *   `rate`/`increase` (counters) or `sum_over_time` (per-step counts): one
 *   series per side;
 * - raw ratios of that shape, `sum(A) / sum(B)` or `1 - sum(A) / sum(B)`:
 *   as events;
 * - availability (a 0/1 gauge such as `up`): one target whose value is the
 *   share of good events in the step. The rules sum samples and values over
 *   targets, so one target at the mean reads exactly as many 0/1 targets.
 * Anything else (log queries, which Loki evaluates; several selectors per
 * side; other raw ratios) returns undefined: scenarios cannot be made for
 * it, history can.
 */
export function syntheticSliSeries(sli: Sli): SyntheticSeries[] | undefined {
  switch (sli.kind) {
    case "latency": {
      const base = satisfying(matcherList(sli.matchers));
      if (base === undefined) return undefined;
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
    case "raw": {
      const ratio = rawRatio(sli.errorRatioQuery);
      if (ratio === undefined) return undefined;
      return splitEvents(ratio.total, ratio.part, ratio.partIs);
    }
    case "availability": {
      const base = satisfying(matcherList(sli.matchers));
      if (base === undefined) return undefined;
      return [
        {
          labels: { ...base, __name__: sli.metric },
          value: (e) => (e.good + e.bad === 0 ? 1 : e.good / (e.good + e.bad)),
        },
      ];
    }
    default:
      return undefined;
  }
}

/** A definition's matchers (`"x"` or `re("a|b")`) as matcher triples. */
function matcherList(matchers: Record<string, string | { op: Matcher["op"]; value: string }>) {
  return Object.entries(matchers).map(
    ([label, m]): Matcher =>
      typeof m === "string" ? { label, op: "=", value: m } : { label, ...m },
  );
}

/**
 * A raw error ratio of the events shape: `sum(A) / sum(B)` (A the bad
 * events) or `1 - sum(A) / sum(B)` (A the good ones), parentheses allowed,
 * each side one selector as events queries have. Each side must sum to one
 * series (no `by`), or the division would match series by labels.
 */
function rawRatio(
  query: string,
): { total: EventSelector; part: EventSelector; partIs: "good" | "bad" } | undefined {
  const text = renderForParsing(query).rendered;
  const { tree, errors } = parsePromQL(text);
  if (errors.length > 0) return undefined;
  let top = unwrap(exprChildren(tree.topNode)[0] ?? tree.topNode);
  let partIs: "good" | "bad" = "bad";
  if (top.name === "BinaryExpr" && child(top, "Sub") !== undefined) {
    const [one, rest] = exprChildren(top);
    if (one?.name !== "NumberDurationLiteral" || Number(nodeText(text, one)) !== 1)
      return undefined;
    if (rest === undefined) return undefined;
    top = unwrap(rest);
    partIs = "good";
  }
  if (top.name !== "BinaryExpr" || child(top, "Div") === undefined) return undefined;
  const [a, b] = exprChildren(top).map(unwrap);
  if (a === undefined || b === undefined || !wholeSum(text, a) || !wholeSum(text, b))
    return undefined;
  const part = eventSelector(nodeText(text, a));
  const total = eventSelector(nodeText(text, b));
  return part === undefined || total === undefined ? undefined : { total, part, partIs };
}

/** `sum(...)` without `by`/`without`: one series whatever the labels below. */
function wholeSum(text: string, node: SyntaxNode): boolean {
  return (
    node.name === "AggregateExpr" &&
    callName(text, node) === "sum" &&
    child(node, "BinModifiers") === undefined &&
    child(node, "AggregateModifier") === undefined
  );
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
