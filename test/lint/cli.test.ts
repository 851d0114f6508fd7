import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { CliIO } from "../../src/cli/io.ts";
import { run } from "../../src/cli/main.ts";
import { EXPOSITION_CORPUS, PROJECT_ROOT } from "./helpers.ts";

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function obsforge(
  argv: string[],
  options: { stdin?: string; cwd?: string } = {},
): Promise<Outcome> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    cwd: options.cwd ?? PROJECT_ROOT,
    ...(options.stdin !== undefined && { stdin: Readable.from([Buffer.from(options.stdin)]) }),
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

const BAD_DEFINITIONS = "test/golden/lint/definitions/input/definitions";
const work = mkdtempSync(join(tmpdir(), "obsforge-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function config(name: string, lint: unknown): string {
  const path = join(work, name);
  writeFileSync(path, JSON.stringify({ lint }));
  return path;
}

describe("obsforge lint", () => {
  test("definitions/ lints clean", async () => {
    const out = await obsforge(["lint"]);
    expect(out).toEqual({ code: 0, stdout: "No problems found.\n", stderr: "" });
  });

  test("a bad estate exits 1 and prints every finding", async () => {
    const out = await obsforge(["lint", "--definitions", BAD_DEFINITIONS]);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/^26 problem\(s\): 16 error\(s\), 10 warning\(s\)$/m);
    expect(out.stderr).toBe("");
  });

  test("dashboards are linted as compiled, under the --out folder", async () => {
    const out = await obsforge([
      "lint",
      "--definitions",
      BAD_DEFINITIONS,
      "--out",
      "build/artifacts",
      "--format",
      "json",
    ]);
    const findings = JSON.parse(out.stdout) as { rule: string; file: string; line?: number }[];
    const dashboards = findings.filter((f) => f.rule.startsWith("dashboard/"));
    expect(dashboards.length).toBeGreaterThan(0);
    for (const f of dashboards) {
      expect(f.file).toBe(
        "build/artifacts/grafana/dashboards/payments/checkout-checkout-orders.json",
      );
      expect(f.line).toBeGreaterThan(1);
    }
  });

  test("--format json prints one JSON array of findings", async () => {
    const out = await obsforge(["lint", "--definitions", BAD_DEFINITIONS, "--format", "json"]);
    const findings = JSON.parse(out.stdout) as {
      rule: string;
      severity: string;
      message: string;
    }[];
    expect(findings).toHaveLength(26);
    expect(Object.keys(findings[0]!)).toEqual([
      "rule",
      "severity",
      "message",
      "file",
      "line",
      "subject",
    ]);
  });

  test("config re-levels and switches off rules; warnings alone exit 0", async () => {
    const rules = Object.fromEntries(
      [
        "label/high-cardinality",
        "otel/unit-suffix",
        "rule/record-name",
        "alert/aggregation-drops-label",
        "promql/rate-non-counter",
        "alert/template-syntax",
        "promql/histogram-quantile-le",
        "promql/counter-without-rate",
        "promql/catalogue-label",
        "dashboard/template-job",
        "dashboard/template-instance",
        "dashboard/target-job",
        "dashboard/target-instance",
        "dashboard/target-rate-interval",
      ].map((id) => [id, "warning"]),
    );
    const path = config("relevel.json", {
      rules: { ...rules, "lint/unknown-rule": "off", "promql/rate-window": "info" },
    });
    const out = await obsforge([
      "lint",
      "--definitions",
      BAD_DEFINITIONS,
      "--config",
      path,
      "--format",
      "json",
    ]);
    expect(out.code).toBe(0);
    const findings = JSON.parse(out.stdout) as { rule: string; severity: string }[];
    expect(findings.map((f) => f.rule)).not.toContain("lint/unknown-rule");
    expect(findings.filter((f) => f.rule === "promql/rate-window").map((f) => f.severity)).toEqual([
      "info",
    ]);
    expect(findings.some((f) => f.severity === "error")).toBe(false);
  });

  test("a config naming an unknown rule is a usage error (exit 2)", async () => {
    const path = config("typo.json", { rules: { "promql/rate-windwo": "off" } });
    const out = await obsforge(["lint", "--config", path]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('unknown rule "promql/rate-windwo"');
  });

  test("a malformed config file is a usage error (exit 2)", async () => {
    const path = join(work, "broken.json");
    writeFileSync(path, "{ lint: ");
    const out = await obsforge(["lint", "--config", path]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/broken\.json: expected JSON/);
  });

  test("an unknown --format is a usage error (exit 2)", async () => {
    expect((await obsforge(["lint", "--format", "xml"])).code).toBe(2);
  });

  test("invalid definitions exit 1 with diagnostics and no report", async () => {
    const dir = join(work, "invalid");
    const defs = join(dir, "definitions");
    mkdirSync(defs, { recursive: true });
    writeFileSync(
      join(defs, "bad.ts"),
      'export default { kind: "service", name: "Bad Name", team: "t" };\n',
    );
    const out = await obsforge(["lint"], { cwd: dir });
    expect(out.code).toBe(1);
    expect(out.stdout).toBe("");
    expect(out.stderr).toContain("definitions/bad.ts: name: expected a service name");
  });
});

describe("obsforge lint-metrics", () => {
  const clean = join(EXPOSITION_CORPUS, "node_exporter/e2e-output-darwin.txt");
  const noisy = join(EXPOSITION_CORPUS, "node_exporter/e2e-output.txt");
  let server: Server;
  let base = "";
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === "/metrics") {
        res.writeHead(200, {
          "content-type": "application/openmetrics-text; version=1.0.0; charset=utf-8",
        });
        res.end(
          '# TYPE build info\n# HELP build Build.\nbuild_info{version="1"} 1\n# TYPE requests counter\nrequests_total 3\n# EOF\n',
        );
      } else {
        res.writeHead(404);
        res.end("not found");
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test("a clean file exits 0", async () => {
    expect(await obsforge(["lint-metrics", clean])).toEqual({
      code: 0,
      stdout: "No problems found.\n",
      stderr: "",
    });
  });

  test("promlint problems exit 1, with one line per problem and a caret", async () => {
    const out = await obsforge(["lint-metrics", noisy]);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/^77 problem\(s\): 77 error\(s\), 0 warning\(s\)$/m);
    expect(out.stdout).toContain(
      'error metric/base-unit: use base unit "bytes" instead of "bits" [node_entropy_available_bits]',
    );
  });

  test("- reads stdin; malformed lines are reported with line:column", async () => {
    const out = await obsforge(["lint-metrics", "-", "--format", "github"], {
      stdin: '# HELP a A.\n# TYPE a gauge\na{b="c" 1\n',
    });
    expect(out.code).toBe(1);
    expect(out.stdout).toBe(
      '::error line=3,col=9,title=exposition/syntax::expected , or } after the value of label b, got "1"\n',
    );
  });

  test("a URL is fetched, and its Content-Type selects OpenMetrics", async () => {
    const out = await obsforge([
      "lint-metrics",
      `${base}/metrics`,
      "--profile",
      "strict",
      "--format",
      "json",
    ]);
    expect(JSON.parse(out.stdout)).toEqual([
      {
        rule: "metric/no-help",
        severity: "error",
        message: "no help text",
        file: `${base}/metrics`,
        line: 4,
        subject: "requests_total",
      },
    ]);
    expect(out.code).toBe(1);
  });

  test("an unreachable URL exits 1 with the HTTP status", async () => {
    const out = await obsforge(["lint-metrics", `${base}/missing`]);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain("HTTP 404");
  });

  test("a missing file exits 1", async () => {
    const out = await obsforge(["lint-metrics", "no/such/file.prom"]);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain("ENOENT");
  });

  test("--catalogue lints the definitions' metric catalogue with the strict profile", async () => {
    const out = await obsforge([
      "lint-metrics",
      "--catalogue",
      "--definitions",
      BAD_DEFINITIONS,
      "--format",
      "json",
    ]);
    expect(out.code).toBe(1);
    const rules = (JSON.parse(out.stdout) as { rule: string }[]).map((f) => f.rule);
    expect(rules).toEqual(["label/high-cardinality", "otel/ucum-unit", "otel/unit-suffix"]);
  });

  test("--catalogue with --profile promlint runs only promlint's rules", async () => {
    const out = await obsforge([
      "lint-metrics",
      "--catalogue",
      "--definitions",
      BAD_DEFINITIONS,
      "--profile",
      "promlint",
    ]);
    expect(out).toEqual({ code: 0, stdout: "No problems found.\n", stderr: "" });
  });

  test.for([
    { argv: ["lint-metrics"], why: "no input" },
    { argv: ["lint-metrics", "x.prom", "--catalogue"], why: "input and --catalogue" },
    { argv: ["lint-metrics", "x.prom", "--profile", "pedantic"], why: "unknown profile" },
    {
      argv: ["lint-metrics", "x.prom", "--exposition", "protobuf"],
      why: "unknown exposition format",
    },
  ])("usage error (exit 2): $why", async ({ argv }) => {
    expect((await obsforge(argv)).code).toBe(2);
  });
});
