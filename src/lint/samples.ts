import { formatPath, type Problem, sortProblems } from "../core/problem.ts";
import { parseRouting, parseService } from "../estate/build.ts";
import { routingContext } from "./routing.ts";
import { chooseFormat } from "../exposition/format.ts";
import { parseExpositionText } from "../exposition/stream.ts";
import { parseLogQL } from "../logql/parse.ts";
import { parseYamlDocument } from "../load/yaml.ts";
import { durationSeconds } from "../core/duration.ts";
import type { Estate } from "../model/estate.ts";
import { issuesToDiagnostics } from "../model/issues.ts";
import { serviceLogsSchema } from "../model/logs.ts";
import { type MetricInput, metricSchema } from "../model/metric.ts";
import { FIXTURE_KNOWN_METRICS, FIXTURE_SERIES_LABELS } from "./dashboard/fixtures.ts";
import {
  catalogueFamily,
  estateCatalogue,
  lintDashboards,
  lintEstate,
  lintedRules,
} from "./engine.ts";
import { LOKI_DEFAULT_INTERVAL_SECONDS, runLogqlCheck } from "./logql.ts";
import { knownCheckIds } from "./registry.ts";
import type { Check, CheckProblem, FormattedProblem, LogqlContext, MetricFamily } from "./check.ts";
import { formatProblems } from "./messages.ts";
import { DEFAULT_LINT_CONFIG, type LintConfig } from "./config.ts";
import { foreignSampleRules, lintForeignFiles } from "./foreign/index.ts";
import { type ForeignFile, parseForeignText } from "../load/foreign/read.ts";
import { lintExposition } from "./metric-lint.ts";
import { logCheckProblems, lintLogStream } from "./logs/lint-logs.ts";
import { indexSemconv, loadSemconv } from "./semconv.ts";

/**
 * Check samples (`good` and `bad`) are strings, so they can be shown in the
 * docs as they are. What a sample is depends on the check's target:
 *
 * - exposition checks: a Prometheus text or OpenMetrics exposition;
 * - metric checks: an exposition, or YAML starting with `metrics:` (catalogue
 *   entries with the fields of `metric()`);
 * - rule checks: a PromQL query (run as the expr of an alert with `for`,
 *   summary and runbook), or YAML of one rule (`alert:` or `record:` plus
 *   the fields of `alert()`/`record()`), of a group (`interval`, `rules`), or
 *   of `groups:`, or `plainGroups:` (rules as a plain rule file writes them);
 *   with an optional `metrics:` catalogue. Without one the
 *   sample catalogue below is used;
 * - dashboard checks: a dashboard's JSON (src/lint/dashboard/fixtures.ts
 *   builds them), linted with FIXTURE_KNOWN_METRICS as the defined metrics
 *   and FIXTURE_SERIES_LABELS as the catalogue's labels;
 * - checks only foreign files can break (`RuleCheck.foreign`): a Prometheus
 *   or Loki rule file, linted in place as `obsforge lint FILE` reads it;
 * - configurable checks run with their `options.sample` settings;
 * - log checks: log lines as `obsforge lint-logs` reads them, with the
 *   OpenTelemetry profile (format from the first line);
 * - LogQL checks: a LogQL query (run as an alert in a 1m group), or YAML with
 *   `expr` and any of `use` (alert, record, sli), `interval`, `logs` (the
 *   service's `{ selector, format }`) and `logVolume`.
 */
export type SampleKind =
  | "foreign"
  | "exposition"
  | "catalogue"
  | "rules"
  | "query"
  | "dashboard"
  | "logql"
  | "logql-yaml"
  | "routing"
  | "logs";

/** The catalogue rule-check samples run against unless they bring their own `metrics:`. */
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

export function sampleKind(check: Check, sample: string): SampleKind {
  if (check.target === "logs") return "logs";
  if (check.target === "exposition") return "exposition";
  if (check.target === "metric") return sample.startsWith("metrics:") ? "catalogue" : "exposition";
  if (check.target === "dashboard") return "dashboard";
  if (check.target === "logql") return isLogqlYaml(tryYaml(sample)) ? "logql-yaml" : "logql";
  if (check.target === "routing") return "routing";
  if (check.foreign === true) return "foreign";
  return ruleSampleKind(tryYaml(sample));
}

/**
 * Run one check on one sample, straight on the check's context (no config,
 * no positions), with messages formatted; samples that do not parse or
 * validate are bugs and throw.
 */
export async function runSample(check: Check, sample: string): Promise<FormattedProblem[]> {
  return check.target === "logql"
    ? runLogqlCheck(check, logqlSample(sample))
    : formatProblems(check, await sampleProblems(check, sample));
}

async function sampleProblems(check: Check, sample: string): Promise<CheckProblem[]> {
  if (check.target === "logs") return logCheckProblems(check, sample);
  if (check.target === "exposition") {
    const { errors } = parseExpositionText(sample, chooseFormat("auto", undefined, sample));
    return errors.flatMap((error) => check.check({ error }));
  }
  if (check.target === "metric") {
    const semconv = check.needsSemconv ? await loadSemconv() : indexSemconv(new Map());
    return sampleFamilies(sample).flatMap((family) => check.check({ family, semconv }));
  }
  if (check.target === "dashboard") {
    return check.check({
      dashboard: JSON.parse(sample),
      isKnownMetric: (name) => FIXTURE_KNOWN_METRICS.has(name),
      seriesLabels: (name) => FIXTURE_SERIES_LABELS.get(name),
    });
  }
  if (check.target === "logql") return check.check(logqlSample(sample));
  if (check.target === "routing") {
    const estate = routingSampleEstate(sample, "sample.yaml");
    const rules = lintedRules(estate.services[0]!.value);
    const ctx = routingContext(estate, estateCatalogue(estate, undefined, [rules]));
    return ctx === undefined ? [] : check.check(ctx);
  }
  const { rules, catalogue } =
    check.foreign === true
      ? foreignSampleRules(foreignSample(sample, "sample.yaml"))
      : estateRules(sample);
  const known = knownCheckIds();
  const options = check.options?.sample ?? check.options?.defaults;
  return rules.flatMap((r) =>
    r.disable.includes(check.id)
      ? []
      : check.check({ rule: r, siblings: rules, catalogue, knownCheckIds: known, options }),
  );
}

function estateRules(sample: string) {
  const estate = sampleEstate(sample);
  const rules = lintedRules(estate.services[0]!.value);
  return { rules, catalogue: estateCatalogue(estate, undefined, [rules]) };
}

function foreignSample(sample: string, file: string): ForeignFile {
  const parsed = parseForeignText(file, sample, { strict: true });
  if (!parsed.ok)
    throw new Error(`Bug: foreign check sample does not read: ${parsed.diagnostics[0]!.message}`);
  return parsed.value;
}

/** The config a check's samples run with: its `options.sample` settings, when it has them. */
function sampleConfig(check: Check): LintConfig | undefined {
  if (check.target !== "rule" || check.options?.sample === undefined) return undefined;
  return {
    ...DEFAULT_LINT_CONFIG,
    rules: { [check.id]: [check.severity, check.options.sample as Record<string, unknown>] },
  };
}

function logqlSample(sample: string): LogqlContext {
  const ctx = logqlSampleContext(sample);
  if (ctx.parsed.errors.length > 0)
    throw new Error(`Bug: LogQL sample does not parse: ${ctx.parsed.errors[0]!.message}`);
  return ctx;
}

/**
 * Run one sample through the engine, as `obsforge lint` and `lint-metrics`
 * would (default config, every check, positions from `file`'s text, which is
 * the sample itself), and keep the findings of `check`: what the per-check
 * snapshots (test/lint/checks/snapshots.test.ts) show through the text
 * reporter. Dashboards are linted as a compiled dashboard named `file`, with
 * the fixture metrics and labels as the catalogue.
 */
export async function sampleFindings(
  check: Check,
  sample: string,
  file: string,
): Promise<Problem[]> {
  const sources = new Map([[file, sample]]);
  let findings: Problem[];
  switch (sampleKind(check, sample)) {
    case "exposition":
      findings = (await lintExposition([sample], { file, profile: "strict" })).findings;
      break;
    case "catalogue":
      findings = await lintEstate(sampleEstate(sample, file), { sources, rules: false });
      break;
    case "query":
    case "rules": {
      const config = sampleConfig(check);
      findings = await lintEstate(sampleEstate(sample, file), {
        sources,
        ...(config !== undefined && { config }),
      });
      break;
    }
    case "foreign":
      findings = (await lintForeignFiles([foreignSample(sample, file)], sampleConfig(check)))
        .findings;
      break;
    case "logql":
    case "logql-yaml":
      findings = await lintEstate(logqlSampleEstate(sample, file), { sources });
      break;
    case "routing":
      findings = await lintEstate(routingSampleEstate(sample, file), { sources });
      break;
    case "logs":
      findings = (await lintLogStream([sample], { file })).findings;
      break;
    case "dashboard":
      if (check.target !== "dashboard") throw new Error(`Bug: ${check.id} has a dashboard sample`);
      // The sample is the dashboard's text as written: its JSON is the object, the text gives positions.
      findings = lintDashboards(
        [
          {
            kind: "grafana-dashboard",
            path: `grafana/dashboards/${file}`,
            content: JSON.parse(sample),
            sources: [],
          },
        ],
        {
          checks: [{ check, severity: check.severity }],
          isKnownMetric: (name) => FIXTURE_KNOWN_METRICS.has(name),
          seriesLabels: (name) => FIXTURE_SERIES_LABELS.get(name),
          written: () => sample,
          out: "out",
        },
      );
      break;
  }
  return sortProblems(findings.filter((f) => f.code === check.id));
}

/**
 * A one-service estate with a LogQL sample as its one Loki rule: an alert
 * (`use: alert`, the default) or a recording rule (`use: record`) in a group
 * with the sample's `interval`, and the sample's `logs` and `logVolume`.
 */
function logqlSampleEstate(sample: string, file: string): Estate {
  const ctx = logqlSample(sample);
  const doc = tryYaml(sample);
  const d: Record<string, unknown> = isLogqlYaml(doc) ? doc : {};
  if (ctx.use === "sli")
    throw new Error("Bug: LogQL samples with use: sli do not run in the engine");
  const rule =
    ctx.use === "record"
      ? { kind: "logRecord", name: "sample:log_lines:count", expr: ctx.expr }
      : {
          kind: "logAlert",
          name: "SampleLogAlert",
          expr: ctx.expr,
          for: "5m",
          severity: "ticket",
          annotations: {
            summary: "Sample log alert",
            runbookUrl: "https://runbooks.example.com/sample",
          },
        };
  return validSample(
    {
      kind: "service",
      name: "sample",
      team: "sample",
      ...(d.logs !== undefined && { logs: d.logs }),
      ...(d.logVolume !== undefined && { logVolume: d.logVolume }),
      logGroups: [
        {
          name: "sample",
          ...(d.interval !== undefined && { interval: d.interval }),
          rules: [rule],
        },
      ],
    },
    file,
  );
}

/**
 * A routing sample: YAML with `routing:` (a routing definition without its
 * kind) beside the `groups:` of the one service `sample` (team `sample`),
 * both as if read from `file`.
 */
function routingSampleEstate(sample: string, file: string): Estate {
  const doc = tryYaml(sample);
  if (!isRecord(doc) || !isRecord(doc.routing))
    throw new Error("Bug: routing sample has no routing: mapping");
  const parsed = parseRouting({ kind: "routing", ...doc.routing });
  if (!parsed.ok) {
    const first = issuesToDiagnostics(parsed.issues, "sample")[0];
    throw new Error(
      `Bug: routing sample is not a valid definition: ${first === undefined ? "" : `${formatPath(first.path)}: ${first.message}`}`,
    );
  }
  return { ...sampleEstate(sample, file), routing: { file, source: file, value: parsed.value } };
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

/** A one-service estate built from a rule sample (or a catalogue sample), as if read from `file`. */
export function sampleEstate(sample: string, file = "sample.yaml"): Estate {
  const doc = tryYaml(sample);
  let groups: unknown[];
  let plainGroups: unknown[] = [];
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
    // Rules as a plain rule file writes them (src/model/plain-rules.ts), for checks of names the model allows there only.
    if (Array.isArray(d.plainGroups)) plainGroups = d.plainGroups;
  }
  return validSample(
    { kind: "service", name: "sample", team: "sample", metrics, groups, plainGroups },
    file,
  );
}

function validSample(input: unknown, file: string): Estate {
  const parsed = parseService(input);
  if (!parsed.ok) {
    const first = issuesToDiagnostics(parsed.issues, "sample")[0];
    throw new Error(
      `Bug: check sample is not a valid definition: ${first === undefined ? "" : `${formatPath(first.path)}: ${first.message}`}`,
    );
  }
  return { services: [{ file, source: file, value: parsed.value }] };
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
  return isRecord(doc) &&
    ["groups", "plainGroups", "rules", "alert", "record", "metrics"].some((k) => k in doc)
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
