import { detach } from "./detach.ts";
import { familyExcerpt } from "./excerpt.ts";
import { createFifo, type Fifo } from "./fifo.ts";
import { type LabelTracker, sortedLabelNames } from "./label-tracker.ts";
import { ENTRY_OVERHEAD, type ExpositionLimits } from "./limits.ts";
import type { ExpositionSink, LineCursor } from "./line-parser.ts";

/**
 * Text format families and the parser state around them: which families are
 * open, what they retain, and how they open (expfmt's grouping of `_sum`,
 * `_count` and `_bucket`) and close (oldest first past the limits, all at
 * the end).
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
}

/** Everything the text parser keeps between lines. */
export interface TextState extends LineCursor {
  readonly limits: ExpositionLimits;
  /** Open families in order of their first line (Map order), so the oldest closes first. */
  readonly families: Map<string, TextFamily>;
  readonly order: Fifo<TextFamily>;
  /** Characters the open families hold. */
  retained: number;
  lastSample: { name: string; family: TextFamily } | undefined;
  /** Label names of the current sample, for the duplicate check (a Set: linear in the labels). */
  readonly seen: Set<string>;
  /** Label names of earlier samples, by position, to reuse instead of slicing. */
  readonly previousLabels: string[];
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
    retained: 0,
    lastSample: undefined,
    seen: new Set(),
    previousLabels: [],
    nextBackslash: -2,
    valueEscaped: false,
  };
}

/** Hand a family to the sink; expfmt drops families without samples. */
function emit(st: TextState, fam: TextFamily): void {
  if (!fam.hasSamples) return;
  st.sink.family({
    name: fam.name,
    type: fam.type ?? "untyped",
    ...(fam.help !== undefined && { help: fam.help }),
    labels: sortedLabelNames(fam.labels),
    origin: "text",
    line: fam.line,
    excerpt: fam.excerpt,
  });
}

/** Close and lint the oldest open family, to stay within the limits. */
function closeOldest(st: TextState): void {
  const fam = st.order.shift();
  if (fam === undefined) return;
  st.families.delete(fam.name);
  st.retained -= fam.retained;
  if (st.lastSample?.family === fam) st.lastSample = undefined;
  emit(st, fam);
}

/** End of input: every open family goes to the sink, in order of its first line. */
export function closeAllFamilies(st: TextState): void {
  for (const fam of st.families.values()) emit(st, fam);
  st.families.clear();
  st.order.clear();
  st.retained = 0;
}

/** expfmt's setOrCreateCurrentMF: `x_sum`/`x_count` join summary `x`; `x_bucket` too for histograms. */
export function familyFor(st: TextState, name: string): TextFamily {
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
  return openFamily(st, name);
}

/** A new family, after closing the oldest ones while the limits are reached. */
function openFamily(st: TextState, name: string): TextFamily {
  const limits = st.limits;
  while (
    st.families.size > 0 &&
    (st.families.size >= limits.maxOpenFamilies || st.retained > limits.maxRetainedChars)
  )
    closeOldest(st);
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
  };
  created.retained = created.name.length + created.excerpt.length + ENTRY_OVERHEAD;
  st.retained += created.retained;
  st.families.set(created.name, created);
  st.order.push(created);
  return created;
}
