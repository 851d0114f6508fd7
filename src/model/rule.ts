import { z } from "zod";
import { checkAnnotationKeys } from "./annotations.ts";
import { labelsSchema, lintFieldSchema } from "./common.ts";
import { dashboardLinkSchema } from "./dashboards.ts";
import { durationSchema } from "./duration.ts";
import { ALERT_NAME_RE, RECORD_NAME_RE } from "../core/names.ts";
import type { IssueSink } from "./issues.ts";
import { checkAnnotationNames } from "./prometheus-names.ts";
import { promqlExprSchema } from "./promql-expr.ts";

export const SEVERITIES = ["page", "ticket", "info"] as const;
export type AlertSeverity = (typeof SEVERITIES)[number];

/** Labels obsforge sets on alerts itself; a user label of the same name would silently lose. */
export const ALERT_OWNED_LABELS = ["severity", "service", "team"] as const;

export const ANNOTATIONS_DESCRIPTION =
  "Alert annotations: summary, description, runbookUrl (written runbook_url), dashboard; other keys are copied as is, except near-misses of these (runbookURL, sumary), which are errors";

export const annotationsSchema = z
  .object({
    summary: z.string().min(1).optional(),
    description: z.string().min(1).optional(),
    runbookUrl: z.url({ error: "expected an absolute URL" }).optional(),
    // A URL, or a typed link to a dashboard of the estate (dashboardLink()),
    // which is checked to exist and resolved to a URL when rules are compiled.
    dashboard: z
      .union(
        [
          z.url({ error: "expected an absolute URL or a dashboardLink({ dashboard: ... })" }),
          dashboardLinkSchema,
        ],
        { error: "expected an absolute URL or a dashboardLink({ dashboard: ... })" },
      )
      .optional(),
  })
  // Any other key is copied as is; a dashboardLink() is accepted there too (resolved to its URL).
  .catchall(z.union([z.string(), dashboardLinkSchema]))
  // Names Prometheus accepts, and no key one typo away from a known one
  // (runbookURL, sumary): it would silently not reach the template that reads it.
  .superRefine(checkAnnotationNames)
  .superRefine(checkAnnotationKeys)
  .meta({ description: ANNOTATIONS_DESCRIPTION });

/**
 * Fields shared by Prometheus alerts and Loki log alerts (src/model/log-rule.ts):
 * only the query language of `expr` differs.
 */
export const alertName = z
  .string()
  .regex(ALERT_NAME_RE, { error: "expected an alert name such as HighErrorRate" });

export const alertRuleFields = {
  for: durationSchema.optional(),
  keepFiringFor: durationSchema.optional(),
  severity: z.enum(SEVERITIES),
  labels: labelsSchema.default({}),
  annotations: annotationsSchema.default({}),
  lint: lintFieldSchema.optional(),
};

/**
 * obsforge sets severity, service and team on every alert itself (routing
 * trees match on them); a label map that reaches alerts (a rule's, an SLO's,
 * the service's) naming one of them would silently lose or, worse, route an
 * alert somewhere else. `severityFrom` says where the severity is set instead.
 */
export function checkReservedLabels(
  labels: Readonly<Record<string, string>>,
  ctx: IssueSink,
  options: { path?: (string | number)[]; severityFrom: string },
): void {
  for (const owned of ALERT_OWNED_LABELS) {
    if (!Object.hasOwn(labels, owned)) continue;
    const from =
      owned === "severity"
        ? options.severityFrom
        : owned === "team"
          ? "the service's team field"
          : "the service's name";
    ctx.addIssue({
      code: "custom",
      path: [...(options.path ?? []), "labels", owned],
      message: `expected no "${owned}" label (obsforge sets it on every alert from ${from}), got ${JSON.stringify(labels[owned])}`,
      input: undefined,
    });
  }
}

/** A rule's own labels: severity comes from its severity field. */
export function checkOwnedLabels(
  rule: { labels: Record<string, string> },
  ctx: z.RefinementCtx,
): void {
  checkReservedLabels(rule.labels, ctx, { severityFrom: "the severity field" });
}

export const alertRuleSchema = z
  .strictObject({
    kind: z.literal("alert"),
    name: alertName,
    expr: promqlExprSchema,
    ...alertRuleFields,
    // Prometheus alerts only: the backtest replays Prometheus rules, not Loki's.
    maxFiresPerWeek: z.number().positive().optional().meta({
      description:
        "Noise budget: `obsforge backtest` exits 1 when this alert fires more often a week; not written into rules",
    }),
  })
  .superRefine(checkOwnedLabels);

export const recordName = z
  .string()
  .regex(RECORD_NAME_RE, {
    error:
      "expected a recording rule name of the form level:metric:operations, e.g. job:http_requests:rate5m",
  })
  .meta({
    description: "Recorded series name, level:metric:operations (e.g. job:http_requests:rate5m)",
  });

export const recordingRuleSchema = z.strictObject({
  kind: z.literal("record"),
  name: recordName,
  expr: promqlExprSchema,
  labels: labelsSchema.default({}),
  lint: lintFieldSchema.optional(),
});

export const ruleSchema = z.discriminatedUnion("kind", [alertRuleSchema, recordingRuleSchema]);

/** Group fields shared by Prometheus and Loki rule groups. */
export const ruleGroupFields = {
  name: z.string().min(1, { error: "expected a group name" }),
  interval: durationSchema.optional(),
  limit: z
    .int()
    .min(0)
    .optional()
    .meta({ description: "Max alerts or series the group may produce (0 = no limit)" }),
};

export const ruleGroupSchema = z
  .strictObject({
    ...ruleGroupFields,
    rules: z
      .array(ruleSchema)
      .min(1, { error: "expected at least one rule (an empty group is a mistake)" }),
  })
  .superRefine(checkUniqueRules);

/**
 * Two rules with the same name and the same static labels in one group
 * write the same series (or the same alert) twice; Prometheus reports that
 * only at evaluation time. Same name with different labels (e.g. a page and
 * a ticket variant) is an established pattern and allowed.
 */
export function checkUniqueRules(
  group: {
    rules: readonly {
      kind: string;
      name: string;
      labels: Record<string, string>;
      severity?: string;
    }[];
  },
  ctx: z.RefinementCtx,
): void {
  const seen = new Map<string, number>();
  group.rules.forEach((rule, index) => {
    const key = JSON.stringify([
      rule.kind,
      rule.name,
      rule.severity ?? "",
      Object.entries(rule.labels).sort(),
    ]);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else
      ctx.addIssue({
        code: "custom",
        path: ["rules", index, "name"],
        message: `expected a rule name unique in the group, got ${JSON.stringify(rule.name)} again (same labels as rules[${first}])`,
      });
  });
}

export type AlertRule = z.infer<typeof alertRuleSchema>;
export type RecordingRule = z.infer<typeof recordingRuleSchema>;
export type Rule = z.infer<typeof ruleSchema>;
export type RuleGroup = z.infer<typeof ruleGroupSchema>;
export type AlertRuleInput = z.input<typeof alertRuleSchema>;
export type RecordingRuleInput = z.input<typeof recordingRuleSchema>;
export type RuleGroupInput = z.input<typeof ruleGroupSchema>;
