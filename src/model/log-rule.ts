import { z } from "zod";
import { labelsSchema, lintFieldSchema } from "./common.ts";
import { logqlMetricExprSchema } from "./logql-expr.ts";
import { CORRELATION_RECORDS, correlationEnabled, type ServiceLogs } from "./logs.ts";
import {
  alertName,
  alertRuleFields,
  checkOwnedLabels,
  checkUniqueRules,
  recordName,
  ruleGroupFields,
} from "./rule.ts";

/**
 * Loki ruler rules: the same fields as Prometheus rules (src/model/rule.ts),
 * with a LogQL metric query as `expr`. Their own kinds (logAlert/logRecord,
 * made by the logAlert()/logRecord() helpers) keep a PromQL rule from
 * landing in a Loki group by mistake, and the other way round.
 */
export const logAlertRuleSchema = z
  .strictObject({
    kind: z.literal("logAlert"),
    name: alertName,
    expr: logqlMetricExprSchema,
    ...alertRuleFields,
  })
  .superRefine(checkOwnedLabels);

export const logRecordingRuleSchema = z.strictObject({
  kind: z.literal("logRecord"),
  name: recordName.meta({
    description:
      "Recorded series name, level:metric:operations; Loki remote-writes it to Prometheus under this name",
  }),
  expr: logqlMetricExprSchema,
  labels: labelsSchema.default({}),
  lint: lintFieldSchema.optional(),
});

export const logRuleSchema = z.discriminatedUnion("kind", [
  logAlertRuleSchema,
  logRecordingRuleSchema,
]);

/** A Loki ruler group: written to out/loki/<service>.rules.yml. */
export const logRuleGroupSchema = z
  .strictObject({
    ...ruleGroupFields,
    rules: z
      .array(logRuleSchema)
      .min(1, { error: "expected at least one rule (an empty group is a mistake)" }),
  })
  .superRefine(checkUniqueRules)
  .meta({ description: "Loki ruler group of LogQL alerts and recording rules" });

/** The names of the series a service's Loki recording rules write (remote-written to Prometheus), for catalogue checks. */
export function lokiRecordedSeries(service: {
  logGroups: readonly { rules: readonly { kind: string; name: string }[] }[];
  /** Loki rule files built in place: their `record` rules write series too. */
  plainLogGroups?: readonly { rules: readonly { record?: string | undefined }[] }[];
  /** Logs with correlation rules record their two counts in Loki. */
  logs?: Pick<ServiceLogs, "format" | "correlation"> | undefined;
}): string[] {
  const names = [
    ...(service.logs !== undefined && correlationEnabled(service.logs)
      ? [CORRELATION_RECORDS.requestScoped, CORRELATION_RECORDS.correlated]
      : []),
    ...service.logGroups.flatMap((g) =>
      g.rules.filter((r) => r.kind === "logRecord").map((r) => r.name),
    ),
    ...(service.plainLogGroups ?? []).flatMap((g) =>
      g.rules.flatMap((r) => (r.record === undefined ? [] : [r.record])),
    ),
  ];
  return [...new Set(names)].sort();
}

export type LogAlertRule = z.infer<typeof logAlertRuleSchema>;
export type LogRecordingRule = z.infer<typeof logRecordingRuleSchema>;
export type LogRule = z.infer<typeof logRuleSchema>;
export type LogRuleGroup = z.infer<typeof logRuleGroupSchema>;
export type LogAlertRuleInput = z.input<typeof logAlertRuleSchema>;
export type LogRecordingRuleInput = z.input<typeof logRecordingRuleSchema>;
export type LogRuleGroupInput = z.input<typeof logRuleGroupSchema>;
