import { compareStrings } from "../model/order.ts";
import {
  BACKSLASH,
  COMMA,
  EQUALS,
  HASH,
  isLabelNameChar,
  isLabelNameStart,
  isMetricNameChar,
  isMetricNameStart,
  LBRACE,
  QUOTE,
  RBRACE,
  SPACE,
} from "./chars.ts";
import { detach } from "./detach.ts";
import { excerptAround, familyExcerpt, quoteShort } from "./excerpt.ts";
import type { FamilyType } from "./family.ts";
import { createFifo } from "./fifo.ts";
import { type LabelTracker, sortedLabelNames, trackLabel } from "./label-tracker.ts";
import { ENTRY_OVERHEAD, type ExpositionLimits } from "./limits.ts";
import type { ExpositionParser, ExpositionSink } from "./line-parser.ts";
import { parseOmNumber } from "./numbers.ts";

/**
 * OpenMetrics 1.0: the ABNF and the semantic rules the OpenMetrics
 * conformance suite checks (metadata before samples, contiguous families and
 * series, counter and histogram values, exemplars, `# EOF`).
 */

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

export function openMetricsParser(
  sink: ExpositionSink,
  limits: ExpositionLimits,
): ExpositionParser {
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
      excerpt: familyExcerpt(text),
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
