import { quoteShort } from "./excerpt.ts";
import { fail } from "./line-parser.ts";
import { labelKey } from "./openmetrics-labels.ts";
import {
  MAX_TRACKED_GROUPS,
  type OmFamily,
  type OmGroup,
  type OmSample,
  type OmState,
} from "./openmetrics-types.ts";
import { parseOmNumber } from "./numbers.ts";

/**
 * What OpenMetrics sample values may be: per type (counters, info, stateset,
 * summary quantiles), and across the samples of one histogram series (the
 * series "group": buckets in le order and cumulative, `_count` equal to the
 * +Inf bucket, `_count` and `_sum` together).
 */

/** Check one sample's value, and add it to its series group (histograms, summaries). */
export function checkSample(st: OmState, fam: OmFamily, smp: OmSample): void {
  checkValueForType(st, fam, smp);
  const type = fam.type;
  if (type !== "histogram" && type !== "gaugehistogram" && type !== "summary") return;
  const g = seriesGroup(st, fam, smp);
  if (type === "summary") return;
  addToHistogram(st, fam, g, smp);
}

/** The value of label `key`, if the sample has it. */
function labelValue(pairs: readonly [string, string][], key: string): string | undefined {
  return pairs.find(([k]) => k === key)?.[1];
}

function nonNegative(st: OmState, smp: OmSample, what: string): void {
  if (Number.isNaN(smp.value) || smp.value < 0)
    fail(
      st,
      smp.column,
      `expected a non-negative number as the ${what} ${smp.name}, got ${smp.value}`,
    );
}

/** The rules of each type about a single value (and the labels that go with it). */
function checkValueForType(st: OmState, fam: OmFamily, smp: OmSample): void {
  const { type } = fam;
  const { suffix, name, value, column } = smp;
  if (type === "counter" && suffix === "_total") nonNegative(st, smp, "counter value of");
  if (type === "info" && value !== 1)
    fail(st, column, `expected 1 as the value of info metric ${name}, got ${value}`);
  if (type === "stateset") {
    if (labelValue(smp.pairs, fam.name) === undefined)
      fail(st, 1, `expected a label named ${fam.name} on every sample of stateset ${fam.name}`);
    if (value !== 0 && value !== 1)
      fail(st, column, `expected 0 or 1 as the value of stateset ${name}, got ${value}`);
  }
  if (type === "summary") {
    if (suffix === "") {
      const q = labelValue(smp.pairs, "quantile");
      const quantile = q === undefined ? undefined : parseOmNumber(q);
      if (quantile === undefined || Number.isNaN(quantile) || quantile < 0 || quantile > 1) {
        fail(
          st,
          1,
          `expected a quantile label between 0 and 1 on summary sample ${name}, got ${q === undefined ? "none" : quoteShort(q)}`,
        );
      }
      if (!Number.isNaN(value) && value < 0)
        fail(st, column, `expected a non-negative quantile value for ${name}, got ${value}`);
    } else if (suffix === "_count" || suffix === "_sum") {
      nonNegative(st, smp, `${suffix.slice(1)} of summary`);
    }
  }
}

/**
 * The series group of a histogram or summary sample: its labels without le
 * or quantile. A new label set closes the previous group, and must not be
 * one the family already closed (a series' samples come together).
 */
function seriesGroup(st: OmState, fam: OmFamily, smp: OmSample): OmGroup {
  const key = labelKey(smp.pairs, fam.type === "summary" ? "quantile" : "le");
  let g = fam.group;
  if (g === undefined || g.key !== key) {
    closeGroup(st, fam);
    if (fam.closedGroups.has(key))
      fail(
        st,
        1,
        `expected the samples of each ${smp.name} series together, got more of one after another series`,
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
      line: st.lineNo,
    };
    fam.group = g;
  }
  return g;
}

/** A histogram or gauge histogram sample: a bucket, the count or the sum of its series. */
function addToHistogram(st: OmState, fam: OmFamily, g: OmGroup, smp: OmSample): void {
  const { suffix, name, value, column } = smp;
  if (suffix === "_bucket") {
    const raw = labelValue(smp.pairs, "le");
    const le = raw === undefined ? undefined : parseOmNumber(raw);
    if (le === undefined || Number.isNaN(le)) {
      fail(
        st,
        1,
        `expected an le label with a number on ${name}, got ${raw === undefined ? "none" : quoteShort(raw)}`,
      );
      return;
    }
    nonNegative(st, smp, "bucket count of");
    if (g.buckets > 0 && le <= g.lastLe)
      fail(
        st,
        1,
        `expected buckets of ${fam.name} in increasing le order, got le=${raw} after ${g.lastLe}`,
      );
    if (g.buckets > 0 && value < g.lastBucket) {
      fail(
        st,
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
    nonNegative(st, smp, "count of");
    g.count = value;
  } else if (suffix === "_sum" || suffix === "_gsum") {
    if (Number.isNaN(value)) fail(st, column, `expected a number as ${name}, got NaN`);
    g.sum = value;
  }
}

/**
 * The current series group of `fam` is complete: remember its label set
 * (within the limits) and check a histogram series as a whole.
 */
export function closeGroup(st: OmState, fam: OmFamily): void {
  const g = fam.group;
  if (g === undefined) return;
  fam.group = undefined;
  if (
    fam.closedGroups.size < MAX_TRACKED_GROUPS &&
    fam.closedGroupChars + g.key.length <= st.limits.maxRetainedChars
  ) {
    fam.closedGroups.add(g.key);
    fam.closedGroupChars += g.key.length;
  }
  if (fam.type !== "histogram" && fam.type !== "gaugehistogram") return;
  checkHistogramSeries(st, fam, g);
}

/** A histogram series' totals, reported at its first line (the problem is the series, not a line). */
function checkHistogramSeries(st: OmState, fam: OmFamily, g: OmGroup): void {
  const at = (message: string) =>
    st.sink.error({ line: g.line, column: 1, message, excerpt: "", excerptStart: 1 });
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
    at(`expected both ${fam.name}${countName} and ${fam.name}${sumName} or neither, got only one`);
  }
  if (g.sum !== undefined && g.sum < 0 && !g.negativeBucket) {
    at(
      `expected a non-negative ${fam.name}${sumName} when there are no negative buckets, got ${g.sum}`,
    );
  }
}
