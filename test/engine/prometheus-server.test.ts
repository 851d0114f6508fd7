import { type ChildProcess, spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readdirSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { toYaml } from "../../src/emit/serialize.ts";
import { compileProject } from "../../src/pipeline/project.ts";
import { sliRecordedBy } from "../../src/slo/sli.ts";
import { DEFINITIONS, PROJECT_ROOT } from "../helpers/paths.ts";
import { tempDir } from "../helpers/temp.ts";

/**
 * A real Prometheus (Debian's package) on 127.0.0.1 with a temporary TSDB
 * loads every generated rule file and scrapes a local target that serves
 * synthetic metrics for the example estate. After a few evaluation cycles
 * every rule must be healthy and every Prometheus-recorded SLI must exist.
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
  // Series Loki's ruler would remote-write (Loki recording rules used as SLI inputs).
  lines.push(`service:checkout_api_access_log_requests:count1m ${600 + (Math.floor(t) % 7)}`);
  lines.push(`service:checkout_api_access_log_errors:count1m ${Math.floor(t) % 3}`);
  return `${lines.join("\n")}\n`;
}

let server: Server;
let prometheus: ChildProcess;
let base = "";
let log = "";

async function get(path: string): Promise<{ status: string; data: unknown }> {
  const res = await fetch(`${base}${path}`);
  return (await res.json()) as { status: string; data: unknown };
}

async function waitFor(
  check: () => Promise<boolean>,
  seconds: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Timed out waiting for ${what}; prometheus log:\n${log.slice(-3000)}`);
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

beforeAll(async () => {
  const compiled = await compileProject({ definitions: DEFINITIONS, cwd: PROJECT_ROOT });
  if (!compiled.ok) throw new Error("definitions/ must be valid");
  server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
    res.end(exposition());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const target = `127.0.0.1:${(server.address() as AddressInfo).port}`;

  const dir = await tempDir("obsforge-prometheus-");
  const ruleFiles = readdirSync(join(PROJECT_ROOT, "out/prometheus")).map((f) =>
    join(PROJECT_ROOT, "out/prometheus", f),
  );
  const config = {
    global: { scrape_interval: "1s", evaluation_interval: "1s" },
    rule_files: ruleFiles,
    // One job per service, all scraping the synthetic target; `up` comes for free.
    scrape_configs: compiled.value.estate.services.map(({ value }) => ({
      job_name: value.name,
      static_configs: [{ targets: [target] }],
    })),
  };
  await writeFile(join(dir, "prometheus.yml"), toYaml(config));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  prometheus = spawn(
    "prometheus",
    [
      `--config.file=${join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  prometheus.stdout?.on("data", (d) => (log += d));
  prometheus.stderr?.on("data", (d) => (log += d));
  await waitFor(async () => (await fetch(`${base}/-/ready`)).ok, 180, "Prometheus to be ready");
});

afterAll(async () => {
  if (prometheus !== undefined && prometheus.exitCode === null) {
    const exited = new Promise((r) => prometheus.once("exit", r));
    prometheus.kill("SIGTERM");
    await exited;
  }
  await new Promise((r) => server?.close(r));
});

interface RuleGroupStatus {
  name: string;
  file: string;
  rules: { name: string; health: string; lastError?: string; lastEvaluation: string }[];
}

describe("a real Prometheus server loads and evaluates the generated rules", () => {
  // Groups with `interval: 1m` first run up to a minute in (Prometheus offsets each group by a
  // hash of its file and name), then 6 s more: well beyond the default 60 s test timeout.
  test("every rule group is loaded, evaluated several times and healthy", async () => {
    // Wait until rates have two samples in every window (a few scrapes) and groups ran since.
    await waitFor(
      async () => {
        const { data } = await get("/api/v1/rules");
        const groups = (data as { groups: RuleGroupStatus[] }).groups;
        return (
          groups.length > 0 && groups.every((g) => g.rules.every((r) => r.health !== "unknown"))
        );
      },
      // A 1m group's first evaluation can come a full minute in; leave room on a busy machine.
      100,
      "every rule to be evaluated",
    );
    await new Promise((r) => setTimeout(r, 6000));

    const { data } = await get("/api/v1/rules");
    const groups = (data as { groups: RuleGroupStatus[] }).groups;
    const files = new Set(groups.map((g) => g.file));
    expect(files.size).toBe(readdirSync(join(PROJECT_ROOT, "out/prometheus")).length);
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
    await waitFor(
      async () => {
        const { data } = await get(
          `/api/v1/query?query=${encodeURIComponent("count by (sloth_id) (slo:sli_error:ratio_rate5m)")}`,
        );
        const found = (data as { result: { metric: { sloth_id: string } }[] }).result.map(
          (r) => r.metric.sloth_id,
        );
        return expected.every((id) => found.includes(id));
      },
      60,
      "SLI series of every SLO",
    );
    const { data } = await get(
      `/api/v1/query?query=${encodeURIComponent('count by (sloth_id, sloth_window) ({__name__=~"slo:sli_error:ratio_rate.*"})')}`,
    );
    const windows = (data as { result: { metric: { sloth_id: string; sloth_window: string } }[] })
      .result;
    for (const id of expected) {
      const seen = windows
        .filter((w) => w.metric.sloth_id === id)
        .map((w) => w.metric.sloth_window);
      // 7 alert windows (5m … 3d) and the period.
      expect(seen.length, id).toBe(8);
    }
  });
});
