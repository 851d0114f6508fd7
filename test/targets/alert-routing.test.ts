import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { load } from "js-yaml";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { toYaml } from "../../src/emit/serialize.ts";
import { SEVERITIES } from "../../src/model/rule.ts";
import { buildProject } from "../../src/pipeline/project.ts";
import { DEFINITIONS, PROJECT_ROOT } from "../helpers/paths.ts";

/**
 * Routing trees match on `team` and `severity` (and often `service`). An
 * alert without one of them lands on the default receiver: a page nobody
 * gets. These tests take every alerting rule obsforge wrote — hand-written,
 * SLO burn-rate, no-data, Loki log alerts — and route it through a real
 * Alertmanager routing tree with the real amtool.
 */

interface AlertRule {
  file: string;
  alert: string;
  labels: Record<string, string>;
}

/** Every alerting rule of every Prometheus and Loki rule file under `out`. */
function alertsIn(out: string): AlertRule[] {
  const alerts: AlertRule[] = [];
  for (const dir of ["prometheus", "loki"]) {
    let names: string[];
    try {
      names = readdirSync(join(out, dir)).filter((n) => n.endsWith(".rules.yml"));
    } catch {
      continue;
    }
    for (const name of names.sort()) {
      const file = join(out, dir, name);
      const doc = load(readFileSync(file, "utf8")) as {
        groups: { rules: { alert?: string; labels?: Record<string, unknown> }[] }[];
      };
      for (const group of doc.groups)
        for (const rule of group.rules)
          if (rule.alert !== undefined)
            alerts.push({
              file: relative(out, file),
              alert: rule.alert,
              labels: Object.fromEntries(
                Object.entries(rule.labels ?? {}).map(([k, v]) => [k, String(v)]),
              ),
            });
    }
  }
  return alerts;
}

/** One receiver per team × severity under a default receiver that must never be reached. */
function routingTree(teams: readonly string[]): object {
  const receiver = (team: string, severity: string) => `${team}-${severity}`;
  return {
    route: {
      receiver: "nobody",
      group_by: ["alertname", "service"],
      routes: teams.map((team) => ({
        matchers: [`team=${JSON.stringify(team)}`],
        routes: SEVERITIES.map((severity) => ({
          matchers: [`severity=${JSON.stringify(severity)}`],
          receiver: receiver(team, severity),
        })),
      })),
    },
    receivers: [
      { name: "nobody" },
      ...teams.flatMap((team) => SEVERITIES.map((s) => ({ name: receiver(team, s) }))),
    ],
  };
}

function amtool(args: readonly string[]): {
  status: number | null;
  stdout: string;
  stderr: string;
} {
  const r = spawnSync("amtool", args, { encoding: "utf8" });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const OWN_LABELS = ["severity", "team", "service"] as const;

describe("every alert obsforge writes for definitions/ is routable", () => {
  // Shared by the tests of this block (helpers/temp.ts folders go after each test).
  const dir = mkdtempSync(join(tmpdir(), "obsforge-routing-"));
  const out = join(dir, "out");
  const config = join(dir, "alertmanager.yml");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    const built = await buildProject({ definitions: DEFINITIONS, out, cwd: dir });
    if (!built.ok) throw new Error(built.diagnostics.map((d) => d.message).join("\n"));
    const teams = [...new Set(built.value.estate.services.map((s) => s.value.team))].sort();
    writeFileSync(config, toYaml(routingTree(teams)));
  });

  test("the routing tree is one real amtool accepts", () => {
    const r = amtool(["check-config", config]);
    expect(r.stdout).toContain("SUCCESS");
    expect(r.status).toBe(0);
  });

  test("every alerting rule (Prometheus and Loki) reaches its team's receiver for its severity", () => {
    const alerts = alertsIn(out);
    // The example estate has hand-written, SLO burn-rate, no-data and log alerts.
    expect(alerts.length).toBeGreaterThan(20);
    expect(alerts.some((a) => a.file.startsWith("loki/"))).toBe(true);
    expect(alerts.some((a) => a.alert.endsWith("NoData"))).toBe(true);
    expect(alerts.some((a) => a.labels.sloth_severity !== undefined)).toBe(true);

    // Alerts with the same labels route the same way: one amtool run per label set.
    const byLabels = new Map<string, AlertRule[]>();
    for (const a of alerts) {
      // Prometheus adds alertname to every alert it sends; series labels come on top.
      const labels = { ...a.labels, alertname: a.alert };
      const key = JSON.stringify(Object.entries(labels).sort());
      byLabels.set(key, [...(byLabels.get(key) ?? []), a]);
    }
    const misrouted: string[] = [];
    for (const [key, group] of byLabels) {
      const labels = JSON.parse(key) as [string, string][];
      const r = amtool([
        "config",
        "routes",
        "test",
        `--config.file=${config}`,
        ...labels.map(([k, v]) => `${k}=${JSON.stringify(v)}`),
      ]);
      expect(r.status).toBe(0);
      const receiver = r.stdout.trim();
      const expected = `${Object.fromEntries(labels).team}-${Object.fromEntries(labels).severity}`;
      if (receiver !== expected)
        for (const a of group) misrouted.push(`${a.file}: ${a.alert} → ${receiver}`);
    }
    expect(misrouted).toEqual([]);
  });
});

describe("every alert in committed output carries severity, team and service", () => {
  // out/ (checked fresh by `obsforge check`) and every golden build.
  const GOLDEN = join(PROJECT_ROOT, "test/golden");
  const trees = [
    join(PROJECT_ROOT, "out"),
    ...readdirSync(GOLDEN, { withFileTypes: true })
      .filter((e) => e.isDirectory() && existsSync(join(GOLDEN, e.name, "expected")))
      .map((e) => join(GOLDEN, e.name, "expected")),
  ];

  test.for(trees.map((t) => [relative(PROJECT_ROOT, t)]))("%s", ([tree]) => {
    const alerts = alertsIn(join(PROJECT_ROOT, tree!));
    expect(alerts.length).toBeGreaterThan(0);
    const missing = alerts.flatMap((a) =>
      OWN_LABELS.filter((l) => !a.labels[l]).map((l) => `${a.file}: ${a.alert} has no ${l}`),
    );
    expect(missing).toEqual([]);
  });
});
