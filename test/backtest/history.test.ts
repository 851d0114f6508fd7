import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { INCIDENTS, openMetrics, queryRangeJson } from "../helpers/backtest-history.ts";
import { DEFINITIONS } from "../helpers/paths.ts";
import { obsforgeInProcess } from "../helpers/in-process-cli.ts";
import { tempDir } from "../helpers/temp.ts";

/**
 * `--history` and `--incidents` from the CLI, for checkout-api's
 * availability SLO: 12 hours at 10 requests a second and 0.05% errors, two
 * labelled incidents (10% errors for 30 minutes) and one unlabelled blip
 * (3 minutes of total outage) that pages too.
 */
let dir: string;
beforeAll(async () => {
  // Not tempDir(): that one is removed after each test, and the files serve the whole file.
  dir = await mkdtemp(join(tmpdir(), "obsforge-history-test-"));
  await writeFile(join(dir, "history.om"), openMetrics());
  await writeFile(join(dir, "history.json"), queryRangeJson());
  await writeFile(join(dir, "incidents.yml"), INCIDENTS);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function backtest(...args: string[]) {
  return obsforgeInProcess(
    ["backtest", "--definitions", DEFINITIONS, "--slo", "checkout-api/availability", ...args],
    dir,
  );
}

interface Row {
  alert: string;
  tier: string | null;
  fires: number;
  precision: number | null;
  recall: number | null;
  falsePositives: number | null;
  detectionSeconds: number | null;
}

describe("backtest --history --incidents", () => {
  test("OpenMetrics history: two labelled incidents and an unlabelled blip give the page precision 2/3, and the 5% gate fails", async () => {
    const run = await backtest(
      "--history",
      "history.om",
      "--incidents",
      "incidents.yml",
      "--format",
      "json",
      "--max-false-positives",
      "5%",
    );
    const rows = JSON.parse(run.stdout) as Row[];
    const page = rows.find((r) => r.tier === "page-quick")!;
    expect(page).toMatchObject({ fires: 3, recall: 1 });
    expect(page.precision).toBeCloseTo(2 / 3, 10);
    expect(page.falsePositives).toBeCloseTo(1 / 3, 10);
    // With 0.05% before, 10% errors lift the 1h window over 14.4 x 0.1% after 8m23s
    // (0.834 / 0.0995 minutes): the page fires at the next evaluation, 9m in.
    expect(page.detectionSeconds).toBe(540);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "backtest gate: CheckoutAvailabilityBudgetBurn (page-quick): 33.33% of 3 fires are false positives, more than --max-false-positives 5%",
    );
  });

  test("the same history as query_range JSON gives the same page; without a gate the exit is 0", async () => {
    const run = await backtest(
      "--history",
      "history.json",
      "--incidents",
      "incidents.yml",
      "--format",
      "json",
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const page = (JSON.parse(run.stdout) as Row[]).find((r) => r.tier === "page-quick")!;
    expect(page).toMatchObject({ fires: 3, recall: 1, detectionSeconds: 540 });
    expect(page.precision).toBeCloseTo(2 / 3, 10);
  });
});

describe("bad backtest input: one line naming the file and field, exit 1", () => {
  test.for([
    [
      "an incident without a start",
      "incidents.yml",
      "incidents:\n  - end: 2026-01-05T02:30:00Z\n",
      "error: bad-incidents.yml: incidents[0].start: expected an RFC 3339 time, got nothing\n",
    ],
    [
      "an incident ending before it starts",
      "incidents.yml",
      'incidents:\n  - {start: "2026-01-05T03:00:00Z", end: "2026-01-05T02:00:00Z"}\n',
      'error: bad-incidents.yml: incidents[0].end: expected a time after start, got "2026-01-05T02:00:00Z"\n',
    ],
    [
      "an incident with an unknown field",
      "incidents.yml",
      'incidents:\n  - {start: "2026-01-05T01:00:00Z", end: "2026-01-05T02:00:00Z", severity: page}\n',
      'error: bad-incidents.yml: incidents[0].severity: expected one of start, end, slo, alert, got "severity"\n',
    ],
    [
      'a query_range value that is not [time, "value"]',
      "history.json",
      '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"up"},"values":[[1,"1"],[2,3]]}]}}',
      'error: bad-history.json: data.result[0].values[1]: expected [time, "value"], got [2,3]\n',
    ],
    [
      "an OpenMetrics sample without a timestamp",
      "history.om",
      'up{job="a"} 1 1767571200\nup{job="a"} 1\n# EOF\n',
      'error: bad-history.om:2: sample: expected a value and a timestamp (OpenMetrics text as promtool backfills), got "up{job=\\"a\\"} 1"\n',
    ],
  ] as const)("%s", async ([, kind, text, expected]) => {
    const bad = await tempDir();
    const name = kind === "incidents.yml" ? "bad-incidents.yml" : `bad-${kind}`;
    await writeFile(join(bad, name), text);
    await writeFile(join(bad, "history.om"), 'up{job="a"} 1 1767571200\n# EOF\n');
    const args =
      kind === "incidents.yml"
        ? ["--history", "history.om", "--incidents", name]
        : ["--history", name];
    const run = await obsforgeInProcess(["backtest", "--definitions", DEFINITIONS, ...args], bad);
    expect(run.stderr).toBe(expected);
    expect(run.stdout).toBe("");
    expect(run.code).toBe(1);
  });
});
