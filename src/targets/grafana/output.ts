import type { Dashboard } from "@grafana/grafana-foundation-sdk/dashboard";
import type { FileOf } from "../shared/file-of.ts";
import type { DashboardsProvisioning, DatasourcesProvisioning } from "./provisioning.ts";

/** A Grafana dashboard as the foundation SDK's `DashboardBuilder.build()` returns it. */
export type GrafanaDashboard = Dashboard;

/** A Grafana provisioning file (out/grafana/provisioning/). */
export type ProvisioningFile = DashboardsProvisioning | DatasourcesProvisioning;

export type GrafanaDashboardOutput = FileOf<"grafana-dashboard", GrafanaDashboard>;

export interface ProvisioningOutput extends FileOf<"grafana-provisioning", ProvisioningFile> {
  /**
   * The definitions the generated-file comment names, when they differ from
   * `sources`: the datasources file depends only on services with logs or
   * histograms, but names the dashboards' services when there are none.
   */
  headerSources?: string[];
}
