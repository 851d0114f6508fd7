import { describe, expect, test } from "vitest";
import { buildCatalogue } from "../../src/lint/catalogue.ts";
import type { LintConfig } from "../../src/lint/config.ts";
import { lintEstate } from "../../src/lint/engine.ts";
import {
  createLabelEnv,
  dropperOf,
  inferLabels,
  lacksLabel,
} from "../../src/lint/promql/labels.ts";
import { sampleEstate } from "../../src/lint/samples.ts";
import { metricSchema } from "../../src/model/metric.ts";
import { parsePromQL } from "../../src/promql/parse.ts";
import { lintProject } from "../../src/pipeline/lint.ts";
import { PROJECT_ROOT } from "./helpers.ts";

const config = (rules: LintConfig["rules"] = {}, extra: Partial<LintConfig> = {}): LintConfig => ({
  rules,
  knownMetrics: [],
  ...extra,
});

async function findings(sample: string, settings: LintConfig = config()) {
  return (await lintEstate(sampleEstate(sample), { config: settings })).map(
    (f) => `${f.severity} ${f.code} ${f.subject}`,
  );
}

const ALERT = (expr: string, name = "Sample") =>
  `alert: ${name}\nexpr: '${expr}'\nfor: 5m\nseverity: ticket\nannotations:\n  summary: Sample\n  runbookUrl: https://runbooks.example.com/sample\n`;

describe("lintEstate", () => {
  test("a clean rule gives no findings", async () => {
    expect(await findings(ALERT("sum by (route) (rate(http_requests_total[5m])) > 1"))).toEqual([]);
  });

  test("an inline lint.disable switches off only the listed rule on only that rule", async () => {
    const indent = (text: string) => text.replace(/\n/g, "\n    ");
    const first = indent(ALERT("rate(http_requests_total[1m]) > 1", "Quiet"));
    const second = indent(ALERT("rate(http_requests_total[2m]) > 2", "Loud"));
    const sample = `rules:\n  - ${first}lint: { disable: [promql/rate-window] }\n  - ${second}`;
    expect(await findings(sample)).toEqual(["warning promql/rate-window Loud"]);
  });

  test("config re-levels a rule and switches another off", async () => {
    const sample = ALERT('rate(http_requests_total{route=~".*"}[1m]) > 1');
    expect(await findings(sample)).toEqual([
      "warning promql/rate-window Sample",
      "warning promql/regex-always-true Sample",
    ]);
    expect(
      await findings(
        sample,
        config({ "promql/rate-window": "error", "promql/regex-always-true": "off" }),
      ),
    ).toEqual(["error promql/rate-window Sample"]);
  });

  test("config knownMetrics (exact or prefix*) silences promql/undefined-metric", async () => {
    const sample = ALERT("node_load1 > 4 and kube_pod_ready == 0");
    expect(await findings(sample)).toEqual([
      "warning promql/undefined-metric Sample",
      "warning promql/undefined-metric Sample",
    ]);
    expect(
      await findings(sample, config({}, { knownMetrics: ["node_*", "kube_pod_ready"] })),
    ).toEqual([]);
  });

  test("labels of recorded series come from the recording rule's own expression", async () => {
    const sample = [
      "groups:",
      "  - name: g",
      "    rules:",
      "      - record: job:http_requests:rate5m",
      "        expr: sum by (job) (rate(http_requests_total[5m]))",
      "        labels: { tier: web }",
      "      - alert: JobBusy",
      "        expr: job:http_requests:rate5m > 100",
      "        for: 5m",
      "        severity: ticket",
      "        annotations:",
      "          summary: '{{ $labels.job }} in {{ $labels.tier }} on {{ $labels.route }}'",
      "          runbookUrl: https://runbooks.example.com/busy",
    ].join("\n");
    expect(await findings(sample)).toEqual(["error alert/unknown-label JobBusy"]);
  });

  test("histogram and summary families expand to their series for type checks", async () => {
    const good = ALERT("sum(rate(http_request_duration_seconds_count[5m])) > 1");
    expect(await findings(good)).toEqual([]);
    expect(await findings(ALERT("http_request_duration_seconds_sum > 1"))).toEqual([
      "error promql/counter-without-rate Sample",
    ]);
  });

  test("findings are sorted and deterministic", async () => {
    const sample = ALERT('rate(process_resident_memory_bytes{route=~"x"}[1m]) > 1');
    const a = await lintEstate(sampleEstate(sample));
    const b = await lintEstate(sampleEstate(sample));
    expect(a).toEqual(b);
    expect(a.map((f) => f.code)).toEqual([
      "promql/catalogue-label",
      "promql/rate-non-counter",
      "promql/rate-window",
      "promql/regex-literal",
    ]);
  });

  test("the repository's definitions/ lint clean", async () => {
    const result = await lintProject({ cwd: PROJECT_ROOT });
    expect(result.ok && result.value.findings).toEqual([]);
  });
});

describe("label inference", () => {
  const catalogue = buildCatalogue([
    {
      service: "s",
      metrics: [
        metricSchema.parse({
          name: "reqs_total",
          type: "counter",
          unit: "1",
          help: "h",
          labels: ["route", "code"],
        }),
        metricSchema.parse({
          name: "lat_seconds",
          type: "histogram",
          unit: "s",
          help: "h",
          labels: ["route"],
        }),
      ],
      records: [],
    },
  ]);

  test.for([
    { query: "reqs_total", label: "route", lacks: false, dropper: undefined },
    { query: "reqs_total", label: "pod", lacks: true, dropper: undefined },
    { query: "reqs_total", label: "instance", lacks: false, dropper: undefined },
    {
      query: "sum by (code) (rate(reqs_total[5m]))",
      label: "route",
      lacks: true,
      dropper: "sum by (code)",
    },
    {
      query: "sum without (code) (rate(reqs_total[5m]))",
      label: "route",
      lacks: false,
      dropper: undefined,
    },
    {
      query: "sum without (code) (rate(reqs_total[5m]))",
      label: "code",
      lacks: true,
      dropper: "sum without (code)",
    },
    { query: "sum(reqs_total)", label: "route", lacks: true, dropper: "sum" },
    { query: "topk(3, reqs_total)", label: "route", lacks: false, dropper: undefined },
    {
      query: 'label_replace(sum(reqs_total), "svc", "$1", "x", "(.*)")',
      label: "svc",
      lacks: false,
      dropper: undefined,
    },
    { query: "reqs_total > on(code) reqs_total", label: "route", lacks: true, dropper: "on(code)" },
    {
      query: "reqs_total / ignoring(code) reqs_total",
      label: "code",
      lacks: true,
      dropper: "ignoring(code)",
    },
    {
      query: "sum by (code) (reqs_total) * on(code) group_left(route) reqs_total",
      label: "route",
      lacks: false,
      dropper: undefined,
    },
    {
      query: "histogram_quantile(0.9, sum by (le, route) (rate(lat_seconds_bucket[5m])))",
      label: "le",
      lacks: true,
      dropper: undefined,
    },
    { query: 'absent(reqs_total{route="/x"})', label: "route", lacks: false, dropper: undefined },
    { query: 'absent(reqs_total{route="/x"})', label: "code", lacks: true, dropper: undefined },
    { query: "unknown_metric", label: "anything", lacks: false, dropper: undefined },
    {
      query: "sum by (code) (reqs_total) or unknown_metric",
      label: "route",
      lacks: false,
      dropper: undefined,
    },
    { query: "vector(1)", label: "route", lacks: true, dropper: undefined },
    {
      query: 'count_values("value", reqs_total)',
      label: "value",
      lacks: false,
      dropper: undefined,
    },
  ])("$query: lacks $label = $lacks", ({ query, label, lacks, dropper }) => {
    const set = inferLabels(query, parsePromQL(query).tree.topNode, createLabelEnv(catalogue));
    expect(lacksLabel(set, label)).toBe(lacks);
    // Which aggregation removed a label only means something for a missing label.
    expect(lacks ? dropperOf(set, label)?.text : undefined).toBe(dropper);
  });
});
