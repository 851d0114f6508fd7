import { detach } from "./detach.ts";
import { familyExcerpt } from "./excerpt.ts";
import type { FamilyMemo } from "./family.ts";
import { createFifo, type Fifo } from "./fifo.ts";
import { type LabelTracker, sortedLabelNames } from "./label-tracker.ts";
import { ENTRY_OVERHEAD, type ExpositionLimits } from "./limits.ts";
import { type ExpositionSink, type LineCursor, reportLimit } from "./line-parser.ts";

/**
 * Text format families and the parser state around them: which family is
 * current, what the others retain, and how they open (expfmt's grouping of
 * `_sum`, `_count` and `_bucket`) and close.
 *
 * A family goes to the sink as soon as a line of another family comes: in
 * a real exposition its lines are together, so it is complete. The text
 * format still lets a family come back later (expfmt merges it), so what is
 * left of a closed family is a summary (name, type, HELP, first line) that
 * stays in `families` within maxTrackedFamilies: a family that comes back
 * reopens from it and is handed to the sink again as a continuation, with
 * only its new labels. Label names, the bulk of a family, are dropped when
 * it closes, so memory does not grow with the number of families.
 */

export type TextType = "counter" | "gauge" | "summary" | "untyped" | "histogram" | "gaugehistogram";

export interface TextFamily extends LabelTracker {
  name: string;
  type: TextType | undefined;
  help: string | undefined;
  hasSamples: boolean;
  line: number;
  excerpt: string;
  /** Characters this family holds, counted in `retained`. */
  retained: number;
  /** Handed to the sink already: it is a summary, or (when current again) a continuation. */
  emitted: boolean;
  /** What the sink returned for it, handed back with its continuation. */
  memo: FamilyMemo | undefined;
}

/** Everything the text parser keeps between lines. */
export interface TextState extends LineCursor {
  readonly limits: ExpositionLimits;
  /** Families met so far (the current one and summaries), in order of their first line. */
  readonly families: Map<string, TextFamily>;
  readonly order: Fifo<TextFamily>;
  /** The family of the last HELP, TYPE or sample line. */
  current: TextFamily | undefined;
  /** Characters the families hold. */
  retained: number;
  /** Whether the limits have closed a family early (reported once). */
  limitReported: boolean;
  /** Sample names the current family has had, most recent last (at most MAX_SAMPLE_NAMES). */
  readonly sampleNames: string[];
  /** The family whose label names the last label set tracked (see textLabels). */
  labelsFamily: TextFamily | undefined;
  /** Label names of the current sample, for the duplicate check (a Set: linear in the labels). */
  readonly seen: Set<string>;
  /** Label names of earlier samples, by position, to reuse instead of slicing. */
  readonly previousLabels: string[];
  /** How many of `previousLabels` the last sample checked as distinct (see textLabels). */
  distinctLabels: number;
  /** Within one line's label set: index of the next backslash (-1 none, -2 not looked for yet). */
  nextBackslash: number;
  /** Within one label value: whether it had an escape. */
  valueEscaped: boolean;
}

export function createTextState(sink: ExpositionSink, limits: ExpositionLimits): TextState {
  return {
    sink,
    limits,
    lineNo: 0,
    text: "",
    families: new Map(),
    order: createFifo(),
    current: undefined,
    retained: 0,
    limitReported: false,
    sampleNames: [],
    labelsFamily: undefined,
    seen: new Set(),
    previousLabels: [],
    distinctLabels: 0,
    nextBackslash: -2,
    valueEscaped: false,
  };
}

/** A histogram has three sample names (`_bucket`, `_sum`, `_count`); one more for odd expositions. */
export const MAX_SAMPLE_NAMES = 4;

/** Shared by every summary: a closed family tracks no label names (it gets a new set when it reopens). */
const NO_LABELS: Set<string> = new Set();

/** Hand a family (or its continuation) to the sink; expfmt drops families without samples. */
function emit(st: TextState, fam: TextFamily): void {
  if (!fam.hasSamples) return;
  fam.memo = st.sink.family(
    {
      name: fam.name,
      type: fam.type ?? "untyped",
      ...(fam.help !== undefined && { help: fam.help }),
      labels: sortedLabelNames(fam.labels),
      origin: "text",
      line: fam.line,
      excerpt: fam.excerpt,
      ...(fam.emitted && { continued: true }),
    },
    fam.memo,
  );
  fam.emitted = true;
}

/** The current family is done (another family's line came): hand it on and keep its summary. */
function closeCurrent(st: TextState): void {
  const fam = st.current;
  st.current = undefined;
  if (fam === undefined || !fam.hasSamples) return;
  emit(st, fam);
  const labelsRetained = fam.labelChars + fam.labels.size * ENTRY_OVERHEAD;
  fam.retained -= labelsRetained;
  st.retained -= labelsRetained;
  fam.labels = NO_LABELS;
  fam.labelChars = 0;
}

/** Make `fam` the current family; one that was handed on already reopens as a continuation. */
function makeCurrent(st: TextState, fam: TextFamily): void {
  closeCurrent(st);
  st.current = fam;
  st.sampleNames.length = 0;
  st.labelsFamily = undefined;
  if (fam.emitted) fam.labels = new Set();
}

/** Forget the oldest family, to stay within the limits (the current one goes to the sink first). */
function forgetOldest(st: TextState): void {
  const fam = st.order.shift();
  if (fam === undefined) return;
  if (!st.limitReported) {
    st.limitReported = true;
    reportLimit(
      st,
      `more than ${st.limits.maxTrackedFamilies} metric families (or ${st.limits.maxRetainedChars} characters of them) to remember: from here on, a family that comes back after others is linted as a new family`,
    );
  }
  st.families.delete(fam.name);
  st.retained -= fam.retained;
  if (st.current === fam) {
    st.current = undefined;
    st.sampleNames.length = 0;
    st.labelsFamily = undefined;
    emit(st, fam);
  }
}

/** End of input: the current family goes to the sink, and everything is forgotten. */
export function closeAllFamilies(st: TextState): void {
  closeCurrent(st);
  st.families.clear();
  st.order.clear();
  st.retained = 0;
  st.sampleNames.length = 0;
  st.labelsFamily = undefined;
}

/**
 * expfmt's setOrCreateCurrentMF: `x_sum`/`x_count` join summary `x`;
 * `x_bucket` too for histograms. The family found becomes the current one.
 */
export function familyFor(st: TextState, name: string): TextFamily {
  const fam = lookUpFamily(st, name) ?? openFamily(st, name);
  if (fam !== st.current) makeCurrent(st, fam);
  return fam;
}

function lookUpFamily(st: TextState, name: string): TextFamily | undefined {
  const families = st.families;
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
  return undefined;
}

/** A new family, after forgetting the oldest ones while the limits are reached. */
function openFamily(st: TextState, name: string): TextFamily {
  const limits = st.limits;
  while (
    st.families.size > 0 &&
    (st.families.size >= limits.maxTrackedFamilies || st.retained > limits.maxRetainedChars)
  )
    forgetOldest(st);
  const created: TextFamily = {
    name: detach(name),
    type: undefined,
    help: undefined,
    hasSamples: false,
    labels: new Set(),
    labelChars: 0,
    line: st.lineNo,
    excerpt: familyExcerpt(st.text),
    retained: 0,
    emitted: false,
    memo: undefined,
  };
  created.retained = created.name.length + created.excerpt.length + ENTRY_OVERHEAD;
  st.retained += created.retained;
  st.families.set(created.name, created);
  st.order.push(created);
  return created;
}
