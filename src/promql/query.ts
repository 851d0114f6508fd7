import { escapeRegex, quoteString } from "../escape/string-literal.ts";
import { LABEL_NAME_RE, METRIC_NAME_RE } from "../model/names.ts";

/** A label matcher; build one with eq/neq/re/nre/oneOf. */
export interface Matcher {
  op: "=" | "!=" | "=~" | "!~";
  value: string;
}

export function eq(value: string): Matcher {
  return { op: "=", value };
}
export function neq(value: string): Matcher {
  return { op: "!=", value };
}
/** Regex match; `value` is an RE2 pattern (anchored by Prometheus). */
export function re(value: string): Matcher {
  return { op: "=~", value };
}
export function nre(value: string): Matcher {
  return { op: "!~", value };
}
/** Matches any of the given literal values (regex-escaped, so `.` means a dot). */
export function oneOf(values: readonly string[]): Matcher {
  return { op: "=~", value: values.map(escapeRegex).join("|") };
}

export type Matchers = Readonly<Record<string, string | Matcher>>;

/**
 * `{a="x",b=~"y|z"}`. A plain string means equality. Values pass through the
 * one escaping function; label names are checked, since they cannot be
 * quoted in the Prometheus 2.x syntax obsforge targets.
 */
export function matchers(labels: Matchers = {}): string {
  const parts = Object.entries(labels).map(([name, m]) => {
    if (!LABEL_NAME_RE.test(name)) {
      throw new TypeError(
        `Invalid label name ${JSON.stringify(name)}: expected [a-zA-Z_][a-zA-Z0-9_]*`,
      );
    }
    const matcher = typeof m === "string" ? eq(m) : m;
    return `${name}${matcher.op}${quoteString(matcher.value)}`;
  });
  return `{${parts.join(", ")}}`;
}

/** `metric{labels}`: an instant-vector selector. */
export function selector(metric: string, labels: Matchers = {}): string {
  if (!METRIC_NAME_RE.test(metric)) {
    throw new TypeError(
      `Invalid metric name ${JSON.stringify(metric)}: expected [a-zA-Z_:][a-zA-Z0-9_:]*`,
    );
  }
  return Object.keys(labels).length === 0 ? metric : `${metric}${matchers(labels)}`;
}
