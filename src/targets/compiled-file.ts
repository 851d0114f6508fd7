import type { GrafanaDashboardOutput, ProvisioningOutput } from "./grafana/output.ts";
import type { JsonSchemaOutput } from "./json-schema.ts";
import type { LokiRuleResourceOutput, PrometheusRuleOutput } from "./kubernetes/resource.ts";
import type { AlertmanagerOutput } from "./alertmanager/config-file.ts";
import type { RoutingTestsOutput } from "./alertmanager/routing-tests.ts";
import type { AlertmanagerCrdOutput } from "./alertmanager/crd.ts";
import type { GrafanaAlertingOutput } from "./alertmanager/grafana-alerting.ts";
import type { LokiRulesOutput } from "./loki/rule-file.ts";
import type { PrometheusRulesOutput } from "./prometheus/rule-file.ts";
import type { PromtoolTestsOutput } from "./promtool/promtool-test-file.ts";
import type { RulerNamespaceOutput } from "./rulers/ruler-file.ts";

export type {
  GrafanaDashboard,
  GrafanaDashboardOutput,
  ProvisioningFile,
  ProvisioningOutput,
} from "./grafana/output.ts";
export type { JsonSchema, JsonSchemaOutput } from "./json-schema.ts";
export type { LokiRuleResourceOutput, PrometheusRuleOutput } from "./kubernetes/resource.ts";
export type { AlertmanagerConfig, AlertmanagerOutput } from "./alertmanager/config-file.ts";
export type {
  GrafanaAlertingOutput,
  GrafanaAlertingProvisioning,
} from "./alertmanager/grafana-alerting.ts";
export type { LokiRulesOutput } from "./loki/rule-file.ts";
export type { PrometheusRulesOutput } from "./prometheus/rule-file.ts";
export type { PromtoolTestsOutput } from "./promtool/promtool-test-file.ts";
export type { RulerNamespaceFile, RulerNamespaceOutput } from "./rulers/ruler-file.ts";

/**
 * One file a target compiled: where it goes, what it came from, and its
 * content as typed data. Every target returns these; one emit step
 * (src/emit/artifact.ts) turns them into bytes, and lint reads them as
 * they are, so nothing is serialised to be parsed again. Each target
 * defines its own member; this union only gathers them.
 */
export type CompiledFile =
  | PrometheusRulesOutput
  | LokiRulesOutput
  | PromtoolTestsOutput
  | PrometheusRuleOutput
  | LokiRuleResourceOutput
  | GrafanaDashboardOutput
  | ProvisioningOutput
  | JsonSchemaOutput
  | RulerNamespaceOutput
  | AlertmanagerOutput
  | RoutingTestsOutput
  | AlertmanagerCrdOutput
  | GrafanaAlertingOutput;
