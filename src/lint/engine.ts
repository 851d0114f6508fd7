import { type FieldPath, formatPath } from "../diagnostics.ts";
import { durationSeconds } from "../core/duration.ts";
import type { Estate } from "../model/estate.ts";
import { lokiRecordedSeries } from "../model/log-rule.ts";
import type { Metric } from "../model/metric.ts";
import type { Rule } from "../model/rule.ts";
import type { Service } from "../model/service.ts";
import { parsePromQL } from "../promql/parse.ts";
import { sloGroupNames } from "../slo/conventions.ts";
import type { CompiledFile, GrafanaDashboardOutput } from "../targets/compiled-file.ts";
import { compilePrometheusRules } from "../targets/prometheus/compile.ts";
import type { PrometheusRuleFile } from "../targets/prometheus/rule-file.ts";
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
import { runLogqlCheck, serviceLogqlQueries } from "./logql.ts";
import { formatMessage, formatProblems } from "./messages.ts";
import { active, createMetricLinter, checkLevel } from "./metric-lint.ts";
import type {
  DashboardCheck,
  LintedRule,
  Check,
  FormattedProblem,
  LogqlCheck,
  MetricFamily,
  MetricProfile,
  RuleCheck,
} from "./check.ts";
import { CHECKS } from "./checks/index.ts";
import { knownCheckIds } from "./registry.ts";
import { unknownCheckId } from "./checks/lint/unknown-rule.ts";

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
  /**
   * The estate's compiled files (`compileTargets`), read as they are: the
   * rule checks see its Prometheus rule files and the dashboard checks its
   * Grafana dashboards. Without them the rules are compiled here and no
   * dashboard is linted.
   */
  compiled?: readonly CompiledFile[];
  /**
   * The text a dashboard is written as (emit's `artifactOf`), asked for only
   * when it has a finding, to give the finding a line and column in the
   * file; without it, dashboard findings carry none.
   */
  written?: (file: GrafanaDashboardOutput) => string;
  /** The output folder the files are written to, for the findings' file names; default `out`. */
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
 * Grafana dashboards among `compiled`. Pure: file texts come in through
 * `sources`, compiled files through `compiled`.
 */
export async function lintEstate(
  estate: Estate,
  options: LintEstateOptions = {},
): Promise<Finding[]> {
  const config = options.config ?? DEFAULT_LINT_CONFIG;
  // Parsed once per service; the catalogue reuses the recording rules' trees.
  const ruleFiles = compiledRuleFiles(options.compiled);
  const rulesByService = estate.services.map((s) =>
    lintedRules(s.value, ruleFiles === undefined ? undefined : ruleFiles(s.value.name)),
  );
  const catalogue = estateCatalogue(estate, config, rulesByService);
  const checks = <C extends Check>(target: C["target"]) =>
    options.rules === false
      ? []
      : active(
          CHECKS.filter((c): c is C => c.target === target),
          config,
        );
  const ruleChecks = checks<RuleCheck>("rule");
  const logqlChecks = checks<LogqlCheck>("logql");
  const linter = await createMetricLinter(options.profile ?? config.profile ?? "strict", config);
  const known = knownCheckIds();
  const unknownLevel = checkLevel(unknownCheckId, config);
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
      const ctx = { rule, siblings: rules, catalogue, knownCheckIds: known };
      for (const { check, severity } of ruleChecks) {
        if (rule.disable.includes(check.id)) continue;
        if (rule.slo !== undefined && check.generated !== true) continue;
        for (const problem of formatProblems(check, check.check(ctx))) {
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
      for (const { check, severity } of logqlChecks) {
        if (query.disable.includes(check.id)) continue;
        for (const problem of runLogqlCheck(check, query.context)) {
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
      if (unknownLevel === undefined || disable.includes(unknownCheckId.id)) continue;
      for (const id of disable) {
        if (known.has(id)) continue;
        findings.push({
          rule: unknownCheckId.id,
          severity: unknownLevel,
          message: formatMessage(unknownCheckId, {
            messageId: "unknownId",
            data: { id: JSON.stringify(id) },
          }),
          file,
          subject: metric.name,
          ...positionFields(where, metric.name.length),
        });
      }
    }
  }
  findings.push(
    ...lintDashboards(options.compiled ?? [], {
      checks: checks<DashboardCheck>("dashboard"),
      ...(options.written !== undefined && { written: options.written }),
      isKnownMetric: (name) => isKnownMetric(catalogue, name),
      seriesLabels: (name) => catalogue.seriesLabels.get(name),
      out: options.out ?? "out",
    }),
  );
  return sortFindings(findings);
}

/**
 * A service's Prometheus rule file among the compiled files; a service
 * with neither rules nor SLOs has none, which is an empty file.
 */
function compiledRuleFiles(
  compiled: readonly CompiledFile[] | undefined,
): ((service: string) => PrometheusRuleFile) | undefined {
  if (compiled === undefined) return undefined;
  const byService = new Map<string, PrometheusRuleFile>();
  for (const file of compiled)
    if (file.kind === "prometheus-rules") byService.set(file.service, file.content);
  return (service) => byService.get(service) ?? { groups: [] };
}

/**
 * The Grafana dashboards among the compiled files, linted as the objects
 * they are written from; findings name the file under out/ and, given its
 * text, the line of the field.
 */
export function lintDashboards(
  compiled: readonly CompiledFile[],
  options: {
    checks: readonly { check: DashboardCheck; severity: Finding["severity"] }[];
    isKnownMetric: (name: string) => boolean;
    seriesLabels: (name: string) => ReadonlySet<string> | undefined;
    written?: (file: GrafanaDashboardOutput) => string;
    out: string;
  },
): Finding[] {
  if (options.checks.length === 0) return [];
  const findings: Finding[] = [];
  for (const compiledFile of compiled) {
    if (compiledFile.kind !== "grafana-dashboard") continue;
    const file = `${options.out.replace(/\/+$/, "")}/${compiledFile.path}`;
    const ctx = {
      dashboard: compiledFile.content,
      isKnownMetric: options.isKnownMetric,
      seriesLabels: options.seriesLabels,
    };
    let text: { content: string; index: SourceIndex } | undefined;
    const position = (path: FieldPath): Partial<Finding> => {
      if (options.written === undefined) return {};
      if (text === undefined) {
        const content = options.written(compiledFile);
        text = { content, index: indexSource(content) };
      }
      const at = findJsonPath(text.content, path);
      return positionFields(positionAt(text.index, at.offset), at.length);
    };
    for (const { check, severity } of options.checks) {
      for (const problem of formatProblems(check, check.check(ctx))) {
        const path: FieldPath = problem.path ?? [];
        findings.push({
          rule: check.id,
          severity: problem.severity ?? severity,
          message: problem.message,
          file,
          ...(path.length > 0 && { subject: formatPath(path) }),
          ...position(path),
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

/**
 * The rules of one service as Prometheus loads them, with what the model
 * adds (severity, disables): from its compiled rule file, or compiled here
 * when none is given.
 */
export function lintedRules(
  service: Service,
  ruleFile: PrometheusRuleFile = compilePrometheusRules(service),
): LintedRule[] {
  const out: LintedRule[] = [];
  // The SLO rules follow the service's own groups; their group names say which SLO they are for.
  const sloOfGroup = new Map<string, string>();
  for (const slo of service.slos) {
    for (const name of Object.values(sloGroupNames(service, slo))) sloOfGroup.set(name, slo.name);
  }
  ruleFile.groups.forEach((group, groupIndex) => {
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
  problem: FormattedProblem,
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
