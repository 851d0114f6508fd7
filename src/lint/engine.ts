import { type FieldPath, formatPath } from "../diagnostics.ts";
import type { Artifact } from "../emit/artifact.ts";
import { durationSeconds } from "../core/duration.ts";
import type { Estate } from "../model/estate.ts";
import { lokiRecordedSeries } from "../model/log-rule.ts";
import type { Metric } from "../model/metric.ts";
import type { Rule } from "../model/rule.ts";
import type { Service } from "../model/service.ts";
import { parsePromQL } from "../promql/parse.ts";
import { sloGroupNames } from "../slo/conventions.ts";
import { compilePrometheusRules } from "../targets/prometheus/compile.ts";
import { BUILTIN_SERIES, buildCatalogue, type Catalogue, isKnownMetric } from "./catalogue.ts";
import { DEFAULT_LINT_CONFIG, type LintConfig } from "./config.ts";
import { type Finding, sortFindings } from "./finding.ts";
import {
  findJsonPath,
  findQuoted,
  findVerbatim,
  indexSource,
  positionAt,
  type SourceIndex,
} from "./locate.ts";
import { runLogqlRule, serviceLogqlQueries } from "./logql.ts";
import { active, createMetricLinter, ruleLevel } from "./metric-lint.ts";
import type {
  DashboardRule,
  LintedRule,
  LintRule,
  LintProblem,
  LogqlRule,
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
): Promise<Finding[]> {
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
  const logqlRules = checks<LogqlRule>("logql");
  const linter = await createMetricLinter(options.profile ?? config.profile ?? "strict", config);
  const known = knownRuleIds();
  const unknownLevel = ruleLevel(unknownRule, config);
  const findings: Finding[] = [];
  for (const [serviceIndex, { file, value: service }] of estate.services.entries()) {
    const text = options.sources?.get(file);
    const index = text === undefined ? undefined : indexSource(text);
    const rules = rulesByService[serviceIndex] ?? [];
    const starts = ruleStarts(index, rules);
    // A problem in an SLI query shows in every window's rule: report it once per SLO.
    const sloProblems = new Set<string>();
    for (const [i, rule] of rules.entries()) {
      const at = starts[i];
      const next = starts.slice(i + 1).find((s) => s !== undefined);
      const ctx = { rule, siblings: rules, catalogue, knownRuleIds: known };
      for (const { rule: check, severity } of ruleRules) {
        if (rule.disable.includes(check.id)) continue;
        if (rule.slo !== undefined && check.generated !== true) continue;
        for (const problem of check.check(ctx)) {
          if (rule.slo !== undefined) {
            const key = JSON.stringify([rule.slo, check.id, problem.message]);
            if (sloProblems.has(key)) continue;
            sloProblems.add(key);
            findings.push({
              rule: check.id,
              severity: problem.severity ?? severity,
              message: `${problem.message} (in the rules generated for SLO ${rule.slo})`,
              file,
              subject: rule.slo,
              ...namePosition(index, rule.slo),
            });
            continue;
          }
          findings.push({
            rule: check.id,
            severity: problem.severity ?? severity,
            message: problem.message,
            file,
            subject: problem.subject ?? rule.name,
            ...ruleProblemPosition(index, { at, next }, rule, problem),
          });
        }
      }
    }
    for (const query of serviceLogqlQueries(service)) {
      const at = index === undefined ? undefined : findVerbatim(index, query.text, 0);
      for (const { rule: check, severity } of logqlRules) {
        if (query.disable.includes(check.id)) continue;
        for (const problem of runLogqlRule(check, query.context)) {
          const span = problem.span ?? { from: 0, to: 0 };
          const from = query.offsetOf(span.from);
          findings.push({
            rule: check.id,
            severity: problem.severity ?? severity,
            message: problem.message,
            file,
            subject: query.subject,
            ...(index !== undefined && at !== undefined
              ? positionFields(positionAt(index, at + from), query.offsetOf(span.to) - from)
              : namePosition(index, query.subject)),
          });
        }
      }
    }
    for (const metric of service.metrics) {
      const at = index === undefined ? undefined : findQuoted(index, metric.name, 0);
      const where = index === undefined || at === undefined ? undefined : positionAt(index, at);
      const family = catalogueFamily(metric);
      const disable = metric.lint?.disable ?? [];
      // Prometheus names its own series (up, scrape_*): naming rules have nothing to say about them.
      if (!BUILTIN_SERIES.has(metric.name)) {
        for (const f of linter.lint(family, { file, disable }))
          findings.push({ ...f, ...positionFields(where, metric.name.length) });
      }
      if (unknownLevel === undefined || disable.includes(unknownRule.id)) continue;
      for (const id of disable) {
        if (known.has(id)) continue;
        findings.push({
          rule: unknownRule.id,
          severity: unknownLevel,
          message: `expected a known lint rule id in lint.disable, got ${JSON.stringify(id)}`,
          file,
          subject: metric.name,
          ...positionFields(where, metric.name.length),
        });
      }
    }
  }
  findings.push(
    ...lintDashboards(options.artifacts ?? [], {
      rules: checks<DashboardRule>("dashboard"),
      isKnownMetric: (name) => isKnownMetric(catalogue, name),
      seriesLabels: (name) => catalogue.seriesLabels.get(name),
      out: options.out ?? "out",
    }),
  );
  return sortFindings(findings);
}

/** The Grafana dashboards among the artifacts, linted in their JSON as written to out/. */
function lintDashboards(
  artifacts: readonly Artifact[],
  options: {
    rules: readonly { rule: DashboardRule; severity: Finding["severity"] }[];
    isKnownMetric: (name: string) => boolean;
    seriesLabels: (name: string) => ReadonlySet<string> | undefined;
    out: string;
  },
): Finding[] {
  if (options.rules.length === 0) return [];
  const findings: Finding[] = [];
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
          rule: rule.id,
          severity: problem.severity ?? severity,
          message: problem.message,
          file,
          ...(path.length > 0 && { subject: formatPath(path) }),
          ...positionFields(positionAt(index, at.offset), at.length),
        });
      }
    }
  }
  return findings;
}

/** Where a name (an SLO's, a Loki rule's) is written in the definition, as a fallback position. */
function namePosition(index: SourceIndex | undefined, name: string): Partial<Finding> {
  const at = index === undefined ? undefined : findQuoted(index, name, 0);
  return index === undefined || at === undefined
    ? {}
    : positionFields(positionAt(index, at), name.length);
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

/** Where each rule's name is written, searching forward in authoring order. */
function ruleStarts(
  index: SourceIndex | undefined,
  rules: readonly LintedRule[],
): (number | undefined)[] {
  let cursor = 0;
  return rules.map((rule) => {
    if (rule.slo !== undefined) return undefined;
    const at = index === undefined ? undefined : findQuoted(index, rule.name, cursor);
    if (at !== undefined) cursor = at + 1;
    return at;
  });
}

/**
 * The position of a problem: its span in the query, the field it names, or
 * the rule's name. Searches stay between this rule's name and the next
 * rule's, so a missing field is never found in a neighbour.
 */
function ruleProblemPosition(
  index: SourceIndex | undefined,
  bounds: { at: number | undefined; next: number | undefined },
  rule: LintedRule,
  problem: LintProblem,
): Partial<Finding> {
  if (index === undefined) return {};
  const ruleAt = bounds.at;
  const from = ruleAt ?? 0;
  const within = (pos: number | undefined) =>
    pos !== undefined && (bounds.next === undefined || pos < bounds.next) ? pos : undefined;
  if (problem.span !== undefined) {
    const expr = within(findVerbatim(index, rule.expr, from));
    if (expr !== undefined) {
      return positionFields(
        positionAt(index, expr + problem.span.from),
        problem.span.to - problem.span.from,
      );
    }
  }
  if (problem.field !== undefined) {
    const [section, key] = problem.field.split(".");
    const value =
      section === "annotations" && key !== undefined
        ? rule.annotations[key]
        : section === "labels" && key !== undefined
          ? rule.labels[key]
          : undefined;
    const at = within(
      value !== undefined
        ? findVerbatim(index, value, from)
        : problem.field === "for" || problem.field === "lint" || problem.field === "annotations"
          ? findVerbatim(index, `${problem.field}:`, from)
          : undefined,
    );
    if (at !== undefined)
      return positionFields(positionAt(index, at), value?.length ?? problem.field.length);
  }
  return ruleAt === undefined ? {} : positionFields(positionAt(index, ruleAt), rule.name.length);
}

function positionFields(
  where: { line: number; column: number; lineText: string } | undefined,
  length: number,
): Partial<Finding> {
  if (where === undefined) return {};
  const end = Math.min(where.column + Math.max(length, 1), where.lineText.length + 1);
  return {
    line: where.line,
    column: where.column,
    endColumn: Math.max(end, where.column + 1),
    excerpt: where.lineText,
  };
}
