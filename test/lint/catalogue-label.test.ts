import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { CliIO } from "../../src/cli/io.ts";
import { run } from "../../src/cli/main.ts";
import { DEFINITIONS } from "../helpers/paths.ts";
import { copyTree, tempDir } from "../helpers/temp.ts";

/**
 * A label the catalogue does not list, in a copy of the example estate:
 * a build error in an SLI query, a lint error in an alert and in a
 * dashboard target. On the code before the catalogue check all three
 * passed build and lint.
 */

async function obsforge(argv: string[], cwd: string) {
  let stdout = "";
  let stderr = "";
  const io: CliIO = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    cwd,
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

/** A copy of definitions/ with one textual edit to checkout-api.ts (which must apply). */
async function estateWith(from: string, to: string): Promise<string> {
  const dir = await tempDir();
  await copyTree(DEFINITIONS, join(dir, "definitions"));
  const file = join(dir, "definitions/checkout-api.ts");
  const source = await readFile(file, "utf8");
  expect(source).toContain(from);
  await writeFile(file, source.replace(from, to));
  return dir;
}

interface JsonFinding {
  rule: string;
  severity: string;
  message: string;
  file: string;
  line?: number;
  column?: number;
}

async function lintFindings(dir: string): Promise<JsonFinding[]> {
  const out = await obsforge(["lint", "--format", "json"], dir);
  expect(out.stderr).toBe("");
  return JSON.parse(out.stdout) as JsonFinding[];
}

describe("selectors are checked against the metric catalogue", () => {
  test("a label typo in an SLI query is a build error naming file, field and column", async () => {
    const dir = await estateWith(
      "const serverErrors = { ...job, http_response_status_code:",
      "const serverErrors = { ...job, http_status_code:",
    );
    const out = await obsforge(["build"], dir);
    expect(out.code).toBe(1);
    expect(out.stderr.split("\n")[0]).toBe(
      'definitions/checkout-api.ts:251:22: slos[0].sli.errorQuery: expected a label the catalogue lists for http_server_request_duration_seconds_count (http_request_method, http_response_status_code, http_route, instance, job, url_scheme), got "http_status_code" (did you mean "http_response_status_code"?) at column 73',
    );
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  test("a label typo in a latency SLI's matchers is a build error at that matcher", async () => {
    const dir = await estateWith(
      `        threshold: 0.5,
        matchers: job,`,
      `        threshold: 0.5,
        matchers: { jbo: "checkout-api" },`,
    );
    const out = await obsforge(["build"], dir);
    expect(out.code).toBe(1);
    expect(out.stderr.split("\n")[0]).toBe(
      'definitions/checkout-api.ts:274:27: slos[1].sli.matchers.jbo: expected a label the catalogue lists for http_server_request_duration_seconds (http_request_method, http_response_status_code, http_route, instance, job, url_scheme), got "jbo" (did you mean "job"?)',
    );
  });

  test("a label typo in an alert builds, and lint reports it as an error with a suggestion", async () => {
    const dir = await estateWith(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source text to edit, not a template
      '${selector("http_server_active_requests", job)}) > 200',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source text to edit, not a template
      '${selector("http_server_active_requests", { jbo: "checkout-api" })}) > 200',
    );
    expect((await obsforge(["build"], dir)).code).toBe(0);
    const source = await readFile(join(dir, "definitions/checkout-api.ts"), "utf8");
    // The expr is built by a template literal, so the finding sits at the rule's name.
    const line = source.split("\n").findIndex((l) => l.includes('name: "CheckoutSaturated"')) + 1;
    const findings = await lintFindings(dir);
    expect(findings.filter((f) => f.rule === "promql/catalogue-label")).toMatchObject([
      {
        line,
        severity: "error",
        message:
          'expected a label the catalogue lists for http_server_active_requests (http_request_method, instance, job, url_scheme), got "jbo" (did you mean "job"?)',
        file: "definitions/checkout-api.ts",
      },
    ]);
    expect((await obsforge(["lint"], dir)).code).toBe(1);
  });

  test("a label typo in a dashboard target is a lint error with its column", async () => {
    const dir = await estateWith(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript source text to edit, not a template
      "promQuery(`sum by (http_route) (rate(${scopedRequests}[$__rate_interval]))`",
      'promQuery(`sum by (http_route) (rate(http_server_request_duration_seconds_count{job=~"$job", instance=~"$instance", http_rout="/pay"}[$__rate_interval]))`',
    );
    expect((await obsforge(["build"], dir)).code).toBe(0);
    const findings = await lintFindings(dir);
    expect(findings.filter((f) => f.rule === "dashboard/target-catalogue-label")).toMatchObject([
      {
        severity: "error",
        message: expect.stringMatching(
          /target A: expected a label the catalogue lists for http_server_request_duration_seconds_count \(.*\), got "http_rout" \(did you mean "http_route"\?\)$/,
        ),
      },
    ]);
    // The position (once "at column 106" of the query) is the label's own, in the dashboard's JSON.
    const text = (await obsforge(["lint"], dir)).stdout;
    const at = /^(out\/[^:]+):(\d+):(\d+): error dashboard\/target-catalogue-label:/m.exec(text);
    expect(at).not.toBeNull();
    const written = (await readFile(join(dir, at![1]!), "utf8")).split("\n")[Number(at![2]) - 1]!;
    expect(written.slice(Number(at![3]) - 1)).toMatch(/^http_rout=/);
  });
});
