import { formatProblem } from "../../src/report/line.ts";
import { join } from "node:path";
import { load } from "js-yaml";
import { beforeAll, describe, expect, test } from "vitest";
import type { Artifact } from "../../src/emit/artifact.ts";
import {
  dashboardLinkUrl,
  dashboardUrl,
  generatedDashboardUid,
  uidFromSlug,
} from "../../src/model/dashboards.ts";
import type { Estate } from "../../src/model/estate.ts";
import { compileEstate } from "../../src/pipeline/compile.ts";
import { compileProject } from "../../src/pipeline/project.ts";
import { compileDashboards } from "../../src/targets/grafana/compile.ts";
import { estateMetricNames, lintDashboard } from "../../src/lint/dashboard/index.ts";
import { parseDashboardQuery } from "../../src/targets/grafana/query-parse.ts";
import { grafanaSettings } from "../../src/targets/grafana/settings.ts";
import {
  errorsText,
  panelValidators,
  validateDashboard,
  validateLokiQuery,
  validatePrometheusQuery,
} from "../helpers/grafana-schemas.ts";
import { DEFINITIONS, PROJECT_ROOT } from "../helpers/paths.ts";
import { tempTree } from "../helpers/temp.ts";

const GOLDEN_INPUT = join(PROJECT_ROOT, "test/golden/dashboards/input");

async function compiled(definitions: string): Promise<{ estate: Estate; artifacts: Artifact[] }> {
  const result = await compileProject({ definitions, cwd: PROJECT_ROOT });
  if (!result.ok) throw new Error(result.diagnostics.map(formatProblem).join("\n"));
  return result.value;
}

// biome-ignore lint/suspicious/noExplicitAny: dashboards are walked by path; a wrong path fails the expect
type Json = Record<string, any>;

function dashboardsOf(artifacts: readonly Artifact[]): [string, Json][] {
  return artifacts
    .filter((a) => a.path.startsWith("grafana/dashboards/"))
    .map((a) => [a.path, JSON.parse(a.content) as Json]);
}

/** Every panel, rows' nested panels included. */
function panelsOf(d: Json): Json[] {
  const walk = (panels: Json[]): Json[] => panels.flatMap((p) => [p, ...walk(p.panels ?? [])]);
  return walk(d.panels ?? []);
}

const estates: Record<string, { estate: Estate; artifacts: Artifact[] }> = {};
beforeAll(async () => {
  estates.definitions = await compiled(DEFINITIONS);
  estates.golden = await compiled(GOLDEN_INPUT);
});

function allDashboards(): [string, Json][] {
  return Object.entries(estates).flatMap(([name, e]) =>
    dashboardsOf(e.artifacts).map(([path, d]) => [`${name}:${path}`, d] as [string, Json]),
  );
}

describe("generated dashboards", () => {
  test("the example estate and the golden estate produce the expected dashboards", () => {
    expect(dashboardsOf(estates.definitions!.artifacts).map(([p]) => p)).toEqual([
      "grafana/dashboards/payments/checkout-api-checkout-routes.json",
      "grafana/dashboards/payments/checkout-api-logs.json",
      "grafana/dashboards/payments/checkout-api-red.json",
      "grafana/dashboards/payments/checkout-api-slo.json",
      "grafana/dashboards/payments/payment-worker-logs.json",
      "grafana/dashboards/payments/payment-worker-red.json",
      "grafana/dashboards/payments/payment-worker-slo.json",
      "grafana/dashboards/payments/shipping-api-slo.json",
      "grafana/dashboards/payments/shipping-api-spans.json",
      "grafana/dashboards/storage/orders-db-logs.json",
      "grafana/dashboards/storage/orders-db-red.json",
      "grafana/dashboards/storage/orders-db-slo.json",
    ]);
    expect(dashboardsOf(estates.golden!.artifacts).map(([p]) => p)).toEqual([
      "grafana/dashboards/payments/checkout-logs.json",
      "grafana/dashboards/shop/storefront-funnel.json",
      "grafana/dashboards/shop/storefront-logs.json",
      "grafana/dashboards/shop/storefront-red.json",
      "grafana/dashboards/shop/storefront-slo.json",
    ]);
  });

  test("each validates against the strict dashboard schema, panel option schemas and query schemas", () => {
    const problems: string[] = [];
    for (const [path, d] of allDashboards()) {
      if (!validateDashboard(d)) problems.push(`${path}: ${errorsText(validateDashboard)}`);
      for (const p of panelsOf(d)) {
        if (p.type === "row") continue;
        const v = panelValidators.get(p.type);
        if (v === undefined) {
          problems.push(`${path}: ${p.title}: no schema for panel type ${p.type}`);
          continue;
        }
        if (!v.options(p.options)) problems.push(`${path}: ${p.title}: ${errorsText(v.options)}`);
        const custom = p.fieldConfig?.defaults?.custom;
        if (v.custom !== undefined && custom !== undefined && !v.custom(custom))
          problems.push(`${path}: ${p.title}: ${errorsText(v.custom)}`);
        for (const t of p.targets ?? []) {
          const validate =
            t.datasource?.type === "loki" ? validateLokiQuery : validatePrometheusQuery;
          if (!validate(t)) problems.push(`${path}: ${p.title}: ${errorsText(validate)}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  test("the schema check can fail: a panel field the schema does not know is rejected", () => {
    const [, d] = allDashboards()[0]!;
    const broken = structuredClone(d);
    broken.panels[0].colour = "red";
    expect(validateDashboard(broken)).toBe(false);
  });

  test("every panel goes through a datasource variable, never a datasource uid", () => {
    for (const [path, d] of allDashboards()) {
      const variables = new Set(
        d.templating.list.filter((v: Json) => v.type === "datasource").map((v: Json) => v.name),
      );
      for (const p of panelsOf(d)) {
        const refs = [p.datasource, ...(p.targets ?? []).map((t: Json) => t.datasource)].filter(
          (r) => r !== undefined,
        );
        for (const ref of refs) {
          expect(ref.uid, `${path}: ${p.title}`).toMatch(/^\$\{(prometheus|loki)_datasource\}$/);
          expect(variables.has(ref.uid.slice(2, -1)), `${path}: ${p.title}`).toBe(true);
        }
      }
      // The configured uids appear only as the variables' defaults.
      const text = JSON.stringify(d.panels);
      expect(text).not.toContain('"uid":"prometheus"');
      expect(text).not.toContain('"uid":"loki"');
    }
  });

  test("every rate() and irate() uses $__rate_interval, every Loki range $__auto", () => {
    let rates = 0;
    for (const [path, d] of allDashboards()) {
      for (const p of panelsOf(d)) {
        for (const t of p.targets ?? []) {
          for (const m of (t.expr as string).matchAll(
            /\b(i?rate|count_over_time)\((.*?)\[([^\]]+)\]/g,
          )) {
            rates++;
            const expected = m[1] === "count_over_time" ? "$__auto" : "$__rate_interval";
            expect(m[3], `${path}: ${p.title}: ${t.expr}`).toBe(expected);
          }
        }
      }
    }
    expect(rates).toBeGreaterThan(20);
  });

  test("every data panel has a unit, a title and a description", () => {
    for (const [path, d] of allDashboards()) {
      for (const p of panelsOf(d)) {
        if (p.type === "row" || p.type === "text") continue;
        expect(p.title, path).not.toBe("");
        expect(p.description, `${path}: ${p.title}`).toMatch(/\S/);
        if (p.type === "logs") continue;
        const unit = p.type === "heatmap" ? p.options.yAxis.unit : p.fieldConfig.defaults.unit;
        expect(unit, `${path}: ${p.title}`).toMatch(/\S/);
      }
    }
  });

  test("every query parses with the official PromQL or LogQL grammar", () => {
    let queries = 0;
    for (const [path, d] of allDashboards()) {
      for (const p of panelsOf(d)) {
        for (const t of p.targets ?? []) {
          queries++;
          const parsed = parseDashboardQuery(
            t.expr,
            t.datasource.type === "loki" ? "logql" : "promql",
          );
          expect(parsed.errors, `${path}: ${p.title}: ${t.expr}`).toEqual([]);
        }
      }
      for (const v of d.templating.list.filter((x: Json) => x.type === "query")) {
        const inner = /^label_values\((.*), \w+\)$/.exec(v.query)![1]!;
        expect(parseDashboardQuery(inner, "promql").errors, `${path}: $${v.name}`).toEqual([]);
      }
    }
    expect(queries).toBeGreaterThan(60);
  });

  test("generated dashboards pass every dashboard lint rule, including the metric-defined check", () => {
    for (const name of ["definitions", "golden"] as const) {
      const { estate, artifacts } = estates[name]!;
      const knownMetrics = estateMetricNames(estate);
      for (const [path, d] of dashboardsOf(artifacts)) {
        // The golden funnel dashboard is hand-written without job/instance variables on purpose.
        const expected = path.endsWith("storefront-funnel.json")
          ? [
              "dashboard/template-job",
              "dashboard/template-instance",
              "dashboard/target-job",
              "dashboard/target-job",
              "dashboard/target-instance",
              "dashboard/target-instance",
            ]
          : [];
        expect(
          lintDashboard(d, { knownMetrics }).map((f) => f.code),
          `${name}:${path}`,
        ).toEqual(expected);
      }
    }
  });

  test("a query on a metric nothing defines is a warning", () => {
    const { estate, artifacts } = estates.definitions!;
    const [, d] = dashboardsOf(artifacts).find(([p]) => p.endsWith("checkout-api-red.json"))!;
    const broken = structuredClone(d);
    const panel = broken.panels.find((p: Json) => p.targets !== undefined);
    panel.targets[0].expr = panel.targets[0].expr.replace("up{", "upp{");
    const findings = lintDashboard(broken, { knownMetrics: estateMetricNames(estate) });
    expect(findings).toEqual([
      expect.objectContaining({
        code: "dashboard/target-metric-defined",
        severity: "warning",
        path: ["panels", 0, "targets", 0, "expr"],
      }),
    ]);
  });

  test("the SLO dashboard draws each tier's burn-rate factor and the objective, from the SLO model", () => {
    const [, d] = dashboardsOf(estates.golden!.artifacts).find(([p]) => p.endsWith("-slo.json"))!;
    const titles = panelsOf(d).map((p) => p.title);
    // 28d period: Sloth's factors 13.44 / 5.6 / 2.8 / 0.933…; the latency SLO has no ticket tiers.
    expect(titles.filter((t) => /^Burn rate [a-z]+-[a-z]+:/.test(t))).toEqual([
      "Burn rate page-quick: 5m/1h > 13.44×",
      "Burn rate page-slow: 30m/6h > 5.6×",
      "Burn rate ticket-quick: 2h/1d > 2.8×",
      "Burn rate ticket-slow: 6h/3d > 0.93×",
      "Burn rate page-quick: 5m/1h > 14.4×",
      "Burn rate page-slow: 30m/6h > 6×",
    ]);
    const burn = panelsOf(d).find((p) => p.title.startsWith("Burn rate ticket-slow"))!;
    expect(burn.fieldConfig.defaults.thresholds.steps).toEqual([
      { value: null, color: "green" },
      { value: 0.933333333333, color: "red" },
    ]);
    expect(burn.fieldConfig.defaults.custom.thresholdsStyle).toEqual({ mode: "dashed" });
    const sli = panelsOf(d).find((p) => p.title === "SLI vs objective")!;
    expect(sli.fieldConfig.defaults.thresholds.steps[1]).toEqual({ value: 0.997, color: "green" });
  });

  test("the RED dashboard enables exemplars on latency queries and the heatmap", () => {
    const [, d] = dashboardsOf(estates.golden!.artifacts).find(([p]) => p.endsWith("-red.json"))!;
    const latency = panelsOf(d).find((p) => p.title === "Latency percentiles")!;
    expect(latency.targets.map((t: Json) => t.exemplar)).toEqual([true, true, true]);
    const heatmap = panelsOf(d).find((p) => p.type === "heatmap")!;
    expect(heatmap.targets[0]).toMatchObject({ format: "heatmap", exemplar: true });
    expect(heatmap.options).toMatchObject({ calculate: false, yAxis: { unit: "s" } });
  });
});

describe("uids", () => {
  test("are derived from names, at most 40 characters, and stable", () => {
    expect(generatedDashboardUid("checkout-api", "red")).toBe("checkout-api-red");
    const long = "a-very-long-service-name-that-goes-on-and-on-and-on";
    const uid = generatedDashboardUid(long, "logs");
    expect(uid.length).toBeLessThanOrEqual(40);
    expect(uid).toMatch(/^a-very-long-service-name-that-g-[0-9a-f]{8}$/);
    expect(generatedDashboardUid(long, "logs")).toBe(uid);
    expect(generatedDashboardUid(long, "slo")).not.toBe(uid);
    expect(uidFromSlug("x".repeat(40))).toBe("x".repeat(40));
  });

  test("the same estate compiles to the same bytes, whatever the order of its services", () => {
    const { estate } = estates.golden!;
    const once = compileEstate(estate);
    const reversed = compileEstate({ services: [...estate.services].reverse() });
    const byPath = (artifacts: Artifact[]) =>
      Object.fromEntries(artifacts.map((a) => [a.path, a.content]));
    expect(byPath(reversed)).toEqual(byPath(once));
    expect(byPath(compileEstate(estate))).toEqual(byPath(once));
    expect(compileDashboards(estate, grafanaSettings()).map((d) => d.planned.uid)).toEqual([
      "checkout-logs",
      "storefront-funnel",
      "storefront-logs",
      "storefront-red",
      "storefront-slo",
    ]);
  });

  test("two dashboards deriving the same uid are a build error naming the file and field", async () => {
    const dir = await tempTree({
      "shop.ts": `import { dashboard, defineService, row, textPanel } from "obsforge";
export default defineService({ name: "shop", team: "web", metrics: [], dashboards: { custom: [
  dashboard({ title: "Overview", rows: [row(undefined, [textPanel({ title: "a", content: "a" })])] }),
] } });
`,
      "shop-overview.ts": `import { defineService, metric } from "obsforge";
export default defineService({ name: "shop-overview", team: "web", metrics: [
  metric({ name: "x_total", type: "counter", unit: "1", help: "x." }),
], dashboards: { custom: [] } });
`,
      "zeta.ts": `import { dashboard, defineService, row, textPanel } from "obsforge";
export default defineService({ name: "zeta", team: "web", dashboards: { custom: [
  dashboard({ title: "Twin", uid: "shop-overview-red", rows: [row(undefined, [textPanel({ title: "b", content: "b" })])] }),
] } });
`,
    });
    const result = await compileProject({ definitions: dir, cwd: dir });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics.map(formatProblem)).toEqual([
      'zeta.ts:3:36: dashboards.custom[0].uid: expected a dashboard uid unique in the estate, got "shop-overview-red" for dashboard "Twin" of zeta (also the RED dashboard of shop-overview in shop-overview.ts); set a different uid or title',
    ]);
  });
});

describe("definition checks", () => {
  test.for([
    {
      name: "a custom panel with invalid PromQL",
      code: `dashboards: { custom: [dashboard({ title: "T", rows: [row("R", [statPanel({ title: "s", description: "d", unit: "s", queries: [promQuery("sum(rate(x[$__rate_interval])")] })])] })] }`,
      expected:
        "d.ts:2:221: dashboards.custom[0].rows[0].panels[0].targets[0].expr: expected valid PromQL, got unexpected end of query",
    },
    {
      name: "a Loki selector that is not LogQL",
      code: `logs: { selector: '{app="x"', format: "json" }`,
      expected: "d.ts:2:81: logs.selector: expected valid LogQL, got unexpected end of query",
    },
    {
      name: "a link to a dashboard the service does not have",
      code: `groups: [{ name: "g", rules: [alert({ name: "A", expr: "up == 0", severity: "page", annotations: { dashboard: dashboardLink({ dashboard: "slo" }) } })] }]`,
      expected:
        'd.ts:2:153: groups[0].rules[0].annotations.dashboard: expected a dashboard d has (none), got "slo"',
    },
    {
      name: "a link to a service that does not exist",
      code: `groups: [{ name: "g", rules: [alert({ name: "A", expr: "up == 0", severity: "page", annotations: { dashboard: dashboardLink({ service: "nope", dashboard: "red" }) } })] }]`,
      expected:
        'd.ts:2:153: groups[0].rules[0].annotations.dashboard: expected a service of the estate, got "nope"',
    },
    {
      name: "a link with both a kind and a uid",
      code: `groups: [{ name: "g", rules: [alert({ name: "A", expr: "up == 0", severity: "page", annotations: { dashboard: dashboardLink({ dashboard: "red", uid: "x" }) } })] }]`,
      expected:
        'd.ts:2:192: groups[0].rules[0].annotations.dashboard.dashboard: expected exactly one of dashboard ("slo", "red" or "logs") and uid (a custom dashboard)',
    },
    {
      name: "a dashboard annotation that is neither a URL nor a link",
      code: `groups: [{ name: "g", rules: [alert({ name: "A", expr: "up == 0", severity: "page", annotations: { dashboard: "grafana/d/x" } })] }]`,
      expected:
        'd.ts:2:165: groups[0].rules[0].annotations.dashboard: expected an absolute URL or a dashboardLink({ dashboard: ... }), got "grafana/d/x"',
    },
    {
      name: "something that is not a panel in a row",
      code: `dashboards: { custom: [dashboard({ title: "T", rows: [row("R", [{ title: "x" } as never])] })] }`,
      expected:
        "d.ts:2:118: dashboards.custom[0].rows[0].panels[0]: expected a panel made with timeseriesPanel(), statPanel(), gaugePanel(), heatmapPanel(), tablePanel(), logsPanel() or textPanel(), got an object",
    },
  ])("$name is one line with the file and field", async ({ code, expected }) => {
    const dir = await tempTree({
      "d.ts": `import { alert, dashboard, dashboardLink, defineService, promQuery, row, statPanel } from "obsforge";
export default defineService({ name: "d", team: "t", ${code} });
`,
    });
    const result = await compileProject({ definitions: dir, cwd: dir });
    expect(result.ok ? [] : result.diagnostics.map(formatProblem)).toEqual([expected]);
  });
});

describe("dashboard links from alerts", () => {
  test("resolve to the generated uid with the service's job and keep alert templates verbatim", () => {
    const url = dashboardLinkUrl(
      {
        kind: "dashboard-link",
        dashboard: "red",
        vars: { instance: "{{ $labels.instance }}", q: "a b&c" },
      },
      { fromService: "checkout-api", grafanaUrl: "https://g.example.com/" },
    );
    expect(url).toBe(
      "https://g.example.com/d/checkout-api-red?var-instance={{ $labels.instance }}&var-job=checkout-api&var-q=a%20b%26c",
    );
    expect(dashboardUrl("https://g", "x", {})).toBe("https://g/d/x");
  });

  test("are written into the rule files; plain URL strings stay as they were", () => {
    const rules = estates.golden!.artifacts.find(
      (a) => a.path === "prometheus/storefront.rules.yml",
    )!;
    expect(rules.content).toContain(
      "dashboard: https://grafana.example.com/d/storefront-red?var-instance={{ $labels.instance }}&var-job=storefront",
    );
    expect(rules.content).toContain("logs: https://grafana.example.com/d/checkout-logs");
    const checkout = estates.definitions!.artifacts.find(
      (a) => a.path === "prometheus/checkout-api.rules.yml",
    )!;
    expect(checkout.content).toContain(
      "runbook_url: https://runbooks.example.com/checkout-api/high-error-rate",
    );
  });

  test("follow the configured Grafana URL", () => {
    const { estate } = estates.golden!;
    const artifacts = compileEstate(estate, { grafana: { url: "https://grafana.internal" } });
    const rules = artifacts.find((a) => a.path === "prometheus/storefront.rules.yml")!;
    expect(rules.content).toContain("custom: https://grafana.internal/d/storefront-funnel");
  });
});

describe("provisioning", () => {
  function yamlOf(artifacts: readonly Artifact[], path: string): Json {
    return load(artifacts.find((a) => a.path === path)!.content) as Json;
  }

  test("dashboards.yml has one read-only file provider per folder", () => {
    const doc = yamlOf(estates.golden!.artifacts, "grafana/provisioning/dashboards.yml");
    expect(
      doc.providers.map((p: Json) => [p.name, p.folder, p.options.path, p.allowUiUpdates]),
    ).toEqual([
      ["obsforge-payments", "payments", "/var/lib/grafana/dashboards/payments", false],
      ["obsforge-shop", "shop", "/var/lib/grafana/dashboards/shop", false],
    ]);
  });

  test("datasources.yml links metrics, logs and traces both ways, with env-referenced URLs", () => {
    const doc = yamlOf(estates.golden!.artifacts, "grafana/provisioning/datasources.yml");
    const [prom, loki, tempo] = doc.datasources as Json[];
    expect([prom!.url, loki!.url, tempo!.url]).toEqual([
      "$PROMETHEUS_URL",
      "$LOKI_URL",
      "$TEMPO_URL",
    ]);
    expect(prom!.jsonData.exemplarTraceIdDestinations).toEqual([
      { name: "trace_id", datasourceUid: "tempo", urlDisplayLabel: "View trace" },
      { name: "traceID", datasourceUid: "tempo", urlDisplayLabel: "View trace" },
    ]);
    // One derived field per trace id field name in the estate's logs; `$$` is Grafana's literal `$`.
    expect(loki!.jsonData.derivedFields).toEqual([
      {
        name: "TraceID (traceID)",
        matcherRegex: '(?:"traceID"\\s*:\\s*"|\\btraceID=)(\\w+)',
        datasourceUid: "tempo",
        url: "$${__value.raw}",
        urlDisplayLabel: "View trace",
      },
      expect.objectContaining({ name: "TraceID (trace_id)", datasourceUid: "tempo" }),
    ]);
    const regex = new RegExp(loki!.jsonData.derivedFields[0].matcherRegex);
    expect(regex.exec('{"msg":"ok","traceID": "4bf92f3577b34da6"}')?.[1]).toBe("4bf92f3577b34da6");
    expect(regex.exec("level=info traceID=4bf92f3577b34da6 msg=ok")?.[1]).toBe("4bf92f3577b34da6");
    expect(tempo!.jsonData.tracesToLogsV2).toMatchObject({
      datasourceUid: "loki",
      filterByTraceID: true,
    });
    expect(tempo!.jsonData.tracesToMetrics.datasourceUid).toBe("prometheus");
    expect(tempo!.jsonData.tracesToMetrics.queries[0]).toEqual({
      name: "http.server.request.duration rate",
      query: "sum(rate(http_server_request_duration_seconds_count{$$__tags}[$$__rate_interval]))",
    });
  });

  test("datasource uids and URLs are configurable and dashboards follow the uids", () => {
    const { estate } = estates.golden!;
    const artifacts = compileEstate(estate, {
      grafana: {
        prometheus: { uid: "mimir", url: "https://mimir.internal" },
        dashboardsPath: "/dash/",
      },
    });
    const doc = yamlOf(artifacts, "grafana/provisioning/datasources.yml");
    expect(doc.datasources[0]).toMatchObject({ uid: "mimir", url: "https://mimir.internal" });
    expect(doc.datasources[2].jsonData.tracesToMetrics.datasourceUid).toBe("mimir");
    const red = JSON.parse(artifacts.find((a) => a.path.endsWith("storefront-red.json"))!.content);
    expect(red.templating.list[0].current).toEqual({
      selected: true,
      text: "Prometheus",
      value: "mimir",
    });
    expect(yamlOf(artifacts, "grafana/provisioning/dashboards.yml").providers[0].options.path).toBe(
      "/dash/payments",
    );
  });

  test("an estate without dashboards writes no grafana/ files", async () => {
    const dir = await tempTree({
      "x.ts": `import { defineService } from "obsforge";\nexport default defineService({ name: "x", team: "t", dashboards: { generate: false } });\n`,
    });
    const result = await compileProject({ definitions: dir, cwd: dir });
    expect(
      result.ok && result.value.artifacts.filter((a) => a.path.startsWith("grafana/")),
    ).toEqual([]);
  });
});
