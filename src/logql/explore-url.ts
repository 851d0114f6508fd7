/**
 * The one builder of Grafana Explore links. Grafana (10+) reads Explore
 * state from `/explore?schemaVersion=1&panes=<JSON>&orgId=<n>`, where the
 * JSON maps a pane id to its data source, queries and time range; the older
 * `left=[…]` form is only migrated, so it is not written. Every value is
 * percent-encoded with encodeURIComponent, so the query text (quotes, `|`,
 * `{`, newlines) survives; it also means no `{{` reaches the annotation,
 * which Loki and Prometheus expand as a Go template.
 */
export interface ExploreLink {
  /** Grafana's base URL, e.g. https://grafana.example.com or https://example.com/grafana */
  grafanaUrl: string;
  datasourceUid: string;
  /** Data source type as Grafana names it; default `loki`. */
  datasourceType?: string;
  /** The query: LogQL or PromQL, or TraceQL for a `tempo` data source. */
  expr: string;
  /** How far back from now, as a Grafana relative range such as `1h`; default `1h`. */
  range?: string;
  orgId?: number;
}

/** Pane ids are free-form; a fixed one keeps links byte-stable. */
const PANE_ID = "obsforge";

export function exploreUrl(link: ExploreLink): string {
  const datasource = { type: link.datasourceType ?? "loki", uid: link.datasourceUid };
  // Tempo's query model names the text `query` and the language `queryType` (Grafana's tempo plugin).
  const paneQuery =
    datasource.type === "tempo"
      ? { refId: "A", datasource, queryType: "traceql", query: link.expr, limit: 20 }
      : { refId: "A", datasource, expr: link.expr, queryType: "range" };
  const panes = {
    [PANE_ID]: {
      datasource: link.datasourceUid,
      queries: [paneQuery],
      range: { from: `now-${link.range ?? "1h"}`, to: "now" },
    },
  };
  const params: [string, string][] = [
    ["schemaVersion", "1"],
    ["panes", JSON.stringify(panes)],
  ];
  if (link.orgId !== undefined) params.push(["orgId", String(link.orgId)]);
  const query = params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&");
  return `${link.grafanaUrl.replace(/\/+$/, "")}/explore?${query}`;
}
