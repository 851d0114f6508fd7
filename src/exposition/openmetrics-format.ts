import { HASH } from "./chars.ts";
import type { ExpositionLimits } from "./limits.ts";
import { type ExpositionParser, type ExpositionSink, fail } from "./line-parser.ts";
import { closeFamily, createOmState } from "./openmetrics-family.ts";
import { metadata } from "./openmetrics-metadata.ts";
import { sample } from "./openmetrics-sample.ts";
import type { OmState } from "./openmetrics-types.ts";

/**
 * OpenMetrics 1.0: the ABNF and the semantic rules the OpenMetrics
 * conformance suite checks (metadata before samples, contiguous families and
 * series, counter and histogram values, exemplars, `# EOF`). This module
 * dispatches lines; one module per construct does the rest: metadata lines,
 * sample lines (labels, exemplar, value checks) and family transitions.
 */
export function openMetricsParser(
  sink: ExpositionSink,
  limits: ExpositionLimits,
): ExpositionParser {
  const st = createOmState(sink, limits);
  return {
    line(s) {
      st.lineNo++;
      st.text = s;
      line(st, s);
    },
    skip() {
      st.lineNo++;
    },
    end() {
      end(st);
    },
  };
}

/** One line: after `# EOF` nothing; no blank lines; `#` starts metadata, anything else a sample. */
function line(st: OmState, s: string): void {
  if (st.eof) {
    if (!st.afterEofReported) fail(st, 1, "expected nothing after # EOF, got more lines");
    st.afterEofReported = true;
    return;
  }
  if (s === "") {
    fail(st, 1, "expected no blank lines in OpenMetrics, got one");
    return;
  }
  if (s.charCodeAt(0) === HASH) {
    if (s === "# EOF") {
      closeFamily(st);
      st.eof = true;
      return;
    }
    metadata(st, s);
    return;
  }
  sample(st, s);
}

/** End of input: the last family closes, and the input must have ended with `# EOF`. */
function end(st: OmState): void {
  closeFamily(st);
  if (!st.eof) {
    st.lineNo++;
    st.text = "";
    fail(
      st,
      1,
      "expected # EOF as the last line of an OpenMetrics exposition, got the end of the input",
    );
  }
}
