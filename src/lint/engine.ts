import { durationSeconds } from "../model/duration-units.ts";
import type { Estate } from "../model/estate.ts";
import type { Metric } from "../model/metric.ts";
import type { Rule } from "../model/rule.ts";
import type { Service } from "../model/service.ts";
import { parsePromQL } from "../promql/parse.ts";
import { compilePrometheusRules } from "../targets/prometheus/compile.ts";
import { buildCatalogue, type Catalogue } from "./catalogue.ts";
import { DEFAULT_LINT_CONFIG, type LintConfig } from "./config.ts";
import { type Finding, sortFindings } from "./finding.ts";
import { findQuoted, findVerbatim, indexSource, positionAt, type SourceIndex } from "./locate.ts";
import { active, createMetricLinter, knownRuleIds, ruleLevel } from "./metric-lint.ts";
import type { LintedRule, LintProblem, MetricFamily, MetricProfile, RuleRule } from "./rule.ts";
import { LINT_RULES } from "./rules/index.ts";
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
}

/** The catalogue every rule check sees: all services' metrics and recording rules. */
export function estateCatalogue(
  estate: Estate,
  config: LintConfig = DEFAULT_LINT_CONFIG,
  rules: readonly (readonly LintedRule[])[] = estate.services.map((s) => lintedRules(s.value)),
): Catalogue {
  return buildCatalogue(
    estate.services.map(({ value: service }, i) => ({
      service: service.name,
      metrics: service.metrics,
      records: (rules[i] ?? []).filter((r) => r.kind === "record"),
    })),
    {
      knownMetrics: config.knownMetrics,
      ...(config.targetLabels !== undefined && { targetLabels: config.targetLabels }),
    },
  );
}

/**
 * Lint a validated estate: every alerting and recording rule as it is
 * written to the Prometheus rule files, and every catalogue metric with the
 * naming rules. Pure: file texts come in through `sources`.
 */
export async function lintEstate(
  estate: Estate,
  options: LintEstateOptions = {},
): Promise<Finding[]> {
  const config = options.config ?? DEFAULT_LINT_CONFIG;
  // Compiled and parsed once per service; the catalogue reuses the recording rules' trees.
  const rulesByService = estate.services.map((s) => lintedRules(s.value));
  const catalogue = estateCatalogue(estate, config, rulesByService);
  const ruleRules =
    options.rules === false
      ? []
      : active(
          LINT_RULES.filter((r): r is RuleRule => r.target === "rule"),
          config,
        );
  const linter = await createMetricLinter(options.profile ?? config.profile ?? "strict", config);
  const known = knownRuleIds();
  const unknownLevel = ruleLevel(unknownRule, config);
  const findings: Finding[] = [];
  for (const [serviceIndex, { file, value: service }] of estate.services.entries()) {
    const text = options.sources?.get(file);
    const index = text === undefined ? undefined : indexSource(text);
    const rules = rulesByService[serviceIndex] ?? [];
    const starts = ruleStarts(index, rules);
    for (const [i, rule] of rules.entries()) {
      const at = starts[i];
      const next = starts.slice(i + 1).find((s) => s !== undefined);
      const ctx = { rule, siblings: rules, catalogue, knownRuleIds: known };
      for (const { rule: check, severity } of ruleRules) {
        if (rule.disable.includes(check.id)) continue;
        for (const problem of check.check(ctx)) {
          findings.push({
            rule: check.id,
            severity,
            message: problem.message,
            file,
            subject: problem.subject ?? rule.name,
            ...ruleProblemPosition(index, { at, next }, rule, problem),
          });
        }
      }
    }
    for (const metric of service.metrics) {
      const at = index === undefined ? undefined : findQuoted(index, metric.name, 0);
      const where = index === undefined || at === undefined ? undefined : positionAt(index, at);
      const family = catalogueFamily(metric);
      const disable = metric.lint?.disable ?? [];
      for (const f of linter.lint(family, { file, disable }))
        findings.push({ ...f, ...positionFields(where, metric.name.length) });
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
  return sortFindings(findings);
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
  compilePrometheusRules(service).groups.forEach((group, groupIndex) => {
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
