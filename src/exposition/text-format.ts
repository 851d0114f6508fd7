import * as chars from "./chars.ts";
import { detach } from "./detach.ts";
import { quoteShort } from "./excerpt.ts";
import type { ExpositionLimits } from "./limits.ts";
import { type ExpositionParser, type ExpositionSink, fail, failQuoted } from "./line-parser.ts";
import { isGoFloat, isGoInt64 } from "./numbers.ts";
import {
  MAX_SAMPLE_NAMES,
  closeAllFamilies,
  createTextState,
  familyFor,
  type TextFamily,
  type TextState,
  type TextType,
} from "./text-family.ts";
import { textLabels } from "./text-labels.ts";

// Local bindings for the scan loops (see chars.ts): V8 folds these into optimized code.
const { BACKSLASH, HASH, isBlank, isMetricNameChar, isMetricNameStart, LBRACE, POINT, SPACE, TAB } =
  chars;

/**
 * The Prometheus text format (0.0.4). The rules are those of
 * prometheus/common's expfmt TextParser, which `promtool check metrics`
 * uses, so the families it hands to the naming rules are the ones promlint
 * sees (same grouping of `_sum`, `_count` and `_bucket` series, same
 * dropping of families without samples). One function per construct: a
 * comment line (HELP, TYPE), a sample line (name, labels in text-labels.ts,
 * value, timestamp) and the end of the input.
 */

const TEXT_TYPES: Record<string, TextType> = {
  COUNTER: "counter",
  GAUGE: "gauge",
  SUMMARY: "summary",
  UNTYPED: "untyped",
  HISTOGRAM: "histogram",
  // expfmt looks types up in client_model's enum, which spells this one with an underscore.
  GAUGE_HISTOGRAM: "gaugehistogram",
};

export function textParser(sink: ExpositionSink, limits: ExpositionLimits): ExpositionParser {
  const st = createTextState(sink, limits);
  return {
    line(s) {
      st.lineNo++;
      st.text = s;
      const n = s.length;
      let i = 0;
      while (i < n && isBlank(s.charCodeAt(i))) i++;
      if (i === n) return;
      if (s.charCodeAt(i) === HASH) comment(st, s, i);
      else sample(st, s, i);
    },
    skip() {
      st.lineNo++;
    },
    end(finalNewline) {
      if (!finalNewline) {
        fail(
          st,
          st.text.length + 1,
          "expected a newline at the end of the input (the last line is incomplete)",
        );
      }
      closeAllFamilies(st);
    },
  };
}

/** A `#` line: `# HELP name text` and `# TYPE name type` count; any other comment is ignored. */
function comment(st: TextState, s: string, start: number): void {
  const n = s.length;
  let i = start + 1;
  while (i < n && isBlank(s.charCodeAt(i))) i++;
  const keywordStart = i;
  while (i < n && !isBlank(s.charCodeAt(i))) i++;
  if (i === n) return;
  const keyword = s.slice(keywordStart, i);
  if (keyword !== "HELP" && keyword !== "TYPE") return;
  while (i < n && isBlank(s.charCodeAt(i))) i++;
  if (i === n) return;
  const nameStart = i;
  if (isMetricNameStart(s.charCodeAt(i))) {
    i++;
    while (i < n && isMetricNameChar(s.charCodeAt(i))) i++;
  }
  if (i === n) return;
  if (!isBlank(s.charCodeAt(i))) {
    fail(
      st,
      i + 1,
      `expected a metric name after # ${keyword}, got ${quoteShort(s.slice(nameStart).split(/[ \t]/)[0] ?? "")}`,
    );
    return;
  }
  const fam = familyFor(st, s.slice(nameStart, i));
  while (i < n && isBlank(s.charCodeAt(i))) i++;
  if (i === n) return;
  if (keyword === "HELP") help(st, fam, s, { from: i, keywordStart });
  else type(st, fam, s, { from: i, keywordStart });
}

/** Where a HELP or TYPE line's text starts, and its keyword (where a repeated line is reported). */
interface MetadataAt {
  from: number;
  keywordStart: number;
}

/** `# HELP`: one per family; every escape is checked, only the first maxHelpLength characters are kept. */
function help(st: TextState, fam: TextFamily, s: string, at: MetadataAt): void {
  if (fam.help !== undefined) {
    fail(st, at.keywordStart + 1, `expected one HELP line for ${fam.name}, got a second one`);
    return;
  }
  const n = s.length;
  const maxHelpLength = st.limits.maxHelpLength;
  let text = "";
  for (let j = at.from; j < n; j++) {
    const c = s.charCodeAt(j);
    const keep = text.length < maxHelpLength;
    if (c !== BACKSLASH) {
      if (keep) text += s[j];
      continue;
    }
    const next = s[j + 1];
    if (next === "\\") {
      if (keep) text += "\\";
    } else if (next === "n") {
      if (keep) text += "\n";
    } else {
      fail(st, j + 1, `expected \\\\ or \\n in HELP text, got \\${next ?? ""}`);
      return;
    }
    j++;
  }
  fam.help = detach(text);
  fam.retained += fam.help.length;
  st.retained += fam.help.length;
}

/** `# TYPE`: one per family, before its samples. */
function type(st: TextState, fam: TextFamily, s: string, at: MetadataAt): void {
  if (fam.type !== undefined) {
    fail(
      st,
      at.keywordStart + 1,
      `expected one TYPE line for ${fam.name}, before its samples, got ${fam.hasSamples ? "a TYPE line after samples" : "a second one"}`,
    );
    return;
  }
  const raw = s.slice(at.from);
  const parsed = TEXT_TYPES[raw.toUpperCase()];
  if (parsed === undefined) {
    fail(
      st,
      at.from + 1,
      `expected a metric type (counter, gauge, histogram, summary, untyped), got ${quoteShort(raw)}`,
    );
    return;
  }
  fam.type = parsed;
}

/** `name{labels} value [timestamp]`. */
function sample(st: TextState, s: string, start: number): void {
  const n = s.length;
  let i = knownSampleName(st, s, start);
  let fam: TextFamily;
  if (i >= 0) fam = st.current!;
  else {
    i = start;
    if (!isMetricNameStart(s.charCodeAt(i))) {
      badSampleName(st, s, i);
      return;
    }
    i++;
    while (i < n && isMetricNameChar(s.charCodeAt(i))) i++;
    fam = newSampleName(st, s, start, i);
  }
  if (fam.type === undefined) fam.type = "untyped";
  while (i < n && isBlank(s.charCodeAt(i))) i++;
  if (i < n && s.charCodeAt(i) === LBRACE) {
    i = textLabels(st, s, i + 1, fam);
    if (i < 0) return;
    while (i < n && isBlank(s.charCodeAt(i))) i++;
  }
  fam.hasSamples = true;
  i = sampleValue(st, s, i);
  if (i < 0 || i === n) return;
  timestamp(st, s, i);
}

/**
 * Where the sample name at `start` ends, if it is one the current family's
 * samples had already (see TextState.sampleNames), else -1. Consecutive
 * samples nearly always share a family: a histogram's lines cycle through
 * `_bucket`, `_sum` and `_count`, and none of them is sliced or hashed again.
 */
function knownSampleName(st: TextState, s: string, start: number): number {
  const names = st.sampleNames;
  for (let k = 0; k < names.length; k++) {
    const name = names[k]!;
    const end = start + name.length;
    if (s.startsWith(name, start) && !isMetricNameChar(s.charCodeAt(end))) return end;
  }
  return -1;
}

/** The family of a sample named `s.slice(start, end)` not met in the current family yet. */
function newSampleName(st: TextState, s: string, start: number, end: number): TextFamily {
  const name = s.slice(start, end);
  const fam = familyFor(st, name);
  const names = st.sampleNames;
  if (names.length >= MAX_SAMPLE_NAMES) names.shift();
  names.push(detach(name));
  return fam;
}

/**
 * The value, a Go float; returns the index after it, or -1 after reporting
 * an error. Nearly every value is a plain decimal (digits and at most one
 * point), which is valid as it is scanned; anything else is sliced and
 * checked against the full grammar.
 */
function sampleValue(st: TextState, s: string, from: number): number {
  const n = s.length;
  let i = from;
  let digits = 0;
  let points = 0;
  let plain = true;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === SPACE || c === TAB) break;
    if (c >= 48 && c <= 57) digits++;
    else if (c === POINT) points++;
    else plain = false;
  }
  // Under 300 characters a plain decimal cannot overflow a float64 (see isGoFloat).
  if (plain && digits > 0 && points <= 1 && i - from < 300) return i;
  return checkedValue(st, s, from, i);
}

/** A value that is not a plain decimal: the full grammar, and the errors. */
function checkedValue(st: TextState, s: string, from: number, end: number): number {
  const value = s.slice(from, end);
  if (value === "") {
    fail(st, from + 1, "expected a sample value, got the end of the line");
    return -1;
  }
  if (!isGoFloat(value)) {
    failQuoted(st, from + 1, "expected a float sample value", value);
    return -1;
  }
  return end;
}

/**
 * After the value: an int64 timestamp in milliseconds, and then the end of
 * the line. Up to 18 digits always fit, and are valid as they are scanned.
 */
function timestamp(st: TextState, s: string, from: number): void {
  const n = s.length;
  let i = from;
  while (i < n && isBlank(s.charCodeAt(i))) i++;
  const tsStart = i;
  let plain = true;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === SPACE || c === TAB) break;
    if (c < 48 || c > 57) plain = false;
  }
  if (plain && i > tsStart && i - tsStart <= 18) {
    if (i < n) trailing(st, s, i);
    return;
  }
  checkedTimestamp(st, s, tsStart, i);
}

function checkedTimestamp(st: TextState, s: string, tsStart: number, end: number): void {
  const ts = s.slice(tsStart, end);
  if (ts === "") {
    fail(
      st,
      tsStart + 1,
      "expected a timestamp or the end of the line after the value, got trailing whitespace",
    );
    return;
  }
  if (!isGoInt64(ts)) {
    failQuoted(st, tsStart + 1, "expected an integer timestamp in milliseconds", ts);
    return;
  }
  if (end < s.length) trailing(st, s, end);
}

function trailing(st: TextState, s: string, i: number): void {
  failQuoted(st, i + 1, "expected the end of the line after the timestamp", s.slice(i));
}

/** Cold path, out of `sample` to keep it small (see failQuoted). */
function badSampleName(st: TextState, s: string, i: number): void {
  fail(
    st,
    i + 1,
    `expected a metric name, got ${quoteShort(s.slice(i).split(/[ \t{]/)[0] || s.slice(i, i + 1))}`,
  );
}
