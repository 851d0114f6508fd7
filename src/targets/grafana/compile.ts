import type { FieldPath } from "../../core/problem.ts";
import type { Dashboard } from "@grafana/grafana-foundation-sdk/dashboard";
import { compareStrings } from "../../core/order.ts";
import {
  customDashboardUid,
  dashboardFolder,
  type GeneratedKind,
  generatedDashboardUid,
  wantsGenerated,
} from "../../model/dashboards.ts";
import type { Estate, Sourced } from "../../model/estate.ts";
import type { Service } from "../../model/service.ts";
import { ARTIFACT_PATHS } from "../shared/artifact-paths.ts";
import type { GrafanaDashboardOutput, ProvisioningOutput } from "./output.ts";
import { type DashboardInput, dashboardInput } from "./dashboard-input.ts";
import { buildDashboard, type DashboardSpec, serviceLinks, serviceTags } from "./dashboard.ts";
import { logsDashboard } from "./logs-dashboard.ts";
import { type LogsSource, logsSourceOf } from "./logs-source.ts";
import type { PanelBuilder } from "./panels.ts";
import { dashboardsProvisioning, datasourcesProvisioning } from "./provisioning.ts";
import { hasRedData, redDashboard } from "./red-dashboard.ts";
import type { GrafanaSettings } from "./settings.ts";
import { sloDashboard } from "./slo-dashboard.ts";

/** One dashboard of the estate, before it is serialised. */
export interface PlannedDashboard {
  uid: string;
  folder: string;
  /** Where it was defined: the service's file and the field that asked for it. */
  service: string;
  file: string;
  source: string;
  path: FieldPath;
  /** The field the folder name comes from: a `folder` field, or `team` (the default folder). */
  folderPath: FieldPath;
  /** What it is, for messages: `the RED dashboard of checkout-api`. */
  label: string;
  /** The dashboard as written to out/: laid out by obsforge, or a foundation-SDK dashboard as built. */
  build: (settings: GrafanaSettings) => Dashboard;
}

/** The generated kinds a service gets: asked for (default all) and with data to show. */
export function generatedKinds(service: DashboardInput): GeneratedKind[] {
  const kinds: GeneratedKind[] = [];
  if (wantsGenerated(service.dashboards, "slo") && service.slos.length > 0) kinds.push("slo");
  if (wantsGenerated(service.dashboards, "red") && hasRedData(service)) kinds.push("red");
  if (wantsGenerated(service.dashboards, "logs") && logsSourceOf(service) !== undefined)
    kinds.push("logs");
  return kinds;
}

const KIND_LABEL: Record<GeneratedKind, string> = { slo: "SLO", red: "RED", logs: "logs" };

/** Plans by estate: the build plans once for its checks, its paths and its output. */
const plans = new WeakMap<Estate, readonly PlannedDashboard[]>();

/** Every dashboard the estate defines, generated and hand-written, in service order. */
export function planDashboards(estate: Estate): readonly PlannedDashboard[] {
  let plan = plans.get(estate);
  if (plan === undefined) {
    plan = planEstate(estate);
    plans.set(estate, plan);
  }
  return plan;
}

function planEstate(estate: Estate): PlannedDashboard[] {
  return estate.services.flatMap((sourced) => planServiceDashboards(sourced));
}

/**
 * One service's dashboards, in the order planDashboards lists them: a
 * function of that service alone, so a worker thread can build them
 * (src/pipeline/parallel-compile.ts).
 */
export function planServiceDashboards({
  file,
  source,
  value,
}: Sourced<Service>): PlannedDashboard[] {
  // The builders see the service without its rules (what the cache keys dashboards by).
  const service = dashboardInput(value);
  const out: PlannedDashboard[] = [];
  const folder = dashboardFolder(service);
  const serviceFolderPath =
    service.dashboards.folder !== undefined ? ["dashboards", "folder"] : ["team"];
  const where = { service: service.name, file, source };
  for (const kind of generatedKinds(service)) {
    out.push({
      ...where,
      uid: generatedDashboardUid(service.name, kind),
      folder,
      folderPath: serviceFolderPath,
      path: ["dashboards", "generate"],
      label: `the ${KIND_LABEL[kind]} dashboard of ${service.name}`,
      build: (settings) =>
        buildDashboard(
          kind === "slo"
            ? sloDashboard(service)
            : kind === "red"
              ? redDashboard(service)
              : logsDashboard(service, logsSourceOf(service) as LogsSource),
          settings,
        ),
    });
  }
  service.dashboards.custom.forEach((custom, index) => {
    const uid = customDashboardUid(service.name, custom);
    const spec = (): DashboardSpec => ({
      uid,
      title: custom.title,
      ...(custom.description !== undefined && { description: custom.description }),
      tags: [...new Set([...serviceTags(service.name, "custom"), ...custom.tags])],
      links: serviceLinks(service.name),
      variables: custom.variables as DashboardSpec["variables"],
      rows: custom.rows.map((row) => ({
        ...(row.title !== undefined && { title: row.title }),
        collapsed: row.collapsed,
        panels: row.panels as PanelBuilder[],
      })),
    });
    out.push({
      ...where,
      uid,
      folder: custom.folder ?? folder,
      folderPath:
        custom.folder !== undefined ? ["dashboards", "custom", index, "folder"] : serviceFolderPath,
      path: ["dashboards", "custom", index, custom.uid === undefined ? "title" : "uid"],
      label: `dashboard ${JSON.stringify(custom.title)} of ${service.name}`,
      build: (settings) => buildDashboard(spec(), settings),
    });
  });
  service.dashboards.grafana.forEach((builder, index) => {
    // The model checked that it builds and has a uid.
    const built = builder.build();
    out.push({
      ...where,
      uid: built.uid as string,
      folder,
      folderPath: serviceFolderPath,
      path: ["dashboards", "grafana", index],
      label: `dashboard ${JSON.stringify(built.title ?? built.uid)} of ${service.name}`,
      // As built: obsforge adds nothing to a dashboard written with the SDK.
      build: () => builder.build(),
    });
  });
  return out;
}

export interface CompiledDashboard {
  planned: PlannedDashboard;
  /** Relative to out/: `grafana/dashboards/<folder>/<uid>.json`. */
  path: string;
  json: Dashboard;
}

export function compileDashboards(estate: Estate, settings: GrafanaSettings): CompiledDashboard[] {
  return planDashboards(estate)
    .map((planned) => ({
      planned,
      path: ARTIFACT_PATHS.dashboard(planned.folder, planned.uid),
      json: planned.build(settings),
    }))
    .sort((a, b) => compareStrings(a.path, b.path));
}

/**
 * Dashboards, then the two provisioning files (only when there is a
 * dashboard to provision), as typed data. One at a time: each dashboard is
 * built only when it is consumed, so a streamed build holds one. Uids are
 * unique: the estate was checked by checkDashboards before it is compiled.
 */
export function* compileGrafana(
  estate: Estate,
  settings: GrafanaSettings,
): Generator<GrafanaDashboardOutput | ProvisioningOutput> {
  const planned = planDashboards(estate).map((p) => ({
    planned: p,
    path: ARTIFACT_PATHS.dashboard(p.folder, p.uid),
  }));
  if (planned.length === 0) return;
  const seen = new Set<string>();
  for (const { planned: p } of planned) {
    if (seen.has(p.uid))
      throw new Error(`Bug: dashboard uid ${p.uid} planned twice; checkDashboards missed it`);
    seen.add(p.uid);
  }
  for (const { planned: p, path } of planned.sort((a, b) => compareStrings(a.path, b.path))) {
    yield dashboardFile(p, path, settings);
  }
  yield* provisioningFiles(estate, planned, settings);
}

/** One planned dashboard as typed data: a function of its service and the settings only. */
export function dashboardFile(
  p: PlannedDashboard,
  path: string,
  settings: GrafanaSettings,
): GrafanaDashboardOutput {
  return {
    kind: "grafana-dashboard",
    path,
    sources: [p.source],
    content: p.build(settings),
  };
}

/** The dashboards and datasources provisioning files of the estate, for its planned dashboards. */
export function* provisioningFiles(
  estate: Estate,
  planned: readonly { planned: PlannedDashboard }[],
  settings: GrafanaSettings,
): Generator<ProvisioningOutput> {
  const all = estate.services;
  const sources = (services: readonly Sourced<Service>[]) =>
    [...new Set(services.map((s) => s.source))].sort(compareStrings);
  const withDashboards = new Set(planned.map((d) => d.planned.service));
  const dashboardSources = sources(all.filter((s) => withDashboards.has(s.value.name)));
  yield {
    kind: "grafana-provisioning",
    path: ARTIFACT_PATHS.dashboardsProvisioning,
    sources: dashboardSources,
    content: dashboardsProvisioning(
      planned.map((d) => d.planned.folder),
      settings,
    ),
  };
  const logs = all.flatMap((s) => {
    const source = logsSourceOf(s.value);
    return source === undefined ? [] : [source];
  });
  const histograms = all.flatMap((s) => s.value.metrics.filter((m) => m.type === "histogram"));
  const correlated = sources(
    all.filter(
      (s) =>
        logsSourceOf(s.value) !== undefined || s.value.metrics.some((m) => m.type === "histogram"),
    ),
  );
  yield {
    kind: "grafana-provisioning",
    path: ARTIFACT_PATHS.datasourcesProvisioning,
    sources: correlated,
    ...(correlated.length === 0 && { headerSources: dashboardSources }),
    content: datasourcesProvisioning(settings, { logs, histograms }),
  };
}
