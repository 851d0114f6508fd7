import type { Dashboard } from "@grafana/grafana-foundation-sdk/dashboard";
import type { DashboardsProvisioning, DatasourcesProvisioning } from "./grafana/provisioning.ts";
import type { LokiRuleFile } from "./loki/rule-file.ts";
import type { PrometheusRuleFile } from "./prometheus/rule-file.ts";
import type { PromtoolTestFile } from "./promtool/promtool-test-file.ts";

/** A Grafana dashboard as the foundation SDK's `DashboardBuilder.build()` returns it. */
export type GrafanaDashboard = Dashboard;

/** A Grafana provisioning file (out/grafana/provisioning/). */
export type ProvisioningFile = DashboardsProvisioning | DatasourcesProvisioning;

/** JSON Schema for editors, as `z.toJSONSchema` gives it. */
export type JsonSchema = Record<string, unknown>;

interface FileOf<Kind extends string, Content> {
  kind: Kind;
  /** POSIX path relative to the output folder (src/targets/artifact-paths.ts). */
  path: string;
  /** Definition files (relative to the definitions folder) it was compiled from. */
  sources: string[];
  /** The file's document as typed data; src/emit/ alone turns it into bytes. */
  content: Content;
}

/** A file of one service's: its rules or its tests. */
interface ServiceFileOf<Kind extends string, Content> extends FileOf<Kind, Content> {
  service: string;
}

export type PrometheusRulesOutput = ServiceFileOf<"prometheus-rules", PrometheusRuleFile>;
export type LokiRulesOutput = ServiceFileOf<"loki-rules", LokiRuleFile>;
export type PromtoolTestsOutput = ServiceFileOf<"promtool-tests", PromtoolTestFile>;
export type GrafanaDashboardOutput = FileOf<"grafana-dashboard", GrafanaDashboard>;
export interface ProvisioningOutput extends FileOf<"grafana-provisioning", ProvisioningFile> {
  /**
   * The definitions the generated-file comment names, when they differ from
   * `sources`: the datasources file depends only on services with logs or
   * histograms, but names the dashboards' services when there are none.
   */
  headerSources?: string[];
}
export type JsonSchemaOutput = FileOf<"json-schema", JsonSchema>;

/**
 * One file a target compiled: where it goes, what it came from, and its
 * content as typed data. Every target returns these; one emit step
 * (src/emit/artifact.ts) turns them into bytes, and lint reads them as
 * they are, so nothing is serialised to be parsed again.
 */
export type CompiledFile =
  | PrometheusRulesOutput
  | LokiRulesOutput
  | PromtoolTestsOutput
  | GrafanaDashboardOutput
  | ProvisioningOutput
  | JsonSchemaOutput;
