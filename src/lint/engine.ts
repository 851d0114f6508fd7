import {
  type FieldPath,
  formatPath,
  type Problem,
  type Severity,
  sortProblems,
} from "../core/problem.ts";
import { indexSource, type SourceIndex } from "../core/source-index.ts";
import { durationSeconds } from "../core/duration.ts";
import type { OnProgress } from "../core/progress.ts";
import type { Estate } from "../model/estate.ts";
import { lokiRecordedSeries } from "../model/log-rule.ts";
import type { Metric } from "../model/metric.ts";
import type { Rule } from "../model/rule.ts";
import type { Service } from "../model/service.ts";
import { openLocator, type Placement, sourceFileOf, withPlace } from "../load/positions.ts";
import { parsePromQL } from "../promql/parse.ts";
import { sloGroupNames } from "../slo/conventions.ts";
import type { CompiledFile, GrafanaDashboardOutput } from "../targets/compiled-file.ts";
import { compilePrometheusRules } from "../targets/prometheus/compile.ts";
import type { PrometheusRuleFile } from "../targets/prometheus/rule-file.ts";
import { BUILTIN_SERIES, buildCatalogue, type Catalogue, isKnownMetric } from "./catalogue.ts";
import { DEFAULT_LINT_CONFIG, type LintConfig } from "./config.ts";
import { DEFAULT_GROUP_INTERVAL_SECONDS } from "./group-interval.ts";
import { jsonSpan } from "./json-span.ts";
import { findJsonPath } from "./locate.ts";
import { checkEstateLogql } from "./logql.ts";
import { formatMessage, formatProblems } from "./messages.ts";
import { active, createMetricLinter, checkLevel } from "./metric-lint.ts";
import type {
  DashboardCheck,
  LintedRule,
  Check,
  FormattedProblem,
  MetricFamily,
  MetricProfile,
  RuleCheck,
  RoutingCheck,
} from "./check.ts";
import { CHECKS } from "./checks/index.ts";
import { knownCheckIds } from "./registry.ts";
import { routingContext } from "./routing.ts";
import { unknownCheckId } from "./checks/lint/unknown-rule.ts";

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
  /** Told after each service's rules and metrics are linted. */
  onProgress?: OnProgress;
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
): Promise<Problem[]> {
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
  const linter = await createMetricLinter(options.profile ?? config.profile ?? "strict", config);
  const known = knownCheckIds();
  const unknownLevel = checkLevel(unknownCheckId, config);
  const pending: Pending[] = [];
  for (const [serviceIndex, { file, value: service }] of estate.services.entries()) {
    const rules = rulesByService[serviceIndex] ?? [];
    const sloIndex = new Map(service.slos.map((slo, i) => [slo.name, i]));
    // A problem in an SLI query shows in every window's rule: report it once per SLO.
    const sloProblems = new Set<string>();
    for (const rule of rules) {
      const ctx = { rule, siblings: rules, catalogue, knownCheckIds: known };
      for (const { check, severity, options } of ruleChecks) {
        if (rule.disable.includes(check.id)) continue;
        if (rule.slo !== undefined && check.generated !== true) continue;
        // What only a foreign file can break (a query that does not parse) the model has refused.
        if (check.foreign === true) continue;
        const problems = check.check(options === undefined ? ctx : { ...ctx, options });
        for (const problem of formatProblems(check, problems)) {
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
          const path: FieldPath = [
            ...(rule.groupPath ?? ["groups", rule.groupIndex]),
            "rules",
            rule.ruleIndex,
          ];
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
      if (unknownLevel === undefined || disable.includes(unknownCheckId.id)) return;
      for (const id of disable) {
        if (known.has(id)) continue;
        pending.push({
          problem: {
            code: unknownCheckId.id,
            severity: unknownLevel,
            message: formatMessage(unknownCheckId, {
              messageId: "unknownId",
              data: { id: JSON.stringify(id) },
            }),
            file,
            path: [...path, "lint", "disable"],
            subject: metric.name,
          },
          placements,
        });
      }
    });
    options.onProgress?.({
      doing: "linting",
      items: "services",
      done: serviceIndex + 1,
      total: estate.services.length,
    });
  }
  if (options.rules !== false)
    pending.push(...routingFindings(estate, catalogue, checks<RoutingCheck>("routing")));
  // The LogQL checks, as the build runs them (one implementation, the same config).
  if (options.rules !== false) {
    for (const problem of checkEstateLogql(estate, config)) {
      pending.push({ problem, placements: queryPlacements(problem) });
    }
  }
  const findings = await placeAll(pending, options.sources);
  findings.push(
    ...lintDashboards(options.compiled ?? [], {
      checks: checks<DashboardCheck>("dashboard"),
      ...(options.written !== undefined && { written: options.written }),
      isKnownMetric: (name) => isKnownMetric(catalogue, name),
      seriesLabels: (name) => catalogue.seriesLabels.get(name),
      out: options.out ?? "out",
    }),
  );
  return sortProblems(findings);
}

/** The routing checks' findings, placed in the routing definition at the field each names. */
function routingFindings(
  estate: Estate,
  catalogue: Catalogue,
  checks: readonly { check: RoutingCheck; severity: Severity }[],
): Pending[] {
  const file = estate.routing?.file;
  if (file === undefined || checks.length === 0) return [];
  const ctx = routingContext(estate, catalogue);
  if (ctx === undefined) return [];
  return checks.flatMap(({ check, severity }) =>
    formatProblems(check, check.check(ctx)).map((p) => ({
      problem: {
        code: check.id,
        severity: p.severity ?? severity,
        message: p.message,
        file,
        path: p.path ?? [],
        ...(p.subject !== undefined && { subject: p.subject }),
      },
      placements: p.path === undefined ? [] : [{ path: p.path }],
    })),
  );
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
    return found === undefined ? problem : withPlace(problem, found);
  });
}

/**
 * Where a rule check's problem is: its span in the query, else the field it
 * names, else the rule's name (what a reader looks for first), else the
 * nearest written part of the rule.
 */
function rulePlacements(rule: FieldPath, problem: FormattedProblem): Placement[] {
  const out: Placement[] = [];
  if (problem.span !== undefined)
    out.push({ path: [...rule, "expr"], value: problem.span, exact: true });
  // `group.interval`: a field of the rule's group (group/interval), not of the rule.
  if (problem.field?.startsWith("group.") === true)
    out.push({ path: [...rule.slice(0, 2), ...problem.field.slice(6).split(".")], exact: true });
  else if (problem.field !== undefined)
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
    checks: readonly { check: DashboardCheck; severity: Problem["severity"] }[];
    isKnownMetric: (name: string) => boolean;
    seriesLabels: (name: string) => ReadonlySet<string> | undefined;
    written?: (file: GrafanaDashboardOutput) => string;
    out: string;
  },
): Problem[] {
  if (options.checks.length === 0) return [];
  const findings: Problem[] = [];
  for (const compiledFile of compiled) {
    if (compiledFile.kind !== "grafana-dashboard") continue;
    const file = `${options.out.replace(/\/+$/, "")}/${compiledFile.path}`;
    const ctx = {
      dashboard: compiledFile.content,
      isKnownMetric: options.isKnownMetric,
      seriesLabels: options.seriesLabels,
    };
    let text: { content: string; index: SourceIndex } | undefined;
    const position = (
      path: FieldPath,
      part: { from: number; to: number } | undefined,
    ): Partial<Problem> => {
      if (options.written === undefined) return {};
      if (text === undefined) {
        const content = options.written(compiledFile);
        text = { content, index: indexSource(content) };
      }
      return { span: jsonSpan(text.index, findJsonPath(text.content, path), part) };
    };
    for (const { check, severity } of options.checks) {
      for (const problem of formatProblems(check, check.check(ctx))) {
        const path: FieldPath = problem.path ?? [];
        findings.push({
          code: check.id,
          severity: problem.severity ?? severity,
          message: problem.message,
          file,
          path,
          ...(path.length > 0 && { subject: formatPath(path) }),
          ...position(path, problem.span),
        });
      }
    }
  }
  return findings;
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
    // Plain groups (imported rule files) follow the service's groups; neither is an SLO's.
    const authored = service.groups.length + service.plainGroups.length;
    const slo = groupIndex < authored ? undefined : (sloOfGroup.get(group.name) ?? group.name);
    const plainIndex = groupIndex - service.groups.length;
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
        ...(plainIndex >= 0 && groupIndex < authored && { groupPath: ["plainGroups", plainIndex] }),
        disable: model?.lint?.disable ?? [],
        ...(group.interval !== undefined && { groupInterval: group.interval }),
        ...(slo !== undefined && { slo }),
      });
    });
  });
  return out;
}
