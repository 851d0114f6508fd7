import * as chars from "./chars.ts";
import { quoteShort } from "./excerpt.ts";
import { fail } from "./line-parser.ts";
import { parseOmNumber } from "./numbers.ts";
import { omLabels } from "./openmetrics-labels.ts";
import {
  EXEMPLAR_MAX_CHARS,
  exemplarAllowed,
  type OmFamily,
  type OmState,
} from "./openmetrics-types.ts";

// Local bindings for the scan loops (see chars.ts): V8 folds these into optimized code.
const { SPACE, tokenAt } = chars;

/**
 * An exemplar, `# {labels} value [timestamp]`, at `from` on a sample line:
 * only on counter totals and histogram buckets, with at most
 * EXEMPLAR_MAX_CHARS in its labels. False after reporting an error.
 */
export function exemplar(
  st: OmState,
  s: string,
  from: number,
  fam: OmFamily,
  suffix: string,
): boolean {
  if (s.slice(from, from + 3) !== "# {") {
    fail(
      st,
      from + 1,
      `expected an exemplar (# {labels} value) or the end of the line, got ${quoteShort(s.slice(from))}`,
    );
    return false;
  }
  if (!exemplarAllowed(fam.type, suffix)) {
    fail(
      st,
      from + 1,
      `expected exemplars only on counter _total and histogram _bucket samples, got one on ${fam.name}${suffix} (${fam.type})`,
    );
    return false;
  }
  const parsed = omLabels(st, s, from + 3, "exemplar");
  if (parsed === undefined) return false;
  let chars = 0;
  for (const [k, v] of parsed.pairs) chars += [...k].length + [...v].length;
  if (chars > EXEMPLAR_MAX_CHARS) {
    fail(
      st,
      from + 3,
      `expected at most ${EXEMPLAR_MAX_CHARS} characters in the exemplar's labels, got ${chars}`,
    );
    return false;
  }
  return exemplarValue(st, s, parsed.end);
}

/** The exemplar's value and optional timestamp, after its labels, to the end of the line. */
function exemplarValue(st: OmState, s: string, from: number): boolean {
  const n = s.length;
  let i = from;
  if (s.charCodeAt(i) !== SPACE) {
    fail(
      st,
      i + 1,
      `expected a space and the exemplar value, got ${i >= n ? "the end of the line" : quoteShort(tokenAt(s, i))}`,
    );
    return false;
  }
  i++;
  const valueToken = tokenAt(s, i);
  if (parseOmNumber(valueToken) === undefined) {
    fail(st, i + 1, `expected a number as the exemplar value, got ${quoteShort(valueToken)}`);
    return false;
  }
  i += valueToken.length;
  if (i === n) return true;
  i++;
  const tsToken = tokenAt(s, i);
  const ts = parseOmNumber(tsToken);
  if (ts === undefined || !Number.isFinite(ts)) {
    fail(
      st,
      i + 1,
      `expected a finite number as the exemplar timestamp, got ${quoteShort(tsToken)}`,
    );
    return false;
  }
  i += tsToken.length;
  if (i < n) {
    fail(
      st,
      i + 1,
      `expected the end of the line after the exemplar, got ${quoteShort(s.slice(i))}`,
    );
    return false;
  }
  return true;
}
