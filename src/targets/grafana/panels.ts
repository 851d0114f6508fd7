import type * as common from "@grafana/grafana-foundation-sdk/common";
import type * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import type * as gauge from "@grafana/grafana-foundation-sdk/gauge";
import type * as heatmap from "@grafana/grafana-foundation-sdk/heatmap";
import type * as logs from "@grafana/grafana-foundation-sdk/logs";
import type * as stat from "@grafana/grafana-foundation-sdk/stat";
import type * as table from "@grafana/grafana-foundation-sdk/table";
import type * as text from "@grafana/grafana-foundation-sdk/text";
import type * as timeseries from "@grafana/grafana-foundation-sdk/timeseries";
import type * as units from "@grafana/grafana-foundation-sdk/units";
import type * as loki from "@grafana/grafana-foundation-sdk/loki";
import { sdk } from "./sdk.ts";
import { datasourceRef, type Query, queryLanguage } from "./queries.ts";

/**
 * One small factory per panel kind. Each returns the foundation-sdk
 * builder, so a definition can keep customising it with the SDK's own
 * setters; the factories only make the choices every obsforge panel shares:
 * a title and a description (on-call engineers read them at 3 a.m.), a
 * unit, the datasource through its variable, refIds, and a default size.
 */

/** A Grafana unit id (`s`, `reqps`, `percentunit`, …), or a custom `suffix:`/`prefix:` unit. */
export type GrafanaUnit =
  | Extract<(typeof units)[keyof typeof units], string>
  | `suffix:${string}`
  | `prefix:${string}`;

/** Every foundation-sdk panel builder has these; layout needs nothing more. */
export interface PanelBuilder {
  build(): dashboard.Panel;
  gridPos(gridPos: dashboard.GridPos): unknown;
  id(id: number): unknown;
}

export interface PanelOptions {
  title: string;
  /** What the panel shows and how to read it (shown as the panel's info tooltip). */
  description: string;
  /** Grid columns out of 24. */
  width?: number;
  /** Grid rows (30 px each). */
  height?: number;
}

export interface ThresholdSteps {
  /** Colour below the first step; default green. */
  base?: string;
  steps: readonly { value: number; color: string }[];
}

export interface DataPanelOptions extends PanelOptions {
  queries: readonly Query[];
  unit: GrafanaUnit;
  min?: number;
  max?: number;
  decimals?: number;
  thresholds?: ThresholdSteps;
}

/** Default sizes per kind: stats in fours across, graphs in pairs, logs full width. */
export const PANEL_SIZES = {
  timeseries: { width: 12, height: 8 },
  stat: { width: 6, height: 4 },
  gauge: { width: 6, height: 6 },
  heatmap: { width: 12, height: 8 },
  table: { width: 12, height: 8 },
  logs: { width: 24, height: 12 },
  text: { width: 24, height: 3 },
} as const;

type Kind = keyof typeof PANEL_SIZES;

interface CommonSetters {
  title(title: string): unknown;
  description(description: string): unknown;
  span(w: number): unknown;
  height(h: number): unknown;
}

interface DataSetters extends CommonSetters {
  datasource(ref: common.DataSourceRef): unknown;
  withTarget(target: Query): unknown;
  unit(unit: string): unknown;
  min(min: number): unknown;
  max(max: number): unknown;
  decimals(decimals: number): unknown;
  thresholds(thresholds: dashboard.ThresholdsConfigBuilder): unknown;
}

function applyCommon(
  builder: CommonSetters,
  kind: Kind,
  options: Omit<PanelOptions, "description"> & { description?: string },
): void {
  builder.title(options.title);
  if (options.description !== undefined) builder.description(options.description);
  builder.span(Math.min(24, Math.max(1, options.width ?? PANEL_SIZES[kind].width)));
  builder.height(Math.max(1, options.height ?? PANEL_SIZES[kind].height));
}

/** `A`, `B`, … `Z`, then `A26`, `A27`: Grafana only needs them unique within the panel. */
export function refId(index: number): string {
  return index < 26 ? String.fromCharCode(65 + index) : `A${index}`;
}

/**
 * The panel's datasource: the variable of the one language its queries use,
 * or Grafana's "Mixed" datasource when they use both (each query then keeps
 * its own variable).
 */
function panelDatasource(queries: readonly Query[]): common.DataSourceRef | undefined {
  const languages = new Set(queries.map(queryLanguage));
  if (languages.size === 0) return undefined;
  if (languages.size > 1) return { type: "datasource", uid: "-- Mixed --" };
  return datasourceRef([...languages][0]!);
}

function applyData(builder: DataSetters, kind: Kind, options: DataPanelOptions): void {
  applyCommon(builder, kind, options);
  const ds = panelDatasource(options.queries);
  if (ds !== undefined) builder.datasource(ds);
  options.queries.forEach((query, index) => {
    query.refId(refId(index));
    builder.withTarget(query);
  });
  builder.unit(options.unit);
  if (options.min !== undefined) builder.min(options.min);
  if (options.max !== undefined) builder.max(options.max);
  if (options.decimals !== undefined) builder.decimals(options.decimals);
  if (options.thresholds !== undefined) builder.thresholds(thresholdsConfig(options.thresholds));
}

export function thresholdsConfig(t: ThresholdSteps): dashboard.ThresholdsConfigBuilder {
  return new sdk.dashboard.ThresholdsConfigBuilder()
    .mode(sdk.dashboard.ThresholdsMode.Absolute)
    .steps([
      { value: null, color: t.base ?? "green" },
      ...t.steps.map((s) => ({ value: s.value, color: s.color })),
    ]);
}

function legend(): common.VizLegendOptionsBuilder {
  return new sdk.common.VizLegendOptionsBuilder()
    .displayMode(sdk.common.LegendDisplayMode.List)
    .placement(sdk.common.LegendPlacement.Bottom)
    .showLegend(true)
    .calcs([]);
}

function lastValue(): common.ReduceDataOptionsBuilder {
  return new sdk.common.ReduceDataOptionsBuilder().calcs(["lastNotNull"]).values(false).fields("");
}

export interface TimeseriesOptions extends DataPanelOptions {
  /** Draw the thresholds as lines (or areas) on the graph, e.g. an objective or an alert threshold. */
  thresholdsStyle?: "line" | "dashed" | "area" | "line+area" | "dashed+area";
  draw?: "line" | "bars";
  stack?: boolean;
  /** Fill opacity 0–100. */
  fill?: number;
}

export function timeseriesPanel(options: TimeseriesOptions): timeseries.PanelBuilder {
  const b = new sdk.timeseries.PanelBuilder();
  applyData(b, "timeseries", options);
  b.legend(legend());
  b.tooltip(
    new sdk.common.VizTooltipOptionsBuilder()
      .mode(sdk.common.TooltipDisplayMode.Multi)
      .sort(sdk.common.SortOrder.Descending),
  );
  b.drawStyle(
    options.draw === "bars" ? sdk.common.GraphDrawStyle.Bars : sdk.common.GraphDrawStyle.Line,
  );
  if (options.fill !== undefined) b.fillOpacity(options.fill);
  if (options.stack === true)
    b.stacking(new sdk.common.StackingConfigBuilder().mode(sdk.common.StackingMode.Normal));
  if (options.thresholdsStyle !== undefined) {
    b.thresholdsStyle(
      new sdk.common.GraphThresholdsStyleConfigBuilder().mode(
        options.thresholdsStyle as common.GraphThresholdsStyleMode,
      ),
    );
  }
  return b;
}

export interface StatOptions extends DataPanelOptions {
  /** Sparkline under the value. */
  graph?: boolean;
  /** Colour the background by threshold instead of the value text. */
  background?: boolean;
}

export function statPanel(options: StatOptions): stat.PanelBuilder {
  const b = new sdk.stat.PanelBuilder();
  applyData(b, "stat", options);
  b.reduceOptions(lastValue());
  b.graphMode(
    options.graph === true ? sdk.common.BigValueGraphMode.Area : sdk.common.BigValueGraphMode.None,
  );
  b.colorMode(
    options.background === true
      ? sdk.common.BigValueColorMode.Background
      : sdk.common.BigValueColorMode.Value,
  );
  return b;
}

export function gaugePanel(options: DataPanelOptions): gauge.PanelBuilder {
  const b = new sdk.gauge.PanelBuilder();
  applyData(b, "gauge", options);
  b.reduceOptions(lastValue());
  return b;
}

export interface HeatmapOptions extends Omit<DataPanelOptions, "thresholds"> {
  /** Show exemplars (trace ids) as points; the queries must ask for them (promQuery(..., { exemplar: true })). */
  exemplars?: boolean;
}

/**
 * A heatmap of histogram buckets as Prometheus returns them (`format:
 * "heatmap"`, one series per `le`): Grafana must not re-bucket them, so
 * `calculate` is off; `unit` is the unit of the bucket bounds (the y axis).
 */
export function heatmapPanel(options: HeatmapOptions): heatmap.PanelBuilder {
  const b = new sdk.heatmap.PanelBuilder();
  applyData(b, "heatmap", { ...options, unit: "short" });
  b.calculate(false);
  b.yAxis(new sdk.heatmap.YAxisConfigBuilder().unit(options.unit));
  b.showLegend();
  b.tooltip(
    new sdk.heatmap.HeatmapTooltipBuilder()
      .mode(sdk.common.TooltipDisplayMode.Single)
      .yHistogram(true),
  );
  if (options.exemplars === true) b.exemplarsColor("rgba(255,0,255,0.7)");
  return b;
}

export function tablePanel(options: DataPanelOptions): table.PanelBuilder {
  const b = new sdk.table.PanelBuilder();
  applyData(b, "table", options);
  b.showHeader(true);
  return b;
}

export interface LogsOptions extends PanelOptions {
  queries: readonly loki.DataqueryBuilder[];
}

export function logsPanel(options: LogsOptions): logs.PanelBuilder {
  const b = new sdk.logs.PanelBuilder();
  applyCommon(b, "logs", options);
  const ds = panelDatasource(options.queries);
  if (ds !== undefined) b.datasource(ds);
  options.queries.forEach((query, index) => {
    query.refId(refId(index));
    b.withTarget(query);
  });
  b.showTime(true);
  b.wrapLogMessage(true);
  b.enableLogDetails(true);
  b.sortOrder(sdk.common.LogsSortOrder.Descending);
  b.dedupStrategy(sdk.common.LogsDedupStrategy.None);
  return b;
}

export interface TextOptions extends Omit<PanelOptions, "description"> {
  /** Markdown. */
  content: string;
  description?: string;
}

export function textPanel(options: TextOptions): text.PanelBuilder {
  const b = new sdk.text.PanelBuilder();
  applyCommon(b, "text", options);
  b.mode(sdk.text.TextMode.Markdown);
  b.content(options.content);
  return b;
}
