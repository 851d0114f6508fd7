import type { Problem } from "../core/problem.ts";
import type { Result } from "../core/result.ts";
import { z } from "zod";
import { issuesToDiagnostics } from "../model/issues.ts";
import type { ServiceInput } from "../model/service.ts";
import type { SloInput } from "../model/slo.ts";
import { openSloTarget } from "./openslo-v1-schema.ts";

/**
 * Sloth specs (PEERS.md §2.2): `prometheus/v1` files (snake_case, except
 * `raw.errorRatioQuery`) and the Kubernetes `PrometheusServiceLevel` CRD
 * (camelCase throughout). Both become the same obsforge service model.
 */

const stringMap = z.record(z.string(), z.coerce.string()).optional();

const alertLevel = (snake: boolean) =>
  z
    .strictObject({ disable: z.boolean().optional(), labels: stringMap, annotations: stringMap })
    .optional()
    .describe(snake ? "page_alert/ticket_alert" : "pageAlert/ticketAlert");

function slothSloSchema(snake: boolean) {
  const events = snake
    ? z.strictObject({ error_query: z.string(), total_query: z.string() })
    : z.strictObject({ errorQuery: z.string(), totalQuery: z.string() });
  return z.strictObject({
    name: z.string(),
    objective: z.number(),
    description: z.string().optional(),
    labels: stringMap,
    sli: z.strictObject({
      events: events.optional(),
      // prometheus/v1 files spell it both ways in Sloth's own fixtures.
      raw: z
        .strictObject({
          errorRatioQuery: z.string().optional(),
          error_ratio_query: z.string().optional(),
        })
        .optional(),
      plugin: z.unknown().optional(),
    }),
    alerting: z
      .strictObject({
        name: z.string().optional(),
        labels: stringMap,
        annotations: stringMap,
        ...(snake
          ? { page_alert: alertLevel(snake), ticket_alert: alertLevel(snake) }
          : { pageAlert: alertLevel(snake), ticketAlert: alertLevel(snake) }),
      })
      .optional(),
    plugins: z.unknown().optional(),
  });
}

const promV1Schema = z.strictObject({
  version: z.literal("prometheus/v1"),
  service: z.string(),
  labels: stringMap,
  slos: z.array(slothSloSchema(true)).min(1),
  slo_plugins: z.unknown().optional(),
});

const k8sSchema = z.strictObject({
  apiVersion: z.literal("sloth.slok.dev/v1"),
  kind: z.literal("PrometheusServiceLevel"),
  // Kubernetes object metadata: name, namespace and labels carry to the PrometheusRule; the rest
  // (annotations…) is the cluster's, not the SLOs'.
  metadata: z
    .looseObject({
      name: z.string().optional(),
      namespace: z.string().optional(),
      labels: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
  spec: z.strictObject({
    service: z.string(),
    labels: stringMap,
    slos: z.array(slothSloSchema(false)).min(1),
    sloPlugins: z.unknown().optional(),
  }),
  // What the controller writes back in a cluster (a resource exported with kubectl has it).
  status: z.unknown().optional(),
});

type SlothSlo = z.infer<ReturnType<typeof slothSloSchema>>;

/** OpenSLO v1alpha, the OpenSLO version Sloth reads (ratio good/total PromQL, no alerting). */
const openSloV1AlphaSchema = z.object({
  apiVersion: z.literal("openslo/v1alpha"),
  kind: z.literal("SLO"),
  metadata: z.object({ name: z.string(), displayName: z.string().optional() }),
  spec: z.object({
    service: z.string(),
    description: z.string().optional(),
    budgetingMethod: z.literal("Occurrences", {
      error: 'expected budgetingMethod "Occurrences" (the only one Sloth and obsforge compile)',
    }),
    objectives: z
      .array(
        z.object({
          ratioMetrics: z.object({
            good: z.object({ query: z.string() }),
            total: z.object({ query: z.string() }),
          }),
          target: openSloTarget,
        }),
      )
      .min(1),
    timeWindows: z
      .array(z.object({ count: z.number().int().positive(), unit: z.literal("Day") }))
      .max(1)
      .optional(),
  }),
});

export function isSlothDocument(doc: unknown): boolean {
  if (typeof doc !== "object" || doc === null) return false;
  const d = doc as Record<string, unknown>;
  return (
    d.version === "prometheus/v1" ||
    (d.apiVersion === "sloth.slok.dev/v1" && d.kind === "PrometheusServiceLevel") ||
    (d.apiVersion === "openslo/v1alpha" && d.kind === "SLO")
  );
}

/**
 * OpenSLO v1alpha → one service with one SLO per objective, named as Sloth
 * names them (`<metadata.name>-<index>`), with Sloth's behaviour: no alerts.
 */
export function importOpenSloV1Alpha(doc: unknown, file: string): Result<ServiceInput> {
  const parsed = openSloV1AlphaSchema.safeParse(doc, { reportInput: true });
  if (!parsed.success) {
    return { ok: false, diagnostics: issuesToDiagnostics(parsed.error.issues, file) };
  }
  const { metadata, spec } = parsed.data;
  const days = spec.timeWindows?.[0]?.count ?? 30;
  return {
    ok: true,
    value: {
      kind: "service",
      name: spec.service,
      team: spec.service,
      sloth: { spec: "openslo/v1alpha", mode: "cli-gen-openslo" },
      slos: spec.objectives.map((objective, index) => ({
        name: `${metadata.name}-${index}`,
        ...(spec.description !== undefined && { description: spec.description }),
        objective: objective.target * 100,
        period: `${days}d` as const,
        sli: {
          kind: "events" as const,
          goodQuery: objective.ratioMetrics.good.query,
          totalQuery: objective.ratioMetrics.total.query,
        },
        alerting: { page: { disable: true }, ticket: { disable: true }, noData: { disable: true } },
      })),
    },
  };
}

/**
 * Whether a spec document names its team (a `team` or `owner` service
 * label) rather than leaving obsforge to default it to the service name:
 * a named team wins when specs of one service merge.
 */
export function specNamesTeam(doc: unknown): boolean {
  if (typeof doc !== "object" || doc === null) return false;
  const d = doc as { labels?: unknown; spec?: { labels?: unknown } };
  const labels = (d.spec?.labels ?? d.labels) as Record<string, unknown> | undefined;
  return typeof labels === "object" && labels !== null && ("team" in labels || "owner" in labels);
}

/** One Sloth document → one obsforge service (raw; the model validates it like any definition). */
export function importSlothDocument(doc: unknown, file: string): Result<ServiceInput> {
  if ((doc as Record<string, unknown>).apiVersion === "openslo/v1alpha")
    return importOpenSloV1Alpha(doc, file);
  const isK8s = (doc as Record<string, unknown>).apiVersion !== undefined;
  const schema = isK8s ? k8sSchema : promV1Schema;
  const parsed = schema.safeParse(doc, { reportInput: true });
  // Unknown keys name the known ones: a misspelt key would otherwise drop a setting unseen.
  if (!parsed.success)
    return { ok: false, diagnostics: issuesToDiagnostics(parsed.error.issues, file, { schema }) };

  const spec = isK8s
    ? (parsed.data as z.infer<typeof k8sSchema>).spec
    : (parsed.data as z.infer<typeof promV1Schema>);
  const prefix = isK8s ? ["spec"] : [];
  const diagnostics: Problem[] = [];
  const unsupported = (path: (string | number)[], what: string) =>
    diagnostics.push({
      code: "import/unsupported",
      severity: "error",
      file,
      path: [...prefix, ...path],
      message: `expected no ${what} (Sloth plugins run Go code obsforge cannot run; express the SLI as events or raw), got one`,
    });
  if ("slo_plugins" in spec && spec.slo_plugins !== undefined)
    unsupported(["slo_plugins"], "SLO plugins");
  if ("sloPlugins" in spec && spec.sloPlugins !== undefined)
    unsupported(["sloPlugins"], "SLO plugins");

  const slos: SloInput[] = spec.slos.map((s, i) => {
    if (s.sli.plugin !== undefined) unsupported(["slos", i, "sli", "plugin"], "SLI plugin");
    if (s.plugins !== undefined) unsupported(["slos", i, "plugins"], "SLO plugins");
    return convertSlo(s, isK8s);
  });
  if (diagnostics.length > 0) return { ok: false, diagnostics };

  // obsforge sets `team` on every alert from the team field, so a `team`
  // label becomes that field (an `owner` label, Sloth's convention, stays a
  // label and names the team when there is no `team`).
  const { team: teamLabel, ...labels } = spec.labels ?? {};
  return {
    ok: true,
    value: {
      kind: "service",
      name: spec.service,
      team: teamLabel ?? labels.owner ?? spec.service,
      ...(Object.keys(labels).length > 0 && { labels }),
      ...(isK8s && { sloth: { spec: "sloth.slok.dev/v1", mode: "cli-gen-k8s" } }),
      ...(isK8s && {
        kubernetes: prometheusRuleMetadata((parsed.data as z.infer<typeof k8sSchema>).metadata),
      }),
      slos,
    },
  };
}

/**
 * A PrometheusServiceLevel becomes a PrometheusRule, as Sloth's controller
 * and `sloth generate` make it: the resource's name, namespace and labels,
 * plus the component label Sloth adds (its managed-by label names the
 * generator, obsforge's own). The model validates them as Kubernetes does.
 */
function prometheusRuleMetadata(
  metadata: z.infer<typeof k8sSchema>["metadata"],
): NonNullable<ServiceInput["kubernetes"]> {
  return {
    ...(metadata?.name !== undefined && { name: metadata.name }),
    ...(metadata?.namespace !== undefined && { namespace: metadata.namespace }),
    labels: { ...metadata?.labels, "app.kubernetes.io/component": "SLO" },
  };
}

function convertSlo(s: SlothSlo, isK8s: boolean): SloInput {
  const events = s.sli.events as Record<string, string> | undefined;
  const sli: SloInput["sli"] =
    events !== undefined
      ? {
          kind: "events",
          errorQuery: (isK8s ? events.errorQuery : events.error_query)!,
          totalQuery: (isK8s ? events.totalQuery : events.total_query)!,
        }
      : {
          kind: "raw",
          errorRatioQuery: s.sli.raw?.errorRatioQuery ?? s.sli.raw?.error_ratio_query ?? "",
        };
  const a = (s.alerting ?? {}) as Record<string, never> & {
    name?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  // Sloth routes on a `severity` label; obsforge sets that label from the
  // level's severity field (the same value reaches the alert), so it moves
  // there: a level's own label wins over one on the whole alerting block.
  const { severity: sharedSeverity, ...sharedLabels } = a.labels ?? {};
  const level = (
    l:
      | { disable?: boolean; labels?: Record<string, string>; annotations?: Record<string, string> }
      | undefined,
  ) => {
    const { severity, ...labels } = l?.labels ?? {};
    const chosen = severity ?? sharedSeverity;
    return {
      ...(l?.disable === true && { disable: true }),
      ...(chosen !== undefined && { severity: chosen }),
      ...(Object.keys(labels).length > 0 && { labels }),
      ...(l?.annotations !== undefined &&
        Object.keys(l.annotations).length > 0 && { annotations: l.annotations }),
    };
  };
  const page = level(isK8s ? a.pageAlert : a.page_alert);
  const ticket = level(isK8s ? a.ticketAlert : a.ticket_alert);
  return {
    name: s.name,
    ...(s.description !== undefined && { description: s.description }),
    objective: s.objective,
    // Sloth's default (`--default-slo-period`); its specs cannot choose one per SLO.
    period: "30d",
    sli,
    ...(s.labels !== undefined && Object.keys(s.labels).length > 0 && { labels: s.labels }),
    alerting: {
      ...(a.name !== undefined && { name: a.name }),
      ...(Object.keys(sharedLabels).length > 0 && { labels: sharedLabels }),
      ...(a.annotations !== undefined &&
        Object.keys(a.annotations).length > 0 && { annotations: a.annotations }),
      ...(Object.keys(page).length > 0 && { page }),
      ...(Object.keys(ticket).length > 0 && { ticket }),
      // Sloth has no absent-SLI alert; keep the import's output exactly Sloth's.
      noData: { disable: true },
    },
  };
}
