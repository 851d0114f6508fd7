import { describe, expect, test } from "vitest";
import { readBacktestLines } from "../../src/diff/backtest.ts";
import { diffSnapshots, type EstateSnapshot } from "../../src/diff/estate-diff.ts";
import type { ArtifactChange } from "../../src/diff/model.ts";

function snapshot(files: Record<string, string>): EstateSnapshot {
  return { files: new Map(Object.entries(files)), slos: [] };
}

function diff(before: Record<string, string>, after: Record<string, string>): ArtifactChange[] {
  return diffSnapshots(snapshot(before), snapshot(after), { base: "HEAD" }).artifacts;
}

const panel = (id: number, title: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: "timeseries",
  title,
  gridPos: { x: 0, y: id * 8, w: 12, h: 8 },
  fieldConfig: { defaults: { unit: "reqps" } },
  targets: [{ refId: "A", expr: `sum(rate(http_requests_total{job="api", n="${id}"}[5m]))` }],
  ...extra,
});

function dashboard(panels: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ uid: "api-red", title: "API", tags: ["api"], panels, ...extra });
}

const PATH = "grafana/dashboards/payments/api-red.json";

describe("dashboards", () => {
  test("panels added, removed and changed, known by title; ids and vertical shifts are no change", () => {
    const before = [panel(1, "Requests"), panel(2, "Errors"), panel(3, "Saturation")];
    // "Latency" is inserted first: every id and y shifts, which is not reported.
    const after = [
      panel(1, "Latency"),
      panel(2, "Requests", { fieldConfig: { defaults: { unit: "ops" } } }),
      panel(3, "Errors"),
    ].map((p, i) => ({ ...p, targets: before[i === 0 ? 0 : i - 1]!.targets }));
    after[0]!.targets = [{ refId: "A", expr: "histogram_quantile(0.99, x)" }];
    const [d] = diff({ [PATH]: dashboard(before) }, { [PATH]: dashboard(after) });
    expect(d).toMatchObject({ kind: "dashboard", status: "changed", id: "api-red", title: "API" });
    expect(d?.changes).toEqual([
      {
        status: "added",
        kind: "panel",
        name: '"Latency"',
        fields: [{ field: "type", after: "timeseries" }],
      },
      {
        status: "changed",
        kind: "panel",
        name: '"Requests"',
        fields: [{ field: "fieldConfig.defaults.unit", before: "reqps", after: "ops" }],
      },
      {
        status: "removed",
        kind: "panel",
        name: '"Saturation"',
        fields: [{ field: "type", before: "timeseries" }],
      },
    ]);
  });

  test("a query reformatted is no change; a query changed is; a renamed panel is one change", () => {
    const before = [panel(1, "Requests")];
    const reformatted = [
      panel(1, "Requests", {
        targets: [
          { refId: "A", expr: 'sum(\n  rate(http_requests_total{n="1",job="api"}[5m])\n)' },
        ],
      }),
    ];
    const changed = [
      panel(1, "Requests per second", {
        targets: [{ refId: "A", expr: 'sum(rate(http_requests_total{job="api", n="1"}[1m]))' }],
      }),
    ];
    // Label matchers in another order are another tree: only layout is normalised.
    expect(
      diff({ [PATH]: dashboard(before) }, { [PATH]: dashboard(reformatted) })[0]?.changes.length,
    ).toBe(1);
    const sameOrder = [
      panel(1, "Requests", {
        targets: [
          { refId: "A", expr: 'sum (\n rate( http_requests_total{job="api",n="1"} [5m] ) )' },
        ],
      }),
    ];
    expect(diff({ [PATH]: dashboard(before) }, { [PATH]: dashboard(sameOrder) })).toEqual([]);
    const [d] = diff({ [PATH]: dashboard(before) }, { [PATH]: dashboard(changed) });
    expect(d?.changes.map((c) => [c.status, c.name, c.fields.map((f) => f.field)])).toEqual([
      ["changed", '"Requests per second"', ["title", "targets[0].expr"]],
    ]);
  });

  test("a dashboard's own fields, its folder, and dashboards added and removed", () => {
    const moved = "grafana/dashboards/platform/api-red.json";
    const [d] = diff(
      { [PATH]: dashboard([panel(1, "Requests")]) },
      { [moved]: dashboard([panel(1, "Requests")], { tags: ["api", "red"], refresh: "1m" }) },
    );
    expect(d?.changes).toEqual([
      {
        status: "changed",
        kind: "dashboard",
        name: "settings",
        fields: [{ field: "folder", before: "payments", after: "platform" }],
      },
      {
        status: "changed",
        kind: "dashboard",
        name: "settings",
        fields: [
          { field: "tags", before: ["api"], after: ["api", "red"] },
          { field: "refresh", after: "1m" },
        ],
      },
    ]);
    const other = "grafana/dashboards/payments/api-logs.json";
    const logs = JSON.stringify({
      uid: "api-logs",
      title: "API logs",
      panels: [panel(1, "Lines")],
    });
    const changes = diff({ [PATH]: dashboard([]) }, { [other]: logs });
    expect(
      changes.map((a) => [a.status, a.id, a.changes.map((c) => `${c.status} ${c.name}`)]),
    ).toEqual([
      ["added", "api-logs", ['added "Lines"']],
      ["removed", "api-red", []],
    ]);
  });
});

const AM = "alertmanager/alertmanager.yml";
const CONFIG = `route:
  receiver: unrouted
  group_by: [alertname, service]
  routes:
    - matchers: ['team="payments"']
      routes:
        - receiver: payments-pager
          matchers: ['severity="page"']
          repeat_interval: 4h
receivers:
  - name: payments-pager
    pagerduty_configs:
      - routing_key_file: /etc/am/pager-key
  - name: unrouted
inhibit_rules:
  - source_matchers: ['severity="page"']
    target_matchers: ['severity="ticket"']
    equal: [service]
`;

describe("base files of the wrong shape (a hand-edited output folder)", () => {
  test("a dashboard whose panels hold nulls, numbers or a non-list is compared, not a crash", () => {
    const good = dashboard([panel(1, "Requests")]);
    const odd = dashboard([
      null,
      5,
      { type: "row", title: "R", panels: { x: 1 } },
      panel(1, "Requests"),
    ]);
    const [d] = diff({ [PATH]: odd }, { [PATH]: good });
    expect(d?.changes).toEqual([
      { status: "removed", kind: "row", name: '"R"', fields: [{ field: "type", before: "row" }] },
      {
        status: "changed",
        kind: "panel",
        name: '"Requests"',
        fields: [{ field: "row", before: "R", after: "" }],
      },
    ]);
    const [e] = diff({ [PATH]: dashboard([]).replace("[]", '{"a":1}') }, { [PATH]: good });
    expect(e?.changes.map((c) => `${c.status} ${c.name}`)).toContain('added "Requests"');
  });

  test("a pre-5.0 dashboard's rows are compared panel by panel, as Grafana migrates them", () => {
    const rows = JSON.stringify({
      uid: "api-red",
      title: "API",
      tags: ["api"],
      rows: [
        { title: "Main", panels: [{ id: 1, type: "timeseries", title: "Requests", span: 6 }] },
      ],
    });
    const now = dashboard([
      { id: 1, type: "timeseries", title: "Requests", gridPos: { x: 0, y: 0, w: 12, h: 7 } },
    ]);
    // The same panel where Grafana puts it: no change at all.
    expect(diff({ [PATH]: rows }, { [PATH]: now })).toEqual([]);
    const [d] = diff({ [PATH]: rows }, { [PATH]: now.replace('"w":12', '"w":24') });
    expect(d?.changes).toEqual([
      {
        status: "changed",
        kind: "panel",
        name: '"Requests"',
        fields: [{ field: "gridPos.w", before: 12, after: 24 }],
      },
    ]);
  });

  test("a file nested thousands of levels deep is compared by its bytes, not a stack overflow", () => {
    const deep = `${"[".repeat(20_000)}1${"]".repeat(20_000)}`;
    const good = dashboard([panel(1, "Requests")]);
    const odd = good.replace('"panels":', `"deep":${deep},"panels":`);
    // Unreadable as a dashboard, the base file has no uid: known by its path, like a file that is not JSON.
    const changed = diff({ [PATH]: odd }, { [PATH]: good });
    expect(changed.map((a) => `${a.status} ${a.kind} ${a.id} ${a.changes.length}`)).toEqual([
      "added dashboard api-red 1",
      `removed dashboard ${PATH} 0`,
    ]);
    const yaml = `route:\n  receiver: a\n  deep: ${deep}\n`;
    const [am] = diff({ [AM]: yaml }, { [AM]: "route:\n  receiver: a\n" });
    expect(am).toMatchObject({ kind: "alertmanager", status: "changed" });
    const rules = `groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: up == 0\n        labels: {x: ${deep}}\n`;
    const [r] = diff(
      { "prometheus/a.rules.yml": rules },
      { "prometheus/a.rules.yml": "groups: []\n" },
    );
    expect(r).toMatchObject({ id: "prometheus/a.rules.yml", status: "changed" });
  });

  test("an Alertmanager config with null routes, receivers, intervals and inhibit rules is compared", () => {
    const odd =
      "route:\n  receiver: a\n  routes: [null, 5, {matchers: [5, null], receiver: b}]\nreceivers: [null, {name: a}]\ntime_intervals: [null]\ninhibit_rules: [null, 5]\n";
    const [am] = diff({ [AM]: odd }, { [AM]: "route:\n  receiver: a\nreceivers: [{name: a}]\n" });
    expect(am?.changes.map((c) => `${c.status} ${c.kind} ${c.name}`)).toEqual([
      "removed route {5, null}",
    ]);
  });
});

describe("Alertmanager config", () => {
  test("routes known by their matchers, receivers by name, inhibit rules by content, global settings", () => {
    const after = CONFIG.replace("repeat_interval: 4h", "repeat_interval: 1h")
      .replace("group_by: [alertname, service]", "group_by: [alertname, service, slo]")
      .replace(
        "receivers:",
        `    - matchers: ['team="storage"']\n      receiver: storage-mail\nreceivers:\n  - name: storage-mail\n    email_configs:\n      - to: storage@example.com`,
      )
      .replace("/etc/am/pager-key", "/etc/am/pager-key-2")
      .replace("equal: [service]", "equal: [service, slo]");
    const [am] = diff({ [AM]: CONFIG }, { [AM]: `global:\n  resolve_timeout: 10m\n${after}` });
    expect(am?.changes).toEqual([
      {
        status: "changed",
        kind: "route",
        name: "(root)",
        fields: [
          {
            field: "group_by",
            before: ["alertname", "service"],
            after: ["alertname", "service", "slo"],
          },
        ],
      },
      {
        status: "changed",
        kind: "route",
        name: '{team="payments"} › {severity="page"}',
        fields: [{ field: "repeat_interval", before: "4h", after: "1h" }],
      },
      {
        status: "added",
        kind: "route",
        name: '{team="storage"}',
        fields: [{ field: "receiver", after: "storage-mail" }],
      },
      {
        status: "changed",
        kind: "receiver",
        name: "payments-pager",
        fields: [
          {
            field: "pagerduty_configs[0].routing_key_file",
            before: "/etc/am/pager-key",
            after: "/etc/am/pager-key-2",
          },
        ],
      },
      { status: "added", kind: "receiver", name: "storage-mail", fields: [] },
      {
        status: "added",
        kind: "inhibit rule",
        name: 'source {severity="page"} target {severity="ticket"} equal {service, slo}',
        fields: [],
      },
      {
        status: "removed",
        kind: "inhibit rule",
        name: 'source {severity="page"} target {severity="ticket"} equal {service}',
        fields: [],
      },
      {
        status: "changed",
        kind: "settings",
        name: "global",
        fields: [{ field: "global", after: { resolve_timeout: "10m" } }],
      },
    ]);
  });
});

describe("backtests", () => {
  test("fires per week that changed, alerts only one side ran, nothing for equal lines", () => {
    const line = (alert: string, tier: string | null, firesPerWeek: number) => ({
      alert,
      slo: "api/availability",
      tier,
      firesPerWeek,
      precision: 1,
    });
    const before = readBacktestLines([
      line("ApiBurn", "page-quick", 0.5),
      line("ApiBurn", "page-slow", 2),
      line("ApiOld", null, 1),
    ]);
    const after = readBacktestLines([
      line("ApiBurn", "page-quick", 0.5),
      line("ApiBurn", "page-slow", 3.25),
      line("ApiNew", null, 0),
    ]);
    if (typeof before === "string" || typeof after === "string") throw new Error("not read");
    const changes = diffSnapshots(snapshot({}), snapshot({}), {
      base: "HEAD",
      backtest: { before, after },
    }).artifacts;
    expect(changes).toEqual([
      {
        kind: "backtest",
        status: "changed",
        id: "backtest",
        changes: [
          {
            kind: "alert",
            name: "ApiBurn (page-slow)",
            within: "api/availability",
            status: "changed",
            fields: [{ field: "fires per week", before: "2", after: "3.25" }],
          },
          {
            kind: "alert",
            name: "ApiNew",
            within: "api/availability",
            status: "added",
            fields: [{ field: "fires per week", after: "0" }],
          },
          {
            kind: "alert",
            name: "ApiOld",
            within: "api/availability",
            status: "removed",
            fields: [{ field: "fires per week", before: "1" }],
          },
        ],
      },
    ]);
    expect(readBacktestLines({ alerts: [] })).toMatch(/expected the JSON array/);
    expect(readBacktestLines([{ alert: "A" }])).toBe(
      '[0]: expected an object with "alert" (string) and "firesPerWeek" (number)',
    );
  });
});
