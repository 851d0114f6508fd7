import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { lintLogStream } from "../../../src/lint/logs/lint-logs.ts";
import { OTEL_LOG_PROFILE, serviceLogProfile } from "../../../src/lint/logs/profile.ts";
import type { Problem } from "../../../src/core/problem.ts";
import { PROJECT_ROOT } from "../helpers.ts";

const FIXTURES = join(PROJECT_ROOT, "test/lint/logs/fixtures");
const fixture = (name: string) => readFileSync(join(FIXTURES, name), "utf8");

/** payment-worker's profile as definitions/payment-worker.ts declares it. */
const PAYMENT_WORKER = serviceLogProfile("payment-worker", {
  format: "logfmt",
  fields: { traceId: "trace_id", spanId: "span_id", level: "level" },
  correlation: { requestFields: ["payment_id", "messaging.message.id"] },
});

function coverage(findings: readonly Problem[]): Record<string, string> {
  return Object.fromEntries(
    findings.filter((f) => f.code === "logs/field-coverage").map((f) => [f.subject, f.message]),
  );
}

function lines(findings: readonly Problem[], code: string): number[] {
  return findings.filter((f) => f.code === code).map((f) => f.span?.line ?? 0);
}

describe("shares of a fixture with known coverage", () => {
  test("JSON, OpenTelemetry profile: 7 request-scoped lines of 10, 4 with both valid ids", async () => {
    const {
      findings,
      format,
      lines: read,
    } = await lintLogStream([fixture("coverage.ndjson")], {
      file: "coverage.ndjson",
    });
    expect({ format, read }).toEqual({ format: "json", read: 10 });
    expect(coverage(findings)).toEqual({
      trace_id: "trace_id on 6 of 10 structured line(s) (60%), valid on 5 (50%)",
      span_id: "span_id on 5 of 10 structured line(s) (50%), valid on 5 (50%)",
      severity_text: "severity_text on 9 of 10 structured line(s) (90%)",
      correlation: "4 of 7 request-scoped line(s) carry a valid trace_id and span_id (57.14%)",
    });
    // Line 6 has neither id, line 9 no span id; line 7's trace id is all zeros.
    expect(lines(findings, "logs/missing-trace-context")).toEqual([6, 9]);
    expect(lines(findings, "logs/malformed-id")).toEqual([7]);
    expect(lines(findings, "logs/missing-level")).toEqual([9]);
    expect(findings.filter((f) => f.severity === "error")).toHaveLength(3);
  });

  test("logfmt, payment-worker's profile: 5 request-scoped lines of 7, 2 with both valid ids", async () => {
    const { findings, format } = await lintLogStream([fixture("coverage.logfmt")], {
      file: "coverage.logfmt",
      profile: PAYMENT_WORKER,
    });
    expect(format).toBe("logfmt");
    expect(coverage(findings)).toEqual({
      trace_id: "trace_id on 3 of 7 structured line(s) (42.85%), valid on 2 (28.57%)",
      span_id: "span_id on 4 of 7 structured line(s) (57.14%), valid on 4 (57.14%)",
      level: "level on 7 of 7 structured line(s) (100%)",
      correlation: "2 of 5 request-scoped line(s) carry a valid trace_id and span_id (40%)",
    });
    expect(lines(findings, "logs/missing-trace-context")).toEqual([5, 6]);
    const malformed = findings.filter((f) => f.code === "logs/malformed-id");
    expect(malformed.map((f) => [f.span?.line, f.span?.column, f.message])).toEqual([
      [
        4,
        89,
        'expected trace_id to be 32 lowercase hex digits, got "5BF92F3577B34DA6A3CE929D0E0E4736"',
      ],
    ]);
    expect(findings.filter((f) => f.code === "logs/missing-level")).toEqual([]);
  });

  test("the OpenTelemetry profile on the logfmt fixture counts the lines its own way", async () => {
    const { findings } = await lintLogStream([fixture("coverage.logfmt")], {
      file: "f",
      profile: OTEL_LOG_PROFILE,
    });
    // payment_id is no request field here: only the lines with an id are request-scoped.
    expect(coverage(findings).correlation).toBe(
      "2 of 4 request-scoped line(s) carry a valid trace_id and span_id (50%)",
    );
    expect(lines(findings, "logs/missing-level")).toHaveLength(7);
  });
});

describe("chunks, formats and garbage", () => {
  test("a line split across chunks anywhere reads as the whole line", async () => {
    const text = fixture("coverage.ndjson");
    const whole = (await lintLogStream([text], { file: "f" })).findings;
    for (const cut of [1, 57, 200, text.length - 3]) {
      const parts = [text.slice(0, cut), text.slice(cut)].map((p) => Buffer.from(p));
      expect((await lintLogStream(parts, { file: "f" })).findings).toEqual(whole);
    }
  });

  test("a UTF-8 character cut between chunks is decoded whole", async () => {
    const bytes = Buffer.from('{"severity_text":"INFO","body":"café ☕"}\n');
    const at = bytes.indexOf(0xe2) + 1;
    const { findings } = await lintLogStream([bytes.subarray(0, at), bytes.subarray(at)], {
      file: "f",
    });
    expect(findings.filter((f) => f.severity !== "info")).toEqual([]);
  });

  test("binary, invalid UTF-8, NUL bytes and control characters do not crash and are plain text", async () => {
    const garbage = Buffer.concat([
      Buffer.from('{"severity_text":"INFO","body":"ok"}\n'),
      Buffer.from([0xff, 0xfe, 0x3d, 0x00, 0x80, 0x0a]),
      Buffer.from("key=\u0000value\n\u001b[31mred=1\u001b[0m\n"),
      Buffer.from([0xc3, 0x28, 0x3d, 0x31, 0x0a]),
      Buffer.from('{"severity_text":"INFO","body":"\\ud800"}\n'),
    ]);
    const { findings, lines: read } = await lintLogStream([garbage], { file: "f" });
    expect(read).toBe(6);
    expect(lines(findings, "logs/unparsable-line")).toEqual([2, 3, 4, 5]);
  });

  test("a line over the limit is reported once and skipped, and the next line is read", async () => {
    const long = `{"body":"${"x".repeat(300 * 1024)}"}`;
    const text = `{"severity_text":"INFO"}\n${long}\n{"severity_text":"INFO"}\n`;
    const chunks = text.match(/[\s\S]{1,65536}/g)!;
    const { findings, lines: read } = await lintLogStream(chunks, { file: "f" });
    expect(read).toBe(3);
    expect(findings.filter((f) => f.code === "logs/unparsable-line")).toEqual([
      {
        code: "logs/unparsable-line",
        severity: "error",
        message: "expected lines of at most 262144 characters, got a longer one (skipped)",
        file: "f",
        path: [],
        span: { line: 2 },
      },
    ]);
    expect(coverage(findings).severity_text).toBe(
      "severity_text on 2 of 2 structured line(s) (100%)",
    );
  });

  test("an unterminated last line, CRLF line ends and blank lines", async () => {
    const { findings, lines: read } = await lintLogStream(
      ['{"severity_text":"INFO"}\r\n\r\n   \n{"severity_text":"WARN"}'],
      { file: "f" },
    );
    expect(read).toBe(4);
    expect(findings.filter((f) => f.severity !== "info")).toEqual([]);
    expect(coverage(findings).severity_text).toBe(
      "severity_text on 2 of 2 structured line(s) (100%)",
    );
  });

  test("an empty input gives no finding", async () => {
    expect(await lintLogStream([], { file: "f" })).toEqual({
      lines: 0,
      format: "plain",
      findings: [],
    });
  });

  test("a stream that starts with plain text is plain: no parser finding, the other format named", async () => {
    const { findings, format } = await lintLogStream(["starting up\nlevel=info msg=x\n"], {
      file: "f",
    });
    expect(format).toBe("plain");
    expect(findings.some((f) => f.code === "logs/unparsable-line")).toBe(false);
    expect(findings.filter((f) => f.code === "logs/mixed-format").map((f) => f.message)).toEqual([
      "expected every line in plain text (50% of lines), got logfmt on 1 line(s) (50%), the first here",
    ]);
  });

  test("findings past the cap are counted in one closing finding", async () => {
    const text = '{"body":"no level"}\n'.repeat(250);
    const { findings } = await lintLogStream([text], { file: "f", maxFindingsPerCheck: 3 });
    const missing = findings.filter((f) => f.code === "logs/missing-level");
    expect(missing.map((f) => f.span?.line ?? f.omitted)).toEqual([1, 2, 3, 247]);
  });

  test("the lint config turns a check off or re-levels it", async () => {
    const { findings } = await lintLogStream([fixture("coverage.ndjson")], {
      file: "f",
      config: {
        rules: { "logs/field-coverage": "off", "logs/missing-trace-context": "warning" },
        knownMetrics: [],
      },
    });
    expect(findings.some((f) => f.code === "logs/field-coverage")).toBe(false);
    expect(
      findings.filter((f) => f.code === "logs/missing-trace-context").map((f) => f.severity),
    ).toEqual(["warning", "warning"]);
  });
});
