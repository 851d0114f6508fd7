import { z } from "zod";
import type { FieldPath } from "../core/problem.ts";
import { durationSeconds } from "../core/duration.ts";
import { LABEL_NAME_RE, METRIC_NAME_RE } from "../core/names.ts";
import { durationSchema } from "./duration.ts";
import { logqlMetricExprSchema } from "./logql-expr.ts";
import { promqlExprSchema } from "./promql-expr.ts";

/**
 * Rule groups as a Prometheus rule file writes them ("plain" groups): what
 * `obsforge import` makes of an existing rule file or PrometheusRule, and
 * what a rule file in definitions/ builds to. Unlike `groups`, obsforge adds
 * nothing to them (no severity, service or team label, no service labels)
 * and imposes no naming convention: every rule promtool accepts is accepted
 * here, and a name that breaks a convention is a lint finding
 * (rule/record-name, alert/name), never a refusal to load. Two equal rules
 * are promtool's lint warning (rule/duplicate-name), not an error here.
 *
 * The checks are rulefmt's (promtool 2.42, legacy name validation), with
 * its wording in parentheses so a team that knows promtool's message finds
 * it: record names are metric names, label and annotation names are label
 * names, a recording rule has no `for`, `keepFiringFor` or annotations.
 * Thanos (`partialResponseStrategy`) and Mimir (`sourceTenants`,
 * `evaluationDelay`, `alignEvaluationTimeOnInterval`) group fields are kept
 * and written; plain Prometheus refuses them, their rulers read them.
 */

const PLAIN_LABEL_NAME =
  "expected a label name matching [a-zA-Z_][a-zA-Z0-9_]*, other than __name__ (promtool: invalid label name)";

const plainLabelsSchema = z
  .record(
    z
      .string()
      .refine((n) => LABEL_NAME_RE.test(n) && n !== "__name__", { error: PLAIN_LABEL_NAME }),
    z.string(),
  )
  .meta({ description: "Labels as written in the rule file" });

const plainAnnotationsSchema = z
  .record(
    z.string().regex(LABEL_NAME_RE, {
      error:
        "expected an annotation name matching [a-zA-Z_][a-zA-Z0-9_]* (promtool: invalid annotation name)",
    }),
    z.string(),
  )
  .meta({ description: "Annotations as written in the rule file" });

/** A plain rule with `expr` checked by the given query schema (PromQL, or LogQL for the Loki ruler). */
function plainRule(expr: typeof promqlExprSchema | typeof logqlMetricExprSchema) {
  return z
    .strictObject({
      alert: z
        .string()
        .min(1, { error: "expected an alert name" })
        .optional()
        .meta({ description: "Alert name (any text; alert/name reports unconventional ones)" }),
      record: z
        .string()
        .min(1, { error: "expected a recording rule name" })
        .optional()
        .meta({ description: "Recorded series name, a metric name" }),
      expr,
      for: durationSchema.optional(),
      keepFiringFor: durationSchema.optional(),
      labels: plainLabelsSchema.optional(),
      annotations: plainAnnotationsSchema.optional(),
    })
    .superRefine(checkPlainRule)
    .meta({ description: "One rule: `alert` or `record`, with `expr`" });
}

export const plainRuleSchema = plainRule(promqlExprSchema);

/** A Loki ruler rule as a Loki rule file writes it: the same fields, a LogQL metric query as `expr`. */
export const plainLogRuleSchema = plainRule(logqlMetricExprSchema);

/** rulefmt's Rule.Validate, minus the expression (promqlExprSchema) and templates (estate step). */
function checkPlainRule(rule: RuleShape, ctx: z.RefinementCtx): void {
  if (rule.alert !== undefined && rule.record !== undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["record"],
      message:
        "expected either alert or record, got both (promtool: only one of 'record' and 'alert' must be set)",
    });
    return;
  }
  if (rule.alert === undefined && rule.record === undefined) {
    ctx.addIssue({
      code: "custom",
      path: [],
      message:
        "expected an alert or a record name, got neither (promtool: one of 'record' or 'alert' must be set)",
    });
    return;
  }
  if (rule.record === undefined) return;
  if (/[{}]/.test(rule.record)) {
    ctx.addIssue({
      code: "custom",
      path: ["record"],
      message: `expected a metric name without braces (promtool: braces present in the recording rule name; should it be in expr?), got ${JSON.stringify(rule.record)}`,
    });
  } else if (!METRIC_NAME_RE.test(rule.record)) {
    ctx.addIssue({
      code: "custom",
      path: ["record"],
      message: `expected a metric name matching [a-zA-Z_:][a-zA-Z0-9_:]* (promtool: invalid recording rule name), got ${JSON.stringify(rule.record)}`,
    });
  }
  for (const [field, spelled] of [
    ["for", "for"],
    ["keepFiringFor", "keep_firing_for"],
  ] as const) {
    const value = rule[field];
    if (value !== undefined && durationSeconds(value) !== 0)
      ctx.addIssue({
        code: "custom",
        path: [field],
        message: `expected no ${field} on a recording rule (promtool: invalid field '${spelled}' in recording rule), got ${JSON.stringify(value)}`,
      });
  }
  if (rule.annotations !== undefined && Object.keys(rule.annotations).length > 0)
    ctx.addIssue({
      code: "custom",
      path: ["annotations"],
      message:
        "expected no annotations on a recording rule (promtool: invalid field 'annotations' in recording rule)",
    });
}

/** The fields the cross-field checks read. */
interface RuleShape {
  alert?: string | undefined;
  record?: string | undefined;
  for?: string | undefined;
  keepFiringFor?: string | undefined;
  annotations?: Record<string, string> | undefined;
}

function plainRuleGroup(rule: typeof plainRuleSchema | typeof plainLogRuleSchema) {
  return z
    .strictObject({
      name: z
        .string()
        .min(1, { error: "expected a group name (promtool: Groupname must not be empty)" }),
      interval: durationSchema.optional(),
      limit: z
        .int()
        .min(0)
        .optional()
        .meta({ description: "Max alerts or series each rule may produce (0 = no limit)" }),
      queryOffset: durationSchema
        .optional()
        .meta({ description: "query_offset: evaluate this far in the past (Prometheus 2.53+)" }),
      labels: plainLabelsSchema
        .optional()
        .meta({ description: "Labels added to every rule of the group (Prometheus 3.x)" }),
      partialResponseStrategy: z
        .enum(["warn", "abort"])
        .optional()
        .meta({ description: "Thanos ruler: partial_response_strategy" }),
      sourceTenants: z
        .array(z.string().min(1, { error: "expected a tenant id" }))
        .optional()
        .meta({ description: "Mimir/Cortex ruler: source_tenants (federated rule groups)" }),
      evaluationDelay: durationSchema.optional().meta({
        description: "Mimir/Cortex ruler: evaluation_delay (deprecated for query_offset)",
      }),
      alignEvaluationTimeOnInterval: z
        .boolean()
        .optional()
        .meta({ description: "Mimir/Loki ruler: align_evaluation_time_on_interval" }),
      rules: z.array(rule).default([]).meta({
        description: "Rules in evaluation order; an empty group is valid (promtool accepts it)",
      }),
    })
    .meta({ description: "A rule group exactly as a Prometheus rule file writes it" });
}

export const plainRuleGroupSchema = plainRuleGroup(plainRuleSchema);

/**
 * A Loki ruler group exactly as a Loki rule file writes it (the ruler reads
 * rulefmt with LogQL queries): what a Loki rule file in definitions/ builds
 * to, into out/loki/<service>.rules.yml after the service's `logGroups`.
 */
export const plainLogRuleGroupSchema = plainRuleGroup(plainLogRuleSchema).meta({
  description: "A Loki ruler group exactly as a Loki rule file writes it (LogQL queries)",
});

export type PlainRule = z.infer<typeof plainRuleSchema>;
export type PlainRuleGroup = z.infer<typeof plainRuleGroupSchema>;
export type PlainRuleGroupInput = z.input<typeof plainRuleGroupSchema>;
export type PlainLogRuleGroup = z.infer<typeof plainLogRuleGroupSchema>;

/** Model field → rulefmt key, in the order rulefmt writes a group. */
export const PLAIN_GROUP_KEYS = {
  name: "name",
  interval: "interval",
  queryOffset: "query_offset",
  limit: "limit",
  labels: "labels",
  partialResponseStrategy: "partial_response_strategy",
  sourceTenants: "source_tenants",
  evaluationDelay: "evaluation_delay",
  alignEvaluationTimeOnInterval: "align_evaluation_time_on_interval",
  rules: "rules",
} as const;

/** Model field → rulefmt key, in the order rulefmt writes a rule. */
export const PLAIN_RULE_KEYS = {
  alert: "alert",
  record: "record",
  expr: "expr",
  for: "for",
  keepFiringFor: "keep_firing_for",
  labels: "labels",
  annotations: "annotations",
} as const;

/**
 * A path inside a plain group (`["rules", 0, "keepFiringFor"]`) as rulefmt
 * spells it (`["rules", 0, "keep_firing_for"]`), so problems in a rule
 * file name the field as the file writes it.
 */
export function rulefmtPath(path: FieldPath): FieldPath {
  const [field, r, ruleField, ...more] = path;
  if (field === undefined) return [];
  const groupKey = PLAIN_GROUP_KEYS[field as keyof typeof PLAIN_GROUP_KEYS] ?? field;
  if (field !== "rules" || r === undefined) return [groupKey, ...path.slice(1)];
  if (ruleField === undefined) return ["rules", r];
  const ruleKey = PLAIN_RULE_KEYS[ruleField as keyof typeof PLAIN_RULE_KEYS] ?? ruleField;
  return ["rules", r, ruleKey, ...more];
}
