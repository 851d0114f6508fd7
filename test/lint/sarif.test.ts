import type { Problem } from "../../src/core/problem.ts";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, describe, expect, test } from "vitest";
import { formatSarif } from "../../src/report/sarif.ts";
import { LOG_CHECKS } from "../../src/lint/checks/logs-index.ts";
import { lintLogStream } from "../../src/lint/logs/lint-logs.ts";
import { CHECKS } from "../../src/lint/checks/index.ts";
import { GOLDEN_CASES } from "./golden-cases.ts";
import { PROJECT_ROOT, SHARED } from "./helpers.ts";

const schema = JSON.parse(
  readFileSync(join(SHARED, "schemas/sarif/sarif-2.1.0.json"), "utf8"),
) as object;
const validate = new Ajv2020({ allErrors: true, strict: false, validateFormats: false }).compile(
  schema,
);

/** Microsoft's SARIF Multitool, through the npm package's platform resolver. */
const multitool = createRequire(import.meta.url)("@microsoft/sarif-multitool") as string;
const work = mkdtempSync(join(tmpdir(), "obsforge-sarif-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface MultitoolVerdict {
  exit: number;
  errors: string[];
}

function runMultitool(name: string, sarif: string): MultitoolVerdict {
  const input = join(work, `${name}.sarif`);
  const output = join(work, `${name}.validation.sarif`);
  writeFileSync(input, sarif);
  const run = spawnSync(
    multitool,
    ["validate", input, "--output", output, "--log", "ForceOverwrite"],
    {
      encoding: "utf8",
    },
  );
  if (run.error !== undefined) throw run.error;
  const log = JSON.parse(readFileSync(output, "utf8").replace(/^\uFEFF/, "")) as {
    runs: {
      results?: { level?: string; ruleId?: string; message: { text?: string; id?: string } }[];
    }[];
  };
  const errors = (log.runs[0]?.results ?? [])
    .filter((r) => r.level === "error")
    .map((r) => `${r.ruleId}: ${r.message.text ?? r.message.id}`);
  return { exit: run.status ?? -1, errors };
}

const EDGE_FINDINGS: Problem[] = [
  {
    code: "exposition/syntax",
    severity: "error",
    message: 'expected a float sample value, got "1x"',
    file: "-",
    path: [],
    span: { line: 3, column: 7 },
  },
  {
    code: "metric/no-help",
    severity: "error",
    message: "no help text",
    file: "http://127.0.0.1:9100/metrics",
    path: [],
    span: { line: 1 },
    subject: "up",
  },
  {
    code: "promql/undefined-metric",
    severity: "info",
    message: "expected a metric, got x",
    file: "definitions/my service.ts",
    path: [],
  },
  {
    code: "alert/missing-summary",
    severity: "warning",
    message: "expected a summary, got none",
    path: [],
    subject: "NoFile",
  },
];

describe("SARIF output", () => {
  const logs = [
    ...GOLDEN_CASES.map((c) => ({
      name: c.name,
      sarif: async () => formatSarif(await c.findings(), { rules: CHECKS }),
    })),
    { name: "no-findings", sarif: async () => formatSarif([], { rules: CHECKS }) },
    {
      name: "edge-locations",
      sarif: async () => formatSarif(EDGE_FINDINGS, { rules: CHECKS }),
    },
    {
      // What `lint-logs --format sarif` prints: the log checks alone as rules.
      name: "lint-logs",
      sarif: async () => {
        const text = readFileSync(join(PROJECT_ROOT, "test/lint/logs/fixtures/coverage.ndjson"));
        const { findings } = await lintLogStream([text], { file: "coverage.ndjson" });
        return formatSarif(findings, { rules: LOG_CHECKS });
      },
    },
  ];

  test.for(logs)("$name validates against the SARIF 2.1.0 JSON schema", async ({ sarif }) => {
    const ok = validate(JSON.parse(await sarif()));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  test.for(logs)(
    "$name passes Microsoft's SARIF Multitool validate with no errors",
    async ({ name, sarif }) => {
      const verdict = runMultitool(name, await sarif());
      expect(verdict.errors).toEqual([]);
      expect(verdict.exit).toBe(0);
    },
  );

  test("the Multitool does report errors (control: an unencoded URI and an inverted region)", () => {
    const log = JSON.parse(formatSarif(EDGE_FINDINGS, { rules: CHECKS }));
    log.runs[0].results[1].locations[0].physicalLocation.region = {
      startLine: 1,
      startColumn: 9,
      endColumn: 2,
    };
    log.runs[0].results[2].locations[0].physicalLocation.artifactLocation.uri =
      "definitions/my service.ts";
    const verdict = runMultitool("broken", JSON.stringify(log));
    expect(verdict.errors.map((e) => e.split(":")[0])).toEqual(["SARIF1002", "SARIF1007"]);
  });

  test("results carry level, rule index and region; rules carry their default level", () => {
    const log = JSON.parse(formatSarif(EDGE_FINDINGS, { rules: CHECKS }));
    const run = log.runs[0];
    const ids = run.tool.driver.rules.map((r: { id: string }) => r.id);
    expect(ids).toEqual([...ids].sort());
    expect(run.results.map((r: { level: string }) => r.level)).toEqual([
      "error",
      "error",
      "note",
      "warning",
    ]);
    expect(ids[run.results[0].ruleIndex]).toBe("exposition/syntax");
    expect(run.results[0].locations).toBeUndefined();
    expect(run.results[1].locations[0].physicalLocation.artifactLocation.uri).toBe(
      "http://127.0.0.1:9100/metrics",
    );
    expect(run.results[2].locations[0].physicalLocation.artifactLocation.uri).toBe(
      "definitions/my%20service.ts",
    );
    expect(run.results[3].locations[0].logicalLocations).toEqual([{ name: "NoFile" }]);
    const noHelp = run.tool.driver.rules.find((r: { id: string }) => r.id === "metric/no-help");
    expect(noHelp.defaultConfiguration.level).toBe("error");
  });
});
