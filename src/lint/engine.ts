import {
  type FieldPath,
  formatPath,
  type Problem,
  type Span,
  sortProblems,
} from "../core/problem.ts";
import { indexSource, rawOffsetOfEscaped, type SourceIndex } from "../core/source-index.ts";
import type { Artifact } from "../emit/artifact.ts";
import { durationSeconds } from "../model/duration-units.ts";
import type { Estate } from "../model/estate.ts";
import { lokiRecordedSeries } from "../model/log-rule.ts";
import type { Metric } from "../model/metric.ts";
import type { Rule } from "../model/rule.ts";
import type { Service } from "../model/service.ts";
import { openLocator, type Placement, sourceFileOf, spanOf } from "../load/positions.ts";
import { parsePromQL } from "../promql/parse.ts";
import { sloGroupNames } from "../slo/conventions.ts";
import { compilePrometheusRules } from "../targets/prometheus/compile.ts";
import { BUILTIN_SERIES, buildCatalogue, type Catalogue, isKnownMetric } from "./catalogue.ts";
import { DEFAULT_LINT_CONFIG, type LintConfig } from "./config.ts";
import { findJsonPath } from "./locate.ts";
import { checkEstateLogql } from "./logql.ts";
import { active, createMetricLinter, ruleLevel } from "./metric-lint.ts";
import type {
  DashboardRule,
  LintedRule,
  LintRule,
  LintProblem,
  MetricFamily,
  MetricProfile,
  RuleRule,
} from "./rule.ts";
import { knownRuleIds, LINT_RULES } from "./rules/index.ts";
import { unknownRule } from "./rules/lint/unknown-rule.ts";

/** Prometheus's default `evaluation_interval`, used for groups without `interval`. */
export const DEFAULT_GROUP_INTERVAL_SECONDS = 60;

// ---------------------------------------------------------------------------
// The estate: rules as compiled for Prometheus, and the catalogue

export interface LintEstateOptions {
  config?: LintConfig;
  /** Profile for the catalogue's metric names; default the config's, else strict. */
  profile?: MetricProfile;
  /** Definition file texts (by `Sourced.file`), to put lines and carets on findings. */
  sources?: ReadonlyMap<string, string>;
  /** Run the rule checks (default); false lints only the catalogue's metric names. */
  rules?: boolean;
  /** The estate's compiled artifacts (`compileEstate`): its Grafana dashboards are linted. */
  artifacts?: readonly Artifact[];
  /** The output folder the artifacts are written to, for the findings' file names; default `out`. */
  out?: string;
}

/**
 * The catalogue every rule check sees: all services' metrics, and the series
 * their recording rules write (their own, the SLO rules, and Loki's, which
 * the ruler remote-writes to Prometheus).
 */
export function estateCatalogue(
  estate: Estate,
  config: LintConfig = DEFAULT_LINT_CONFIG,
  rules: readonly (readonly LintedRule[])[] = estate.services.map((s) => lintedRules(s.value)),
): Catalogue {
  return buildCatalogue(
    estate.services.map(({ value: service }, i) => ({
      service: service.name,
      metrics: service.metrics,
      records: [
        ...(rules[i] ?? []).filter((r) => r.kind === "record"),
        ...lokiRecordedSeries(service).map((name) => ({
          name,
          expr: "",
          labels: {},
          logql: true,
        })),
      ],
    })),
    {
      knownMetrics: config.knownMetrics,
      ...(config.targetLabels !== undefined && { targetLabels: config.targetLabels }),
    },
  );
}

/**
 * Lint a validated estate: every alerting and recording rule as it is
 * written to the Prometheus rule files, every catalogue metric with the
 * naming rules, every LogQL query of the Loki rules and log SLIs, and the
 * Grafana dashboards among `artifacts`. Pure: file texts come in through
 * `sources`, artifacts through `artifacts`.
 */
export async function lintEstate(
  estate: Estate,
  options: LintEstateOptions = {},
): Promise<Problem[]> {
  const config = options.config ?? DEFAULT_LINT_CONFIG;
  // Compiled and parsed once per service; the catalogue reuses the recording rules' trees.
  const rulesByService = estate.services.map((s) => lintedRules(s.value));
  const catalogue = estateCatalogue(estate, config, rulesByService);
  const checks = <R extends LintRule>(target: R["target"]) =>
    options.rules === false
      ? []
      : active(
          LINT_RULES.filter((r): r is R => r.target === target),
          config,
        );
  const ruleRules = checks<RuleRule>("rule");
  const linter = await createMetricLinter(options.profile ?? config.profile ?? "strict", config);
  const known = knownRuleIds();
  const unknownLevel = ruleLevel(unknownRule, config);
  const pending: Pending[] = [];
  for (const [serviceIndex, { file, value: service }] of estate.services.entries()) {
    const rules = rulesByService[serviceIndex] ?? [];
    const sloIndex = new Map(service.slos.map((slo, i) => [slo.name, i]));
    // A problem in an SLI query shows in every window's rule: report it once per SLO.
    const sloProblems = new Set<string>();
    for (const rule of rules) {
      const ctx = { rule, siblings: rules, catalogue, knownRuleIds: known };
      for (const { rule: check, severity } of ruleRules) {
        if (rule.disable.includes(check.id)) continue;
        if (rule.slo !== undefined && check.generated !== true) continue;
        for (const problem of check.check(ctx)) {
          if (rule.slo !== undefined) {
            const key = JSON.stringify([rule.slo, check.id, problem.message]);
            if (sloProblems.has(key)) continue;
            sloProblems.add(key);
            const slo = sloIndex.get(rule.slo);
            const path: FieldPath = slo === undefined ? [] : ["slos", slo];
            pending.push({
              problem: {
                code: check.id,
                severity: problem.severity ?? severity,
                message: `${problem.message} (in the rules generated for SLO ${rule.slo})`,
                file,
                path,
                subject: rule.slo,
              },
              placements: slo === undefined ? [] : [{ path: [...path, "name"] }],
            });
            continue;
          }
          const path: FieldPath = ["groups", rule.groupIndex, "rules", rule.ruleIndex];
          pending.push({
            problem: {
              code: check.id,
              severity: problem.severity ?? severity,
              message: problem.message,
              file,
              path: problem.field === undefined ? path : [...path, ...problem.field.split(".")],
              subject: problem.subject ?? rule.name,
            },
            placements: rulePlacements(path, problem),
          });
        }
      }
    }
    service.metrics.forEach((metric, metricIndex) => {
      const path: FieldPath = ["metrics", metricIndex];
      const placements: Placement[] = [{ path: [...path, "name"] }];
      const family = catalogueFamily(metric);
      const disable = metric.lint?.disable ?? [];
      // Prometheus names its own series (up, scrape_*): naming rules have nothing to say about them.
      if (!BUILTIN_SERIES.has(metric.name)) {
        for (const f of linter.lint(family, { file, disable }))
          pending.push({ problem: { ...f, path }, placements });
      }
      if (unknownLevel === undefined || disable.includes(unknownRule.id)) return;
      for (const id of disable) {
        if (known.has(id)) continue;
        pending.push({
          problem: {
            code: unknownRule.id,
            severity: unknownLevel,
            message: `expected a known lint rule id in lint.disable, got ${JSON.stringify(id)}`,
            file,
            path: [...path, "lint", "disable"],
            subject: metric.name,
          },
          placements,
        });
      }
    });
  }
  // The LogQL checks, as the build runs them (one implementation, the same config).
  if (options.rules !== false) {
    for (const problem of checkEstateLogql(estate, config)) {
      pending.push({ problem, placements: queryPlacements(problem) });
    }
  }
  const findings = await placeAll(pending, options.sources);
  findings.push(
    ...lintDashboards(options.artifacts ?? [], {
      rules: checks<DashboardRule>("dashboard"),
      isKnownMetric: (name) => isKnownMetric(catalogue, name),
      seriesLabels: (name) => catalogue.seriesLabels.get(name),
      out: options.out ?? "out",
    }),
  );
  return sortProblems(findings);
}

/** A finding before its position is known, and where to look for it, best first. */
interface Pending {
  problem: Problem;
  placements: Placement[];
}

/**
 * Positions for the findings, from the definitions' syntax trees (or YAML
 * nodes), parsed only for files that have a finding. The first placement
 * found wins; a finding whose field is not written stays without one.
 */
async function placeAll(
  pending: readonly Pending[],
  sources: ReadonlyMap<string, string> | undefined,
): Promise<Problem[]> {
  if (sources === undefined || pending.length === 0) return pending.map((p) => p.problem);
  const read = (file: string) => sources.get(file) ?? sources.get(sourceFileOf(file).base);
  const locator = await openLocator(
    pending.map((p) => p.problem.file ?? ""),
    read,
  );
  return pending.map(({ problem, placements }) => {
    if (problem.file === undefined || placements.length === 0) return problem;
    const found = locator.find(problem.file, placements);
    if (found === undefined) return problem;
    const { valueSpan, ...rest } = problem;
    return {
      ...rest,
      span: found.span,
      ...(!found.valuePlaced && valueSpan !== undefined && { valueSpan }),
    };
  });
}

/**
 * Where a rule check's problem is: its span in the query, else the field it
 * names, else the rule's name (what a reader looks for first), else the
 * nearest written part of the rule.
 */
function rulePlacements(rule: FieldPath, problem: LintProblem): Placement[] {
  const out: Placement[] = [];
  if (problem.span !== undefined)
    out.push({ path: [...rule, "expr"], value: problem.span, exact: true });
  if (problem.field !== undefined)
    out.push({ path: [...rule, ...problem.field.split(".")], exact: true });
  out.push({ path: [...rule, "name"], exact: true }, { path: rule });
  return out;
}

/** A LogQL query's problem: its span in the query, else the name of its rule or SLO. */
function queryPlacements(problem: Problem): Placement[] {
  const { path, valueSpan } = problem;
  const owner = path[0] === "logGroups" ? path.slice(0, 4) : path.slice(0, 2);
  return [
    {
      path,
      ...(valueSpan !== undefined && { value: { from: valueSpan.from, to: valueSpan.to } }),
      exact: true,
    },
    { path: [...owner, "name"] },
  ];
}

/** The Grafana dashboards among the artifacts, linted in their JSON as written to out/. */
function lintDashboards(
  artifacts: readonly Artifact[],
  options: {
    rules: readonly { rule: DashboardRule; severity: Problem["severity"] }[];
    isKnownMetric: (name: string) => boolean;
    seriesLabels: (name: string) => ReadonlySet<string> | undefined;
    out: string;
  },
): Problem[] {
  if (options.rules.length === 0) return [];
  const findings: Problem[] = [];
  for (const artifact of artifacts) {
    if (!artifact.path.startsWith("grafana/dashboards/") || !artifact.path.endsWith(".json"))
      continue;
    const dashboard: unknown = JSON.parse(artifact.content);
    const index = indexSource(artifact.content);
    const file = `${options.out.replace(/\/+$/, "")}/${artifact.path}`;
    for (const { rule, severity } of options.rules) {
      const ctx = {
        dashboard,
        isKnownMetric: options.isKnownMetric,
        seriesLabels: options.seriesLabels,
      };
      for (const problem of rule.check(ctx)) {
        const path: FieldPath = problem.path ?? [];
        const at = findJsonPath(artifact.content, path);
        findings.push({
          code: rule.id,
          severity: problem.severity ?? severity,
          message: problem.message,
          file,
          path,
          ...(path.length > 0 && { subject: formatPath(path) }),
          span: jsonSpan(index, at, problem.span),
        });
      }
    }
  }
  return findings;
}

/**
 * The span of a JSON value (`at`), or of part of its string (`part`, offsets
 * into the value), past the escapes the JSON text writes.
 */
function jsonSpan(
  index: SourceIndex,
  at: { offset: number; length: number },
  part: { from: number; to: number } | undefined,
): Span {
  const text = index.text;
  if (part !== undefined && text[at.offset] === '"') {
    const raw = text.slice(at.offset + 1, at.offset + at.length - 1);
    const from = rawOffsetOfEscaped(raw, part.from);
    if (from !== undefined) {
      const to = rawOffsetOfEscaped(raw, part.to) ?? from;
      return spanOf(index, at.offset + 1 + from, at.offset + 1 + Math.max(from, to));
    }
  }
  return spanOf(index, at.offset, at.offset + at.length);
}

/** A catalogue entry as the naming rules see it. */
export function catalogueFamily(metric: Metric): MetricFamily {
  return {
    name: metric.name,
    type: metric.type,
    help: metric.help,
    unit: metric.unit,
    unitKind: "ucum",
    labels: [...metric.labels].sort(),
    ...(metric.otelName !== undefined && { otelName: metric.otelName }),
    origin: "catalogue",
  };
}

/** The rules of one service as Prometheus loads them, with what the model adds (severity, disables). */
export function lintedRules(service: Service): LintedRule[] {
  const out: LintedRule[] = [];
  // The SLO rules follow the service's own groups; their group names say which SLO they are for.
  const sloOfGroup = new Map<string, string>();
  for (const slo of service.slos) {
    for (const name of Object.values(sloGroupNames(service, slo))) sloOfGroup.set(name, slo.name);
  }
  compilePrometheusRules(service).groups.forEach((group, groupIndex) => {
    const slo =
      groupIndex < service.groups.length ? undefined : (sloOfGroup.get(group.name) ?? group.name);
    const interval =
      group.interval === undefined
        ? DEFAULT_GROUP_INTERVAL_SECONDS
        : durationSeconds(group.interval);
    group.rules.forEach((compiled, ruleIndex) => {
      const name = "alert" in compiled ? compiled.alert : compiled.record;
      const candidate: Rule | undefined = service.groups[groupIndex]?.rules[ruleIndex];
      const model = candidate?.name === name ? candidate : undefined;
      const parsed = parsePromQL(compiled.expr);
      const labels = compiled.labels ?? {};
      out.push({
        kind: "alert" in compiled ? "alert" : "record",
        name,
        expr: compiled.expr,
        tree: parsed.tree,
        syntaxOk: parsed.errors.length === 0,
        ...("for" in compiled && compiled.for !== undefined && { for: compiled.for }),
        labels,
        annotations: "annotations" in compiled ? (compiled.annotations ?? {}) : {},
        ...((model?.kind === "alert" || labels.severity !== undefined) && {
          severity: model?.kind === "alert" ? model.severity : labels.severity,
        }),
        group: group.name,
        interval,
        groupIndex,
        ruleIndex,
        disable: model?.lint?.disable ?? [],
        ...(slo !== undefined && { slo }),
      });
    });
  });
  return out;
}
