import type { RouteMatchers } from "../../model/routing.ts";
import { compareStrings } from "../../core/order.ts";

/** One Alertmanager label matcher (`name op "value"`). */
export interface LabelMatcher {
  name: string;
  op: "=" | "!=" | "=~" | "!~";
  value: string;
}

export type LabelSet = Readonly<Record<string, string>>;

/** The model's `{ label: value | { op, value } }`, sorted by label. */
export function matchersOf(model: RouteMatchers): LabelMatcher[] {
  return Object.keys(model)
    .sort(compareStrings)
    .map((name) => {
      const m = model[name]!;
      return typeof m === "string" ? { name, op: "=", value: m } : { name, ...m };
    });
}

/**
 * Alertmanager's matcher syntax: the value double-quoted, with `\`, `"` and
 * newlines escaped (pkg/labels, ParseMatcher unescapes exactly these).
 */
export function formatMatcher(m: LabelMatcher): string {
  const value = m.value.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("\n", "\\n");
  return `${m.name}${m.op}"${value}"`;
}

/** An RE2-safe alternation of literal values, e.g. `page|critical`. */
export function alternation(values: readonly string[]): string {
  return [...values]
    .sort(compareStrings)
    .map((v) => v.replace(/[\\.+*?()|[\]{}^$]/g, "\\$&"))
    .join("|");
}

/** `=` for one value, `=~` over the alternation for several. */
export function oneOfMatcher(name: string, values: readonly string[]): LabelMatcher {
  return values.length === 1
    ? { name, op: "=", value: values[0]! }
    : { name, op: "=~", value: alternation(values) };
}

/**
 * Whether a matcher accepts a label set, as Alertmanager decides it: a
 * missing label has the empty value, and regexes are anchored at both ends
 * (`^(?:…)$`). JavaScript's regex engine stands in for RE2; the patterns
 * obsforge writes (alternations of escaped literals) mean the same in both.
 */
export function matches(m: LabelMatcher, labels: LabelSet): boolean {
  const value = labels[m.name] ?? "";
  switch (m.op) {
    case "=":
      return value === m.value;
    case "!=":
      return value !== m.value;
    case "=~":
      return anchored(m.value).test(value);
    case "!~":
      return !anchored(m.value).test(value);
  }
}

export function matchesAll(ms: readonly LabelMatcher[], labels: LabelSet): boolean {
  return ms.every((m) => matches(m, labels));
}

const regexes = new Map<string, RegExp>();

function anchored(pattern: string): RegExp {
  let re = regexes.get(pattern);
  if (re === undefined) {
    re = new RegExp(`^(?:${pattern})$`, "s");
    regexes.set(pattern, re);
  }
  return re;
}
