import { copyFile, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { load } from "js-yaml";
import { describe, expect, test } from "vitest";
import { obsforgeInProcess as cli } from "../helpers/in-process-cli.ts";
import { SHARED } from "../helpers/paths.ts";
import { promtool } from "../helpers/promtool.ts";
import { tempDir } from "../helpers/temp.ts";
import { canonicalPromQL } from "../../src/promql/canonical.ts";
import { pyrraTiers } from "../../src/slo/pyrra-tiers.ts";

const CORPUS = join(SHARED, "corpora/pyrra/examples");

async function yamlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.filter((f) => f.endsWith(".yaml")).sort();
}

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
}

async function rulesOf(out: string): Promise<Rule[]> {
  const files = (await readdir(join(out, "prometheus"))).filter((f) => f.endsWith(".yml"));
  const rules: Rule[] = [];
  for (const f of files) {
    const doc = load(await readFile(join(out, "prometheus", f), "utf8")) as {
      groups: { rules: Rule[] }[];
    };
    for (const g of doc.groups) rules.push(...g.rules);
  }
  return rules;
}

/** Rule files without their first line (which names the source file, .yaml or .ts). */
async function ruleTexts(out: string): Promise<Record<string, string>> {
  const dir = join(out, "prometheus");
  const texts: Record<string, string> = {};
  for (const f of (await readdir(dir)).sort()) {
    const text = await readFile(join(dir, f), "utf8");
    texts[f] = text.slice(text.indexOf("\n") + 1);
  }
  return texts;
}

describe("Pyrra ServiceLevelObjective", () => {
  test("every Pyrra corpus example (42 files) imports to TS and builds, in place and from the TS, to the same rules, which promtool accepts", async () => {
    const files = await yamlFiles(CORPUS);
    expect(files).toHaveLength(42);
    const dir = await tempDir();
    const failures: string[] = [];
    for (const [i, file] of files.entries()) {
      const yaml = join(dir, `yaml-${i}`);
      await mkdir(yaml);
      await copyFile(join(CORPUS, file), join(yaml, "spec.yaml"));
      const imported = await cli(["import", join(yaml, "spec.yaml"), "--out", `ts-${i}`], dir);
      const fromTs = await cli(["build", "--definitions", `ts-${i}`, "--out", `out-ts-${i}`], dir);
      const inPlace = await cli(
        ["build", "--definitions", `yaml-${i}`, "--out", `out-y-${i}`],
        dir,
      );
      if (imported.code !== 0 || fromTs.code !== 0 || inPlace.code !== 0) {
        failures.push(`${file}: ${imported.stderr}${fromTs.stderr}${inPlace.stderr}`);
        continue;
      }
      expect(await ruleTexts(join(dir, `out-ts-${i}`))).toEqual(
        await ruleTexts(join(dir, `out-y-${i}`)),
      );
      for (const f of await readdir(join(dir, `out-ts-${i}`, "prometheus"))) {
        const run = promtool(["check", "rules", join(dir, `out-ts-${i}`, "prometheus", f)]);
        if (run.status !== 0) failures.push(`${file}: promtool: ${run.stdout}${run.stderr}`);
      }
    }
    expect(failures).toEqual([]);
  });

  test("an imported Pyrra SLO keeps Pyrra's target, window and rule labels", async () => {
    const dir = await tempDir();
    const imported = await cli(
      ["import", join(CORPUS, "kubernetes/slo-prometheus-query-errors.yaml"), "--out", "ts"],
      dir,
    );
    expect(imported.stderr).toBe("");
    const module = await readFile(join(dir, "ts/monitoring.ts"), "utf8");
    expect(module).toContain('objective: 99,\n      period: "2w",');
    expect(module).toContain("sum by (handler) (rate(prometheus_http_requests_total{");
    expect(module).toContain('labels: { job: "prometheus-k8s", slo: "prometheus-query-errors" }');
  });
});

/**
 * Pyrra's windows (slo/rules.go Windows). The 28d and 7d rows are PEERS.md
 * §2.3's table (from Pyrra's tests); 2w is worked by hand: 2w/8064 = 2m30s,
 * which Go's Duration.Round(time.Minute) rounds away from zero to 3m, and
 * 2w/2688 = 7m30s → 8m.
 */
describe("pyrra tiers", () => {
  test.for([
    ["28d", ["5m", "1h", "2m"], ["30m", "6h", "15m"], ["2h", "1d", "1h"], ["6h", "4d", "3h"]],
    [
      "7d",
      ["1m", "15m", "1m"],
      ["8m", "1h30m", "4m"],
      ["30m", "6h", "15m"],
      ["1h30m", "1d", "45m"],
    ],
    ["2w", ["3m", "30m", "1m"], ["15m", "3h", "8m"], ["1h", "12h", "30m"], ["3h", "2d", "1h30m"]],
  ] as const)("the %s window scales Pyrra's 28d table", ([period, ...expected]) => {
    const days = period.endsWith("w")
      ? Number(period.slice(0, -1)) * 7
      : Number(period.slice(0, -1));
    const t = pyrraTiers(days * 86400);
    const got = [...t.page, ...t.ticket].map((x) => [x.shortWindow, x.longWindow, x.for]);
    expect(got).toEqual(expected);
    expect([...t.page, ...t.ticket].map((x) => x.factor)).toEqual([14, 7, 2, 1]);
  });
});

/**
 * Pyrra's own output for its `http-ratio` case (slo/rules_test.go at
 * 1ba95afbf90b, objectiveHTTPRatio: 99% over 28d), transcribed. obsforge's
 * rule structure differs (Sloth's recorded names and labels, `max … without
 * (sloth_window)` to join the two windows), so the comparison is of what
 * the alerts mean: windows, `for`, factor, threshold, severity, Pyrra's
 * labels, and the burn-rate PromQL trees after parsing.
 */
const PYRRA_HTTP_RATIO = {
  burnrate: (w: string) =>
    `sum(rate(http_requests_total{code=~"5..",job="thanos-receive-default"}[${w}])) / sum(rate(http_requests_total{job="thanos-receive-default"}[${w}]))`,
  windows: ["5m", "30m", "1h", "2h", "6h", "1d", "4d"],
  alerts: [
    { for: "2m", short: "5m", long: "1h", factor: 14, severity: "critical", exhaustion: "2d" },
    { for: "15m", short: "30m", long: "6h", factor: 7, severity: "critical", exhaustion: "4d" },
    { for: "1h", short: "2h", long: "1d", factor: 2, severity: "warning", exhaustion: "2w" },
    { for: "3h", short: "6h", long: "4d", factor: 1, severity: "warning", exhaustion: "4w" },
  ],
};

const HTTP_RATIO_SPEC = `apiVersion: pyrra.dev/v1alpha1
kind: ServiceLevelObjective
metadata:
  name: monitoring-http-errors
spec:
  target: "99"
  window: 28d
  indicator:
    ratio:
      errors:
        metric: http_requests_total{code=~"5..",job="thanos-receive-default"}
      total:
        metric: http_requests_total{job="thanos-receive-default"}
`;

describe("the pyrra style reproduces Pyrra's alerts", () => {
  test("Pyrra's http-ratio case: same windows, for, factors, thresholds, severities, labels and burn-rate trees", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, "defs"));
    await writeFile(join(dir, "defs/http.yaml"), HTTP_RATIO_SPEC);
    const built = await cli(["build", "--definitions", "defs", "--out", "out"], dir);
    expect(built.stderr).toBe("");
    const rules = await rulesOf(join(dir, "out"));

    const sli = rules.filter((r) => r.record?.startsWith("slo:sli_error:ratio_rate"));
    const windows = sli.map((r) => r.labels!.sloth_window!);
    // Pyrra's seven burn-rate windows, plus obsforge's period ratio (4w) for budgets.
    expect(windows).toEqual([...PYRRA_HTTP_RATIO.windows, "4w"]);
    for (const w of PYRRA_HTTP_RATIO.windows) {
      const ours = sli.find((r) => r.labels!.sloth_window === w)!;
      expect(canonicalPromQL(ours.expr)).toBe(canonicalPromQL(PYRRA_HTTP_RATIO.burnrate(w)));
      // Pyrra's recording labels: slo and the selector's equality matcher.
      expect(ours.labels).toMatchObject({
        slo: "monitoring-http-errors",
        job: "thanos-receive-default",
      });
    }

    const alerts = rules.filter((r) => r.alert === "ErrorBudgetBurn");
    expect(alerts).toHaveLength(4);
    alerts.forEach((a, i) => {
      const want = PYRRA_HTTP_RATIO.alerts[i]!;
      expect(a.for).toBe(want.for);
      expect(a.labels).toMatchObject({
        severity: want.severity,
        short: want.short,
        long: want.long,
        exhaustion: want.exhaustion,
      });
      // Pyrra: `short > (F * (1-0.99)) and long > (F * (1-0.99))`; obsforge writes the
      // budget as 0.01, the same number (Sloth's spelling).
      const thresholds = [...a.expr.matchAll(/> \((\d+(?:\.\d+)?) \* ([\d.]+)\)/g)].map(
        (m) => Number(m[1]) * Number(m[2]),
      );
      expect(thresholds).toHaveLength(2);
      for (const t of thresholds) expect(t).toBeCloseTo(want.factor * (1 - 0.99), 12);
      expect(a.expr).toContain(`ratio_rate${want.short}{`);
      expect(a.expr).toContain(`ratio_rate${want.long}{`);
    });
    // The labels reach the alerts through the SLI series (max … without (sloth_window) keeps them).
    expect(alerts.every((a) => a.expr.includes("without (sloth_window)"))).toBe(true);
  });

  test("the generated promtool tests model each tier's for and pass in the real engine", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, "defs"));
    await writeFile(join(dir, "defs/http.yaml"), HTTP_RATIO_SPEC);
    expect((await cli(["build", "--definitions", "defs", "--out", "out"], dir)).code).toBe(0);
    const tested = await cli(["test", "--definitions", "defs", "--out", "out"], dir);
    expect(tested.stdout).toMatch(/\d+ passed, 0 failed/);
    expect(tested.stdout).toContain("a total outage fires page (page-quick)");
    expect(tested.code).toBe(0);
  });

  test("a tier Pyrra writes but that can never fire (14x a 10% budget) is disabled on import", async () => {
    const dir = await tempDir();
    const imported = await cli(
      ["import", join(CORPUS, "caddy-response-latency.yaml"), "--out", "ts"],
      dir,
    );
    expect(imported.code).toBe(0);
    const module = await readFile(join(dir, "ts/caddy-response-latency.ts"), "utf8");
    expect(module).toContain("page: { disableTiers: [0] }");
    expect(relative(dir, join(dir, "ts"))).toBe("ts");
  });
});
