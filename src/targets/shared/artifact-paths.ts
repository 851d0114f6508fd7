/**
 * Where each target's files go under the output folder, in one place: the
 * targets name their files with it, and the build checks, before compiling,
 * that every path a user's names make is portable
 * (src/pipeline/output-paths.ts). POSIX paths relative to out/.
 */
export const ARTIFACT_PATHS = {
  prometheusRules: (service: string) => `prometheus/${service}.rules.yml`,
  lokiRules: (service: string) => `loki/${service}.rules.yml`,
  tests: (service: string) => `tests/${service}.test.yml`,
  prometheusRule: (service: string) => `kubernetes/${service}.prometheusrule.yml`,
  lokiAlertingRule: (service: string) => `kubernetes/${service}.lokialertingrule.yml`,
  lokiRecordingRule: (service: string) => `kubernetes/${service}.lokirecordingrule.yml`,
  dashboard: (folder: string, uid: string) => `grafana/dashboards/${folder}/${uid}.json`,
  dashboardsProvisioning: "grafana/provisioning/dashboards.yml",
  datasourcesProvisioning: "grafana/provisioning/datasources.yml",
  /** Grafana-managed alerting: contact points, notification policies, mute timings (routing's `grafana`). */
  alertingProvisioning: "grafana/provisioning/alerting.yml",
  serviceSchema: "schema/service.schema.json",
  /** A Mimir/Cortex or Loki ruler namespace: one file per namespace, under its tenant's folder. */
  rulerNamespace: (ruler: string, tenant: string | undefined, namespace: string) =>
    tenant === undefined
      ? `rulers/${ruler}/${namespace}.yml`
      : `rulers/${ruler}/${tenant}/${namespace}.yml`,
  alertmanagerConfig: "alertmanager/alertmanager.yml",
  alertmanagerTests: "alertmanager/routing-tests.yml",
  alertmanagerCrd: "alertmanager/alertmanagerconfig.yml",
};

/** A service's Prometheus rule file as its promtool test file names it (tests/ and prometheus/ are siblings). */
export function ruleFileFromTests(service: string): string {
  return `../${ARTIFACT_PATHS.prometheusRules(service)}`;
}
