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
    expect(out.stderr).toMatch(/broken\.json:1:9: expected JSON, got unexpected end of the stream/);
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
    expect(out.stderr).toContain("definitions/bad.ts:1:42: name: expected a service name");
  });
});

describe("obsforge lint-metrics", () => {
  const clean = join(EXPOSITION_CORPUS, "node_exporter/e2e-output-darwin.txt");
  const noisy = join(EXPOSITION_CORPUS, "node_exporter/e2e-output.txt");
  let server: Server;
  let base = "";
  beforeAll(async () => {
    server = createServer((req, res) => {
      const hop = /^\/hop\/(\d+)$/.exec(req.url ?? "");
      if (req.url === "/stall") return; // never answers
      if (req.url === "/stall-body") {
        res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
        res.write("# HELP up Up.\n# TYPE up gauge\nup 1\n"); // and never more, never the end
        return;
      }
      if (req.url === "/loop-a") {
        res.writeHead(302, { location: "/loop-b" });
        res.end();
      } else if (req.url === "/loop-b") {
        res.writeHead(301, { location: `${base}/loop-a` });
        res.end();
      } else if (hop !== null) {
        res.writeHead(302, { location: `/hop/${Number(hop[1]) + 1}` });
        res.end();
      } else if (req.url === "/moved") {
        res.writeHead(308, { location: "/metrics" });
        res.end();
      } else if (req.url === "/to-file") {
        res.writeHead(302, { location: "file:///etc/passwd" });
        res.end();
      } else if (req.url === "/endless") {
        // No Content-Length: the cap has to be counted while reading.
        res.writeHead(200, { "content-type": "text/plain" });
        const block = "x_total 1\n".repeat(1000);
        const pump = () => {
          while (!res.destroyed && res.write(block));
          if (!res.destroyed) res.once("drain", pump);
        };
        pump();
      } else if (req.url === "/declared-large") {
        res.writeHead(200, { "content-type": "text/plain", "content-length": String(200 * 1024) });
        res.write("x_total 1\n"); // refused on the header alone: the rest never comes
      } else if (req.url === "/metrics") {
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
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );

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
    expect(out).toEqual({
      code: 1,
      stdout: "",
      stderr: `${base}/missing: expected a readable exposition, got HTTP 404 Not Found\n`,
    });
  });

  // The server below never answers (or stops mid-body): only the timeout can end these.
  // A short --timeout keeps the test quick; the outcome does not depend on the machine's speed.
  test.for([
    { path: "/stall", got: "no response: timed out after 300ms" },
    {
      path: "/stall-body",
      got: "a stalled response: timed out after 300ms waiting for more of the body",
    },
  ])(
    "a server that stalls ($path) is given up on after --timeout, in one line",
    async ({ path, got }) => {
      const out = await obsforge(["lint-metrics", `${base}${path}`, "--timeout", "300ms"]);
      expect(out).toEqual({
        code: 1,
        stdout: "",
        stderr: `${base}${path}: expected a readable exposition, got ${got}\n`,
      });
    },
  );

  test.for([
    {
      path: "/loop-a",
      got: (b: string) => `a redirect loop (${b}/loop-a -> ${b}/loop-b -> ${b}/loop-a)`,
    },
    { path: "/hop/0", got: (b: string) => `more than 10 redirects (last to ${b}/hop/11)` },
    {
      path: "/to-file",
      got: () => 'a redirect to "file:///etc/passwd", which is not http(s)',
    },
    { path: "/endless", got: () => "a response larger than 64 KiB" },
    { path: "/declared-large", got: () => "a response larger than 64 KiB" },
  ])("$path is refused with its cause in one line", async ({ path, got }) => {
    const out = await obsforge(["lint-metrics", `${base}${path}`, "--max-size", "64KiB"]);
    expect(out).toEqual({
      code: 1,
      stdout: "",
      stderr: `${base}${path}: expected a readable exposition, got ${got(base)}\n`,
    });
  });

  test("redirects within the limit are followed", async () => {
    const out = await obsforge(["lint-metrics", `${base}/moved`, "--format", "json"]);
    // /metrics' exposition, with its Content-Type (OpenMetrics: the counter is requests_total).
    expect(JSON.parse(out.stdout)).toEqual([
      {
        rule: "metric/no-help",
        severity: "error",
        message: "no help text",
        file: `${base}/moved`,
        line: 4,
        subject: "requests_total",
      },
    ]);
    expect(out.code).toBe(1);
  });

  test("terminal escape sequences in an excerpt are printed as escapes, never sent to the terminal", async () => {
    // OSC (set the window title), BEL, CSI (clear screen) and the one-byte C1 CSI in a label value.
    const line = 'up{job="\x1b]0;pwned\x07\x1b[2J\u009b31m"} 1 zz';
    const out = await obsforge(["lint-metrics", "-"], { stdin: `${line}\n` });
    expect(out.stdout).toBe(
      [
        "-:1:1: error metric/no-help: no help text [up]",
        '    1 | up{job="\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m"} 1 zz',
        "      | ^^",
        '-:1:32: error exposition/syntax: expected an integer timestamp in milliseconds, got "zz"',
        '    1 | up{job="\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m"} 1 zz',
        "      |                                            ^",
        "2 problem(s): 2 error(s), 0 warning(s)",
        "",
      ].join("\n"),
    );
    expect(out.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  test("--max-findings caps the findings printed per rule and counts the rest", async () => {
    const out = await obsforge(["lint-metrics", noisy, "--max-findings", "3", "--format", "json"]);
    const findings = JSON.parse(out.stdout) as { rule: string; message: string; line?: number }[];
    const baseUnit = findings.filter((f) => f.rule === "metric/base-unit");
    expect(baseUnit.length).toBe(4);
    expect(baseUnit.slice(0, 3).every((f) => f.line !== undefined)).toBe(true);
    expect(baseUnit[3]!.message).toMatch(
      /^… and \d+ more not shown \(at most 3 per rule; see --max-findings\)$/,
    );
    // The text summary still counts every problem (77, as without the cap).
    const text = await obsforge(["lint-metrics", noisy, "--max-findings", "3"]);
    expect(text.stdout).toMatch(/\n77 problem\(s\): 77 error\(s\), 0 warning\(s\); 6 shown\n$/);
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
    { argv: ["lint-metrics", "x.prom", "--timeout", "10"], why: "a timeout without a unit" },
    { argv: ["lint-metrics", "x.prom", "--timeout", "0s"], why: "a zero timeout" },
    { argv: ["lint-metrics", "x.prom", "--max-size", "64MB"], why: "an unknown size unit" },
    { argv: ["lint-metrics", "x.prom", "--max-findings", "0"], why: "zero findings" },
  ])("usage error (exit 2): $why", async ({ argv }) => {
    expect((await obsforge(argv)).code).toBe(2);
  });
});
