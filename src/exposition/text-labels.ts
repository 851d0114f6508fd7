import * as chars from "./chars.ts";
import { detach } from "./detach.ts";
import { quoteShort } from "./excerpt.ts";
import { trackLabel } from "./label-tracker.ts";
import { fail } from "./line-parser.ts";
import { isGoFloat } from "./numbers.ts";
import type { TextFamily, TextState } from "./text-family.ts";

// Local bindings for the scan loops (see chars.ts): V8 folds these into optimized code.
const {
  BACKSLASH,
  COMMA,
  EQUALS,
  isBlank,
  isLabelNameChar,
  isLabelNameStart,
  matchesAt,
  QUOTE,
  RBRACE,
} = chars;

/**
 * A text format sample's label set, `{name="value",...}`, with expfmt's
 * whitespace rules and escapes. Each function returns the index it stopped
 * at, or -1 after reporting an error.
 */

/** Label positions whose names are cached between lines (typical samples have a handful). */
const PREVIOUS_LABELS = 32;

/**
 * Labels from just after `{`; returns the index after `}`, or -1 after
 * reporting an error.
 *
 * Lines of one family repeat the label names of the line before, in the
 * same order. While they do (`trusted`: each name so far is the previous
 * line's at its position, within the prefix that line checked as distinct),
 * they need no duplicate check, and for the same family no tracking: the
 * line before did both. The first name that differs fills the duplicate
 * check's Set with the names before it, and from there every name is checked.
 */
export function textLabels(st: TextState, s: string, from: number, fam: TextFamily): number {
  const n = s.length;
  let i = from;
  let position = 0;
  let trusted = true;
  const sameFamily = st.labelsFamily === fam;
  const distinct = st.distinctLabels;
  st.labelsFamily = fam;
  st.nextBackslash = -2;
  for (;;) {
    while (i < n && isBlank(s.charCodeAt(i))) i++;
    if (i < n && s.charCodeAt(i) === RBRACE) return labelsDone(st, position, i + 1);
    const nameStart = i;
    const previous = position < PREVIOUS_LABELS ? st.previousLabels[position] : undefined;
    let name: string;
    if (previous !== undefined && matchesAt(s, i, previous)) name = previous;
    else {
      name = labelName(st, s, i, position);
      if (trusted) untrust(st, position);
      trusted = false;
    }
    if (trusted && position >= distinct) {
      untrust(st, position);
      trusted = false;
    }
    i += name.length;
    if (i === nameStart) return labelsDone(st, position, missingLabelName(st, s, i));
    i = labelValueStart(st, s, i, name);
    if (i < 0) return labelsDone(st, position, -1);
    const valueStart = i;
    i = labelValueEnd(st, s, i, name);
    if (i < 0) return labelsDone(st, position, -1);
    const valueEnd = i;
    i++;
    if (!trusted && !firstUseOfLabel(st, nameStart, name)) return labelsDone(st, position, -1);
    position++;
    if (isOwnedLabel(fam, name)) {
      if (!ownedLabelValueIsFloat(st, s.slice(valueStart, valueEnd), name, valueStart))
        return labelsDone(st, position - 1, -1);
    } else if (!(trusted && sameFamily) && !fam.labels.has(name)) {
      const added = trackLabel(fam, name, st.limits);
      fam.retained += added;
      st.retained += added;
    }
    while (i < n && isBlank(s.charCodeAt(i))) i++;
    if (i < n && s.charCodeAt(i) === COMMA) {
      i++;
      continue;
    }
    if (i < n && s.charCodeAt(i) === RBRACE) return labelsDone(st, position, i + 1);
    return labelsDone(
      st,
      position,
      failGot(st, s, i, `expected , or } after the value of label ${name}`),
    );
  }
}

/** The names before `position` are this line's, checked: the duplicate check's Set starts with them. */
function untrust(st: TextState, position: number): void {
  const seen = st.seen;
  seen.clear();
  for (let k = 0; k < position; k++) seen.add(st.previousLabels[k]!);
}

/**
 * Record how many of this line's names (at the front of previousLabels)
 * were checked as distinct and tracked, for the next line; returns `result`.
 */
function labelsDone(st: TextState, checked: number, result: number): number {
  st.distinctLabels = Math.min(checked, PREVIOUS_LABELS);
  return result;
}

/**
 * The label name at `at` (empty when there is none), sliced; kept in
 * previousLabels at its position for the next line to reuse.
 */
function labelName(st: TextState, s: string, at: number, position: number): string {
  const n = s.length;
  let i = at;
  if (i < n && isLabelNameStart(s.charCodeAt(i))) {
    i++;
    while (i < n && isLabelNameChar(s.charCodeAt(i))) i++;
  }
  // Detached only when kept beyond this line (the cache, the family's
  // labels): the duplicate check alone holds the line's slices.
  let name = s.slice(at, i);
  if (position < PREVIOUS_LABELS) {
    name = detach(name);
    st.previousLabels[position] = name;
  }
  return name;
}

/** `= "` after a label name; returns the index just after the opening quote. */
function labelValueStart(st: TextState, s: string, from: number, name: string): number {
  const n = s.length;
  let i = from;
  while (i < n && isBlank(s.charCodeAt(i))) i++;
  if (i >= n || s.charCodeAt(i) !== EQUALS)
    return failGot(st, s, i, `expected = after label name ${name}`);
  i++;
  while (i < n && isBlank(s.charCodeAt(i))) i++;
  if (i >= n || s.charCodeAt(i) !== QUOTE)
    return failGot(st, s, i, `expected " to open the value of label ${name}`);
  return i + 1;
}

/**
 * The closing quote of a label value that starts at `valueStart`; sets
 * `st.valueEscaped`. It jumps from quote to backslash with indexOf, and
 * remembers the next backslash across the line's labels (most have none).
 */
function labelValueEnd(st: TextState, s: string, valueStart: number, name: string): number {
  let i = valueStart;
  st.valueEscaped = false;
  for (;;) {
    const quote = s.indexOf('"', i);
    if (quote < 0) return unclosedValue(st, valueStart, name);
    if (st.nextBackslash !== -1 && st.nextBackslash < i) st.nextBackslash = s.indexOf("\\", i);
    if (st.nextBackslash === -1 || st.nextBackslash > quote) return quote;
    i = st.nextBackslash;
    const next = s.charCodeAt(i + 1);
    if (next !== QUOTE && next !== BACKSLASH && next !== 110) return badEscape(st, s, i, name);
    st.valueEscaped = true;
    i += 2;
  }
}

/** `__name__` is reserved and no name may repeat within one sample. */
function firstUseOfLabel(st: TextState, nameStart: number, name: string): boolean {
  if (name === "__name__") {
    fail(
      st,
      nameStart + 1,
      'expected no label named "__name__" (it is reserved for the metric name)',
    );
    return false;
  }
  if (st.seen.has(name)) {
    fail(st, nameStart + 1, `expected each label name once per sample, got ${name} again`);
    return false;
  }
  st.seen.add(name);
  return true;
}

/** `le` of a histogram and `quantile` of a summary belong to the type: they are not labels. */
function isOwnedLabel(fam: TextFamily, name: string): boolean {
  return (
    (fam.type === "histogram" && name === "le") || (fam.type === "summary" && name === "quantile")
  );
}

/** An owned label's value must be a float, as expfmt parses it. */
function ownedLabelValueIsFloat(
  st: TextState,
  raw: string,
  name: string,
  valueStart: number,
): boolean {
  const value = st.valueEscaped ? raw.replace(/\\(.)/g, "$1") : raw;
  if (isGoFloat(value)) return true;
  fail(
    st,
    valueStart + 1,
    `expected a float as the value of label ${name}, got ${quoteShort(value)}`,
  );
  return false;
}

// Cold paths. Messages are built here, not in the scanners above, so that
// those stay small enough for V8 to inline into textLabels: building a
// message takes more bytecode than scanning, and V8 inlines by bytecode size.

/** Report `expected, got <the character at i>` at column i + 1; returns -1. */
function failGot(st: TextState, s: string, i: number, expected: string): number {
  fail(
    st,
    i + 1,
    `${expected}, got ${i >= s.length ? "the end of the line" : quoteShort(s[i] ?? "")}`,
  );
  return -1;
}

function missingLabelName(st: TextState, s: string, i: number): number {
  fail(
    st,
    i + 1,
    i === s.length
      ? "expected a label name or }, got the end of the line"
      : `expected a label name, got ${quoteShort(s[i] ?? "")}`,
  );
  return -1;
}

function unclosedValue(st: TextState, valueStart: number, name: string): number {
  fail(
    st,
    valueStart,
    `expected a closing " for the value of label ${name}, got the end of the line`,
  );
  return -1;
}

function badEscape(st: TextState, s: string, i: number, name: string): number {
  fail(
    st,
    i + 1,
    `expected \\\\, \\" or \\n in the value of label ${name}, got ${s.slice(i, i + 2)}`,
  );
  return -1;
}
