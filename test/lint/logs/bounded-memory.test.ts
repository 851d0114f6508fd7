import { expect, test } from "vitest";
import { pipedCli } from "../../helpers/piped-cli.ts";

/**
 * 500,000 JSON lines, each with a field name no other line has and a
 * request-scoped line without a span id, piped into a lint-logs whose V8
 * heap is capped at 64 MiB. If the field names (or the findings) were kept
 * per line, the heap would run out ("JavaScript heap out of memory",
 * SIGABRT) long before the end.
 */
const LINES = 500_000;

function* uniqueFieldLines(): Generator<string> {
  let buffer = "";
  for (let i = 0; i < LINES; i++) {
    const trace = (i * 2654435761).toString(16).padStart(32, "7").slice(-32);
    buffer += `{"severity_text":"INFO","http.route":"/orders","trace_id":"${trace}","field_${i}":${i}}\n`;
    if (buffer.length >= 65536) {
      yield buffer;
      buffer = "";
    }
  }
  yield buffer;
}

function lintLogsUnderCap() {
  return pipedCli(["--max-old-space-size=64"], ["lint-logs", "-"], uniqueFieldLines());
}

test("500,000 lines with unique field names under a 64 MiB heap: a complete, capped report", async () => {
  const out = await lintLogsUnderCap();
  expect(out.signal).toBe(null);
  expect(out.stderr).toBe("");
  expect(out.code).toBe(1);
  expect(out.stdout).toContain(
    "-: error logs/missing-trace-context: … and 499900 more not shown (at most 100 per rule; see --max-findings)",
  );
  expect(out.stdout).toContain(
    "-: info logs/field-coverage: 0 of 500000 request-scoped line(s) carry a valid trace_id and span_id (0%) [correlation]",
  );
  expect(out.stdout).toMatch(
    /^500004 problem\(s\): 500000 error\(s\), 0 warning\(s\), 4 info; 104 shown$/m,
  );
}, 120_000);
