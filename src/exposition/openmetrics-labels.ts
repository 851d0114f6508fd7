import { compareStrings } from "../core/order.ts";
import * as chars from "./chars.ts";
import { quoteShort } from "./excerpt.ts";
import { fail } from "./line-parser.ts";
import type { OmState, ParsedLabels } from "./openmetrics-types.ts";

// Local bindings for the scan loops (see chars.ts): V8 folds these into optimized code.
const { BACKSLASH, COMMA, EQUALS, isLabelNameChar, isLabelNameStart, QUOTE, RBRACE } = chars;

/**
 * A strict OpenMetrics label set, `{name="value",...}` (no spaces, no
 * trailing comma), as on samples and exemplars; and the canonical key of one,
 * which the series checks compare.
 */

/** The label set from just after `{`; `what` names it in messages ("label set", "exemplar"). */
export function omLabels(
  st: OmState,
  s: string,
  from: number,
  what: string,
): ParsedLabels | undefined {
  const n = s.length;
  let i = from;
  const pairs: [string, string][] = [];
  st.pairNames.clear();
  if (s.charCodeAt(i) === RBRACE) return { end: i + 1, pairs };
  for (;;) {
    const nameStart = i;
    if (i < n && isLabelNameStart(s.charCodeAt(i))) {
      i++;
      while (i < n && isLabelNameChar(s.charCodeAt(i))) i++;
    }
    if (i === nameStart) {
      fail(
        st,
        i + 1,
        `expected a label name in the ${what}, got ${i >= n ? "the end of the line" : quoteShort(s[i] ?? "")}`,
      );
      return undefined;
    }
    const name = s.slice(nameStart, i);
    if (s.charCodeAt(i) !== EQUALS || s.charCodeAt(i + 1) !== QUOTE) {
      fail(
        st,
        i + 1,
        `expected =" after label name ${name}, got ${i >= n ? "the end of the line" : quoteShort(s.slice(i, i + 2))}`,
      );
      return undefined;
    }
    i = quotedValue(st, s, i + 2, name);
    if (i < 0) return undefined;
    i++;
    if (st.pairNames.has(name)) {
      fail(st, nameStart + 1, `expected each label name once in the ${what}, got ${name} again`);
      return undefined;
    }
    st.pairNames.add(name);
    pairs.push([name, st.labelValue]);
    const c = s.charCodeAt(i);
    if (c === RBRACE) return { end: i + 1, pairs };
    if (c === COMMA && isLabelNameStart(s.charCodeAt(i + 1))) {
      i++;
      continue;
    }
    fail(
      st,
      i + 1,
      `expected , and a label or } after the value of label ${name}, got ${i >= n ? "the end of the line" : quoteShort(s.slice(i, i + 2))}`,
    );
    return undefined;
  }
}

/**
 * A label value from just after its opening quote; returns the index of the
 * closing quote (the unescaped value in `st.labelValue`), or -1 after
 * reporting an error.
 */
function quotedValue(st: OmState, s: string, from: number, name: string): number {
  const n = s.length;
  let i = from;
  let value = "";
  for (;;) {
    if (i >= n) {
      fail(
        st,
        from + 1,
        `expected a closing " for the value of label ${name}, got the end of the line`,
      );
      return -1;
    }
    const c = s.charCodeAt(i);
    if (c === QUOTE) break;
    if (c === BACKSLASH && i + 1 < n) {
      const next = s[i + 1];
      // \\, \" and \n are the escapes; like the reference parser, any other
      // backslash is kept as written (conformance case label_escaping).
      value += next === "n" ? "\n" : next === "\\" || next === '"' ? next : `\\${next}`;
      i += 2;
      continue;
    }
    value += s[i];
    i++;
  }
  st.labelValue = value;
  return i;
}

/** A canonical key of a label set (sorted), leaving out one label (le or quantile). */
export function labelKey(pairs: readonly [string, string][], ignore: string | undefined): string {
  const kept = ignore === undefined ? [...pairs] : pairs.filter(([k]) => k !== ignore);
  if (kept.length === 0) return "{}";
  kept.sort((a, b) => compareStrings(a[0], b[0]));
  return JSON.stringify(kept);
}
