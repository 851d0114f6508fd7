/**
 * Label matchers, as PromQL and LogQL share them (`{a="x", b=~"y|z"}`): the
 * builders a definition calls (eq, neq, re, nre, oneOf) and the one function
 * that renders them, through the one escaping function.
 *
 * Part of the core leaf: imports nothing of the project outside core/.
 */
import { checkedLabelName } from "./names.ts";
import { escapeRegex, quoteString } from "./string-literal.ts";

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
    const matcher = typeof m === "string" ? eq(m) : m;
    return `${checkedLabelName(name)}${matcher.op}${quoteString(matcher.value)}`;
  });
  return `{${parts.join(", ")}}`;
}
