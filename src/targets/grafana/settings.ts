/**
 * Where Grafana and its datasources live: the one place to change them.
 * URLs default to environment references that Grafana expands when it reads
 * the provisioning files (`$PROMETHEUS_URL`), so no address or credential
 * from a definition is ever written into an artifact.
 */

export interface DatasourceSettings {
  /** Stable uid: dashboards select the datasource through a variable whose default is this uid. */
  uid: string;
  name: string;
  /** URL, or an environment reference such as `$LOKI_URL` that Grafana expands at provisioning time. */
  url: string;
}

export interface GrafanaSettings {
  /** Base URL of Grafana, for links from alert annotations to dashboards. */
  url: string;
  orgId?: number;
  /**
   * Set (estate.json `grafana.linkWindow`, default 1h): every alert links to
   * its dashboard and to Explore on its logs and traces over the last window.
   */
  linkWindow?: string;
  /** Folder Grafana reads provisioned dashboards from; out/grafana/dashboards/ is mounted there. */
  dashboardsPath: string;
  prometheus: DatasourceSettings;
  loki: DatasourceSettings;
  tempo: DatasourceSettings;
}

export const DEFAULT_GRAFANA_SETTINGS: GrafanaSettings = {
  url: "https://grafana.example.com",
  dashboardsPath: "/var/lib/grafana/dashboards",
  prometheus: { uid: "prometheus", name: "Prometheus", url: "$PROMETHEUS_URL" },
  loki: { uid: "loki", name: "Loki", url: "$LOKI_URL" },
  tempo: { uid: "tempo", name: "Tempo", url: "$TEMPO_URL" },
};

export interface GrafanaSettingsInput {
  url?: string;
  orgId?: number;
  linkWindow?: string;
  dashboardsPath?: string;
  prometheus?: Partial<DatasourceSettings>;
  loki?: Partial<DatasourceSettings>;
  tempo?: Partial<DatasourceSettings>;
}

/** Defaults with `overrides` applied, field by field. */
export function grafanaSettings(overrides: GrafanaSettingsInput = {}): GrafanaSettings {
  const d = DEFAULT_GRAFANA_SETTINGS;
  return {
    url: overrides.url ?? d.url,
    ...(overrides.orgId !== undefined && { orgId: overrides.orgId }),
    ...(overrides.linkWindow !== undefined && { linkWindow: overrides.linkWindow }),
    dashboardsPath: overrides.dashboardsPath ?? d.dashboardsPath,
    prometheus: { ...d.prometheus, ...overrides.prometheus },
    loki: { ...d.loki, ...overrides.loki },
    tempo: { ...d.tempo, ...overrides.tempo },
  };
}
