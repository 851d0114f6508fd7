import * as chars from "./chars.ts";
import { quoteShort } from "./excerpt.ts";
import { trackLabel } from "./label-tracker.ts";
import { fail } from "./line-parser.ts";
import { parseOmNumber } from "./numbers.ts";
import { exemplar } from "./openmetrics-exemplar.ts";
import { startFamily } from "./openmetrics-family.ts";
import { labelKey, omLabels } from "./openmetrics-labels.ts";
import { OM_SUFFIXES, type OmFamily, type OmSample, type OmState } from "./openmetrics-types.ts";
import { checkSample } from "./openmetrics-values.ts";

// Local bindings for the scan loops (see chars.ts): V8 folds these into optimized code.
const { HASH, isMetricNameChar, isMetricNameStart, LBRACE, SPACE, tokenAt } = chars;

/**
 * An OpenMetrics sample line, `name{labels} value [timestamp] [exemplar]`,
 * with single spaces between the parts. A name that is not one of the
 * current family's sample names starts a new family.
 */
export function sample(st: OmState, s: string): void {
  const n = s.length;
  let i = 0;
  if (!isMetricNameStart(s.charCodeAt(0))) {
    fail(
      st,
      1,
      `expected a metric name, # HELP, # TYPE, # UNIT or # EOF, got ${quoteShort(tokenAt(s, 0))}`,
    );
    return;
  }
  i++;
  while (i < n && isMetricNameChar(s.charCodeAt(i))) i++;
  const name = s.slice(0, i);
  let fam = st.current;
  let suffix = suffixIn(fam, name);
  if (fam === undefined || suffix === undefined) {
    fam = startFamily(st, name, 1);
    if (fam === undefined) return;
    suffix = "";
  }
  let pairs: [string, string][] = [];
  if (s.charCodeAt(i) === LBRACE) {
    const parsed = omLabels(st, s, i + 1, "label set");
    if (parsed === undefined) return;
    pairs = parsed.pairs;
    i = parsed.end;
  }
  if (s.charCodeAt(i) !== SPACE) {
    fail(
      st,
      i + 1,
      `expected a space and the value after ${name}, got ${i >= n ? "the end of the line" : quoteShort(tokenAt(s, i))}`,
    );
    return;
  }
  i++;
  const valueToken = tokenAt(s, i);
  const value = parseOmNumber(valueToken);
  if (value === undefined) {
    fail(st, i + 1, `expected a number as the value of ${name}, got ${quoteShort(valueToken)}`);
    return;
  }
  const smp: OmSample = { name, suffix, pairs, value, column: i + 1, timestamp: undefined };
  i += valueToken.length;
  if (i < n && !timestampAndExemplar(st, s, i, fam, smp)) return;
  fam.samples++;
  for (const [label] of pairs) if (!fam.labels.has(label)) trackLabel(fam, label, st.limits);
  checkSample(st, fam, smp);
  checkSeriesTimestamps(st, smp);
}

/** The suffix `name` has as a sample of `fam` (`""` for the bare name), if it is one of its samples. */
function suffixIn(fam: OmFamily | undefined, name: string): string | undefined {
  if (fam === undefined || !name.startsWith(fam.name)) return undefined;
  const rest = name.slice(fam.name.length);
  return OM_SUFFIXES[fam.type].includes(rest) ? rest : undefined;
}

/**
 * What follows the value (at the space after it): a timestamp, an
 * exemplar, or both. Sets `smp.timestamp`; false after reporting an error.
 */
function timestampAndExemplar(
  st: OmState,
  s: string,
  from: number,
  fam: OmFamily,
  smp: OmSample,
): boolean {
  const n = s.length;
  let i = from + 1;
  if (s.charCodeAt(i) !== HASH) {
    const tsToken = tokenAt(s, i);
    const ts = parseOmNumber(tsToken);
    if (ts === undefined || !Number.isFinite(ts)) {
      fail(
        st,
        i + 1,
        `expected a finite number as the timestamp of ${smp.name}, got ${quoteShort(tsToken)}`,
      );
      return false;
    }
    smp.timestamp = ts;
    i += tsToken.length;
    if (i < n) i++;
  }
  if (i < n || s.charCodeAt(n - 1) === SPACE) return exemplar(st, s, i, fam, smp.suffix);
  return true;
}

/** Samples of one series, one after another: all with timestamps or none, never going backwards. */
function checkSeriesTimestamps(st: OmState, smp: OmSample): void {
  const { name, timestamp } = smp;
  const seriesKey = `${name}${labelKey(smp.pairs, undefined)}`;
  const last = st.lastSeries;
  if (last !== undefined && last.key === seriesKey) {
    if ((last.ts === undefined) !== (timestamp === undefined)) {
      fail(st, 1, `expected every sample of series ${name} to have a timestamp, or none to`);
    } else if (timestamp !== undefined && last.ts !== undefined && timestamp < last.ts) {
      fail(
        st,
        1,
        `expected the timestamps of series ${name} not to go backwards, got ${timestamp} after ${last.ts}`,
      );
    }
  }
  st.lastSeries = { key: seriesKey, ts: timestamp };
}
