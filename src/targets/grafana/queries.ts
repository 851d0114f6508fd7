import type { DataSourceRef } from "@grafana/grafana-foundation-sdk/common";
import type * as loki from "@grafana/grafana-foundation-sdk/loki";
import type * as prometheus from "@grafana/grafana-foundation-sdk/prometheus";
import { sdk } from "./sdk.ts";

/**
 * Panels never name a datasource uid: they go through one datasource
 * variable per datasource type. The names are dashboard-linter's
 * (`<type>_datasource`, labelled "<Type> data source"), which stay valid
 * when a dashboard uses both Prometheus and Loki.
 */
export const DATASOURCE_VARIABLES = {
  prometheus: { name: "prometheus_datasource", label: "Prometheus data source" },
  loki: { name: "loki_datasource", label: "Loki data source" },
} as const;

export type QueryLanguage = keyof typeof DATASOURCE_VARIABLES;

export function datasourceRef(type: QueryLanguage): DataSourceRef {
  return { type, uid: `\${${DATASOURCE_VARIABLES[type].name}}` };
}

export type Query = prometheus.DataqueryBuilder | loki.DataqueryBuilder;

export interface PromQueryOptions {
  /** Legend template, e.g. `{{job}}`. */
  legend?: string;
  /** Evaluate once at the end of the range (tables, stats) instead of over the range. */
  instant?: boolean;
  format?: "time_series" | "table" | "heatmap";
  /** Ask Prometheus for exemplars (trace ids on histogram buckets), linked to Tempo by the datasource. */
  exemplar?: boolean;
}

/**
 * A PromQL query through the Prometheus datasource variable. Write rates as
 * `rate(x[$__rate_interval])`: Grafana sizes the window to the scrape
 * interval and the step, so no point falls between two samples.
 */
export function promQuery(
  expr: string,
  options: PromQueryOptions = {},
): prometheus.DataqueryBuilder {
  const q = new sdk.prometheus.DataqueryBuilder()
    .datasource(datasourceRef("prometheus"))
    .expr(expr);
  if (options.legend !== undefined) q.legendFormat(options.legend);
  if (options.instant === true) q.instant();
  else q.range();
  if (options.format !== undefined) q.format(options.format as prometheus.PromQueryFormat);
  if (options.exemplar === true) q.exemplar(true);
  return q;
}

export interface LokiQueryOptions {
  legend?: string;
  /** Maximum log lines for log panels. */
  maxLines?: number;
}

/** A LogQL query through the Loki datasource variable; metric queries take `[$__auto]` ranges. */
export function lokiQuery(expr: string, options: LokiQueryOptions = {}): loki.DataqueryBuilder {
  const q = new sdk.loki.DataqueryBuilder().datasource(datasourceRef("loki")).expr(expr);
  if (options.legend !== undefined) q.legendFormat(options.legend);
  if (options.maxLines !== undefined) q.maxLines(options.maxLines);
  return q;
}

/** The datasource type a query builder goes to (read from what it builds). */
export function queryLanguage(query: Query): QueryLanguage {
  const ds = query.build().datasource;
  return ds?.type === "loki" ? "loki" : "prometheus";
}
