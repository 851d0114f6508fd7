import { z } from "zod";

/**
 * The OpenSLO v1 objects obsforge reads (github.com/OpenSLO/OpenSLO README,
 * PEERS.md §2.4), as zod schemas: strict where the spec is closed, so a
 * misspelt field is an error naming it; `metricSource.spec` is free-form in
 * the spec and stays so.
 */

const labelValue = z.union([z.string(), z.array(z.string())]);
/**
 * An objective's `target`, in v1 and v1alpha alike: a ratio (0.995), which
 * obsforge turns into its percentage; the message quotes the ratio the spec
 * wrote, not the percentage it would have become.
 */
const TARGET = "expected a target between 0 and 1 (a ratio; OpenSLO's target is not a percentage)";
export const openSloTarget = z.number().gt(0, { error: TARGET }).lt(1, { error: TARGET });

export const metadataSchema = z.strictObject({
  name: z.string().min(1),
  displayName: z.string().optional(),
  labels: z.record(z.string(), labelValue).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});

export const metricSourceSchema = z.strictObject({
  metricSourceRef: z.string().optional(),
  type: z.string().optional(),
  spec: z.record(z.string(), z.unknown()).default({}),
});
const metricSchema = z.strictObject({ metricSource: metricSourceSchema });

export const sliSpecSchema = z
  .strictObject({
    description: z.string().optional(),
    thresholdMetric: metricSchema.optional(),
    ratioMetric: z
      .strictObject({
        counter: z.boolean().optional(),
        good: metricSchema.optional(),
        bad: metricSchema.optional(),
        total: metricSchema.optional(),
        rawType: z.enum(["success", "failure"]).optional(),
        raw: metricSchema.optional(),
      })
      .optional(),
  })
  .refine((s) => (s.thresholdMetric === undefined) !== (s.ratioMetric === undefined), {
    error: "expected exactly one of thresholdMetric and ratioMetric",
  });

export const inlineSliSchema = z.strictObject({
  metadata: metadataSchema,
  spec: sliSpecSchema,
});

const durationText = z.string().regex(/^\d+[mhdwMQY]$/, {
  error: "expected an OpenSLO duration such as 28d or 1w",
});

export const conditionSpecSchema = z.strictObject({
  description: z.string().optional(),
  severity: z.string().min(1),
  condition: z.strictObject({
    kind: z.literal("burnrate"),
    // Absent in some of the spec's own examples: a burn rate "exceeds" its threshold.
    op: z.enum(["lte", "gte", "lt", "gt"]).optional(),
    threshold: z.number(),
    lookbackWindow: durationText,
    alertAfter: durationText,
  }),
});

const inlineConditionSchema = z.strictObject({
  kind: z.literal("AlertCondition"),
  metadata: metadataSchema,
  spec: conditionSpecSchema,
});

const targetRefSchema = z.union([
  z.strictObject({ targetRef: z.string().min(1) }),
  z.strictObject({
    kind: z.literal("AlertNotificationTarget"),
    metadata: metadataSchema,
    spec: z.strictObject({ description: z.string().optional(), target: z.string() }),
  }),
]);

export const policySpecSchema = z.strictObject({
  description: z.string().optional(),
  alertWhenNoData: z.boolean().optional(),
  alertWhenResolved: z.boolean().optional(),
  alertWhenBreaching: z.boolean().optional(),
  conditions: z
    .array(
      z.union([
        // `operator` joins several conditions (draft schema); with one it changes nothing.
        z.strictObject({
          operator: z.enum(["and", "or"]).optional(),
          conditionRef: z.string().min(1),
        }),
        inlineConditionSchema.extend({ operator: z.enum(["and", "or"]).optional() }),
      ]),
    )
    .length(1, { error: "expected exactly one condition (OpenSLO v1 allows one per policy)" }),
  notificationTargets: z.array(targetRefSchema).min(1),
});

const inlinePolicySchema = z.strictObject({
  kind: z.literal("AlertPolicy"),
  metadata: metadataSchema,
  spec: policySpecSchema,
});

const TARGET_PERCENT = "expected a targetPercent between 0 and 100 (a percentage such as 99.5)";

const objectiveSchema = z.strictObject({
  displayName: z.string().optional(),
  op: z.enum(["lte", "gte", "lt", "gt"]).optional(),
  value: z.number().optional(),
  target: openSloTarget.optional(),
  targetPercent: z
    .number()
    .gt(0, { error: TARGET_PERCENT })
    .lt(100, { error: TARGET_PERCENT })
    .optional(),
  timeSliceTarget: z.number().optional(),
  timeSliceWindow: z.union([z.string(), z.number()]).optional(),
  indicator: inlineSliSchema.optional(),
  indicatorRef: z.string().optional(),
  compositeWeight: z.number().optional(),
});

export const sloSpecSchema = z.strictObject({
  description: z.string().optional(),
  service: z.string().min(1),
  indicator: inlineSliSchema.optional(),
  indicatorRef: z.string().optional(),
  timeWindow: z
    .array(
      z.strictObject({
        duration: durationText,
        isRolling: z.boolean().optional(),
        // js-yaml reads an unquoted `2022-01-01 12:00:00` as a Date; either is a start time.
        calendar: z.strictObject({ startTime: z.unknown(), timeZone: z.string() }).optional(),
      }),
    )
    .length(1, { error: "expected exactly one time window" }),
  budgetingMethod: z.enum(["Occurrences", "Timeslices", "RatioTimeslices"]),
  objectives: z.array(objectiveSchema).min(1),
  alertPolicies: z
    .array(
      z.union([
        z.strictObject({ alertPolicyRef: z.string().min(1) }),
        // The draft v1 schema also names a policy by a bare string.
        z
          .string()
          .min(1)
          .transform((alertPolicyRef) => ({ alertPolicyRef })),
        inlinePolicySchema,
      ]),
    )
    .optional(),
});

export const serviceSpecSchema = z
  .strictObject({ description: z.string().max(1050).optional() })
  .default({});
export const dataSourceSpecSchema = z.strictObject({
  description: z.string().optional(),
  type: z.string(),
  connectionDetails: z.unknown(),
});
export const targetSpecSchema = z.strictObject({
  description: z.string().optional(),
  target: z.string(),
});

/** Every v1 kind and the schema of its spec. */
export const KIND_SPECS = {
  Service: serviceSpecSchema,
  SLO: sloSpecSchema,
  SLI: sliSpecSchema,
  AlertPolicy: policySpecSchema,
  AlertCondition: conditionSpecSchema,
  AlertNotificationTarget: targetSpecSchema,
  DataSource: dataSourceSpecSchema,
} as const;
export type OpenSloKind = keyof typeof KIND_SPECS;

export type SliSpec = z.infer<typeof sliSpecSchema>;
export type SloSpec = z.infer<typeof sloSpecSchema>;
export type PolicySpec = z.infer<typeof policySpecSchema>;
export type ConditionSpec = z.infer<typeof conditionSpecSchema>;
export type Metadata = z.infer<typeof metadataSchema>;
export type MetricSource = z.infer<typeof metricSourceSchema>;
