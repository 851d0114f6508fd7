import { parsePromQL } from "../promql/parse.ts";
import { selectorInfo } from "../promql/selectors.ts";
import { type Matcher, matchers } from "../core/label-matchers.ts";
import { METRIC_NAME_RE } from "../core/names.ts";

/** A Pyrra `metric:` field read with the official grammar: a name and its matchers. */
export interface PyrraSelector {
  name: string;
  matchers: { label: string; op: Matcher["op"]; value: string }[];
}

/** What a `metric:` field holds instead of a selector: a few words, and where a syntax error is. */
export interface NotASelector {
  got: string;
  /** 0-based offset of the syntax error in the text, when it does not parse. */
  offset?: number;
}

/**
 * Parse `metric{a="x",b=~"y"}` (Pyrra parses it with Prometheus's parser and
 * requires a vector selector). Returns a one-line description of what was
 * found instead when it is anything else. The selector is rebuilt from its
 * parts by the one escaping function, never pasted into a query as text.
 */
export function parseSelector(text: string): PyrraSelector | NotASelector {
  const { tree, errors } = parsePromQL(text);
  if (errors.length > 0)
    return { got: `${JSON.stringify(text)} (${errors[0]!.message})`, offset: errors[0]!.offset };
  const not = (why: string): NotASelector => ({ got: `${JSON.stringify(text)} (${why})` });
  const top = tree.topNode.firstChild;
  if (top === null || top.name !== "VectorSelector") return not("not a plain vector selector");
  const info = selectorInfo(text, top);
  if (info.name === undefined || !METRIC_NAME_RE.test(info.name)) return not("no metric name");
  const out: PyrraSelector["matchers"] = [];
  for (const m of info.matchers) {
    if (m.label === "__name__") continue;
    if (m.value === undefined) return not("malformed label value");
    if (out.some((o) => o.label === m.label))
      return not(
        `label ${JSON.stringify(m.label)} matched twice, which obsforge's matchers cannot express`,
      );
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
