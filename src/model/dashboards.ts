import { createHash } from "node:crypto";
import type { Dashboard } from "@grafana/grafana-foundation-sdk/dashboard";
import { z } from "zod";
import { UID_MAX, UID_RE } from "../core/names.ts";

/**
 * What a service says about its Grafana dashboards: which generated ones it
 * wants (all that apply by default), the folder they go in, and hand-written
 * ones built with the same panel helpers. Uids are derived here, in the
 * model, so alert annotations, the uid collision check and the generator
 * all agree on them.
 */

/** The dashboards obsforge generates per service, when the service has what they need. */
export const GENERATED_KINDS = ["slo", "red", "logs"] as const;
export type GeneratedKind = (typeof GENERATED_KINDS)[number];

// In names.ts (no zod) so the dashboard lint checks load without the schemas.
export { UID_MAX, UID_RE };
/** Folder names become paths (out/grafana/dashboards/<folder>/), so they are slugs. */
export const FOLDER_RE = /^[a-z0-9]([a-z0-9_-]{0,38}[a-z0-9])?$/;

/** Something with `build()`: a foundation-sdk builder, whose output is checked when the estate is compiled. */
export interface BuilderLike<T = unknown> {
  build(): T;
}

function isBuilder(value: unknown): value is BuilderLike {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { build?: unknown }).build === "function"
  );
}

const panelSchema = z
  .custom<BuilderLike>(isBuilder, {
    error:
      "expected a panel made with timeseriesPanel(), statPanel(), gaugePanel(), heatmapPanel(), tablePanel(), logsPanel() or textPanel()",
  })
  .meta({
    description: "A panel builder (obsforge panel helpers or @grafana/grafana-foundation-sdk)",
  });

const variableSchema = z
  .custom<BuilderLike>(isBuilder, {
    error:
      "expected a template variable builder such as jobVariable() or a foundation-sdk variable",
  })
  .meta({ description: "A template variable builder" });

export const uidSchema = z
  .string()
  .regex(UID_RE, {
    error: "expected a dashboard uid of at most 40 letters, digits, - and _",
  })
  .meta({ description: "Grafana dashboard uid (≤ 40 of [A-Za-z0-9_-])" });

const folderSchema = z
  .string()
  .regex(FOLDER_RE, {
    error:
      "expected a folder name of lowercase letters, digits, - and _ (it names an output folder)",
  })
  .meta({ description: "Grafana folder, also the folder under out/grafana/dashboards/" });

export const dashboardRowSchema = z.strictObject({
  /** No title: the panels sit above any titled row, without a row header. */
  title: z.string().min(1).optional(),
  collapsed: z.boolean().default(false),
  panels: z.array(panelSchema).min(1, { error: "expected at least one panel in the row" }),
});

/** A hand-written dashboard, laid out and given variables exactly like the generated ones. */
export const customDashboardSchema = z
  .strictObject({
    kind: z.literal("dashboard"),
    title: z.string().min(1, { error: "expected a dashboard title" }),
    uid: uidSchema.optional().meta({
      description: "Default: derived from the service name and the title",
    }),
    description: z.string().optional(),
    tags: z.array(z.string().min(1)).default([]),
    folder: folderSchema.optional(),
    variables: z.array(variableSchema).default([]),
    rows: z.array(dashboardRowSchema).min(1, { error: "expected at least one row" }),
  })
  .meta({ description: "A dashboard built with obsforge's panel helpers (dashboard(), row())" });

/**
 * A whole dashboard written with the foundation SDK (`new
 * dashboard.DashboardBuilder(…)`), as `obsforge import` writes one from
 * Grafana JSON: built and written as it is, with no layout, variables or
 * links added. Its uid names the output file, so it must have one.
 */
const grafanaDashboardSchema = z
  .custom<BuilderLike<Dashboard>>(isBuilder, {
    error: "expected a dashboard builder (new dashboard.DashboardBuilder(…) of the foundation SDK)",
  })
  .superRefine((builder, ctx) => {
    let built: Dashboard;
    try {
      built = builder.build();
    } catch (error) {
      ctx.addIssue({
        code: "custom",
        message: `expected a dashboard builder that builds, got ${error instanceof Error ? error.message : String(error)}`,
      });
      return;
    }
    if (typeof built?.uid !== "string" || !UID_RE.test(built.uid)) {
      ctx.addIssue({
        code: "custom",
        message: `expected a dashboard with a uid of at most 40 letters, digits, - and _ (.uid(…); it names the output file), got ${built?.uid === undefined ? "none" : JSON.stringify(built.uid)}`,
      });
    }
  })
  .meta({
    description: "A dashboard builder of @grafana/grafana-foundation-sdk, written as built",
  });

const generateKindsSchema = z.strictObject({
  slo: z.boolean().default(true),
  red: z.boolean().default(true),
  logs: z.boolean().default(true),
});

export const serviceDashboardsSchema = z
  .strictObject({
    generate: z.union([z.boolean(), generateKindsSchema]).default(true).meta({
      description:
        "Generated dashboards: true (every kind the service has data for), false (none), or per kind { slo, red, logs }",
    }),
    folder: folderSchema.optional().meta({ description: "Default: the team, as a slug" }),
    custom: z.array(customDashboardSchema).default([]),
    grafana: z.array(grafanaDashboardSchema).default([]).meta({
      description:
        "Dashboards written with the foundation SDK's DashboardBuilder (what obsforge import writes from Grafana JSON), built as they are",
    }),
  })
  .prefault({});

export type ServiceDashboards = z.infer<typeof serviceDashboardsSchema>;
export type CustomDashboard = z.infer<typeof customDashboardSchema>;
export type CustomDashboardInput = z.input<typeof customDashboardSchema>;
export type DashboardRow = z.infer<typeof dashboardRowSchema>;
export type DashboardRowInput = z.input<typeof dashboardRowSchema>;

/** A typed reference to a dashboard of this estate, resolved to a URL when rules are compiled. */
export const dashboardLinkSchema = z
  .strictObject({
    kind: z.literal("dashboard-link"),
    /** Default: the service the alert belongs to. */
    service: z.string().min(1).optional(),
    dashboard: z.enum(GENERATED_KINDS).optional(),
    uid: uidSchema.optional(),
    vars: z.record(z.string().regex(/^[A-Za-z0-9_]+$/), z.string()).default({}),
  })
  .superRefine((link, ctx) => {
    if ((link.dashboard === undefined) === (link.uid === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["dashboard"],
        message:
          'expected exactly one of dashboard ("slo", "red" or "logs") and uid (a custom dashboard)',
        input: undefined,
      });
    }
  })
  .meta({ description: "Link to a dashboard of the estate, made with dashboardLink()" });

export type DashboardLink = z.infer<typeof dashboardLinkSchema>;
export type DashboardLinkInput = z.input<typeof dashboardLinkSchema>;

/** Lowercase, runs of anything but [a-z0-9] become one `-`, no leading or trailing `-`. */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/**
 * A uid from a slug: the slug itself when it fits in 40 characters,
 * otherwise its start plus 8 hex digits of its sha256, so long names stay
 * readable, distinct and stable.
 */
export function uidFromSlug(slug: string): string {
  if (slug.length <= UID_MAX) return slug;
  const hash = createHash("sha256").update(slug, "utf8").digest("hex").slice(0, 8);
  return `${slug.slice(0, UID_MAX - 9).replace(/[-_]+$/, "")}-${hash}`;
}

export function generatedDashboardUid(service: string, kind: GeneratedKind): string {
  return uidFromSlug(`${service}-${kind}`);
}

export function customDashboardUid(
  service: string,
  dashboard: Pick<CustomDashboard, "uid" | "title">,
): string {
  return dashboard.uid ?? uidFromSlug(`${service}-${slugify(dashboard.title) || "dashboard"}`);
}

/** The folder of a service's dashboards: `dashboards.folder`, else the team as a slug. */
export function dashboardFolder(service: {
  team: string;
  dashboards: Pick<ServiceDashboards, "folder">;
}): string {
  return service.dashboards.folder ?? (uidFromSlug(slugify(service.team)) || "obsforge");
}

/** Whether `generate` asks for a kind (whether the service has the data for it is decided by the generator). */
export function wantsGenerated(dashboards: ServiceDashboards, kind: GeneratedKind): boolean {
  return typeof dashboards.generate === "boolean" ? dashboards.generate : dashboards.generate[kind];
}

/**
 * The URL of a linked dashboard: `<grafanaUrl>/d/<uid>?var-x=y`. Variables
 * are URL-encoded, except values holding a Go template (`{{ $labels.instance }}`),
 * which Prometheus expands when the alert fires and must stay verbatim.
 */
export function dashboardUrl(
  grafanaUrl: string,
  uid: string,
  vars: Record<string, string>,
): string {
  const query = Object.keys(vars)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => {
      const value = vars[name]!;
      return `var-${name}=${value.includes("{{") ? value : encodeURIComponent(value)}`;
    });
  const base = `${grafanaUrl.replace(/\/+$/, "")}/d/${uid}`;
  return query.length === 0 ? base : `${base}?${query.join("&")}`;
}

/** Resolve a typed link from an alert of `fromService`; RED links select the service's job. */
export function dashboardLinkUrl(
  link: DashboardLink,
  options: { fromService: string; grafanaUrl: string },
): string {
  const service = link.service ?? options.fromService;
  const uid = link.uid ?? generatedDashboardUid(service, link.dashboard!);
  const vars = link.dashboard === "red" ? { job: service, ...link.vars } : link.vars;
  return dashboardUrl(options.grafanaUrl, uid, vars);
}
