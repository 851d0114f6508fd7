import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { spawnSync } from "node:child_process";
import { obsforgeInProcess } from "../../helpers/in-process-cli.ts";
import { BIN } from "../../helpers/paths.ts";
import { PROJECT_ROOT } from "../helpers.ts";

const JSON_FIXTURE = "test/lint/logs/fixtures/coverage.ndjson";
const LOGFMT_FIXTURE = "test/lint/logs/fixtures/coverage.logfmt";

function obsforge(argv: string[], stdin?: Buffer) {
  return obsforgeInProcess(argv, PROJECT_ROOT, stdin === undefined ? {} : { stdin });
}

describe("obsforge lint-logs", () => {
  test("a file with errors exits 1; the text report ends with the counts", async () => {
    const out = await obsforge(["lint-logs", JSON_FIXTURE]);
    expect(out.code).toBe(1);
    expect(out.stderr).toBe("");
    expect(out.stdout).toContain(
      `${JSON_FIXTURE}:7:111: error logs/malformed-id: expected a valid trace_id, got all zeros (the W3C invalid id: no trace behind it) [trace_id]`,
    );
    expect(out.stdout).toMatch(/^8 problem\(s\): 3 error\(s\), 1 warning\(s\), 4 info$/m);
  });

  test("--quiet prints the error findings only, with no count line; the exit code is the same", async () => {
    const all = await obsforge(["lint-logs", JSON_FIXTURE]);
    const quiet = await obsforge(["--quiet", "lint-logs", JSON_FIXTURE]);
    expect(quiet.code).toBe(1);
    const errors = all.stdout.split("\n").filter((line) => / error logs\//.test(line));
    expect(errors).toHaveLength(3);
    const shown = quiet.stdout.split("\n").filter((line) => line.startsWith(`${JSON_FIXTURE}:`));
    expect(shown).toEqual(errors);
    expect(quiet.stdout).not.toMatch(/problem\(s\)/);
  });

  test("- reads stdin, and gives what the file gives", async () => {
    const file = await obsforge(["lint-logs", JSON_FIXTURE, "--format", "json"]);
    const piped = await obsforge(
      ["lint-logs", "-", "--format", "json"],
      readFileSync(join(PROJECT_ROOT, JSON_FIXTURE)),
    );
    expect(piped.code).toBe(1);
    const strip = (s: string) =>
      (JSON.parse(s) as { file: string }[]).map(({ file: _, ...rest }) => rest);
    expect(strip(piped.stdout)).toEqual(strip(file.stdout));
    expect((JSON.parse(piped.stdout) as { file: string }[])[0]!.file).toBe("-");
  });

  test("clean lines with warnings only exit 0", async () => {
    const out = await obsforge(
      ["lint-logs", "-"],
      Buffer.from('{"severity_text":"INFO","body":"a"}\n{"body":"no level"}\n'),
    );
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^5 problem\(s\): 0 error\(s\), 1 warning\(s\), 4 info$/m);
  });

  test("--service takes payment-worker's profile from definitions/: logfmt, level, its request fields", async () => {
    const out = await obsforge([
      "lint-logs",
      LOGFMT_FIXTURE,
      "--service",
      "payment-worker",
      "--format",
      "json",
    ]);
    expect(out.stderr).toBe("");
    const findings = JSON.parse(out.stdout) as { rule: string; message: string; line?: number }[];
    expect(findings.filter((f) => f.rule === "logs/field-coverage").map((f) => f.message)).toEqual([
      "2 of 5 request-scoped line(s) carry a valid trace_id and span_id (40%)",
      "level on 7 of 7 structured line(s) (100%)",
      "span_id on 4 of 7 structured line(s) (57.14%), valid on 4 (57.14%)",
      "trace_id on 3 of 7 structured line(s) (42.85%), valid on 2 (28.57%)",
    ]);
    expect(findings.some((f) => f.rule === "logs/missing-level")).toBe(false);
  });

  test("--service with a JSON service on a logfmt file: every line is unparsable", async () => {
    const out = await obsforge(["lint-logs", LOGFMT_FIXTURE, "--service", "checkout-api"]);
    expect(out.code).toBe(1);
    expect(out.stdout.match(/error logs\/unparsable-line: expected a JSON object/g)).toHaveLength(
      7,
    );
  });

  test("--service that does not exist, or has no logs: one line naming it, exit 1", async () => {
    const missing = await obsforge(["lint-logs", JSON_FIXTURE, "--service", "nope"]);
    expect(missing).toEqual({
      code: 1,
      stdout: "",
      stderr:
        'definitions: --service: expected the name of a service (checkout-api, orders-db, payment-worker, shipping-api), got "nope"\n',
    });
  });

  test("github and sarif reporters", async () => {
    const github = await obsforge(["lint-logs", JSON_FIXTURE, "--format", "github"]);
    expect(github.stdout).toContain(
      `::error file=${JSON_FIXTURE},line=7,col=111,endColumn=145,title=logs/malformed-id::`,
    );
    const sarif = JSON.parse(
      (await obsforge(["lint-logs", JSON_FIXTURE, "--format", "sarif"])).stdout,
    );
    const rules = sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id);
    expect(rules).toContain("logs/missing-trace-context");
    expect(rules.every((id: string) => id.startsWith("logs/"))).toBe(true);
    expect(sarif.runs[0].results).toHaveLength(8);
  });

  test("a missing file, no input, a bad --max-findings", async () => {
    const gone = await obsforge(["lint-logs", "no/such.log"]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/^no\/such\.log: expected readable log lines, got ENOENT/);
    expect(await obsforge(["lint-logs"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "obsforge lint-logs: expected FILE or - (stdin)\n",
    });
    const cap = await obsforge(["lint-logs", JSON_FIXTURE, "--max-findings", "0"]);
    expect(cap.code).toBe(2);
    expect(cap.stderr).toBe(
      'obsforge lint-logs: --max-findings: expected a positive integer, got "0"\n',
    );
  });

  test("the built CLI as a process: a pipe on stdin with garbage in it, exit 1, the counts on stdout", () => {
    const input = Buffer.concat([
      readFileSync(join(PROJECT_ROOT, LOGFMT_FIXTURE)),
      Buffer.from([0xff, 0x00, 0xc3, 0x0a]),
      Buffer.from(`${"k=v ".repeat(70_000)}\n`),
    ]);
    const r = spawnSync(process.execPath, [BIN, "lint-logs", "-", "--service", "payment-worker"], {
      cwd: PROJECT_ROOT,
      input,
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(
      "-:9: error logs/unparsable-line: expected lines of at most 262144 characters, got a longer one (skipped)",
    );
    expect(r.stdout).toContain(
      "-: info logs/field-coverage: 2 of 5 request-scoped line(s) carry a valid trace_id and span_id (40%) [correlation]",
    );
  });
});
