import { detach } from "./detach.ts";
import { familyExcerpt } from "./excerpt.ts";
import type { FamilyType, MetricFamily } from "./family.ts";
import { createFifo } from "./fifo.ts";
import { sortedLabelNames } from "./label-tracker.ts";
import { ENTRY_OVERHEAD, type ExpositionLimits } from "./limits.ts";
import { type ExpositionSink, fail, reportLimit } from "./line-parser.ts";
import { closeGroup } from "./openmetrics-values.ts";
import { ALL_SUFFIXES, OM_SUFFIXES, type OmFamily, type OmState } from "./openmetrics-types.ts";

/**
 * OpenMetrics family transitions. Families are contiguous, so one is open at
 * a time: a new name closes it (its last series is checked, then it goes to
 * the sink), and a name met before, or one that another family's samples
 * own, is an error.
 */

export function createOmState(sink: ExpositionSink, limits: ExpositionLimits): OmState {
  return {
    sink,
    limits,
    lineNo: 0,
    text: "",
    seen: new Map(),
    seenOrder: createFifo(),
    seenChars: 0,
    limitReported: false,
    pairNames: new Set(),
    labelValue: "",
    current: undefined,
    eof: false,
    afterEofReported: false,
    lastSeries: undefined,
  };
}

/** Close the current family: check its last series and hand it to the sink if it has samples. */
export function closeFamily(st: OmState): void {
  const fam = st.current;
  if (fam === undefined) return;
  closeGroup(st, fam);
  st.current = undefined;
  st.lastSeries = undefined;
  if (fam.samples === 0) return;
  // OpenMetrics families never continue: a memo would never come back.
  st.sink.family(parsedFamily(fam), undefined);
}

/** The family as the naming rules see it: the name Prometheus stores, without le or quantile. */
function parsedFamily(fam: OmFamily): MetricFamily {
  const name =
    fam.type === "counter"
      ? `${fam.name}_total`
      : fam.type === "info"
        ? `${fam.name}_info`
        : fam.name;
  const labels = new Set(fam.labels);
  if (fam.type === "histogram" || fam.type === "gaugehistogram") labels.delete("le");
  if (fam.type === "summary") labels.delete("quantile");
  return {
    name,
    type: fam.type === "unknown" ? "untyped" : (fam.type as FamilyType),
    ...(fam.hasHelp && fam.help !== "" && { help: fam.help }),
    ...(fam.unit !== undefined && fam.unit !== "" && { unit: fam.unit, unitKind: "word" as const }),
    labels: sortedLabelNames(labels),
    origin: "openmetrics",
    line: fam.line,
    excerpt: fam.excerpt,
  };
}

/** A family that would own `name` as one of its sample names. */
function ownerOf(st: OmState, name: string): string | undefined {
  for (const suffix of ALL_SUFFIXES) {
    if (!name.endsWith(suffix)) continue;
    const base = name.slice(0, -suffix.length);
    const type = st.seen.get(base);
    if (type !== undefined && OM_SUFFIXES[type].includes(suffix)) return base;
  }
  return undefined;
}

/**
 * Close the current family and open `name`, reporting at `column` when the
 * name was met before or clashes with another family's samples.
 */
export function startFamily(st: OmState, name: string, column: number): OmFamily | undefined {
  closeFamily(st);
  if (st.seen.has(name)) {
    fail(
      st,
      column,
      `expected the lines of metric family ${name} together, got more of it after another family`,
    );
    return undefined;
  }
  const owner = ownerOf(st, name);
  if (owner !== undefined) {
    fail(
      st,
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
    line: st.lineNo,
    excerpt: familyExcerpt(st.text),
    group: undefined,
    closedGroups: new Set(),
    closedGroupChars: 0,
  };
  rememberName(st, fam.name);
  st.current = fam;
  return fam;
}

/** Remember a family name, forgetting the oldest ones past maxTrackedNames or maxRetainedChars. */
function rememberName(st: OmState, name: string): void {
  const { seen, limits } = st;
  while (
    seen.size > 0 &&
    (seen.size >= limits.maxTrackedNames || st.seenChars > limits.maxRetainedChars)
  ) {
    if (!st.limitReported) {
      st.limitReported = true;
      reportLimit(
        st,
        `more than ${limits.maxTrackedNames} metric family names (or ${limits.maxRetainedChars} characters of them) to remember: from here on, a family that comes back after others, or clashes with one, may not be reported`,
      );
    }
    const oldest = st.seenOrder.shift()!;
    seen.delete(oldest);
    st.seenChars -= oldest.length + ENTRY_OVERHEAD;
  }
  seen.set(name, "unknown");
  st.seenOrder.push(name);
  st.seenChars += name.length + ENTRY_OVERHEAD;
}
