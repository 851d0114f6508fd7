import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { load } from "js-yaml";
import { describe, expect, test } from "vitest";
import { runRoutingTests } from "../../src/pipeline/routing-tests.ts";
import { readConfig } from "../../src/targets/alertmanager/read-config.ts";
import { matchRoutes } from "../../src/targets/alertmanager/route-match.ts";
import type { AlertmanagerConfig } from "../../src/targets/alertmanager/config-file.ts";
import type { RoutingTests } from "../../src/targets/alertmanager/routing-tests.ts";
import { obsforgeInProcess } from "../helpers/in-process-cli.ts";
import { PROJECT_ROOT } from "../helpers/paths.ts";
import { tempTree } from "../helpers/temp.ts";

const OUT = join(PROJECT_ROOT, "out");

/** Every distinct label set of an alerting rule in out/'s rule files. */
function alertLabelSets(): Set<string> {
  const sets = new Set<string>();
  for (const dir of ["prometheus", "loki"]) {
    for (const file of readdirSync(join(OUT, dir)).sort()) {
      const doc = load(readFileSync(join(OUT, dir, file), "utf8")) as {
        groups: { rules: { alert?: string; labels?: Record<string, string> }[] }[];
      };
      for (const g of doc.groups)
        for (const r of g.rules)
          if (r.alert !== undefined)
            sets.add(`${r.alert} ${r.labels?.severity} ${r.labels?.slo_tier}`);
    }
  }
  return sets;
}

describe("routing tests of the example estate", () => {
  test("one route test per alert of out/, every one passing in amtool, none to the default receiver", async () => {
    const tests = load(
      readFileSync(join(OUT, "alertmanager/routing-tests.yml"), "utf8"),
    ) as RoutingTests;
    const generated = tests.routes.filter((t) => !t.name.startsWith("expect."));
    expect(
      new Set(
        generated.map((t) => `${t.labels.alertname} ${t.labels.severity} ${t.labels.slo_tier}`),
      ),
    ).toEqual(alertLabelSets());
    for (const t of generated) {
      expect(t.receivers.length).toBeGreaterThan(0);
      expect(t.receivers).not.toContain("unrouted");
    }
    const run = await runRoutingTests({ cwd: PROJECT_ROOT });
    expect(run.ok).toBe(true);
    if (!run.ok) return;
    expect(run.value.filter((r) => !r.passed)).toEqual([]);
    expect(run.value.length).toBe(
      tests.routes.length + tests.inhibitions.length + tests.time_intervals.length,
    );
  });

  test("obsforge's route semantics agree with amtool on every tested label set", () => {
    const config = load(
      readFileSync(join(OUT, "alertmanager/alertmanager.yml"), "utf8"),
    ) as AlertmanagerConfig;
    const tests = load(
      readFileSync(join(OUT, "alertmanager/routing-tests.yml"), "utf8"),
    ) as RoutingTests;
    const tree = readConfig(config).tree;
    for (const t of tests.routes) {
      const args = Object.entries(t.labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
      const am = spawnSync(
        "amtool",
        [
          "config",
          "routes",
          "test",
          `--config.file=${join(OUT, "alertmanager/alertmanager.yml")}`,
          ...args,
        ],
        { encoding: "utf8" },
      );
      expect(
        matchRoutes(tree, t.labels)
          .map((m) => m.receiver)
          .join(","),
      ).toBe(am.stdout.trim());
    }
  });
});

const SERVICE = `import { alert, defineService, slo, eventRatioSli, WINDOW } from "obsforge";
export default defineService({
  name: "api",
  team: "web",
  groups: [{ name: "api", rules: [
    alert({ name: "ApiDown", expr: 'up{job="api"} == 0', severity: "page" }),
    alert({ name: "ApiSlow", expr: 'vector(1) > 0', severity: "ticket" }),
  ] }],
});
`;

function routing(extra: string): string {
  return `import { defineRouting, pagerdutyReceiver, slackReceiver } from "obsforge";
export default defineRouting({
  receivers: [
    pagerdutyReceiver({ name: "web-pagerduty", routingKeyFile: "/s/pd" }),
    slackReceiver({ name: "web-slack", apiUrlFile: "/s/slack" }),
  ],
  teams: { web: { page: "web-pagerduty", ticket: "web-slack" } },
  ${extra}
});
`;
}

async function builtEstate(files: Record<string, string>): Promise<string> {
  const dir = await tempTree(files);
  const built = await obsforgeInProcess(["build", "--no-cache"], dir);
  expect(built.stderr).toBe("");
  return dir;
}

describe("routing tests that must fail", () => {
  test("a route that sends a page elsewhere than the definition says fails its generated test", async () => {
    const dir = await builtEstate({
      "definitions/api.ts": SERVICE,
      "definitions/routing.ts": routing(""),
    });
    // Deliberately wrong: the page route in the written configuration now names the ticket receiver.
    const path = join(dir, "out/alertmanager/alertmanager.yml");
    const text = readFileSync(path, "utf8");
    writeFileSync(path, text.replace("receiver: web-pagerduty", "receiver: web-slack"));
    const run = await runRoutingTests({ cwd: dir });
    expect(run.ok && run.value.filter((r) => !r.passed).map((r) => [r.name, r.output])).toEqual([
      [
        "route: prometheus/api.rules.yml: ApiDown",
        'expected receivers web-pagerduty, got web-slack from amtool for {alertname="ApiDown", service="api", severity="page", team="web"}',
      ],
    ]);
  });

  test("a hand-written route that contradicts an expectation fails it, through obsforge test", async () => {
    const dir = await builtEstate({
      "definitions/api.ts": SERVICE,
      "definitions/routing.ts":
        routing(`routes: [{ matchers: { alertname: "ApiDown" }, receivers: ["web-slack"] }],
  expect: { routes: [{ description: "ApiDown pages", labels: { alertname: "ApiDown", team: "web", severity: "page" }, receivers: ["web-pagerduty"] }] },`),
    });
    const run = await obsforgeInProcess(["test"], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "FAIL  out/alertmanager/routing-tests.yml  route: expect.routes[0]: ApiDown pages\n      expected receivers web-pagerduty, got web-slack from amtool",
    );
    // The generated test follows the definition, so the route itself is what it says.
    expect(run.stdout).toContain(
      "PASS  out/alertmanager/routing-tests.yml  route: prometheus/api.rules.yml: ApiDown\n",
    );
  });

  test("an alert whose team has no routing falls to the default receiver and fails", async () => {
    const dir = await builtEstate({
      "definitions/api.ts": SERVICE.replace('team: "web"', 'team: "mobile"'),
      "definitions/routing.ts": routing(""),
    });
    const run = await runRoutingTests({ cwd: dir });
    expect(run.ok && run.value.filter((r) => !r.passed).map((r) => r.output)).toEqual([
      'expected a route for {alertname="ApiDown", service="api", severity="page", team="mobile"}, got none in the routing definition (no team entry for its team, or no level for its severity); amtool: unrouted',
      'expected a route for {alertname="ApiSlow", service="api", severity="ticket", team="mobile"}, got none in the routing definition (no team entry for its team, or no level for its severity); amtool: unrouted',
    ]);
  });

  test("inhibition and time-interval expectations the configuration does not meet fail, naming why", async () => {
    const dir = await builtEstate({
      "definitions/api.ts": SERVICE,
      "definitions/routing.ts": routing(`inhibitions: { serviceDown: false },
  timeIntervals: [{ name: "weekend", intervals: [{ weekdays: ["saturday", "sunday"] }] }],
  expect: {
    inhibitions: [
      { firing: { alertname: "ApiDown", service: "api" }, target: { alertname: "ApiSlow", service: "api" }, inhibited: true },
    ],
    timeIntervals: [
      { labels: { team: "web", severity: "ticket" }, at: "2026-03-07T12:00:00Z", muted: true },
    ],
  },`),
    });
    const run = await runRoutingTests({ cwd: dir });
    expect(run.ok && run.value.filter((r) => !r.passed).map((r) => r.output)).toEqual([
      'expected {alertname="ApiSlow", service="api"} to be inhibited while {alertname="ApiDown", service="api"} fires, got no inhibit rule that applies',
      'expected {severity="ticket", team="web"} muted at 2026-03-07T12:00:00Z, got notifications to web-slack',
    ]);
  });

  test("the same expectations pass once the configuration does what they say", async () => {
    const dir = await builtEstate({
      "definitions/api.ts": SERVICE,
      "definitions/routing.ts":
        routing(`timeIntervals: [{ name: "weekend", intervals: [{ weekdays: ["saturday", "sunday"] }] }],
  routes: [{ matchers: { severity: "ticket" }, receivers: ["web-slack"], muteTimeIntervals: ["weekend"] }],
  expect: {
    inhibitions: [
      { firing: { alertname: "ApiDown", service: "api" }, target: { alertname: "ApiSlow", service: "api" }, inhibited: true },
      { firing: { alertname: "ApiDown", service: "other" }, target: { alertname: "ApiSlow", service: "api" }, inhibited: false },
    ],
    timeIntervals: [
      { labels: { team: "web", severity: "ticket" }, at: "2026-03-07T12:00:00Z", muted: true },
      { labels: { team: "web", severity: "ticket" }, at: "2026-03-09T12:00:00Z", muted: false },
    ],
  },`),
    });
    const run = await runRoutingTests({ cwd: dir });
    expect(run.ok && run.value.filter((r) => !r.passed)).toEqual([]);
    expect(run.ok && run.value.length).toBe(2 + 2 + 2);
  });
});
