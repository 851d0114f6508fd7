import { z } from "zod";
import { labelsSchema } from "./common.ts";
import { metricSchema } from "./metric.ts";
import { SERVICE_NAME_RE } from "./names.ts";
import { serviceDashboardsSchema } from "./dashboards.ts";
import { ruleGroupSchema } from "./rule.ts";
import { type Slo, sloSchema } from "./slo.ts";
import type { Metric } from "./metric.ts";

/**
 * Where a service's logs are in Loki. Kept minimal and named as the Loki
 * target names it, so both read the same field.
 */
export const serviceLogsSchema = z
  .strictObject({
    selector: z
      .string()
      .min(1, { error: 'expected a LogQL stream selector such as {service_name="checkout"}' })
      .meta({ description: 'LogQL stream selector, e.g. {service_name="checkout"}' }),
    format: z.enum(["json", "logfmt", "plain"]),
    fields: z
      .strictObject({
        traceId: z.string().min(1).optional(),
        spanId: z.string().min(1).optional(),
        level: z.string().min(1).optional(),
      })
      .optional()
      .meta({ description: "Names of the trace id, span id and level fields in a log line" }),
  })
  .meta({ description: "The service's logs in Loki" });

/** A service: who owns it, what it exposes (catalogue) and how it is alerted on. */
export const serviceSchema = z
  .strictObject({
    kind: z.literal("service"),
    name: z.string().regex(SERVICE_NAME_RE, {
      error:
        "expected a service name of lowercase letters, digits, - and _ (it names output files)",
    }),
    team: z
      .string()
      .min(1, { error: "expected the owning team" })
      .meta({ description: "Owning team; set as the team label on alerts" }),
    description: z.string().optional(),
    labels: labelsSchema.default({}),
    metrics: z.array(metricSchema).default([]),
    groups: z.array(ruleGroupSchema).default([]),
    slos: z.array(sloSchema).default([]),
    logs: serviceLogsSchema.optional(),
    dashboards: serviceDashboardsSchema,
    /**
     * What `sloth_slo_info` says about the spec an SLO came from. Importers
     * set it so imported Sloth specs reproduce Sloth's info series.
     */
    sloth: z
      .strictObject({
        spec: z.string().default("prometheus/v1"),
        mode: z.string().default("cli-gen-prom"),
      })
      .prefault({}),
  })
  .superRefine((service, ctx) => {
    uniqueBy(service.groups, (g) => g.name, "group name", ["groups"], ctx);
    uniqueBy(service.metrics, (m) => m.name, "metric name", ["metrics"], ctx);
    uniqueBy(service.slos, (s) => s.name, "SLO name", ["slos"], ctx);
    service.slos.forEach((slo, index) => {
      checkLatencyAgainstCatalogue(slo, service.metrics, (message, path) =>
        ctx.addIssue({
          code: "custom",
          path: ["slos", index, "sli", ...path],
          message,
          input: undefined,
        }),
      );
    });
  })
  .meta({ title: "obsforge service definition" });

/**
 * A latency SLI counts requests above a bucket bound, so the histogram must
 * be in the catalogue and the threshold must be one of its `le` values: a
 * threshold between buckets would silently measure the next bucket up.
 */
function checkLatencyAgainstCatalogue(
  slo: Slo,
  catalogue: readonly Metric[],
  report: (message: string, path: (string | number)[]) => void,
): void {
  if (slo.sli.kind !== "latency") return;
  const { metric: name, threshold } = slo.sli;
  const entry = catalogue.find((m) => m.name === name);
  if (entry === undefined) {
    report(
      `expected a histogram from this service's metric catalogue, got "${name}" (not in metrics[])`,
      ["metric"],
    );
  } else if (entry.type !== "histogram") {
    report(`expected a histogram, got "${name}" of type ${entry.type}`, ["metric"]);
  } else if (entry.buckets === undefined) {
    report(`expected "${name}" to declare its buckets in the catalogue, got none`, ["metric"]);
  } else if (!entry.buckets.includes(threshold)) {
    report(
      `expected one of the bucket bounds of "${name}" (${entry.buckets.join(", ")}), got ${threshold}`,
      ["threshold"],
    );
  }
}

function uniqueBy<T>(
  items: readonly T[],
  key: (item: T) => string,
  what: string,
  path: (string | number)[],
  ctx: z.RefinementCtx,
): void {
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const k = key(item);
    const first = seen.get(k);
    if (first === undefined) seen.set(k, index);
    else
      ctx.addIssue({
        code: "custom",
        path: [...path, index, "name"],
        message: `expected a unique ${what}, got ${JSON.stringify(k)} again (also at ${path.join(".")}[${first}])`,
      });
  });
}

export type Service = z.infer<typeof serviceSchema>;
export type ServiceInput = z.input<typeof serviceSchema>;
