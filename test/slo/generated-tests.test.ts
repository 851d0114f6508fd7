import { spawnSync } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { exploreUrl } from "../../src/logql/explore-url.ts";
import { obsforgeInProcess } from "../helpers/in-process-cli.ts";
import { BIN, DEFINITIONS } from "../helpers/paths.ts";
import { promtool, promtoolEachGroup } from "../helpers/promtool.ts";
import { copyTree, tempDir } from "../helpers/temp.ts";

function obsforge(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A copy of definitions/ built into out/ (in-process: building is not what is tested here). */
async function buildInto(dir: string, only?: string[]): Promise<string> {
  await copyTree(DEFINITIONS, join(dir, "definitions"));
  if (only !== undefined) {
    for (const f of await readdir(join(dir, "definitions"))) {
      if (f.endsWith(".ts") && !only.includes(f)) await rm(join(dir, "definitions", f));
    }
    await rm(join(dir, "definitions/tests"), { recursive: true, force: true });
    await mkdir(join(dir, "definitions/tests"));
  }
  const built = await obsforgeInProcess(["build"], dir);
  expect(built.stderr).toBe("");
  expect(built.code).toBe(0);
  return dir;
}

// Built once for the file (not tempDir: that is removed after each test); each test edits a copy.
let built: string;
beforeAll(async () => {
  built = await buildInto(await mkdtemp(join(tmpdir(), "obsforge-generated-tests-")));
});
afterAll(async () => {
  if (built !== undefined) await rm(built, { recursive: true, force: true });
});

/** A fresh copy of the built project (out/ stays fresh: freshness is by content). */
async function builtProject(only?: string[]): Promise<string> {
  if (only !== undefined) return buildInto(await tempDir(), only);
  const dir = await tempDir();
  await cp(built, dir, { recursive: true });
  return dir;
}

describe("generated promtool tests", () => {
  test("obsforge test runs every generated test of definitions/ in promtool and all pass", async () => {
    const dir = await builtProject();
    const r = obsforge(["test"], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    const summary = lines.at(-1)!;
    expect(summary).toMatch(/^(\d+) passed, 0 failed$/);
    expect(Number(summary.split(" ")[0])).toBeGreaterThanOrEqual(35);
    // Each scenario of the issue is present for a real SLO.
    for (const scenario of [
      /PASS {2}out\/tests\/checkout-api\.test\.yml {2}checkout-api\/availability: a total outage fires page \(page-quick\) within 52s \(\+1m evaluation slack\)/,
      /checkout-api\/availability: an error ratio just under page-quick's threshold \(1\.426%\) never fires it/,
      /checkout-api\/availability: errors at exactly the budget rate fire nothing/,
      /checkout-api\/latency: errors at exactly the budget rate fire only tiers with a factor under 1 \(ticket-slow\)/,
      /checkout-api\/availability: no SLI data fires CheckoutAvailabilityBudgetBurnNoData after 15m/,
      /checkout-api\/availability: a total outage under 0\.5 events\/s \(the low-traffic guard\) never pages/,
    ]) {
      expect(r.stdout).toMatch(scenario);
    }
  });

  test("the tests can fail: a wrong burn factor in the rules is caught", async () => {
    const dir = await builtProject();
    const rules = join(dir, "out/prometheus/checkout-api.rules.yml");
    const text = await readFile(rules, "utf8");
    // page-quick of the 99.9% availability SLO: 14.4x → 10x (fires too early).
    expect(text).toContain("(14.4 * 0.0009999999999999432)");
    await writeFile(
      rules,
      text.replaceAll("(14.4 * 0.0009999999999999432)", "(10 * 0.0009999999999999432)"),
    );
    // Only the scenarios of that tier (the other 29 would pass and cost half a minute of
    // promtool), each group on its own so the one that catches it is named.
    const runs = await promtoolEachGroup(
      join(dir, "out/tests/checkout-api.test.yml"),
      "page-quick",
    );
    expect(runs.length).toBeGreaterThanOrEqual(3);
    const failed = runs.filter((r) => r.status !== 0);
    for (const r of failed) {
      expect(r.status, r.name).toBe(1);
      expect(r.stdout + r.stderr, r.name).toMatch(/FAILED/);
    }
    // 10x fires below the 14.4x threshold; the scenarios of other SLOs and of firing still pass.
    expect(failed.map((r) => r.name)).toEqual([
      "checkout-api/availability: an error ratio just under page-quick's threshold (1.426%) never fires it",
    ]);
  });

  test("the tests can fail: a wrong window in the rules is caught", async () => {
    const dir = await builtProject();
    const rules = join(dir, "out/prometheus/orders-db.rules.yml");
    const text = await readFile(rules, "utf8");
    // Ticket tiers read the 6h ratio instead of the 3d one: the slow ticket fires on short bursts.
    await writeFile(
      rules,
      text.replaceAll("slo:sli_error:ratio_rate3d{", "slo:sli_error:ratio_rate6h{"),
    );
    const r = promtool(["test", "rules", "out/tests/orders-db.test.yml"], { cwd: dir });
    expect(r.status).toBe(1);
  });

  test("obsforge test refuses to test a stale out/", async () => {
    const dir = await builtProject();
    const rules = join(dir, "out/prometheus/orders-db.rules.yml");
    await writeFile(rules, `${await readFile(rules, "utf8")}# edited\n`);
    const r = obsforge(["test"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "out: expected a fresh out/ to test, got a stale one; run `obsforge build` first\n",
    );
  });

  test("hand-written tests in definitions/tests run too, and a failing one fails the run", async () => {
    const dir = await builtProject(["orders-db.ts"]);
    // The links estate.json's grafana adds to every alert (src/targets/grafana/alert-links.ts).
    const explore = { grafanaUrl: "https://grafana.example.com", range: "1h", orgId: 1 };
    const logsUrl = exploreUrl({
      ...explore,
      datasourceUid: "loki",
      expr: '{service_name="orders-db"}',
    });
    const tracesUrl = exploreUrl({
      ...explore,
      datasourceType: "tempo",
      datasourceUid: "tempo",
      expr: '{ resource.service.name = "orders-db" && status = error }',
    });
    await writeFile(
      join(dir, "definitions/tests/orders-db-down.test.yml"),
      [
        "rule_files: [../../out/prometheus/orders-db.rules.yml]",
        "evaluation_interval: 1m",
        "tests:",
        "  - name: orders-db down pages after 1m",
        "    interval: 1m",
        "    input_series:",
        '      - series: \'up{job="orders-db", instance="db-1"}\'',
        "        values: '0x5'",
        "    alert_rule_test:",
        "      - eval_time: 3m",
        "        alertname: OrdersDbDown",
        "        exp_alerts:",
        "          - exp_labels: {job: orders-db, instance: db-1, service: orders-db, severity: page, team: storage, tier: '1'}",
        "            exp_annotations:",
        "              summary: An orders-db instance cannot be scraped.",
        "              description: db-1 has been unreachable for 1 minute.",
        "              runbook_url: https://runbooks.example.com/orders-db/down",
        "              dashboard: https://grafana.example.com/d/orders-db-red?var-job=orders-db&orgId=1",
        `              logs_url: ${logsUrl}`,
        `              traces_url: ${tracesUrl}`,
        "  - name: a wrong expectation",
        "    interval: 1m",
        "    input_series: []",
        "    promql_expr_test:",
        "      - expr: vector(1)",
        "        eval_time: 1m",
        "        exp_samples: [{labels: '{}', value: 2}]",
        "",
      ].join("\n"),
    );
    const r = obsforge(["test"], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "PASS  definitions/tests/orders-db-down.test.yml  orders-db down pages after 1m\n",
    );
    expect(r.stdout).toContain(
      "FAIL  definitions/tests/orders-db-down.test.yml  a wrong expectation\n",
    );
    expect(r.stdout).toMatch(/\d+ passed, 1 failed\n$/);
  });
});
