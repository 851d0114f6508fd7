import { parsePromQL } from "../promql/parse.ts";
import { selectorInfo } from "../promql/selectors.ts";
import { type Matcher, matchers } from "../core/label-matchers.ts";
import { METRIC_NAME_RE } from "../core/names.ts";

/** A Pyrra `metric:` field read with the official grammar: a name and its matchers. */
export interface PyrraSelector {
  name: string;
  matchers: { label: string; op: Matcher["op"]; value: string }[];
}

/**
 * Parse `metric{a="x",b=~"y"}` (Pyrra parses it with Prometheus's parser and
 * requires a vector selector). Returns a one-line description of what was
 * found instead when it is anything else. The selector is rebuilt from its
 * parts by the one escaping function, never pasted into a query as text.
 */
export function parseSelector(text: string): PyrraSelector | string {
  const { tree, errors } = parsePromQL(text);
  if (errors.length > 0) return `${JSON.stringify(text)} (${errors[0]!.message})`;
  const top = tree.topNode.firstChild;
  if (top === null || top.name !== "VectorSelector")
    return `${JSON.stringify(text)} (not a plain vector selector)`;
  const info = selectorInfo(text, top);
  if (info.name === undefined || !METRIC_NAME_RE.test(info.name))
    return `${JSON.stringify(text)} (no metric name)`;
  const out: PyrraSelector["matchers"] = [];
  for (const m of info.matchers) {
    if (m.label === "__name__") continue;
    if (m.value === undefined) return `${JSON.stringify(text)} (malformed label value)`;
    if (out.some((o) => o.label === m.label))
      return `${JSON.stringify(text)} (label ${JSON.stringify(m.label)} matched twice, which obsforge's matchers cannot express)`;
    out.push({ label: m.label, op: m.op, value: m.value });
  }
  return { name: info.name, matchers: out };
}

/** The selector as PromQL, in Pyrra's order of matchers, through the escaping helper. */
export function matcherSelector(s: PyrraSelector): string {
  if (s.matchers.length === 0) return s.name;
  const ms: Record<string, Matcher> = {};
  for (const m of s.matchers) ms[m.label] = { op: m.op, value: m.value };
  return `${s.name}${matchers(ms)}`;
}
