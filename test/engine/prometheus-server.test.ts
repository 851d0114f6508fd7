import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { load } from "js-yaml";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { toYaml } from "../../src/emit/serialize.ts";
import { compileProject } from "../../src/pipeline/project.ts";
import { sliRecordedBy } from "../../src/slo/sli.ts";
import type { PrometheusRuleFile } from "../../src/targets/prometheus/rule-file.ts";
import { DEFINITIONS, PROJECT_ROOT } from "../helpers/paths.ts";
import { type RunningPrometheus, startPrometheus } from "../helpers/prometheus.ts";

/**
 * A real Prometheus (Debian's package) on 127.0.0.1 with a temporary TSDB
 * loads every generated rule file and scrapes a local target that serves
 * synthetic metrics for the example estate. After a few evaluation cycles
 * every rule must be healthy and every Prometheus-recorded SLI must exist.
 *
 * Prometheus evaluates in real time, so the copies it loads evaluate every
 * group each second (scrapes too): a `1m` group would first run up to a
 * minute in. The interval is the only field changed; what is checked (every
 * group of every file loaded, evaluated several times with data, healthy)
 * does not depend on it. What is left is real time: targets are first scraped
 * some seconds in, and a `[5m:1m]` subquery SLI has a point only at the first
 * whole minute after that.
 */
const started = Date.now();

function exposition(): string {
  // Counters grow with time so rate() has something to measure.
  const t = (Date.now() - started) / 1000 + 100;
  const lines: string[] = [];
  const histogram = (
    name: string,
    labels: string,
    buckets: number[],
    perSecond: number,
    slowShare: number,
  ) => {
    lines.push(`# TYPE ${name} histogram`);
    for (const le of buckets) {
      const share = le >= 0.5 ? 1 - slowShare / 2 : 1 - slowShare;
      lines.push(`${name}_bucket{${labels},le="${le}"} ${Math.floor(perSecond * t * share)}`);
    }
    lines.push(`${name}_bucket{${labels},le="+Inf"} ${Math.floor(perSecond * t)}`);
    lines.push(`${name}_count{${labels}} ${Math.floor(perSecond * t)}`);
    lines.push(`${name}_sum{${labels}} ${perSecond * t * 0.1}`);
  };
  for (const [code, rate] of [
    ["200", 20],
    ["503", 0.05],
  ] as const) {
    histogram(
      "http_server_request_duration_seconds",
      `http_request_method="GET",http_response_status_code="${code}",http_route="/cart"`,
      [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
      rate,
      0.01,
    );
  }
  lines.push(`http_server_active_requests{http_request_method="GET"} 12`);
  for (const [error, rate] of [
    ["", 5],
    ["timeout", 0.01],
  ] as const) {
    histogram(
      "messaging_process_duration_seconds",
      `messaging_destination_name="payment-requested",error_type="${error}"`,
      [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30],
      rate,
      0.02,
    );
  }
  lines.push(
    `messaging_client_consumed_messages_total{messaging_destination_name="payment-requested"} ${Math.floor(5 * t)}`,
  );
  lines.push(`payment_queue_messages{messaging_destination_name="payment-requested"} 3`);
  lines.push(`postgresql_backends{postgresql_database_name="orders"} 40`);
  lines.push("postgresql_connection_max 100");
  lines.push(`postgresql_deadlocks_total{postgresql_database_name="orders"} 2`);
  lines.push(`postgresql_replication_data_delay_bytes{replication_client="replica-1"} 1024`);
  histogram(
    "db_client_operation_duration_seconds",
    `db_system_name="postgresql",db_operation_name="SELECT",error_type=""`,
    [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10],
    30,
    0.001,
  );
  // shipping-api: the spanmetrics connector's series (its SLOs read nothing else); buckets in ms.
  const span = 'service_name="shipping-api",span_name="POST /labels",span_kind="SPAN_KIND_SERVER"';
  for (const [status, rate] of [
    ["STATUS_CODE_UNSET", 8],
    ["STATUS_CODE_ERROR", 0.02],
  ] as const) {
    lines.push(
      `traces_span_metrics_calls_total{${span},status_code="${status}"} ${Math.floor(rate * t)}`,
    );
  }
  histogram(
    "traces_span_metrics_duration_milliseconds",
    `${span},status_code="STATUS_CODE_UNSET"`,
    [2, 4, 6, 8, 10, 50, 100, 200, 400, 800, 1000, 1400, 2000, 5000, 10000, 15000],
    8,
    0.005,
  );
  // Series Loki's ruler would remote-write (Loki recording rules used as SLI inputs).
  lines.push(`service:checkout_api_access_log_requests:count1m ${600 + (Math.floor(t) % 7)}`);
  lines.push(`service:checkout_api_access_log_errors:count1m ${Math.floor(t) % 3}`);
  return `${lines.join("\n")}\n`;
}

const BUILT = join(PROJECT_ROOT, "out/prometheus");

let server: Server;
let prometheus: RunningPrometheus;
let dir: string;
/** `file/group` of every group in the built rule files. */
let builtGroups: string[];
let jobs: number;

beforeAll(async () => {
  const compiled = await compileProject({ definitions: DEFINITIONS, cwd: PROJECT_ROOT });
  if (!compiled.ok) throw new Error("definitions/ must be valid");
  server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
    res.end(exposition());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const target = `127.0.0.1:${(server.address() as AddressInfo).port}`;

  // Not tempDir: that one is removed after the first test, and the TSDB lives here until the last.
  dir = await mkdtemp(join(tmpdir(), "obsforge-prometheus-"));
  await mkdir(join(dir, "rules"));
  const ruleFiles: string[] = [];
  builtGroups = [];
  for (const name of (await readdir(BUILT)).sort()) {
    const doc = load(await readFile(join(BUILT, name), "utf8")) as PrometheusRuleFile;
    builtGroups.push(...doc.groups.map((g) => `${name}/${g.name}`));
    const copy = { ...doc, groups: doc.groups.map((g) => ({ ...g, interval: "1s" })) };
    ruleFiles.push(join(dir, "rules", name));
    await writeFile(join(dir, "rules", name), toYaml(copy));
  }
  jobs = compiled.value.estate.services.length;
  prometheus = await startPrometheus(dir, {
    global: { scrape_interval: "1s", evaluation_interval: "1s" },
    rule_files: ruleFiles,
    // One job per service, all scraping the synthetic target; `up` comes for free.
    scrape_configs: compiled.value.estate.services.map(({ value }) => ({
      job_name: value.name,
      static_configs: [{ targets: [target] }],
    })),
  });
});

afterAll(async () => {
  await prometheus?.stop();
  await new Promise((r) => server?.close(r));
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

interface RuleGroupStatus {
  name: string;
  file: string;
  lastEvaluation: string;
  rules: { name: string; health: string; lastError?: string; lastEvaluation: string }[];
}

async function ruleGroups(): Promise<RuleGroupStatus[]> {
  return (await prometheus.get<{ groups: RuleGroupStatus[] }>("/api/v1/rules")).data.groups;
}

const fileGroup = (g: RuleGroupStatus) => `${g.file.slice(g.file.lastIndexOf("/") + 1)}/${g.name}`;

describe("a real Prometheus server loads and evaluates the generated rules", () => {
  test("every rule group is loaded, evaluated several times and healthy", async () => {
    // Data first: every job scraped a few times, so rate() has samples in every window.
    await prometheus.until(async () => {
      const { data } = await prometheus.get<{ result: unknown[] }>(
        `/api/v1/query?query=${encodeURIComponent("count_over_time(up[1m]) >= 3")}`,
      );
      return data.result.length === jobs;
    }, "three scrapes of every job");
    // Then three evaluations of every group while watching: the first time seen may be older
    // (or the zero time of a group not yet run), so more than three distinct times.
    const seen = new Map<string, Set<string>>();
    await prometheus.until(async () => {
      const groups = await ruleGroups();
      for (const g of groups) {
        const times = seen.get(fileGroup(g)) ?? new Set();
        times.add(g.lastEvaluation);
        seen.set(fileGroup(g), times);
      }
      return (
        groups.length === builtGroups.length &&
        groups.every((g) => g.rules.every((r) => r.health !== "unknown")) &&
        [...seen.values()].every((t) => t.size > 3)
      );
    }, "three evaluations of every rule group");

    const groups = await ruleGroups();
    expect(groups.map(fileGroup).sort()).toEqual([...builtGroups].sort());
    const unhealthy = groups.flatMap((g) =>
      g.rules
        .filter((r) => r.health !== "ok")
        .map((r) => `${g.name}/${r.name}: ${r.health} ${r.lastError ?? ""}`),
    );
    expect(unhealthy).toEqual([]);
  });

  test("every SLI recorded by Prometheus has series for every window", async () => {
    const compiled = await compileProject({ definitions: DEFINITIONS, cwd: PROJECT_ROOT });
    if (!compiled.ok) throw new Error("invalid definitions");
    const expected = compiled.value.estate.services
      .flatMap(({ value: service }) =>
        service.slos
          .filter((slo) => sliRecordedBy(slo.sli) === "prometheus")
          .map((slo) => `${service.name}-${slo.name}`),
      )
      .sort();
    expect(expected.length).toBeGreaterThanOrEqual(5);
    type Series = { result: { metric: { sloth_id: string; sloth_window: string } }[] };
    const windowsById = async () => {
      const { data } = await prometheus.get<Series>(
        `/api/v1/query?query=${encodeURIComponent('count by (sloth_id, sloth_window) ({__name__=~"slo:sli_error:ratio_rate.*"})')}`,
      );
      const byId = new Map<string, string[]>();
      for (const { metric } of data.result)
        byId.set(metric.sloth_id, [...(byId.get(metric.sloth_id) ?? []), metric.sloth_window]);
      return byId;
    };
    // Each window's group is evaluated on its own schedule: wait until every SLO has all eight,
    // so a loaded machine that has run only some groups yet does not fail the count below.
    await prometheus.until(async () => {
      const byId = await windowsById();
      return expected.every((id) => (byId.get(id)?.length ?? 0) >= 8);
    }, "every window series of every SLO");
    const byId = await windowsById();
    for (const id of expected) {
      const seen = byId.get(id) ?? [];
      // 7 alert windows (5m … 3d) and the period.
      expect(seen.length, id).toBe(8);
    }
  });
});
