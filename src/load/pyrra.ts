import { z } from "zod";
import type { Problem } from "../core/problem.ts";
import type { Result } from "../core/result.ts";
import type { Duration } from "../core/duration.ts";
import { issuesToDiagnostics } from "../model/issues.ts";
import type { ServiceInput } from "../model/service.ts";
import type { SloInput } from "../model/slo.ts";
import { SERVICE_NAME_RE } from "../core/names.ts";
import { convertIndicator, safeSeconds } from "./pyrra-indicator.ts";

/**
 * Pyrra `ServiceLevelObjective` (pyrra.dev/v1alpha1, PEERS.md §2.3) → one
 * obsforge SLO in the `pyrra` alerting style, so the alerts keep Pyrra's
 * windows, factors, `for`, severities and labels. The SLI keeps Pyrra's
 * PromQL (kubernetes/api/v1alpha1 `Internal`, slo/rules.go `Burnrate`):
 * `sum by (grouping) (…)` of the same selectors, so grouping survives.
 * What has no obsforge equivalent is an `import/unsupported` error naming
 * the field; nothing is dropped.
 */

export const PYRRA_API_VERSION = "pyrra.dev/v1alpha1";

const query = z.strictObject({ metric: z.string().min(1, { error: "expected a selector" }) });
const grouping = z.array(z.string()).optional();

/**
 * Pyrra writes its target as a percentage in a string ("99.5") and its
 * window as a Prometheus duration; both are checked as written, so an error
 * quotes the spec's string, not the number or period it would become.
 */
const TARGET =
  'expected a target percentage 0 < x < 100 such as "99.5" (100 leaves no error budget)';
const target = z
  .union([z.string(), z.number()])
  .refine((t) => String(t).trim() !== "" && Number(t) > 0 && Number(t) < 100, { error: TARGET })
  .transform(Number);
const window = z.string().regex(/^\d+[dw]$/, {
  error: 'expected a window of whole days or weeks such as "28d" or "4w"',
});

const specSchema = z.strictObject({
  description: z.string().optional(),
  target,
  window,
  indicator: z.strictObject({
    ratio: z.strictObject({ errors: query, total: query, grouping }).optional(),
    latency: z.strictObject({ success: query, total: query, grouping }).optional(),
    latencyNative: z.strictObject({ latency: z.string(), total: query, grouping }).optional(),
    bool_gauge: z.strictObject({ metric: z.string(), grouping }).optional(),
  }),
  alerting: z
    .strictObject({
      disabled: z.boolean().optional(),
      burnrates: z.boolean().optional(),
      absent: z.boolean().optional(),
      name: z.string().optional(),
      absentName: z.string().optional(),
      severities: z
        .strictObject({
          absent: z.string().optional(),
          fastBurn: z.string().optional(),
          mediumBurn: z.string().optional(),
          slowBurn: z.string().optional(),
          longTermBurn: z.string().optional(),
        })
        .optional(),
    })
    .optional(),
  partial_response_strategy: z.unknown().optional(),
  performanceOverAccuracy: z.unknown().optional(),
  ruleOutput: z.unknown().optional(),
  shortRulesLabels: z.unknown().optional(),
  longRulesLabels: z.unknown().optional(),
});

const documentSchema = z.object({
  apiVersion: z.literal(PYRRA_API_VERSION),
  kind: z.literal("ServiceLevelObjective"),
  metadata: z.object({
    name: z.string(),
    namespace: z.string().optional(),
    labels: z.record(z.string(), z.coerce.string()).optional(),
  }),
  spec: specSchema,
});

export type PyrraSpec = z.infer<typeof specSchema>;

export function isPyrraDocument(doc: unknown): boolean {
  if (typeof doc !== "object" || doc === null) return false;
  const d = doc as Record<string, unknown>;
  return d.apiVersion === PYRRA_API_VERSION && d.kind === "ServiceLevelObjective";
}

/** Pyrra's label prefix that reaches the rules (slo.PropagationLabelsPrefix), stripped there. */
const PROPAGATION_PREFIX = "pyrra.dev/";

/**
 * The service a Pyrra SLO joins: Pyrra has none, so the namespace (SLOs of
 * one namespace become one module) or, outside Kubernetes, the SLO's name.
 */
export function importPyrraDocument(doc: unknown, file: string): Result<ServiceInput> {
  const parsed = documentSchema.safeParse(doc, { reportInput: true });
  if (!parsed.success)
    return {
      ok: false,
      diagnostics: issuesToDiagnostics(parsed.error.issues, file, { schema: documentSchema }),
    };
  const { metadata, spec } = parsed.data;
  const problems: Problem[] = [];
  const unsupported = (path: (string | number)[], what: string) =>
    problems.push({
      code: "import/unsupported",
      severity: "error",
      file,
      path: ["spec", ...path],
      message: `expected no ${what} (obsforge has no equivalent), got one`,
    });
  for (const key of [
    "partial_response_strategy",
    "performanceOverAccuracy",
    "ruleOutput",
    "shortRulesLabels",
    "longRulesLabels",
  ] as const) {
    if (spec[key] !== undefined) unsupported([key], `${key} setting`);
  }
  if (spec.alerting?.absentName !== undefined)
    unsupported(
      ["alerting", "absentName"],
      "absent-alert name (obsforge names it <alert name>NoData)",
    );
  const sev = spec.alerting?.severities;
  if (sev?.fastBurn !== sev?.mediumBurn)
    unsupported(
      ["alerting", "severities", "mediumBurn"],
      "severity differing from fastBurn (obsforge sets one severity for tiers 1 and 2)",
    );
  if (sev?.slowBurn !== sev?.longTermBurn)
    unsupported(
      ["alerting", "severities", "longTermBurn"],
      "severity differing from slowBurn (obsforge sets one severity for tiers 3 and 4)",
    );
  const sli = convertIndicator(spec, file, problems);
  if (problems.length > 0 || sli === undefined) return { ok: false, diagnostics: problems };

  const propagated: Record<string, string> = {};
  for (const [name, value] of Object.entries(metadata.labels ?? {})) {
    if (name.startsWith(PROPAGATION_PREFIX))
      propagated[name.slice(PROPAGATION_PREFIX.length)] = value;
  }
  // obsforge sets `service` and `team` on every alert itself: a selector's
  // equality matcher on one of them names the service (or team) instead,
  // so the alerts still carry Pyrra's value.
  const {
    service: serviceLabel,
    team: teamLabel,
    severity,
    ...labels
  } = {
    ...sli.labels,
    ...propagated,
  };
  if (severity !== undefined)
    unsupported(["indicator"], 'equality matcher on "severity" (obsforge sets it per tier)');
  if (serviceLabel !== undefined && !SERVICE_NAME_RE.test(serviceLabel))
    unsupported(
      ["indicator"],
      `service matcher ${JSON.stringify(serviceLabel)} that is not a valid obsforge service name`,
    );
  if (problems.length > 0) return { ok: false, diagnostics: problems };
  const service = serviceLabel ?? metadata.namespace ?? metadata.name;
  const slo: SloInput = {
    name: metadata.name,
    ...(spec.description !== undefined &&
      spec.description !== "" && { description: spec.description }),
    objective: spec.target,
    period: spec.window as SloInput["period"],
    sli: sli.sli,
    // Pyrra's rule labels: `slo`, the propagated labels and the total
    // selector's equality matchers that are not grouped by (commonRuleLabels).
    labels: { ...labels, slo: metadata.name },
    alerting: pyrraAlerting(spec),
  };
  return {
    ok: true,
    value: {
      kind: "service",
      name: service,
      team: teamLabel ?? service,
      sloth: { spec: PYRRA_API_VERSION, mode: "pyrra" },
      slos: [slo],
    },
  };
}

function pyrraAlerting(spec: PyrraSpec): NonNullable<SloInput["alerting"]> {
  const a = spec.alerting ?? {};
  const burnrates = a.disabled !== true && a.burnrates !== false;
  const absent = a.disabled !== true && a.absent !== false;
  const sev = a.severities ?? {};
  const page = {
    ...(!burnrates && { disable: true }),
    ...(sev.fastBurn !== undefined && { severity: sev.fastBurn }),
    ...impossibleTiers(spec, [14, 7]),
  };
  const ticket = {
    ...(!burnrates && { disable: true }),
    ...(sev.slowBurn !== undefined && { severity: sev.slowBurn }),
    ...impossibleTiers(spec, [2, 1]),
  };
  return {
    mode: "pyrra",
    // Pyrra's default alert name (slo.go defaultAlertname), shared by all its SLOs.
    name: a.name ?? "ErrorBudgetBurn",
    ...(Object.keys(page).length > 0 && { page }),
    ...(Object.keys(ticket).length > 0 && { ticket }),
    noData: absent
      ? { for: pyrraAbsentFor(spec), severity: sev.absent ?? "critical" }
      : { disable: true },
  };
}

/**
 * Tiers whose threshold is 100% errors or more (14 × 10% at a 90% target)
 * can never fire; Pyrra writes them anyway, obsforge refuses to. Disabling
 * them keeps the same alerting behaviour.
 */
function impossibleTiers(spec: PyrraSpec, factors: [number, number]): { disableTiers?: number[] } {
  const budget = (100 - spec.target) / 100;
  const off = factors.flatMap((f, i) => (f * budget >= 1 ? [i] : []));
  return off.length > 0 ? { disableTiers: off } : {};
}

/**
 * Pyrra's absent-alert `for` (slo.go AbsentDuration): the time its fastest
 * tier takes to fire on a total outage, plus that tier's `for`, to the minute.
 */
function pyrraAbsentFor(spec: PyrraSpec): Duration {
  const window = safeSeconds(spec.window);
  if (window === undefined) return "15m";
  const long = Math.round(window / (28 * 24) / 60) * 60;
  const forSeconds = Math.round(window / (28 * 24 * 30) / 60) * 60;
  const seconds = Math.trunc(14 * (1 - spec.target / 100) * long) + forSeconds;
  const minutes = Math.round(seconds / 60);
  return minutes > 0 ? `${minutes}m` : "1m";
}
