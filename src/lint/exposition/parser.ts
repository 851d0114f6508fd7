import { compareStrings } from "../../core/order.ts";
import type { ExpositionError, FamilyType, MetricFamily } from "../check.ts";

/**
 * A line-at-a-time parser for the Prometheus text format (0.0.4) and
 * OpenMetrics 1.0. It keeps state per metric family only (never per line or
 * per sample), and that state is bounded too (ExpositionLimits): families
 * are handed to the sink as soon as they are complete, so memory stays flat
 * however long the input is and however many families it has. It reports
 * every malformed line with a position instead of stopping at the first one.
 *
 * Text format: the rules are those of prometheus/common's expfmt TextParser,
 * which `promtool check metrics` uses, so the families it hands to the
 * naming rules are the ones promlint sees (same grouping of `_sum`,
 * `_count` and `_bucket` series, same dropping of families without samples).
 *
 * OpenMetrics: the ABNF and the semantic rules the OpenMetrics conformance
 * suite checks (metadata before samples, contiguous families and series,
 * counter and histogram values, exemplars, `# EOF`).
 */
export type ExpositionFormat = "text" | "openmetrics";

/**
 * What the parser may keep while it reads. The defaults hold a few MiB at
 * most; an exposition within them (any real /metrics endpoint) gives the
 * same result as with no limits at all.
 */
export interface ExpositionLimits {
  /**
   * Text format: families kept open at once. The text format lets a family's
   * samples come back after other families (expfmt merges them), so families
   * stay open until the end; beyond this many the oldest is closed and
   * linted, and if it comes back it is linted again as a new family.
   */
  maxOpenFamilies: number;
  /**
   * OpenMetrics: family names remembered for the "lines of a family
   * together" and sample-name clash checks; beyond it the oldest are forgotten.
   */
  maxTrackedNames: number;
  /** Characters kept across open or remembered families (names, HELP, excerpts, label names, series). */
  maxRetainedChars: number;
  /** Label names tracked per family (for the label naming rules); later ones are not checked. */
  maxLabelsPerFamily: number;
  /** HELP text kept per family; rules only need to know there is one. */
  maxHelpLength: number;
}

export const EXPOSITION_LIMITS: Readonly<ExpositionLimits> = {
  maxOpenFamilies: 10_000,
  maxTrackedNames: 50_000,
  maxRetainedChars: 4 * 1024 * 1024,
  maxLabelsPerFamily: 1000,
  maxHelpLength: 1024,
};

/** Label name characters tracked per family, with maxLabelsPerFamily. */
const MAX_LABEL_CHARS_PER_FAMILY = 64 * 1024;

/** A rough per-entry cost of the objects around the strings (Map entry, family record). */
const ENTRY_OVERHEAD = 64;

export interface ExpositionSink {
  error(error: ExpositionError): void;
  /** A complete family (with samples), in order of its first line. */
  family(family: MetricFamily): void;
  limits?: Partial<ExpositionLimits>;
}

export interface ExpositionParser {
  /** One line, without its `\n`. */
  line(text: string): void;
  /** A line that was not read (too long); it only advances the line count. */
  skip(): void;
  /** End of input: the remaining families go to the sink. `finalNewline` is false when the last line had no `\n`. */
  end(finalNewline: boolean): void;
}

export function createExpositionParser(
  format: ExpositionFormat,
  sink: ExpositionSink,
): ExpositionParser {
  const limits = { ...EXPOSITION_LIMITS, ...sink.limits };
  return format === "text" ? textParser(sink, limits) : openMetricsParser(sink, limits);
}

// ---------------------------------------------------------------------------
// Shared scanning helpers (char codes: the parser is on the hot path).

const SPACE = 32;
const TAB = 9;
const HASH = 35;
const QUOTE = 34;
const BACKSLASH = 92;
const LBRACE = 123;
const RBRACE = 125;
const COMMA = 44;
const EQUALS = 61;

/** Is `word` at `at` in `s`, as a whole label name? (A char loop: cheaper here than startsWith.) */
function matchesAt(s: string, at: number, word: string): boolean {
  const len = word.length;
  for (let k = 0; k < len; k++) if (s.charCodeAt(at + k) !== word.charCodeAt(k)) return false;
  return !isLabelNameChar(s.charCodeAt(at + len));
}

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

function isLabelNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isLabelNameChar(c: number): boolean {
  return isLabelNameStart(c) || (c >= 48 && c <= 57);
}

function isMetricNameStart(c: number): boolean {
  return isLabelNameStart(c) || c === 58;
}

function isMetricNameChar(c: number): boolean {
  return isLabelNameChar(c) || c === 58;
}

const EXCERPT_MAX = 200;

/**
 * A copy of `text` that does not share memory with the line (and so the
 * 64 KiB chunk) it was sliced from. V8 keeps a slice's parent string alive,
 * so every string kept beyond the current line (family and label names,
 * excerpts, HELP) goes through here, or memory would grow with the input.
 */
function detach(text: string): string {
  // Appending makes a cons string; slicing it flattens it into a new flat
  // string first, which the result then points to. About 3x cheaper than a
  // Buffer round trip, and it matters: it runs for every new family.
  return `${text}\0`.slice(0, -1);
}
const EXCERPT_CONTEXT = 80;

/** The line, or a window of it around `column` when it is too long to print. */
export function excerptAround(
  text: string,
  column: number,
): { excerpt: string; excerptStart: number } {
  if (text.length <= EXCERPT_MAX) return { excerpt: text, excerptStart: 1 };
  const start = Math.max(0, column - 1 - EXCERPT_CONTEXT);
  return { excerpt: text.slice(start, start + 2 * EXCERPT_CONTEXT), excerptStart: start + 1 };
}

function quoteShort(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}...` : text);
}

/** Go's strconv.ParseFloat as expfmt calls it (no hex, no `_`), including its range check. */
const GO_FLOAT_RE = /^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)$/;
const GO_SPECIAL_RE = /^(?:[+-]?(?:inf|infinity)|nan)$/i;

function isGoFloat(token: string): boolean {
  if (GO_FLOAT_RE.test(token)) {
    // Without an exponent only an absurdly long literal can overflow a float64.
    if (token.length < 300 && token.indexOf("e") < 0 && token.indexOf("E") < 0) return true;
    return Number.isFinite(Number(token));
  }
  return GO_SPECIAL_RE.test(token);
}

/** Go's strconv.ParseInt(token, 10, 64). */
function isGoInt64(token: string): boolean {
  if (!/^[+-]?\d+$/.test(token)) return false;
  // Up to 18 digits always fit; only longer ones need the exact comparison.
  if (token.length <= 18) return true;
  const value = BigInt(token);
  return value <= 9223372036854775807n && value >= -9223372036854775808n;
}

/** OpenMetrics numbers: decimal floats, `[+-]Inf` and `NaN` (ABNF `realnumber` plus the specials). */
const OM_FLOAT_RE = /^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)$/;
const OM_SPECIAL_RE = /^(?:[+-]?inf(?:inity)?|nan)$/i;

function parseOmNumber(token: string): number | undefined {
  if (OM_FLOAT_RE.test(token)) return Number(token);
  if (OM_SPECIAL_RE.test(token)) {
    const lower = token.toLowerCase();
    return lower === "nan" ? Number.NaN : lower.startsWith("-") ? -Infinity : Infinity;
  }
  return undefined;
}

function sortedLabelNames(labels: Set<string>): string[] {
  return [...labels].sort(compareStrings);
}

/**
 * First-in first-out queue. Evicting "the oldest Map entry" with
 * `map.keys().next()` is not O(1) in V8 (iteration skips the holes that
 * deletions leave until the table is rehashed), so eviction order is kept here.
 */
interface Fifo<T> {
  push(item: T): void;
  shift(): T | undefined;
  clear(): void;
}

function createFifo<T>(): Fifo<T> {
  let items: T[] = [];
  let head = 0;
  return {
    push(item) {
      items.push(item);
    },
    shift() {
      if (head >= items.length) return undefined;
      const item = items[head]!;
      head++;
      // Drop the consumed prefix now and then, so the array does not grow with the input.
      if (head >= 1024 && head * 2 >= items.length) {
        items = items.slice(head);
        head = 0;
      }
      return item;
    },
    clear() {
      items = [];
      head = 0;
    },
  };
}

/** Label names one family tracks, within maxLabelsPerFamily and MAX_LABEL_CHARS_PER_FAMILY. */
interface LabelTracker {
  labels: Set<string>;
  labelChars: number;
}

/**
 * Track `name` for `fam` unless its budget is spent; returns the characters
 * now retained. The name is copied (detached) only when it is kept.
 */
function trackLabel(fam: LabelTracker, name: string, limits: ExpositionLimits): number {
  if (fam.labels.has(name)) return 0;
  if (fam.labels.size >= limits.maxLabelsPerFamily) return 0;
  if (fam.labelChars + name.length > MAX_LABEL_CHARS_PER_FAMILY) return 0;
  fam.labels.add(detach(name));
  fam.labelChars += name.length;
  return name.length + ENTRY_OVERHEAD;
}

// ---------------------------------------------------------------------------
// Prometheus text format

type TextType = "counter" | "gauge" | "summary" | "untyped" | "histogram" | "gaugehistogram";

const TEXT_TYPES: Record<string, TextType> = {
  COUNTER: "counter",
  GAUGE: "gauge",
  SUMMARY: "summary",
  UNTYPED: "untyped",
  HISTOGRAM: "histogram",
  // expfmt looks types up in client_model's enum, which spells this one with an underscore.
  GAUGE_HISTOGRAM: "gaugehistogram",
};

interface TextFamily extends LabelTracker {
  name: string;
  type: TextType | undefined;
  help: string | undefined;
  hasSamples: boolean;
  line: number;
  excerpt: string;
  /** Characters this family holds, counted in `retained`. */
  retained: number;
}

/** Label positions whose names are cached between lines (typical samples have a handful). */
const PREVIOUS_LABELS = 32;

function textParser(sink: ExpositionSink, limits: ExpositionLimits): ExpositionParser {
  /** Open families in order of their first line (Map order), so the oldest closes first. */
  const families = new Map<string, TextFamily>();
  const order = createFifo<TextFamily>();
  let retained = 0;
  let lastSample: { name: string; family: TextFamily } | undefined;
  /** Label names of the current sample, for the duplicate check (a Set: linear in the labels). */
  const seen = new Set<string>();
  /** Label names of earlier samples, by position, to reuse instead of slicing. */
  const previousLabels: string[] = [];
  let lineNo = 0;
  let text = "";

  const fail = (column: number, message: string): void => {
    sink.error({ line: lineNo, column, message, ...excerptAround(text, column) });
  };

  const emit = (fam: TextFamily): void => {
    if (!fam.hasSamples) return;
    sink.family({
      name: fam.name,
      type: fam.type ?? "untyped",
      ...(fam.help !== undefined && { help: fam.help }),
      labels: sortedLabelNames(fam.labels),
      origin: "text",
      line: fam.line,
      excerpt: fam.excerpt,
    });
  };

  /** Close and lint the oldest open family, to stay within the limits. */
  const closeOldest = (): void => {
    const fam = order.shift();
    if (fam === undefined) return;
    families.delete(fam.name);
    retained -= fam.retained;
    if (lastSample?.family === fam) lastSample = undefined;
    emit(fam);
  };

  /** expfmt's setOrCreateCurrentMF: `x_sum`/`x_count` join summary `x`; `x_bucket` too for histograms. */
  const family = (name: string): TextFamily => {
    const found = families.get(name);
    if (found !== undefined) return found;
    const base = name.endsWith("_count")
      ? name.slice(0, -6)
      : name.endsWith("_sum")
        ? name.slice(0, -4)
        : "";
    if (base !== "") {
      const owner = families.get(base);
      if (owner !== undefined && (owner.type === "summary" || owner.type === "histogram"))
        return owner;
    }
    if (name.endsWith("_bucket")) {
      const owner = families.get(name.slice(0, -7));
      if (owner !== undefined && owner.type === "histogram") return owner;
    }
    while (
      families.size > 0 &&
      (families.size >= limits.maxOpenFamilies || retained > limits.maxRetainedChars)
    )
      closeOldest();
    const created: TextFamily = {
      name: detach(name),
      type: undefined,
      help: undefined,
      hasSamples: false,
      labels: new Set(),
      labelChars: 0,
      line: lineNo,
      excerpt: detach(text.length <= EXCERPT_MAX ? text : text.slice(0, EXCERPT_MAX)),
      retained: 0,
    };
    created.retained = created.name.length + created.excerpt.length + ENTRY_OVERHEAD;
    retained += created.retained;
    families.set(created.name, created);
    order.push(created);
    return created;
  };

  const comment = (s: string, start: number): void => {
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
        i + 1,
        `expected a metric name after # ${keyword}, got ${quoteShort(s.slice(nameStart).split(/[ \t]/)[0] ?? "")}`,
      );
      return;
    }
    const fam = family(s.slice(nameStart, i));
    while (i < n && isBlank(s.charCodeAt(i))) i++;
    if (i === n) return;
    if (keyword === "HELP") {
      if (fam.help !== undefined) {
        fail(keywordStart + 1, `expected one HELP line for ${fam.name}, got a second one`);
        return;
      }
      // Every escape is checked; only the first maxHelpLength characters are kept.
      let help = "";
      for (let j = i; j < n; j++) {
        const c = s.charCodeAt(j);
        const keep = help.length < limits.maxHelpLength;
        if (c !== BACKSLASH) {
          if (keep) help += s[j];
          continue;
        }
        const next = s[j + 1];
        if (next === "\\") {
          if (keep) help += "\\";
        } else if (next === "n") {
          if (keep) help += "\n";
        } else {
          fail(j + 1, `expected \\\\ or \\n in HELP text, got \\${next ?? ""}`);
          return;
        }
        j++;
      }
      fam.help = detach(help);
      fam.retained += fam.help.length;
      retained += fam.help.length;
      return;
    }
    if (fam.type !== undefined) {
      fail(
        keywordStart + 1,
        `expected one TYPE line for ${fam.name}, before its samples, got ${fam.hasSamples ? "a TYPE line after samples" : "a second one"}`,
      );
      return;
    }
    const raw = s.slice(i);
    const type = TEXT_TYPES[raw.toUpperCase()];
    if (type === undefined) {
      fail(
        i + 1,
        `expected a metric type (counter, gauge, histogram, summary, untyped), got ${quoteShort(raw)}`,
      );
      return;
    }
    fam.type = type;
  };

  const sample = (s: string, start: number): void => {
    const n = s.length;
    let i = start;
    if (!isMetricNameStart(s.charCodeAt(i))) {
      fail(
        i + 1,
        `expected a metric name, got ${quoteShort(s.slice(i).split(/[ \t{]/)[0] || s.slice(i, i + 1))}`,
      );
      return;
    }
    i++;
    while (i < n && isMetricNameChar(s.charCodeAt(i))) i++;
    // Consecutive samples nearly always share a name: reuse the last lookup
    // instead of slicing and hashing the name again.
    let fam: TextFamily;
    if (
      lastSample !== undefined &&
      i - start === lastSample.name.length &&
      s.startsWith(lastSample.name, start)
    ) {
      fam = lastSample.family;
    } else {
      const name = s.slice(start, i);
      fam = family(name);
      lastSample = { name: detach(name), family: fam };
    }
    if (fam.type === undefined) fam.type = "untyped";
    while (i < n && isBlank(s.charCodeAt(i))) i++;
    if (i < n && s.charCodeAt(i) === LBRACE) {
      i = textLabels(s, i + 1, fam);
      if (i < 0) return;
      while (i < n && isBlank(s.charCodeAt(i))) i++;
    }
    fam.hasSamples = true;
    const valueStart = i;
    while (i < n && !isBlank(s.charCodeAt(i))) i++;
    const value = s.slice(valueStart, i);
    if (value === "") {
      fail(valueStart + 1, "expected a sample value, got the end of the line");
      return;
    }
    if (!isGoFloat(value)) {
      fail(valueStart + 1, `expected a float sample value, got ${quoteShort(value)}`);
      return;
    }
    if (i === n) return;
    while (i < n && isBlank(s.charCodeAt(i))) i++;
    const tsStart = i;
    while (i < n && !isBlank(s.charCodeAt(i))) i++;
    const ts = s.slice(tsStart, i);
    if (ts === "") {
      fail(
        tsStart + 1,
        "expected a timestamp or the end of the line after the value, got trailing whitespace",
      );
      return;
    }
    if (!isGoInt64(ts)) {
      fail(tsStart + 1, `expected an integer timestamp in milliseconds, got ${quoteShort(ts)}`);
      return;
    }
    if (i < n)
      fail(
        i + 1,
        `expected the end of the line after the timestamp, got ${quoteShort(s.slice(i))}`,
      );
  };

  /** Labels from just after `{`; returns the index after `}`, or -1 after reporting an error. */
  const textLabels = (s: string, from: number, fam: TextFamily): number => {
    const n = s.length;
    let i = from;
    seen.clear();
    let position = 0;
    let nextBackslash = -2;
    for (;;) {
      while (i < n && isBlank(s.charCodeAt(i))) i++;
      if (i < n && s.charCodeAt(i) === RBRACE) return i + 1;
      const nameStart = i;
      // Lines of one family repeat their label names: reuse the previous
      // line's string when it matches, so no slice is made.
      const previous = position < PREVIOUS_LABELS ? previousLabels[position] : undefined;
      let name: string;
      if (previous !== undefined && matchesAt(s, i, previous)) {
        name = previous;
        i += previous.length;
      } else {
        if (i < n && isLabelNameStart(s.charCodeAt(i))) {
          i++;
          while (i < n && isLabelNameChar(s.charCodeAt(i))) i++;
        }
        // Detached only when kept beyond this line (the cache, the family's
        // labels): the duplicate check alone holds the line's slices.
        name = s.slice(nameStart, i);
        if (position < PREVIOUS_LABELS) {
          name = detach(name);
          previousLabels[position] = name;
        }
      }
      if (i === nameStart) {
        fail(
          i + 1,
          i === n
            ? "expected a label name or }, got the end of the line"
            : `expected a label name, got ${quoteShort(s[i] ?? "")}`,
        );
        return -1;
      }
      while (i < n && isBlank(s.charCodeAt(i))) i++;
      if (i >= n || s.charCodeAt(i) !== EQUALS) {
        fail(
          i + 1,
          `expected = after label name ${name}, got ${i >= n ? "the end of the line" : quoteShort(s[i] ?? "")}`,
        );
        return -1;
      }
      i++;
      while (i < n && isBlank(s.charCodeAt(i))) i++;
      if (i >= n || s.charCodeAt(i) !== QUOTE) {
        fail(
          i + 1,
          `expected " to open the value of label ${name}, got ${i >= n ? "the end of the line" : quoteShort(s[i] ?? "")}`,
        );
        return -1;
      }
      const valueStart = i + 1;
      i++;
      let escaped = false;
      for (;;) {
        const quote = s.indexOf('"', i);
        if (quote < 0) {
          fail(
            valueStart,
            `expected a closing " for the value of label ${name}, got the end of the line`,
          );
          return -1;
        }
        if (nextBackslash !== -1 && nextBackslash < i) nextBackslash = s.indexOf("\\", i);
        if (nextBackslash === -1 || nextBackslash > quote) {
          i = quote;
          break;
        }
        i = nextBackslash;
        {
          const next = s.charCodeAt(i + 1);
          if (next !== QUOTE && next !== BACKSLASH && next !== 110) {
            fail(
              i + 1,
              `expected \\\\, \\" or \\n in the value of label ${name}, got ${s.slice(i, i + 2)}`,
            );
            return -1;
          }
          escaped = true;
          i += 2;
        }
      }
      const valueEnd = i;
      i++;
      if (name === "__name__") {
        fail(
          nameStart + 1,
          'expected no label named "__name__" (it is reserved for the metric name)',
        );
        return -1;
      }
      if (seen.has(name)) {
        fail(nameStart + 1, `expected each label name once per sample, got ${name} again`);
        return -1;
      }
      seen.add(name);
      position++;
      const owned =
        (fam.type === "histogram" && name === "le") ||
        (fam.type === "summary" && name === "quantile");
      if (owned) {
        const raw = s.slice(valueStart, valueEnd);
        const value = escaped ? raw.replace(/\\(.)/g, "$1") : raw;
        if (!isGoFloat(value)) {
          fail(
            valueStart + 1,
            `expected a float as the value of label ${name}, got ${quoteShort(value)}`,
          );
          return -1;
        }
      } else if (!fam.labels.has(name)) {
        const added = trackLabel(fam, name, limits);
        fam.retained += added;
        retained += added;
      }
      while (i < n && isBlank(s.charCodeAt(i))) i++;
      if (i < n && s.charCodeAt(i) === COMMA) {
        i++;
        continue;
      }
      if (i < n && s.charCodeAt(i) === RBRACE) return i + 1;
      fail(
        i + 1,
        `expected , or } after the value of label ${name}, got ${i >= n ? "the end of the line" : quoteShort(s[i] ?? "")}`,
      );
      return -1;
    }
  };

  return {
    line(s) {
      lineNo++;
      text = s;
      const n = s.length;
      let i = 0;
      while (i < n && isBlank(s.charCodeAt(i))) i++;
      if (i === n) return;
      if (s.charCodeAt(i) === HASH) comment(s, i);
      else sample(s, i);
    },
    skip() {
      lineNo++;
    },
    end(finalNewline) {
      if (!finalNewline) {
        fail(
          text.length + 1,
          "expected a newline at the end of the input (the last line is incomplete)",
        );
      }
      for (const fam of families.values()) emit(fam);
      families.clear();
      order.clear();
      retained = 0;
    },
  };
}

// ---------------------------------------------------------------------------
// OpenMetrics 1.0

type OmType =
  | "counter"
  | "gauge"
  | "histogram"
  | "gaugehistogram"
  | "stateset"
  | "info"
  | "summary"
  | "unknown";

const OM_TYPES = new Set<OmType>([
  "counter",
  "gauge",
  "histogram",
  "gaugehistogram",
  "stateset",
  "info",
  "summary",
  "unknown",
]);

/** Sample-name suffixes each type owns (OpenMetrics §"Metric types"). */
const OM_SUFFIXES: Record<OmType, readonly string[]> = {
  counter: ["_total", "_created"],
  gauge: [""],
  unknown: [""],
  stateset: [""],
  histogram: ["_bucket", "_count", "_sum", "_created"],
  gaugehistogram: ["_bucket", "_gcount", "_gsum"],
  summary: ["", "_count", "_sum", "_created"],
  info: ["_info"],
};

const ALL_SUFFIXES = [
  "_total",
  "_created",
  "_bucket",
  "_count",
  "_sum",
  "_gcount",
  "_gsum",
  "_info",
] as const;

/** Exemplars are allowed on counter totals and histogram buckets only. */
function exemplarAllowed(type: OmType, suffix: string): boolean {
  return (
    (type === "counter" && suffix === "_total") ||
    ((type === "histogram" || type === "gaugehistogram") && suffix === "_bucket")
  );
}

/** Exemplar label sets are limited to 128 UTF-8 characters (code points), names and values together. */
const EXEMPLAR_MAX_CHARS = 128;

interface OmGroup {
  key: string;
  buckets: number;
  lastLe: number;
  lastBucket: number;
  infBucket: number | undefined;
  negativeBucket: boolean;
  count: number | undefined;
  sum: number | undefined;
  line: number;
}

interface OmFamily extends LabelTracker {
  name: string;
  type: OmType;
  typed: boolean;
  help: string | undefined;
  hasHelp: boolean;
  unit: string | undefined;
  samples: number;
  line: number;
  excerpt: string;
  group: OmGroup | undefined;
  /** Label sets (without le/quantile) already finished in this family: they must not come back. */
  closedGroups: Set<string>;
  /** Characters of closedGroups' keys; past maxRetainedChars no more series are remembered. */
  closedGroupChars: number;
}

/** Beyond this many series in one family, stop checking that series are contiguous (bounded memory). */
const MAX_TRACKED_GROUPS = 100_000;

interface ParsedLabels {
  end: number;
  pairs: [string, string][];
}

function openMetricsParser(sink: ExpositionSink, limits: ExpositionLimits): ExpositionParser {
  /**
   * Families met so far and their types, oldest first. OpenMetrics families
   * are contiguous, so only the current one is open; the names stay for the
   * "together" and clash checks, within maxTrackedNames and maxRetainedChars.
   */
  const seen = new Map<string, OmType>();
  const seenOrder = createFifo<string>();
  let seenChars = 0;
  /** Label names of one label set, for the duplicate check (a Set: linear in the labels). */
  const pairNames = new Set<string>();
  let current: OmFamily | undefined;
  let lineNo = 0;
  let text = "";
  let eof = false;
  let afterEofReported = false;
  let lastSeries: { key: string; ts: number | undefined } | undefined;

  const fail = (column: number, message: string): void => {
    sink.error({ line: lineNo, column, message, ...excerptAround(text, column) });
  };

  const closeGroup = (fam: OmFamily): void => {
    const g = fam.group;
    if (g === undefined) return;
    fam.group = undefined;
    if (
      fam.closedGroups.size < MAX_TRACKED_GROUPS &&
      fam.closedGroupChars + g.key.length <= limits.maxRetainedChars
    ) {
      fam.closedGroups.add(g.key);
      fam.closedGroupChars += g.key.length;
    }
    if (fam.type !== "histogram" && fam.type !== "gaugehistogram") return;
    const at = (message: string) =>
      sink.error({ line: g.line, column: 1, message, excerpt: "", excerptStart: 1 });
    const countName = fam.type === "histogram" ? "_count" : "_gcount";
    const sumName = fam.type === "histogram" ? "_sum" : "_gsum";
    if (g.infBucket === undefined)
      at(`expected a ${fam.name}_bucket{le="+Inf"} sample in every ${fam.type} series, got none`);
    if (g.count !== undefined && g.infBucket !== undefined && g.count !== g.infBucket) {
      at(
        `expected ${fam.name}${countName} to equal the +Inf bucket (${g.infBucket}), got ${g.count}`,
      );
    }
    if (fam.type === "histogram" && g.negativeBucket && g.sum !== undefined) {
      at(
        `expected no ${fam.name}_sum in a histogram with negative buckets (it would not be a counter)`,
      );
    } else if (
      (g.count === undefined) !== (g.sum === undefined) &&
      !(fam.type === "histogram" && g.negativeBucket)
    ) {
      at(
        `expected both ${fam.name}${countName} and ${fam.name}${sumName} or neither, got only one`,
      );
    }
    if (g.sum !== undefined && g.sum < 0 && !g.negativeBucket) {
      at(
        `expected a non-negative ${fam.name}${sumName} when there are no negative buckets, got ${g.sum}`,
      );
    }
  };

  const closeFamily = (): void => {
    const fam = current;
    if (fam === undefined) return;
    closeGroup(fam);
    current = undefined;
    lastSeries = undefined;
    if (fam.samples === 0) return;
    const name =
      fam.type === "counter"
        ? `${fam.name}_total`
        : fam.type === "info"
          ? `${fam.name}_info`
          : fam.name;
    const labels = new Set(fam.labels);
    if (fam.type === "histogram" || fam.type === "gaugehistogram") labels.delete("le");
    if (fam.type === "summary") labels.delete("quantile");
    sink.family({
      name,
      type: fam.type === "unknown" ? "untyped" : (fam.type as FamilyType),
      ...(fam.hasHelp && fam.help !== "" && { help: fam.help }),
      ...(fam.unit !== undefined &&
        fam.unit !== "" && { unit: fam.unit, unitKind: "word" as const }),
      labels: sortedLabelNames(labels),
      origin: "openmetrics",
      line: fam.line,
      excerpt: fam.excerpt,
    });
  };

  /** A family that would own `name` as one of its sample names. */
  const ownerOf = (name: string): string | undefined => {
    for (const suffix of ALL_SUFFIXES) {
      if (!name.endsWith(suffix)) continue;
      const base = name.slice(0, -suffix.length);
      const type = seen.get(base);
      if (type !== undefined && OM_SUFFIXES[type].includes(suffix)) return base;
    }
    return undefined;
  };

  const startFamily = (name: string, column: number): OmFamily | undefined => {
    closeFamily();
    if (seen.has(name)) {
      fail(
        column,
        `expected the lines of metric family ${name} together, got more of it after another family`,
      );
      return undefined;
    }
    const owner = ownerOf(name);
    if (owner !== undefined) {
      fail(
        column,
        `expected a metric name that does not clash with the samples of family ${owner}, got ${name}`,
      );
      return undefined;
    }
    const fam: OmFamily = {
      name: detach(name),
      type: "unknown",
      typed: false,
      help: undefined,
      hasHelp: false,
      unit: undefined,
      samples: 0,
      labels: new Set(),
      labelChars: 0,
      line: lineNo,
      excerpt: detach(text.length <= EXCERPT_MAX ? text : text.slice(0, EXCERPT_MAX)),
      group: undefined,
      closedGroups: new Set(),
      closedGroupChars: 0,
    };
    while (
      seen.size > 0 &&
      (seen.size >= limits.maxTrackedNames || seenChars > limits.maxRetainedChars)
    ) {
      const oldest = seenOrder.shift()!;
      seen.delete(oldest);
      seenChars -= oldest.length + ENTRY_OVERHEAD;
    }
    seen.set(fam.name, "unknown");
    seenOrder.push(fam.name);
    seenChars += fam.name.length + ENTRY_OVERHEAD;
    current = fam;
    return fam;
  };

  const metadata = (s: string): void => {
    const keyword = s.slice(2, 6);
    if (
      s.charCodeAt(6) !== SPACE ||
      (keyword !== "HELP" && keyword !== "TYPE" && keyword !== "UNIT")
    ) {
      fail(
        1,
        `expected # HELP, # TYPE, # UNIT or # EOF (OpenMetrics has no other comments), got ${quoteShort(s)}`,
      );
      return;
    }
    const n = s.length;
    let i = 7;
    const nameStart = i;
    if (i < n && isMetricNameStart(s.charCodeAt(i))) {
      i++;
      while (i < n && isMetricNameChar(s.charCodeAt(i))) i++;
    }
    if (i === nameStart) {
      fail(
        i + 1,
        `expected a metric name after # ${keyword}, got ${i === n ? "the end of the line" : quoteShort(s.slice(i))}`,
      );
      return;
    }
    const name = s.slice(nameStart, i);
    if (i === n || s.charCodeAt(i) !== SPACE) {
      fail(
        i + 1,
        `expected a space and the ${keyword.toLowerCase()} after # ${keyword} ${name}, got ${i === n ? "the end of the line" : quoteShort(s.slice(i))}`,
      );
      return;
    }
    const value = s.slice(i + 1);
    let fam = current;
    if (fam !== undefined && fam.name === name) {
      if (fam.samples > 0) {
        fail(1, `expected # ${keyword} ${name} before the samples of ${name}, got it after them`);
        return;
      }
    } else {
      fam = startFamily(name, nameStart + 1);
      if (fam === undefined) return;
    }
    if (keyword === "HELP") {
      if (fam.hasHelp) {
        fail(1, `expected one # HELP line for ${name}, got a second one`);
        return;
      }
      fam.hasHelp = true;
      fam.help = detach(
        value
          .replace(/\\([\\n"])/g, (_, c: string) => (c === "n" ? "\n" : c))
          .slice(0, limits.maxHelpLength),
      );
      return;
    }
    if (keyword === "TYPE") {
      if (fam.typed) {
        fail(1, `expected one # TYPE line for ${name}, got a second one`);
        return;
      }
      if (!OM_TYPES.has(value as OmType)) {
        fail(
          i + 2,
          `expected an OpenMetrics type (counter, gauge, histogram, gaugehistogram, stateset, info, summary, unknown), got ${quoteShort(value)}`,
        );
        return;
      }
      const type = value as OmType;
      for (const suffix of OM_SUFFIXES[type]) {
        if (suffix !== "" && seen.has(name + suffix)) {
          fail(
            nameStart + 1,
            `expected a ${type} name whose samples do not clash with family ${name + suffix}, got ${name}`,
          );
          return;
        }
      }
      if ((type === "info" || type === "stateset") && fam.unit !== undefined && fam.unit !== "") {
        fail(1, `expected no # UNIT on ${type} ${name}`);
        return;
      }
      fam.type = type;
      fam.typed = true;
      seen.set(fam.name, type);
      return;
    }
    if (fam.unit !== undefined) {
      fail(1, `expected one # UNIT line for ${name}, got a second one`);
      return;
    }
    if (value !== "" && !name.endsWith(`_${value}`)) {
      fail(
        i + 2,
        `expected the unit to be the suffix of the metric name, got unit ${quoteShort(value)} for ${name}`,
      );
      return;
    }
    if (value !== "" && (fam.type === "info" || fam.type === "stateset")) {
      fail(1, `expected no # UNIT on ${fam.type} ${name}`);
      return;
    }
    fam.unit = detach(value);
  };

  /** Strict OpenMetrics label set from just after `{`. */
  const omLabels = (s: string, from: number, what: string): ParsedLabels | undefined => {
    const n = s.length;
    let i = from;
    const pairs: [string, string][] = [];
    pairNames.clear();
    if (s.charCodeAt(i) === RBRACE) return { end: i + 1, pairs };
    for (;;) {
      const nameStart = i;
      if (i < n && isLabelNameStart(s.charCodeAt(i))) {
        i++;
        while (i < n && isLabelNameChar(s.charCodeAt(i))) i++;
      }
      if (i === nameStart) {
        fail(
          i + 1,
          `expected a label name in the ${what}, got ${i >= n ? "the end of the line" : quoteShort(s[i] ?? "")}`,
        );
        return undefined;
      }
      const name = s.slice(nameStart, i);
      if (s.charCodeAt(i) !== EQUALS || s.charCodeAt(i + 1) !== QUOTE) {
        fail(
          i + 1,
          `expected =" after label name ${name}, got ${i >= n ? "the end of the line" : quoteShort(s.slice(i, i + 2))}`,
        );
        return undefined;
      }
      i += 2;
      let value = "";
      for (;;) {
        if (i >= n) {
          fail(
            nameStart + name.length + 3,
            `expected a closing " for the value of label ${name}, got the end of the line`,
          );
          return undefined;
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
      i++;
      if (pairNames.has(name)) {
        fail(nameStart + 1, `expected each label name once in the ${what}, got ${name} again`);
        return undefined;
      }
      pairNames.add(name);
      pairs.push([name, value]);
      const c = s.charCodeAt(i);
      if (c === RBRACE) return { end: i + 1, pairs };
      if (c === COMMA && isLabelNameStart(s.charCodeAt(i + 1))) {
        i++;
        continue;
      }
      fail(
        i + 1,
        `expected , and a label or } after the value of label ${name}, got ${i >= n ? "the end of the line" : quoteShort(s.slice(i, i + 2))}`,
      );
      return undefined;
    }
  };

  const token = (s: string, from: number): string => {
    const end = s.indexOf(" ", from);
    return s.slice(from, end < 0 ? s.length : end);
  };

  const sample = (s: string): void => {
    const n = s.length;
    let i = 0;
    if (!isMetricNameStart(s.charCodeAt(0))) {
      fail(
        1,
        `expected a metric name, # HELP, # TYPE, # UNIT or # EOF, got ${quoteShort(token(s, 0))}`,
      );
      return;
    }
    i++;
    while (i < n && isMetricNameChar(s.charCodeAt(i))) i++;
    const name = s.slice(0, i);
    let fam = current;
    let suffix: string | undefined;
    if (fam !== undefined && name.startsWith(fam.name)) {
      const rest = name.slice(fam.name.length);
      if (OM_SUFFIXES[fam.type].includes(rest)) suffix = rest;
    }
    if (fam === undefined || suffix === undefined) {
      fam = startFamily(name, 1);
      if (fam === undefined) return;
      suffix = "";
    }
    let pairs: [string, string][] = [];
    if (s.charCodeAt(i) === LBRACE) {
      const parsed = omLabels(s, i + 1, "label set");
      if (parsed === undefined) return;
      pairs = parsed.pairs;
      i = parsed.end;
    }
    if (s.charCodeAt(i) !== SPACE) {
      fail(
        i + 1,
        `expected a space and the value after ${name}, got ${i >= n ? "the end of the line" : quoteShort(token(s, i))}`,
      );
      return;
    }
    i++;
    const valueToken = token(s, i);
    const value = parseOmNumber(valueToken);
    if (value === undefined) {
      fail(i + 1, `expected a number as the value of ${name}, got ${quoteShort(valueToken)}`);
      return;
    }
    const valueColumn = i + 1;
    i += valueToken.length;
    let timestamp: number | undefined;
    if (i < n) {
      i++;
      if (s.charCodeAt(i) !== HASH) {
        const tsToken = token(s, i);
        const ts = parseOmNumber(tsToken);
        if (ts === undefined || !Number.isFinite(ts)) {
          fail(
            i + 1,
            `expected a finite number as the timestamp of ${name}, got ${quoteShort(tsToken)}`,
          );
          return;
        }
        timestamp = ts;
        i += tsToken.length;
        if (i < n) i++;
      }
      if (i < n || s.charCodeAt(n - 1) === SPACE) {
        if (!exemplar(s, i, fam, suffix)) return;
      }
    }
    fam.samples++;
    for (const [label] of pairs) if (!fam.labels.has(label)) trackLabel(fam, label, limits);
    checkSample(fam, suffix, name, pairs, value, valueColumn);
    const seriesKey = `${name}${labelKey(pairs, undefined)}`;
    if (lastSeries !== undefined && lastSeries.key === seriesKey) {
      if ((lastSeries.ts === undefined) !== (timestamp === undefined)) {
        fail(1, `expected every sample of series ${name} to have a timestamp, or none to`);
      } else if (
        timestamp !== undefined &&
        lastSeries.ts !== undefined &&
        timestamp < lastSeries.ts
      ) {
        fail(
          1,
          `expected the timestamps of series ${name} not to go backwards, got ${timestamp} after ${lastSeries.ts}`,
        );
      }
    }
    lastSeries = { key: seriesKey, ts: timestamp };
  };

  const exemplar = (s: string, from: number, fam: OmFamily, suffix: string): boolean => {
    const n = s.length;
    if (s.slice(from, from + 3) !== "# {") {
      fail(
        from + 1,
        `expected an exemplar (# {labels} value) or the end of the line, got ${quoteShort(s.slice(from))}`,
      );
      return false;
    }
    if (!exemplarAllowed(fam.type, suffix)) {
      fail(
        from + 1,
        `expected exemplars only on counter _total and histogram _bucket samples, got one on ${fam.name}${suffix} (${fam.type})`,
      );
      return false;
    }
    const parsed = omLabels(s, from + 3, "exemplar");
    if (parsed === undefined) return false;
    let chars = 0;
    for (const [k, v] of parsed.pairs) chars += [...k].length + [...v].length;
    if (chars > EXEMPLAR_MAX_CHARS) {
      fail(
        from + 3,
        `expected at most ${EXEMPLAR_MAX_CHARS} characters in the exemplar's labels, got ${chars}`,
      );
      return false;
    }
    let i = parsed.end;
    if (s.charCodeAt(i) !== SPACE) {
      fail(
        i + 1,
        `expected a space and the exemplar value, got ${i >= n ? "the end of the line" : quoteShort(token(s, i))}`,
      );
      return false;
    }
    i++;
    const valueToken = token(s, i);
    if (parseOmNumber(valueToken) === undefined) {
      fail(i + 1, `expected a number as the exemplar value, got ${quoteShort(valueToken)}`);
      return false;
    }
    i += valueToken.length;
    if (i === n) return true;
    i++;
    const tsToken = token(s, i);
    const ts = parseOmNumber(tsToken);
    if (ts === undefined || !Number.isFinite(ts)) {
      fail(i + 1, `expected a finite number as the exemplar timestamp, got ${quoteShort(tsToken)}`);
      return false;
    }
    i += tsToken.length;
    if (i < n) {
      fail(i + 1, `expected the end of the line after the exemplar, got ${quoteShort(s.slice(i))}`);
      return false;
    }
    return true;
  };

  const checkSample = (
    fam: OmFamily,
    suffix: string,
    name: string,
    pairs: readonly [string, string][],
    value: number,
    column: number,
  ): void => {
    const label = (key: string) => pairs.find(([k]) => k === key)?.[1];
    const nonNegative = (what: string) => {
      if (Number.isNaN(value) || value < 0)
        fail(column, `expected a non-negative number as the ${what} ${name}, got ${value}`);
    };
    const type = fam.type;
    if (type === "counter" && suffix === "_total") nonNegative("counter value of");
    if (type === "info" && value !== 1)
      fail(column, `expected 1 as the value of info metric ${name}, got ${value}`);
    if (type === "stateset") {
      if (label(fam.name) === undefined)
        fail(1, `expected a label named ${fam.name} on every sample of stateset ${fam.name}`);
      if (value !== 0 && value !== 1)
        fail(column, `expected 0 or 1 as the value of stateset ${name}, got ${value}`);
    }
    if (type === "summary") {
      if (suffix === "") {
        const q = label("quantile");
        const quantile = q === undefined ? undefined : parseOmNumber(q);
        if (quantile === undefined || Number.isNaN(quantile) || quantile < 0 || quantile > 1) {
          fail(
            1,
            `expected a quantile label between 0 and 1 on summary sample ${name}, got ${q === undefined ? "none" : quoteShort(q)}`,
          );
        }
        if (!Number.isNaN(value) && value < 0)
          fail(column, `expected a non-negative quantile value for ${name}, got ${value}`);
      } else if (suffix === "_count" || suffix === "_sum") {
        nonNegative(`${suffix.slice(1)} of summary`);
      }
    }
    if (type !== "histogram" && type !== "gaugehistogram" && type !== "summary") return;
    const ignore = type === "summary" ? "quantile" : "le";
    const key = labelKey(pairs, ignore);
    let g = fam.group;
    if (g === undefined || g.key !== key) {
      closeGroup(fam);
      if (fam.closedGroups.has(key))
        fail(
          1,
          `expected the samples of each ${name} series together, got more of one after another series`,
        );
      g = {
        key,
        buckets: 0,
        lastLe: -Infinity,
        lastBucket: 0,
        infBucket: undefined,
        negativeBucket: false,
        count: undefined,
        sum: undefined,
        line: lineNo,
      };
      fam.group = g;
    }
    if (type === "summary") return;
    if (suffix === "_bucket") {
      const raw = label("le");
      const le = raw === undefined ? undefined : parseOmNumber(raw);
      if (le === undefined || Number.isNaN(le)) {
        fail(
          1,
          `expected an le label with a number on ${name}, got ${raw === undefined ? "none" : quoteShort(raw)}`,
        );
        return;
      }
      nonNegative("bucket count of");
      if (g.buckets > 0 && le <= g.lastLe)
        fail(
          1,
          `expected buckets of ${fam.name} in increasing le order, got le=${raw} after ${g.lastLe}`,
        );
      if (g.buckets > 0 && value < g.lastBucket) {
        fail(
          column,
          `expected cumulative bucket counts (never decreasing), got ${value} after ${g.lastBucket} at le=${raw}`,
        );
      }
      if (le < 0) g.negativeBucket = true;
      if (le === Infinity) g.infBucket = value;
      g.buckets++;
      g.lastLe = le;
      g.lastBucket = value;
    } else if (suffix === "_count" || suffix === "_gcount") {
      nonNegative("count of");
      g.count = value;
    } else if (suffix === "_sum" || suffix === "_gsum") {
      if (Number.isNaN(value)) fail(column, `expected a number as ${name}, got NaN`);
      g.sum = value;
    }
  };

  return {
    line(s) {
      lineNo++;
      text = s;
      if (eof) {
        if (!afterEofReported) fail(1, "expected nothing after # EOF, got more lines");
        afterEofReported = true;
        return;
      }
      if (s === "") {
        fail(1, "expected no blank lines in OpenMetrics, got one");
        return;
      }
      const c = s.charCodeAt(0);
      if (c === HASH) {
        if (s === "# EOF") {
          closeFamily();
          eof = true;
          return;
        }
        metadata(s);
        return;
      }
      sample(s);
    },
    skip() {
      lineNo++;
    },
    end() {
      closeFamily();
      if (!eof) {
        lineNo++;
        text = "";
        fail(
          1,
          "expected # EOF as the last line of an OpenMetrics exposition, got the end of the input",
        );
      }
    },
  };
}

/** A canonical key of a label set (sorted), leaving out one label (le or quantile). */
function labelKey(pairs: readonly [string, string][], ignore: string | undefined): string {
  const kept = ignore === undefined ? [...pairs] : pairs.filter(([k]) => k !== ignore);
  if (kept.length === 0) return "{}";
  kept.sort((a, b) => compareStrings(a[0], b[0]));
  return JSON.stringify(kept);
}
