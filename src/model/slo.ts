import { z } from "zod";
import { labelNameSchema, labelsSchema } from "./common.ts";
import { durationSchema } from "./duration.ts";
import { ALERT_NAME_RE, METRIC_NAME_RE } from "../core/names.ts";
import { checkAnnotationKeys } from "./annotations.ts";
import { checkAnnotationNames, checkPromqlReplacementChar } from "./prometheus-names.ts";
import { ANNOTATIONS_DESCRIPTION, checkReservedLabels, SEVERITIES } from "./rule.ts";
import { windowedQueryError } from "../promql/windowed-query.ts";
import { windowedLogqlSchema } from "./logql-expr.ts";
// One placeholder (and one renderer) for PromQL and LogQL SLI queries.
import { hasWindow, WINDOW } from "../core/window.ts";

const windowedQuerySchema = z
  .string()
  .min(1, { error: "expected a PromQL query" })
  .superRefine((query, ctx) => {
    checkPromqlReplacementChar(query, ctx);
    if (!hasWindow(query)) {
      ctx.addIssue({
        code: "custom",
        message: `expected a query containing the window placeholder ${WINDOW} (e.g. rate(x[${WINDOW}]))`,
      });
      return;
    }
    // Parsed and type-checked with a concrete window, as the rules will contain it; the
    // error position is mapped back to the query as written.
    const invalid = windowedQueryError(query);
    if (invalid !== undefined)
      ctx.addIssue({
        code: "custom",
        message: invalid.message,
        params: { obsforgeCode: invalid.code, valueSpan: invalid.valueSpan },
        input: undefined,
      });
  })
  .meta({ description: `PromQL with ${WINDOW} where the range goes` });

const matcherSchema = z.strictObject({
  op: z.enum(["=", "!=", "=~", "!~"]),
  value: z.string(),
});

/** Label matchers: a string means equality; eq/neq/re/nre/oneOf build the others. */
export const matchersSchema = z
  .record(labelNameSchema, z.union([z.string(), matcherSchema]))
  .default({});

const metricNameSchema = z
  .string()
  .regex(METRIC_NAME_RE, { error: "expected a metric name matching [a-zA-Z_:][a-zA-Z0-9_:]*" });

/** (1) Event ratio: bad (or good) events over all events. */
export const eventsSliSchema = z
  .strictObject({
    kind: z.literal("events"),
    errorQuery: windowedQuerySchema.optional(),
    goodQuery: windowedQuerySchema.optional(),
    totalQuery: windowedQuerySchema,
  })
  .superRefine((sli, ctx) => {
    if ((sli.errorQuery === undefined) === (sli.goodQuery === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["errorQuery"],
        message: "expected exactly one of errorQuery and goodQuery",
        input: undefined,
      });
    }
  });

/** (2) Latency: share of requests slower than `threshold` seconds, from a histogram's `le` buckets. */
export const latencySliSchema = z.strictObject({
  kind: z.literal("latency"),
  metric: metricNameSchema.meta({ description: "Histogram family name (without _bucket/_count)" }),
  threshold: z
    .number()
    .positive()
    .meta({ description: "Seconds; must be one of the histogram's bucket bounds" }),
  matchers: matchersSchema,
});

/** (3) A query that already is the error ratio. */
export const rawSliSchema = z.strictObject({
  kind: z.literal("raw"),
  errorRatioQuery: windowedQuerySchema,
});

/** (4) Availability from a 0/1 gauge such as `up` or `probe_success`. */
export const availabilitySliSchema = z.strictObject({
  kind: z.literal("availability"),
  metric: metricNameSchema,
  matchers: matchersSchema,
});

/**
 * (5) Log lines: error lines over all request lines, both LogQL metric
 * queries with {{.window}} (e.g. count_over_time). Loki's ruler records the
 * SLI ratio (it remote-writes it to Prometheus); the budget and burn-rate
 * rules read the recorded series in Prometheus, as for every other SLI.
 */
export const logsSliSchema = z.strictObject({
  kind: z.literal("logs"),
  errorQuery: windowedLogqlSchema,
  totalQuery: windowedLogqlSchema,
});

export const sliSchema = z.discriminatedUnion("kind", [
  eventsSliSchema,
  latencySliSchema,
  rawSliSchema,
  availabilitySliSchema,
  logsSliSchema,
]);

/** One multi-window burn-rate condition: fire when both windows burn faster than the factor. */
export const tierSchema = z
  .strictObject({
    longWindow: durationSchema,
    shortWindow: durationSchema,
    budgetPercent: z.number().positive().max(100).optional().meta({
      description: "Share of the period's budget this tier allows to burn within the long window",
    }),
    factor: z
      .number()
      .positive()
      .optional()
      .meta({ description: "Burn-rate factor; overrides budgetPercent" }),
    for: durationSchema.optional().meta({
      description: "How long both windows must stay above the threshold before the alert fires",
    }),
  })
  .superRefine((tier, ctx) => {
    if ((tier.budgetPercent === undefined) === (tier.factor === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["budgetPercent"],
        message: "expected exactly one of budgetPercent and factor",
        input: undefined,
      });
    }
  });

const alertLabelsSchema = labelsSchema;
/** The same vocabulary and names as hand-written alerts (src/model/annotations.ts); values are plain strings. */
const annotationsSchema = z
  .object({ runbookUrl: z.url({ error: "expected an absolute URL" }).optional() })
  .catchall(z.string())
  .superRefine(checkAnnotationNames)
  .superRefine(checkAnnotationKeys)
  .meta({ description: ANNOTATIONS_DESCRIPTION })
  .default({});

/**
 * The `severity` label of an SLO alert: page, ticket or info as on
 * hand-written alerts, or the value a routing tree already matches on
 * (Sloth estates route on `severity: critical`, `warning`, `pageteam`…).
 */
const sloSeveritySchema = z
  // The enum first so editors offer page/ticket/info (JSON Schema anyOf).
  .union([z.enum(SEVERITIES), z.string().min(1)], {
    error: "expected a severity such as page or ticket",
  })
  .meta({
    description:
      "The alert's severity label (default: page for page alerts, ticket for ticket and no-data alerts)",
  });

/** Page or ticket: the two alerts Sloth generates, each ORing two tiers. */
export const alertLevelSchema = z
  .strictObject({
    disable: z.boolean().default(false),
    severity: sloSeveritySchema.optional(),
    labels: alertLabelsSchema.default({}),
    annotations: annotationsSchema,
    tiers: z
      .array(tierSchema)
      .min(1)
      .max(2)
      .optional()
      .meta({ description: "Override the SRE-workbook tiers (quick, slow)" }),
    /** Disable single tiers by index (0 quick, 1 slow). */
    disableTiers: z.array(z.int().min(0).max(1)).default([]),
    maxFiresPerWeek: z.number().positive().optional().meta({
      description:
        "Noise budget per alert of this level: `obsforge backtest` exits 1 when one fires more often a week",
    }),
  })
  .superRefine((level, ctx) =>
    checkReservedLabels(level.labels, ctx, { severityFrom: "this level's severity field" }),
  );

export const sloAlertingSchema = z
  .strictObject({
    name: z
      .string()
      .regex(ALERT_NAME_RE, {
        error: "expected an alert name such as CheckoutAvailabilityBudgetBurn",
      })
      .optional(),
    labels: alertLabelsSchema.default({}),
    annotations: annotationsSchema,
    /**
     * `sloth`: two alerts (page, ticket) each ORing its two tiers, exactly as
     * Sloth writes them. `per-tier`: one alert per tier with labels saying
     * which tier and windows fired. `pyrra`: Pyrra's four tiers (windows
     * scaled from 28d, factors 14/7/2/1, a `for` on each, critical/warning
     * severities), one alert per tier with Pyrra's `short`/`long`/`exhaustion`
     * labels (docs/slo-math.md, "The pyrra style").
     */
    mode: z.enum(["sloth", "per-tier", "pyrra"]).default("sloth"),
    page: alertLevelSchema.prefault({}),
    ticket: alertLevelSchema.prefault({}),
    /** Alert when the SLI has produced no data for `for` (absent series). */
    noData: z
      .strictObject({
        disable: z.boolean().default(false),
        for: durationSchema.default("15m"),
        severity: sloSeveritySchema.default("ticket"),
      })
      .prefault({}),
    /**
     * Low-traffic guard: page only while at least this many events per second
     * arrive (measured over the tier's long window). Needs a total query, so not
     * for `raw` SLIs.
     */
    minEventRate: z.number().positive().optional(),
  })
  .superRefine((alerting, ctx) =>
    checkReservedLabels(alerting.labels, ctx, {
      severityFrom: "page.severity, ticket.severity and noData.severity",
    }),
  );

export const SLO_NAME_RE = /^[a-z0-9]([a-z0-9_-]{0,61}[a-z0-9])?$/;

export const sloSchema = z
  .strictObject({
    name: z
      .string()
      .regex(SLO_NAME_RE, { error: "expected an SLO name of lowercase letters, digits, - and _" }),
    description: z.string().optional(),
    objective: z
      .number()
      .gt(0, { error: "expected an objective percentage 0 < x < 100 (e.g. 99.9)" })
      .lt(100, {
        error:
          "expected an objective percentage 0 < x < 100 (e.g. 99.9); 100 leaves no error budget",
      })
      .meta({ description: "Target percentage of good events, e.g. 99.9" }),
    period: durationSchema
      .refine((d) => /^\d+d$/.test(d) || /^\d+w$/.test(d), {
        error: 'expected a period in whole days such as "28d" or "30d"',
      })
      .default("30d"),
    sli: sliSchema,
    labels: labelsSchema.default({}),
    alerting: sloAlertingSchema.prefault({}),
    /**
     * What `sloth_slo_info` says about the spec this SLO came from, when it
     * is not the service's (specs of different formats merged into one
     * service); set by the YAML readers.
     */
    sloth: z.strictObject({ spec: z.string(), mode: z.string() }).optional(),
  })
  // SLO labels are on every SLI series, so on every alert reading them.
  .superRefine((slo, ctx) =>
    checkReservedLabels(slo.labels, ctx, { severityFrom: "the alerting levels' severity fields" }),
  )
  .meta({ description: "A service-level objective compiled to Sloth-compatible rules" });

export type Slo = z.infer<typeof sloSchema>;
export type SloInput = z.input<typeof sloSchema>;
export type Sli = z.infer<typeof sliSchema>;
export type SliInput = z.input<typeof sliSchema>;
export type Tier = z.infer<typeof tierSchema>;
export type SloAlerting = z.infer<typeof sloAlertingSchema>;
export type AlertLevel = z.infer<typeof alertLevelSchema>;
