import {
  BACKSLASH,
  COMMA,
  EQUALS,
  HASH,
  isBlank,
  isLabelNameChar,
  isLabelNameStart,
  isMetricNameChar,
  isMetricNameStart,
  LBRACE,
  matchesAt,
  QUOTE,
  RBRACE,
} from "./chars.ts";
import { detach } from "./detach.ts";
import { excerptAround, familyExcerpt, quoteShort } from "./excerpt.ts";
import { createFifo } from "./fifo.ts";
import { type LabelTracker, sortedLabelNames, trackLabel } from "./label-tracker.ts";
import { ENTRY_OVERHEAD, type ExpositionLimits } from "./limits.ts";
import type { ExpositionParser, ExpositionSink } from "./line-parser.ts";
import { isGoFloat, isGoInt64 } from "./numbers.ts";

/**
 * The Prometheus text format (0.0.4). The rules are those of
 * prometheus/common's expfmt TextParser, which `promtool check metrics`
 * uses, so the families it hands to the naming rules are the ones promlint
 * sees (same grouping of `_sum`, `_count` and `_bucket` series, same
 * dropping of families without samples).
 */

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

export function textParser(sink: ExpositionSink, limits: ExpositionLimits): ExpositionParser {
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
      excerpt: familyExcerpt(text),
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
