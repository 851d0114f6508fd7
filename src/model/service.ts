import { z } from "zod";
import { labelsSchema } from "./common.ts";
import { metricSchema } from "./metric.ts";
import { SERVICE_NAME_RE } from "./names.ts";
import { serviceDashboardsSchema } from "./dashboards.ts";
import { checkUnicode } from "./prometheus-names.ts";
import { checkReservedLabels, ruleGroupSchema } from "./rule.ts";
import { sloSchema } from "./slo.ts";
import { checkSlo } from "./slo-checks.ts";
import { sloGroupNames } from "../slo/conventions.ts";
import { logRuleGroupSchema } from "./log-rule.ts";
import { exploreSchema, LOG_VOLUMES, serviceLogsSchema } from "./logs.ts";

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
    logVolume: z
      .enum(LOG_VOLUMES)
      .optional()
      .meta({ description: "How much the service logs; high turns on cost warnings" }),
    logGroups: z
      .array(logRuleGroupSchema)
      .default([])
      .meta({ description: "Loki ruler groups (LogQL), written to out/loki/<service>.rules.yml" }),
    explore: exploreSchema.optional(),
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
    // Service labels are added to every rule, hence to every alert.
    checkReservedLabels(service.labels, ctx, { severityFrom: "each alert's severity field" });
    uniqueBy(service.groups, (g) => g.name, "group name", ["groups"], ctx);
    uniqueBy(service.metrics, (m) => m.name, "metric name", ["metrics"], ctx);
    uniqueBy(service.slos, (s) => s.name, "SLO name", ["slos"], ctx);
    uniqueBy(service.logGroups, (g) => g.name, "log group name", ["logGroups"], ctx);
    service.slos.forEach((slo, index) => {
      checkSlo(slo, service.metrics, (message, path) =>
        ctx.addIssue({ code: "custom", path: ["slos", index, ...path], message, input: undefined }),
      );
    });
    checkGroupNamesFree(service, ctx);
    checkUnicode(service, ctx);
  })
  .meta({ title: "obsforge service definition" });

/** SLO groups are named sloth-slo-*-<service>-<slo>; a hand-written group of the same name would collide in the rule file (Prometheus's, or Loki's for log SLOs). */
function checkGroupNamesFree(
  service: {
    name: string;
    groups: { name: string }[];
    logGroups: { name: string }[];
    slos: { name: string }[];
  },
  ctx: z.RefinementCtx,
): void {
  const generated = new Set(
    service.slos.flatMap((slo) => Object.values(sloGroupNames(service, slo))),
  );
  for (const field of ["groups", "logGroups"] as const) {
    service[field].forEach((group, index) => {
      if (generated.has(group.name)) {
        ctx.addIssue({
          code: "custom",
          path: [field, index, "name"],
          message: `expected a group name not generated for an SLO, got "${group.name}"`,
          input: undefined,
        });
      }
    });
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
