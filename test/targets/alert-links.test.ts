import { existsSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { load } from "js-yaml";
import { describe, expect, test } from "vitest";
import { compileProject } from "../../src/pipeline/project.ts";
import { copyTree, tempDir } from "../helpers/temp.ts";
import { DEFINITIONS, PROJECT_ROOT } from "../helpers/paths.ts";

interface Rule {
  alert?: string;
  annotations?: Record<string, string>;
}

/** Every alert of the committed out/ rule files (Prometheus and Loki), with its file. */
async function outAlerts(): Promise<{ file: string; service: string; rule: Rule }[]> {
  const out: { file: string; service: string; rule: Rule }[] = [];
  for (const dir of ["prometheus", "loki"]) {
    for (const name of (await readdir(join(PROJECT_ROOT, "out", dir))).sort()) {
      const file = `out/${dir}/${name}`;
      const doc = load(await readFile(join(PROJECT_ROOT, file), "utf8")) as {
        groups: { rules: Rule[] }[];
      };
      for (const g of doc.groups)
        for (const rule of g.rules)
          if (rule.alert !== undefined)
            out.push({ file, service: name.replace(/\.rules\.yml$/, ""), rule });
    }
  }
  return out;
}

interface ExploreState {
  datasource: string;
  queries: { datasource: { type: string; uid: string }; expr?: string; query?: string }[];
  range: { from: string; to: string };
}

/** The one pane of an Explore URL, decoded from its `panes` JSON. */
function explorePane(url: URL): ExploreState {
  expect(url.pathname).toBe("/explore");
  expect(url.searchParams.get("schemaVersion")).toBe("1");
  const panes = JSON.parse(url.searchParams.get("panes")!) as Record<string, ExploreState>;
  expect(Object.keys(panes)).toHaveLength(1);
  return Object.values(panes)[0]!;
}

// Services of the example estate with a log stream (serviceLogs); shipping-api has spans only.
const WITH_LOGS = new Set(["checkout-api", "orders-db", "payment-worker"]);

describe("trace-first links on every alert of the example estate (estate.json grafana)", async () => {
  const alerts = await outAlerts();
  const dashboards = new Set(
    (await readdir(join(PROJECT_ROOT, "out/grafana/dashboards"), { recursive: true }))
      .filter((f) => f.endsWith(".json"))
      .map((f) => f.replace(/^.*\//, "").replace(/\.json$/, "")),
  );

  test("the estate has alerts in both engines' files", () => {
    expect(alerts.filter((a) => a.file.startsWith("out/loki/")).length).toBeGreaterThan(0);
    expect(alerts.length).toBeGreaterThan(40);
  });

  test.for(alerts.map((a) => [`${a.file} ${a.rule.alert}`, a] as const))(
    "%s links to a dashboard of out/, its logs and its traces",
    ([, { service, rule }]) => {
      const annotations = rule.annotations ?? {};
      const dashboard = new URL(annotations.dashboard!);
      expect(dashboard.origin).toBe("https://grafana.example.com");
      expect(dashboards).toContain(dashboard.pathname.replace(/^\/d\//, ""));

      const traces = explorePane(new URL(annotations.traces_url!));
      expect(traces.datasource).toBe("tempo");
      expect(traces.queries[0]!.datasource).toEqual({ type: "tempo", uid: "tempo" });
      expect(traces.queries[0]!.query).toContain(`resource.service.name = "${service}"`);
      expect(traces.range).toEqual({ from: "now-1h", to: "now" });
      expect(new URL(annotations.traces_url!).searchParams.get("orgId")).toBe("1");

      // A log alert's explore_url (its own query) stands for the logs link.
      const logs = annotations.logs_url ?? annotations.explore_url;
      if (!WITH_LOGS.has(service)) {
        expect(logs).toBeUndefined();
        return;
      }
      const pane = explorePane(new URL(logs!));
      expect(pane.queries[0]!.datasource.type).toBe("loki");
      expect(pane.queries[0]!.expr).toContain(`service_name="${service}"`);
      expect(pane.range.to).toBe("now");
    },
  );

  test("the log-correlation alert opens its logs dashboard in the estate's org and keeps its own Explore query", () => {
    const correlation = alerts.filter((a) => a.rule.alert === "LogTraceCorrelationBelowObjective");
    expect(correlation.map((a) => a.service)).toEqual(["checkout-api", "payment-worker"]);
    for (const { service, rule } of correlation) {
      const dashboard = new URL(rule.annotations!.dashboard!);
      expect(dashboard.pathname).toBe(`/d/${service}-logs`);
      expect(dashboard.searchParams.get("orgId")).toBe("1");
      expect(explorePane(new URL(rule.annotations!.explore_url!)).queries[0]!.expr).toContain(
        "trace_id",
      );
    }
  });

  test("a latency SLO's traces link looks for slow server spans in the histogram's unit", () => {
    const latency = alerts.find((a) => a.rule.alert === "ShippingLatencyBudgetBurn")!;
    const pane = explorePane(new URL(latency.rule.annotations!.traces_url!));
    expect(pane.queries[0]!.query).toBe(
      '{ resource.service.name = "shipping-api" && kind = server && duration > 400ms }',
    );
    const availability = alerts.find((a) => a.rule.alert === "ShippingAvailabilityBudgetBurn")!;
    expect(explorePane(new URL(availability.rule.annotations!.traces_url!)).queries[0]!.query).toBe(
      '{ resource.service.name = "shipping-api" && status = error }',
    );
  });

  test("a dashboard the author linked is kept, and SLO alerts open the SLO dashboard", () => {
    const authored = alerts.find((a) => a.rule.alert === "CheckoutInstanceDown")!;
    expect(authored.rule.annotations!.dashboard).toBe(
      "https://grafana.example.com/d/checkout-api-red?var-instance={{ $labels.instance }}&var-job=checkout-api",
    );
    const slo = alerts.find((a) => a.rule.alert === "CheckoutLatencyBudgetBurn")!;
    expect(slo.rule.annotations!.dashboard).toBe(
      "https://grafana.example.com/d/checkout-api-slo?orgId=1",
    );
  });
});

describe("estate.json grafana", () => {
  async function estateWith(grafana: unknown): Promise<string> {
    const dir = await tempDir();
    await copyTree(DEFINITIONS, join(dir, "definitions"));
    const file = join(dir, "definitions/estate.json");
    const settings = JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
    if (grafana === undefined) delete settings.grafana;
    else settings.grafana = grafana;
    await writeFile(file, JSON.stringify(settings));
    return dir;
  }

  test("without it, alerts get no links (nothing is added to estates that did not ask)", async () => {
    const dir = await estateWith(undefined);
    const result = await compileProject({ definitions: join(dir, "definitions"), cwd: dir });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const rules = result.value.artifacts.find(
      (a) => a.path === "prometheus/shipping-api.rules.yml",
    )!;
    expect(rules.content).not.toContain("traces_url");
    expect(rules.content).not.toContain("/explore?");
  });

  test("a link window Grafana cannot read is an error naming the file and field", async () => {
    const dir = await estateWith({ url: "https://g.example.com", linkWindow: "1h30m" });
    const result = await compileProject({ definitions: join(dir, "definitions"), cwd: dir });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const [d] = result.diagnostics;
    expect(d!.file).toBe("definitions/estate.json");
    expect(d!.path).toEqual(["grafana", "linkWindow"]);
    expect(d!.message).toContain('expected a Grafana relative range such as "30m", "1h" or "1d"');
    expect(existsSync(join(dir, "out"))).toBe(false);
  });
});
