import * as chars from "./chars.ts";
import { detach } from "./detach.ts";
import { quoteShort } from "./excerpt.ts";
import { fail } from "./line-parser.ts";
import { startFamily } from "./openmetrics-family.ts";
import {
  OM_SUFFIXES,
  OM_TYPES,
  type OmFamily,
  type OmState,
  type OmType,
} from "./openmetrics-types.ts";

// Local bindings for the scan loops (see chars.ts): V8 folds these into optimized code.
const { isMetricNameChar, isMetricNameStart, SPACE } = chars;

/**
 * OpenMetrics metadata lines, `# HELP`, `# TYPE` and `# UNIT`: each at most
 * once per family, before its samples. (`# EOF` is the line dispatch's.)
 */

/** What follows the metric name of a metadata line, and where its parts are. */
interface MetadataLine {
  value: string;
  nameColumn: number;
  valueColumn: number;
}

/** A `#` line other than `# EOF`: the keyword, the name, and the family it belongs to. */
export function metadata(st: OmState, s: string): void {
  const keyword = s.slice(2, 6);
  if (
    s.charCodeAt(6) !== SPACE ||
    (keyword !== "HELP" && keyword !== "TYPE" && keyword !== "UNIT")
  ) {
    fail(
      st,
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
      st,
      i + 1,
      `expected a metric name after # ${keyword}, got ${i === n ? "the end of the line" : quoteShort(s.slice(i))}`,
    );
    return;
  }
  const name = s.slice(nameStart, i);
  if (i === n || s.charCodeAt(i) !== SPACE) {
    fail(
      st,
      i + 1,
      `expected a space and the ${keyword.toLowerCase()} after # ${keyword} ${name}, got ${i === n ? "the end of the line" : quoteShort(s.slice(i))}`,
    );
    return;
  }
  const line = { value: s.slice(i + 1), nameColumn: nameStart + 1, valueColumn: i + 2 };
  let fam = st.current;
  if (fam !== undefined && fam.name === name) {
    if (fam.samples > 0) {
      fail(st, 1, `expected # ${keyword} ${name} before the samples of ${name}, got it after them`);
      return;
    }
  } else {
    fam = startFamily(st, name, line.nameColumn);
    if (fam === undefined) return;
  }
  if (keyword === "HELP") help(st, fam, line);
  else if (keyword === "TYPE") type(st, fam, line);
  else unit(st, fam, line);
}

/** `# HELP`: unescaped, and only the first maxHelpLength characters kept. */
function help(st: OmState, fam: OmFamily, line: MetadataLine): void {
  if (fam.hasHelp) {
    fail(st, 1, `expected one # HELP line for ${fam.name}, got a second one`);
    return;
  }
  fam.hasHelp = true;
  fam.help = detach(
    line.value
      .replace(/\\([\\n"])/g, (_, c: string) => (c === "n" ? "\n" : c))
      .slice(0, st.limits.maxHelpLength),
  );
}

/** `# TYPE`: a known type, whose sample names clash with no family met so far. */
function type(st: OmState, fam: OmFamily, line: MetadataLine): void {
  const { name } = fam;
  if (fam.typed) {
    fail(st, 1, `expected one # TYPE line for ${name}, got a second one`);
    return;
  }
  if (!OM_TYPES.has(line.value as OmType)) {
    fail(
      st,
      line.valueColumn,
      `expected an OpenMetrics type (counter, gauge, histogram, gaugehistogram, stateset, info, summary, unknown), got ${quoteShort(line.value)}`,
    );
    return;
  }
  const parsed = line.value as OmType;
  for (const suffix of OM_SUFFIXES[parsed]) {
    if (suffix !== "" && st.seen.has(name + suffix)) {
      fail(
        st,
        line.nameColumn,
        `expected a ${parsed} name whose samples do not clash with family ${name + suffix}, got ${name}`,
      );
      return;
    }
  }
  if ((parsed === "info" || parsed === "stateset") && fam.unit !== undefined && fam.unit !== "") {
    fail(st, 1, `expected no # UNIT on ${parsed} ${name}`);
    return;
  }
  fam.type = parsed;
  fam.typed = true;
  st.seen.set(name, parsed);
}

/** `# UNIT`: the suffix of the metric name, and none on info or stateset. */
function unit(st: OmState, fam: OmFamily, line: MetadataLine): void {
  const { name } = fam;
  const { value } = line;
  if (fam.unit !== undefined) {
    fail(st, 1, `expected one # UNIT line for ${name}, got a second one`);
    return;
  }
  if (value !== "" && !name.endsWith(`_${value}`)) {
    fail(
      st,
      line.valueColumn,
      `expected the unit to be the suffix of the metric name, got unit ${quoteShort(value)} for ${name}`,
    );
    return;
  }
  if (value !== "" && (fam.type === "info" || fam.type === "stateset")) {
    fail(st, 1, `expected no # UNIT on ${fam.type} ${name}`);
    return;
  }
  fam.unit = detach(value);
}
