import { formatPath } from "../../src/core/problem.ts";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { FIXTURE_KNOWN_METRICS, FIXTURE_SERIES_LABELS } from "../../src/lint/dashboard/fixtures.ts";
import { lintDashboard } from "../../src/lint/dashboard/index.ts";
import { parsedTarget, readDashboard } from "../../src/lint/dashboard/read.ts";
import { DASHBOARD_CHECKS, CHECKS } from "../../src/lint/checks/index.ts";
import { expandVariables, parseDashboardQuery } from "../../src/targets/grafana/query-parse.ts";
import { SHARED } from "../helpers/paths.ts";

// The framework's meta-test (test/lint/checks.test.ts) checks every check's id,
// file, docs and samples; these are the dashboard checks' own properties.
describe("dashboard checks (meta)", () => {
  test("DASHBOARD_CHECKS are exactly the registered dashboard/* checks", () => {
    expect(DASHBOARD_CHECKS.map((r) => r.id).sort()).toEqual(
      CHECKS.filter((r) => r.target === "dashboard")
        .map((r) => r.id)
        .sort(),
    );
    expect(DASHBOARD_CHECKS).toHaveLength(21);
  });

  test.for(DASHBOARD_CHECKS.map((r) => [r.id, r] as const))(
    "%s: findings are one line with a path; good samples pass every dashboard check",
    ([, rule]) => {
      const knownMetrics = FIXTURE_KNOWN_METRICS;
      for (const bad of rule.bad) {
        const findings = lintDashboard(JSON.parse(bad), {
          knownMetrics,
          seriesLabels: FIXTURE_SERIES_LABELS,
          checks: [rule],
        });
        expect(findings.length).toBeGreaterThan(0);
        for (const f of findings) {
          expect(f.code).toBe(rule.id);
          expect(f.message).not.toContain("\n");
          expect(f.path.length).toBeGreaterThan(0);
        }
      }
      // The good samples are good for every check, so a bad one shows exactly one kind of problem.
      for (const good of rule.good)
        expect(
          lintDashboard(JSON.parse(good), { knownMetrics, seriesLabels: FIXTURE_SERIES_LABELS }),
        ).toEqual([]);
    },
  );

  test("garbage does not crash any check", () => {
    for (const junk of [
      null,
      3,
      "x",
      [],
      {},
      { panels: "no" },
      { panels: [null, { targets: 7 }] },
      { rows: [{ panels: [{}] }] },
      { templating: { list: [null, { query: { a: 1 } }] } },
    ]) {
      expect(() => lintDashboard(junk, { knownMetrics: FIXTURE_KNOWN_METRICS })).not.toThrow();
    }
  });
});

describe("Grafana variables in queries", () => {
  test.for([
    ["rate(x[$__rate_interval])", "rate(x[5m])"],
    ['sum by ($label) (x{job=~"$job"})', 'sum by (__var_label) (x{job=~"$job"})'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Grafana variable, the text under test
    ["rate(x[${__range_s}s]) > $threshold offset $shift", "rate(x[1294671549s]) > 1 offset 5m"],
    ["increase(x[[[interval]]])", "increase(x[5m])"],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Grafana variable, the text under test
    ["${metric:raw}_total", "__var_metric_total"],
    ['{a="b"} |= "$search" [$__auto]', '{a="b"} |= "$search" [5m]'],
    // A comment is copied as it is: its quotes are prose, its variables are not substituted.
    ["# don't page on $job\nrate(x[$__rate_interval])", "# don't page on $job\nrate(x[5m])"],
    ['x{a="#$b"} # it\'s $c', 'x{a="#$b"} # it\'s $c'],
  ] as const)("%s becomes %s", ([query, expanded]) => {
    expect(expandVariables(query).text).toBe(expanded);
  });

  test.for([
    ["promql", '# the API\'s error ratio\nsum(rate(x{job=~"$job"}[$__rate_interval]))'],
    ["promql", "sum(rate(x[$__rate_interval])) # don't alert below 5%\n> $threshold"],
    ["logql", 'count_over_time({app="$app"} # the app\'s lines\n[$__auto])'],
  ] as const)("a %s query whose # comment holds an apostrophe parses: %s", ([language, query]) => {
    expect(parseDashboardQuery(query, language).errors).toEqual([]);
  });

  test("the dashboard lint does not report a commented query as invalid PromQL", () => {
    const dashboard = {
      uid: "c",
      title: "C",
      panels: [
        {
          type: "timeseries",
          title: "Errors",
          datasource: { type: "prometheus", uid: "prom" },
          targets: [{ expr: "# what's failing\nsum(rate(x[$__rate_interval]))", refId: "A" }],
        },
      ],
    };
    const rules = DASHBOARD_CHECKS.filter((r) => r.id === "dashboard/target-promql");
    expect(lintDashboard(dashboard, { checks: rules })).toEqual([]);
  });

  test("a type error is reported at its column; one around a variable of unknown type is not", () => {
    expect(
      parseDashboardQuery('sum(rate(x{job=~"$job"}[$__rate_interval])[1h])', "promql").errors,
    ).toMatchObject([
      { column: 43, message: "type error: ranges only allowed for vector selectors" },
    ]);
    // $k may hold a number; $expr a whole range-vector expression.
    expect(parseDashboardQuery("topk($k, rate(x[5m]))", "promql").errors).toEqual([]);
    expect(parseDashboardQuery("sum_over_time($expr)", "promql").errors).toEqual([]);
    expect(parseDashboardQuery("topk($k, rate(x))", "promql").errors).toMatchObject([
      { column: 15, message: expect.stringContaining('function "rate"') },
    ]);
  });

  test("errors point at the column of the original query", () => {
    const parsed = parseDashboardQuery(
      'sum(rate(x{job=~"$job"}[$__rate_interval])) by job',
      "promql",
    );
    // The unparenthesised "job" is at column 48 as written (column 34 once $__rate_interval is 5m).
    expect(parsed.errors[0]).toMatchObject({ offset: 47, column: 48 });
    expect(parsed.expansion.text.indexOf("by job")).toBe(30);
  });
});

/** The real-world corpus: every dashboard read, every query parsed, findings as a reviewer saw them. */
const CORPUS = join(SHARED, "corpora/dashboards");
const corpusFiles = readdirSync(CORPUS, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .flatMap((e) => readdirSync(join(CORPUS, e.name)).map((f) => `${e.name}/${f}`))
  .sort();

function corpus(file: string): unknown {
  return JSON.parse(readFileSync(join(CORPUS, file), "utf8"));
}

/**
 * Upstream targets that really are invalid PromQL. Pyrra's detail dashboard
 * sums a range vector; promtool 2.42 rejects the same query with `1:5: parse
 * error: expected type instant vector in aggregation expression, got range
 * vector`, and Grafana shows an error box instead of the panel.
 */
const KNOWN_BROKEN_TARGETS = new Map([
  [
    'pyrra/detail.json sum(pyrra_requests:rate5m{slo="$slo"}[$__rate_interval])',
    ["5: type error: expected type vector in aggregation expression, got matrix"],
  ],
]);

describe("real-world dashboards (../shared/corpora/dashboards)", () => {
  test("the corpus is the expected 13 dashboards", () => {
    expect(corpusFiles).toHaveLength(13);
  });

  test.for(corpusFiles)("%s: read, every query parsed, linted without a crash", (file) => {
    const json = corpus(file);
    const view = readDashboard(json);
    expect(view.panels.length).toBeGreaterThan(0);
    const targets = view.panels.flatMap((p) => p.targets).filter((t) => t.expr !== undefined);
    expect(targets.length).toBeGreaterThan(0);
    for (const t of targets) {
      expect(t.language, formatPath(t.path)).toBeDefined();
      const errors = (parsedTarget(t)?.errors ?? []).map((e) => `${e.column}: ${e.message}`);
      expect(errors, `${formatPath(t.path)}: ${t.expr}`).toEqual(
        KNOWN_BROKEN_TARGETS.get(`${file} ${t.expr}`) ?? [],
      );
    }
    const findings = lintDashboard(json);
    for (const f of findings) expect(f.message).not.toContain("\n");
  });

  test("legacy rows[] dashboards are read panel by panel (thanos query: 18 graph panels in 7 rows)", () => {
    const view = readDashboard(corpus("thanos-mixin/query.json"));
    expect(view.panels.map((p) => p.type)).toEqual(Array(18).fill("graph"));
    expect(view.panels[0]!.path).toEqual(["rows", 0, "panels", 0]);
    expect(view.panels[0]!.unit).toBe("short");
  });

  test("LogQL targets are recognised through the Loki datasource variable (loki-logs)", () => {
    const view = readDashboard(corpus("loki-mixin/loki-logs.json"));
    const logql = view.panels.flatMap((p) => p.targets).filter((t) => t.language === "logql");
    expect(logql.map((t) => formatPath(t.path))).toEqual([
      "panels[8].targets[0]",
      "panels[9].targets[0]",
    ]);
  });

  // Checked by hand against the JSON (see the merge note): each is a real problem or dashboard-linter's verdict.
  test.for([
    {
      file: "loki-mixin/loki-logs.json",
      finding:
        'error dashboard/panel-layout panels[9].gridPos: panel "Logs": expected no overlap with other panels, got an overlap with panel "Log Rate"',
    },
    {
      file: "node-mixin/node-rsrc-use.json",
      finding:
        'error dashboard/panel-units panels[5].fieldConfig.defaults.unit: panel "Memory Saturation (Major Page Faults)": expected a Grafana unit, got unknown unit "rds"',
    },
    {
      file: "prometheus-mixin/prometheus.json",
      finding:
        'error dashboard/target-rate-interval panels[3].targets[0].expr: panel "Target Sync", target 0: expected rate(…[$__rate_interval]), got [5m]',
    },
    {
      file: "rfmoz/node-exporter-full.json",
      finding:
        'error dashboard/template-datasource templating.list[0].name: expected the prometheus datasource variable to be named "prometheus_datasource" or "datasource", got "ds_prometheus"',
    },
    {
      file: "etcd-mixin/etcd.json",
      finding:
        'error dashboard/target-counter-agg panels[2].targets[0].expr: panel "Active streams", target 0: expected counter grpc_server_started_total inside rate(), irate() or increase(), got sum()',
    },
    {
      file: "thanos-mixin/query.json",
      finding:
        'error dashboard/target-rate-interval rows[0].panels[0].targets[0].expr: panel "Rate", target 0: expected rate(…[$__rate_interval]), got [$interval]',
    },
  ])("$file: $finding", ({ file, finding }) => {
    const lines = lintDashboard(corpus(file)).map(
      (f) => `${f.severity} ${f.code} ${formatPath(f.path)}: ${f.message}`,
    );
    expect(lines).toContain(finding);
  });

  test("dashboards of recorded series only are not asked for job and instance (pyrra's SLO detail is)", () => {
    // Pyrra's dashboard selects raw pyrra_* series: dashboard-linter's job rules apply to it.
    const rules = new Set(lintDashboard(corpus("pyrra/detail.json")).map((f) => f.code));
    expect(rules.has("dashboard/template-job")).toBe(true);
  });
});
