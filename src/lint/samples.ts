import { formatDiagnostic } from "../diagnostics.ts";
import { parseService } from "../estate/build.ts";
import { parseLogQL } from "../logql/parse.ts";
import { parseYamlDocument } from "../load/yaml.ts";
import { durationSeconds } from "../core/duration.ts";
import type { Estate } from "../model/estate.ts";
import { issuesToDiagnostics } from "../model/issues.ts";
import { serviceLogsSchema } from "../model/logs.ts";
import { type MetricInput, metricSchema } from "../model/metric.ts";
import { FIXTURE_KNOWN_METRICS, FIXTURE_SERIES_LABELS } from "./dashboard/fixtures.ts";
import { catalogueFamily, estateCatalogue, lintedRules } from "./engine.ts";
import { chooseFormat, parseExpositionText } from "./exposition/stream.ts";
import { LOKI_DEFAULT_INTERVAL_SECONDS, runLogqlRule } from "./logql.ts";
import { knownRuleIds } from "./rules/index.ts";
import type { LintProblem, LintRule, LogqlContext, MetricFamily } from "./rule.ts";
import { indexSemconv, loadSemconv } from "./semconv.ts";

/**
 * Rule samples (`good` and `bad`) are strings, so they can be shown in the
 * docs as they are. What a sample is depends on the rule's target:
 *
 * - exposition rules: a Prometheus text or OpenMetrics exposition;
 * - metric rules: an exposition, or YAML starting with `metrics:` (catalogue
 *   entries with the fields of `metric()`);
 * - rule rules: a PromQL query (run as the expr of an alert with `for`,
 *   summary and runbook), or YAML of one rule (`alert:` or `record:` plus
 *   the fields of `alert()`/`record()`), of a group (`interval`, `rules`), or
 *   of `groups:`; with an optional `metrics:` catalogue. Without one the
 *   sample catalogue below is used;
 * - dashboard rules: a dashboard's JSON (src/lint/dashboard/fixtures.ts
 *   builds them), linted with FIXTURE_KNOWN_METRICS as the defined metrics
 *   and FIXTURE_SERIES_LABELS as the catalogue's labels;
 * - LogQL rules: a LogQL query (run as an alert in a 1m group), or YAML with
 *   `expr` and any of `use` (alert, record, sli), `interval`, `logs` (the
 *   service's `{ selector, format }`) and `logVolume`.
 */
export type SampleKind =
  | "exposition"
  | "catalogue"
  | "rules"
  | "query"
  | "dashboard"
  | "logql"
  | "logql-yaml";

/** The catalogue rule samples run against unless they bring their own `metrics:`. */
export const SAMPLE_CATALOGUE: readonly MetricInput[] = [
  {
    name: "http_requests_total",
    type: "counter",
    unit: "{request}",
    help: "HTTP requests served.",
    labels: ["method", "route", "code"],
  },
  {
    name: "http_request_duration_seconds",
    type: "histogram",
    unit: "s",
    help: "HTTP request latency.",
    labels: ["method", "route"],
  },
  {
    name: "process_resident_memory_bytes",
    type: "gauge",
    unit: "By",
    help: "Resident memory size.",
  },
];

export function sampleKind(rule: LintRule, sample: string): SampleKind {
  if (rule.target === "exposition") return "exposition";
  if (rule.target === "metric") return sample.startsWith("metrics:") ? "catalogue" : "exposition";
  if (rule.target === "dashboard") return "dashboard";
  if (rule.target === "logql") return isLogqlYaml(tryYaml(sample)) ? "logql-yaml" : "logql";
  return ruleSampleKind(tryYaml(sample));
}

/** Run one rule on one sample; samples that do not parse or validate are bugs and throw. */
export async function runSample(rule: LintRule, sample: string): Promise<LintProblem[]> {
  if (rule.target === "exposition") {
    const { errors } = parseExpositionText(sample, chooseFormat("auto", undefined, sample));
    return errors.flatMap((error) => rule.check({ error }));
  }
  if (rule.target === "metric") {
    const semconv = rule.needsSemconv ? await loadSemconv() : indexSemconv(new Set());
    return sampleFamilies(sample).flatMap((family) => rule.check({ family, semconv }));
  }
  if (rule.target === "dashboard") {
    return rule.check({
      dashboard: JSON.parse(sample),
      isKnownMetric: (name) => FIXTURE_KNOWN_METRICS.has(name),
      seriesLabels: (name) => FIXTURE_SERIES_LABELS.get(name),
    });
  }
  if (rule.target === "logql") {
    const ctx = logqlSampleContext(sample);
    if (ctx.parsed.errors.length > 0)
      throw new Error(`Bug: LogQL sample does not parse: ${ctx.parsed.errors[0]!.message}`);
    return runLogqlRule(rule, ctx);
  }
  const estate = sampleEstate(sample);
  const service = estate.services[0]!.value;
  const rules = lintedRules(service);
  const catalogue = estateCatalogue(estate, undefined, [rules]);
  const known = knownRuleIds();
  return rules.flatMap((r) =>
    r.disable.includes(rule.id)
      ? []
      : rule.check({ rule: r, siblings: rules, catalogue, knownRuleIds: known }),
  );
}

/** The context a LogQL sample describes, with the defaults it leaves out. */
export function logqlSampleContext(sample: string): LogqlContext {
  const doc = tryYaml(sample);
  const d: Record<string, unknown> = isLogqlYaml(doc) ? doc : { expr: sample.trim() };
  const expr = String(d.expr);
  return {
    expr,
    parsed: parseLogQL(expr),
    use: (d.use as LogqlContext["use"] | undefined) ?? "alert",
    logs: d.logs === undefined ? undefined : serviceLogsSchema.parse(d.logs),
    logVolume: d.logVolume as LogqlContext["logVolume"],
    intervalSeconds:
      d.interval === undefined
        ? LOKI_DEFAULT_INTERVAL_SECONDS
        : durationSeconds(String(d.interval)),
  };
}

function isLogqlYaml(doc: unknown): doc is Record<string, unknown> {
  return isRecord(doc) && typeof doc.expr === "string";
}

function sampleFamilies(sample: string): MetricFamily[] {
  if (sample.startsWith("metrics:")) {
    const parsed = parseYamlDocument(sample);
    if (!parsed.ok) throw new Error(`Bug: sample is not YAML: ${parsed.message}`);
    const doc = parsed.document as { metrics: unknown[] };
    return doc.metrics.map((m) => catalogueFamily(metricSchema.parse(m)));
  }
  const { families, errors } = parseExpositionText(sample, chooseFormat("auto", undefined, sample));
  if (errors.length > 0) throw new Error(`Bug: sample does not parse: ${errors[0]!.message}`);
  return families;
}

/** A one-service estate built from a rule sample. */
export function sampleEstate(sample: string): Estate {
  const doc = tryYaml(sample);
  let groups: unknown[];
  let metrics: unknown = SAMPLE_CATALOGUE;
  if (ruleSampleKind(doc) === "query") {
    groups = [
      {
        name: "sample",
        rules: [
          {
            kind: "alert",
            name: "SampleAlert",
            expr: sample.trim(),
            for: "5m",
            severity: "ticket",
            annotations: {
              summary: "Sample alert",
              runbookUrl: "https://runbooks.example.com/sample",
            },
          },
        ],
      },
    ];
  } else {
    const d = doc as Record<string, unknown>;
    if (d.metrics !== undefined) metrics = d.metrics;
    if (Array.isArray(d.groups))
      groups = d.groups.map((g) => withKinds(g as Record<string, unknown>));
    else if (Array.isArray(d.rules)) groups = [withKinds({ name: "sample", ...d })];
    else if ("alert" in d || "record" in d) groups = [withKinds({ name: "sample", rules: [d] })];
    else groups = [];
  }
  const input = { kind: "service", name: "sample", team: "sample", metrics, groups };
  const parsed = parseService(input);
  if (!parsed.ok) {
    const first = issuesToDiagnostics(parsed.issues, "sample")[0];
    throw new Error(
      `Bug: rule sample is not a valid definition: ${first === undefined ? "" : formatDiagnostic(first)}`,
    );
  }
  return { services: [{ file: "sample.yaml", source: "sample.yaml", value: parsed.value }] };
}

/** `{alert: X, ...}` → `{kind: "alert", name: X, ...}`, as the alert()/record() helpers write it. */
function withKinds(group: Record<string, unknown>): Record<string, unknown> {
  const { metrics: _ignored, ...rest } = group;
  const rules = (rest.rules as Record<string, unknown>[] | undefined) ?? [];
  return {
    ...rest,
    rules: rules.map((r) => {
      const { alert, record, ...fields } = r;
      return alert !== undefined
        ? { kind: "alert", name: alert, ...fields }
        : { kind: "record", name: record, ...fields };
    }),
  };
}

function ruleSampleKind(doc: unknown): "query" | "rules" {
  return isRecord(doc) && ["groups", "rules", "alert", "record", "metrics"].some((k) => k in doc)
    ? "rules"
    : "query";
}

function tryYaml(text: string): unknown {
  const parsed = parseYamlDocument(text);
  return parsed.ok ? parsed.document : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
