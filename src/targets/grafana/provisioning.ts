import { compareStrings } from "../../core/order.ts";
import { uidFromSlug } from "../../model/dashboards.ts";
import type { Metric } from "../../model/metric.ts";
import { selector } from "../../promql/query.ts";
import { DEFAULT_TRACE_ID_FIELD, type LogsSource } from "./logs-source.ts";
import type { GrafanaSettings } from "./settings.ts";

/**
 * Grafana provisioning files (grafana.com/docs/grafana/latest/administration/provisioning/).
 * Grafana expands `$NAME` and `${NAME}` from its environment in these
 * files, so a literal `$` (Grafana's own `${__value.raw}`, `$__tags`) is
 * written `$$`.
 */
export function literalDollars(text: string): string {
  return text.replaceAll("$", () => "$$");
}

export interface DashboardsProvisioning {
  apiVersion: 1;
  providers: {
    name: string;
    orgId: number;
    folder: string;
    folderUid: string;
    type: "file";
    disableDeletion: boolean;
    allowUiUpdates: boolean;
    updateIntervalSeconds: number;
    options: { path: string; foldersFromFilesStructure: boolean };
  }[];
}

/**
 * One file provider per folder, each reading out/grafana/dashboards/<folder>/
 * as mounted under `dashboardsPath`. Dashboards are owned by the
 * definitions: UI edits are refused and removed files are deleted.
 */
export function dashboardsProvisioning(
  folders: readonly string[],
  settings: GrafanaSettings,
): DashboardsProvisioning {
  return {
    apiVersion: 1,
    providers: [...new Set(folders)].sort(compareStrings).map((folder) => ({
      name: `obsforge-${folder}`,
      orgId: 1,
      folder,
      folderUid: uidFromSlug(`obsforge-${folder}`),
      type: "file",
      disableDeletion: false,
      allowUiUpdates: false,
      updateIntervalSeconds: 60,
      options: {
        path: `${settings.dashboardsPath.replace(/\/+$/, "")}/${folder}`,
        foldersFromFilesStructure: false,
      },
    })),
  };
}

export interface CorrelationInputs {
  /** The Loki sources of the estate's services (for the trace id fields to link). */
  logs: readonly LogsSource[];
  /** Histograms of the estate, for the metrics a span links to. */
  histograms: readonly Metric[];
}

/** A trace id as a JSON field (`"trace_id": "abc"`) or a logfmt pair (`trace_id=abc`). */
export function traceIdRegex(field: string): string {
  const name = field.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return `(?:"${name}"\\s*:\\s*"|\\b${name}=)(\\w+)`;
}

/**
 * Prometheus, Loki and Tempo, linked both ways: exemplars on Prometheus
 * histograms and trace ids in log lines open the trace in Tempo; a span
 * opens its logs in Loki (same service, same trace id) and its service's
 * request rate and latency in Prometheus.
 */
export function datasourcesProvisioning(settings: GrafanaSettings, inputs: CorrelationInputs) {
  const { prometheus, loki, tempo } = settings;
  const traceFields = [
    ...new Set(inputs.logs.map((l) => l.traceIdField ?? DEFAULT_TRACE_ID_FIELD)),
  ].sort(compareStrings);
  if (traceFields.length === 0) traceFields.push(DEFAULT_TRACE_ID_FIELD);
  const durations = [
    ...new Map(
      inputs.histograms.filter((m) => m.unit === "s").map((m) => [m.name, m] as const),
    ).values(),
  ].sort((a, b) => compareStrings(a.name, b.name));

  return {
    apiVersion: 1,
    datasources: [
      {
        name: prometheus.name,
        type: "prometheus",
        uid: prometheus.uid,
        access: "proxy",
        url: prometheus.url,
        isDefault: true,
        editable: false,
        jsonData: {
          httpMethod: "POST",
          // OpenTelemetry SDKs and the spanmetrics connector attach the trace id as the
          // `trace_id` exemplar label; Tempo's metrics-generator as `traceID`.
          exemplarTraceIdDestinations: [
            { name: "trace_id", datasourceUid: tempo.uid, urlDisplayLabel: "View trace" },
            { name: "traceID", datasourceUid: tempo.uid, urlDisplayLabel: "View trace" },
          ],
        },
      },
      {
        name: loki.name,
        type: "loki",
        uid: loki.uid,
        access: "proxy",
        url: loki.url,
        editable: false,
        jsonData: {
          maxLines: 1000,
          derivedFields: traceFields.map((field) => ({
            // Field names come from definitions: a `$` in them is data, not an environment reference.
            name: literalDollars(traceFields.length === 1 ? "TraceID" : `TraceID (${field})`),
            matcherRegex: literalDollars(traceIdRegex(field)),
            datasourceUid: tempo.uid,
            // Grafana's own variable (the matched trace id), not a template string of ours.
            // biome-ignore lint/suspicious/noTemplateCurlyInString: literal Grafana syntax
            url: literalDollars("${__value.raw}"),
            urlDisplayLabel: "View trace",
          })),
        },
      },
      {
        name: tempo.name,
        type: "tempo",
        uid: tempo.uid,
        access: "proxy",
        url: tempo.url,
        editable: false,
        jsonData: {
          tracesToLogsV2: {
            datasourceUid: loki.uid,
            spanStartTimeShift: "-5m",
            spanEndTimeShift: "5m",
            // OTLP ingestion labels Loki streams with service_name from the resource's service.name.
            tags: [{ key: "service.name", value: "service_name" }],
            filterByTraceID: true,
            filterBySpanID: false,
          },
          tracesToMetrics: {
            datasourceUid: prometheus.uid,
            spanStartTimeShift: "-5m",
            spanEndTimeShift: "5m",
            // Each service's job is its name (the example estate's convention and the RED dashboards' default).
            tags: [{ key: "service.name", value: "job" }],
            queries: durations.flatMap((m) => [
              {
                name: `${m.otelName ?? m.name} rate`,
                query: literalDollars(
                  `sum(rate(${selector(`${m.name}_count`)}{$__tags}[$__rate_interval]))`,
                ),
              },
              {
                name: `${m.otelName ?? m.name} p99`,
                query: literalDollars(
                  `histogram_quantile(0.99, sum by (le) (rate(${selector(`${m.name}_bucket`)}{$__tags}[$__rate_interval])))`,
                ),
              },
            ]),
          },
          serviceMap: { datasourceUid: prometheus.uid },
          nodeGraph: { enabled: true },
          lokiSearch: { datasourceUid: loki.uid },
        },
      },
    ],
  };
}

/** out/grafana/provisioning/datasources.yml, as `datasourcesProvisioning` builds it. */
export type DatasourcesProvisioning = ReturnType<typeof datasourcesProvisioning>;
