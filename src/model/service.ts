import { z } from "zod";
import { labelsSchema } from "./common.ts";
import { metricSchema } from "./metric.ts";
import { SERVICE_NAME_RE } from "../core/names.ts";
import { serviceDashboardsSchema } from "./dashboards.ts";
import type { IssueSink } from "./issues.ts";
import { checkReservedLabels, ruleGroupSchema } from "./rule.ts";
import { sloSchema } from "./slo.ts";
import { plainLogRuleGroupSchema, plainRuleGroupSchema } from "./plain-rules.ts";
import { logRuleGroupSchema } from "./log-rule.ts";
import { exploreSchema, LOG_VOLUMES, serviceLogsSchema } from "./logs.ts";
import { serviceKubernetesSchema } from "./kubernetes.ts";

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
    plainGroups: z.array(plainRuleGroupSchema).default([]).meta({
      description:
        "Rule groups exactly as a Prometheus rule file writes them (imported rule files): obsforge adds no labels and enforces no naming convention; written after `groups` to out/prometheus/<service>.rules.yml",
    }),
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
    plainLogGroups: z.array(plainLogRuleGroupSchema).default([]).meta({
      description:
        "Loki ruler groups exactly as a Loki rule file writes them (imported Loki rule files): obsforge adds nothing; written after `logGroups` to out/loki/<service>.rules.yml",
    }),
    explore: exploreSchema.optional(),
    dashboards: serviceDashboardsSchema,
    kubernetes: serviceKubernetesSchema.optional(),
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
  .meta({ title: "obsforge service definition" });

/**
 * Checks that span several fields of a service and need nothing but the
 * model: reserved labels and unique names. Not a schema refinement: the
 * estate step (src/estate/build.ts) runs them after parsing, in the order
 * they were always reported, between its other cross-field checks.
 */
export function checkServiceFields(service: Service, ctx: IssueSink): void {
  // Service labels are added to every rule, hence to every alert.
  checkReservedLabels(service.labels, ctx, { severityFrom: "each alert's severity field" });
  uniqueBy(service.groups, (g) => g.name, "group name", ["groups"], ctx);
  checkPlainGroupNames(service.groups, service.plainGroups, ["groups", "plainGroups"], ctx);
  checkPlainGroupNames(
    service.logGroups,
    service.plainLogGroups,
    ["logGroups", "plainLogGroups"],
    ctx,
  );
  uniqueBy(service.metrics, (m) => m.name, "metric name", ["metrics"], ctx);
  uniqueBy(service.slos, (s) => s.name, "SLO name", ["slos"], ctx);
  uniqueBy(service.logGroups, (g) => g.name, "log group name", ["logGroups"], ctx);
}

/**
 * Plain groups share the rule file with `groups`: a name twice in it is
 * what promtool refuses (`groupname: "x" is repeated in the same file`).
 */
function checkPlainGroupNames(
  groups: readonly { name: string }[],
  plain: readonly { name: string }[],
  [groupsField, plainField]: readonly [string, string],
  ctx: IssueSink,
): void {
  const seen = new Map<string, string>();
  groups.forEach((g, i) => {
    if (!seen.has(g.name)) seen.set(g.name, `${groupsField}[${i}]`);
  });
  plain.forEach((g, i) => {
    const first = seen.get(g.name);
    if (first === undefined) {
      // Said by index: a rule file spells plainGroups as `groups` (or `spec.groups`).
      seen.set(g.name, `index ${i}`);
      return;
    }
    ctx.addIssue({
      code: "custom",
      path: [plainField, i, "name"],
      message: `expected a group name unique in the rule file, got ${JSON.stringify(g.name)} again (also at ${first}; promtool: groupname is repeated in the same file)`,
    });
  });
}

function uniqueBy<T>(
  items: readonly T[],
  key: (item: T) => string,
  what: string,
  path: (string | number)[],
  ctx: IssueSink,
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
