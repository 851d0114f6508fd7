import type { Tree } from "@lezer/common";
import { familySeries, type Metric, type SeriesBehaviour } from "../model/metric.ts";
import { catalogueLabelSets } from "../model/sli-labels.ts";

/**
 * What the rule checks know about series without asking a Prometheus: the
 * metric catalogue of every service (with the series a histogram or summary
 * family expands to) and the recording rules of the estate.
 */
export type { SeriesBehaviour };

export interface CatalogueSeries {
  name: string;
  /** The catalogue family this series belongs to. */
  family: Metric;
  service: string;
  /** How the series may be used: counters need rate(), gauges must not get it. */
  behaviour: SeriesBehaviour;
  /** Label names the series has (the family's, plus `le` for buckets, `quantile` for summaries). */
  labels: readonly string[];
}

export interface RecordedSeries {
  name: string;
  expr: string;
  /** The parsed expr, when the caller has it (saves parsing it again). */
  tree?: Tree;
  syntaxOk?: boolean;
  /** Static labels of the recording rule. */
  labels: Readonly<Record<string, string>>;
  service: string;
  /** A Loki recording rule (remote-written to Prometheus): its expr is LogQL, its labels unknown here. */
  logql?: boolean;
}

export interface Catalogue {
  series: ReadonlyMap<string, CatalogueSeries>;
  /**
   * Every label a catalogued series may carry: what any service's entry
   * lists, the target labels, `job` and `instance` (`le` on buckets).
   */
  seriesLabels: ReadonlyMap<string, ReadonlySet<string>>;
  recorded: ReadonlyMap<string, readonly RecordedSeries[]>;
  /** Labels the scrape adds to every series (`job`, `instance`). */
  targetLabels: readonly string[];
  /**
   * The target labels are not known (foreign files without
   * `lint.targetLabels`): relabelling may give `up` and the other
   * per-target series any label, so their label sets stay open.
   */
  openTargetLabels?: boolean;
  /** Names or `prefix*` patterns of metrics from outside the estate (config `lint.knownMetrics`). */
  knownMetrics: readonly string[];
}

/** Labels Prometheus's scrape attaches to every scraped series. */
export const DEFAULT_TARGET_LABELS = ["instance", "job"] as const;

/**
 * Series Prometheus itself writes for every target and alert; a query may
 * use them although no catalogue lists them.
 */
export const BUILTIN_SERIES: ReadonlyMap<
  string,
  { behaviour: SeriesBehaviour; labels: readonly string[] | undefined }
> = new Map([
  ["up", { behaviour: "gauge", labels: [] }],
  ["scrape_duration_seconds", { behaviour: "gauge", labels: [] }],
  ["scrape_samples_scraped", { behaviour: "gauge", labels: [] }],
  ["scrape_samples_post_metric_relabeling", { behaviour: "gauge", labels: [] }],
  ["scrape_series_added", { behaviour: "gauge", labels: [] }],
  ["scrape_timeout_seconds", { behaviour: "gauge", labels: [] }],
  ["scrape_sample_limit", { behaviour: "gauge", labels: [] }],
  ["scrape_body_size_bytes", { behaviour: "gauge", labels: [] }],
  ["target_info", { behaviour: "gauge", labels: undefined }],
  ["ALERTS", { behaviour: "gauge", labels: undefined }],
  ["ALERTS_FOR_STATE", { behaviour: "gauge", labels: undefined }],
]);

export interface CatalogueInput {
  service: string;
  metrics: readonly Metric[];
  records: readonly {
    name: string;
    expr: string;
    labels: Readonly<Record<string, string>>;
    tree?: Tree;
    syntaxOk?: boolean;
    logql?: boolean;
  }[];
}

export function buildCatalogue(
  services: readonly CatalogueInput[],
  options: {
    knownMetrics?: readonly string[];
    targetLabels?: readonly string[];
    openTargetLabels?: boolean;
  } = {},
): Catalogue {
  const series = new Map<string, CatalogueSeries>();
  const recorded = new Map<string, RecordedSeries[]>();
  for (const { service, metrics, records } of services) {
    for (const family of metrics) {
      for (const s of expandFamily(family, service)) if (!series.has(s.name)) series.set(s.name, s);
    }
    for (const r of records) {
      const list = recorded.get(r.name) ?? [];
      list.push({
        name: r.name,
        expr: r.expr,
        labels: r.labels,
        service,
        ...(r.tree !== undefined && { tree: r.tree, syntaxOk: r.syntaxOk ?? true }),
        ...(r.logql === true && { logql: true }),
      });
      recorded.set(r.name, list);
    }
  }
  return {
    series,
    seriesLabels: catalogueLabelSets(
      services.map((s) => s.metrics),
      options.targetLabels ?? DEFAULT_TARGET_LABELS,
    ),
    recorded,
    targetLabels: options.targetLabels ?? DEFAULT_TARGET_LABELS,
    knownMetrics: options.knownMetrics ?? [],
    ...(options.openTargetLabels === true && { openTargetLabels: true }),
  };
}

/** The series names a catalogue family is queried by. */
export function expandFamily(family: Metric, service: string): CatalogueSeries[] {
  return familySeries(family).map((s) => ({ ...s, family, service }));
}

/** Is `name` a series some source defines: catalogue, recording rule, Prometheus itself or config? */
export function isKnownMetric(catalogue: Catalogue, name: string): boolean {
  return (
    catalogue.series.has(name) ||
    catalogue.recorded.has(name) ||
    BUILTIN_SERIES.has(name) ||
    catalogue.knownMetrics.some((p) =>
      p.endsWith("*") ? name.startsWith(p.slice(0, -1)) : name === p,
    )
  );
}

/** Behaviour of a series when it is known (catalogue or built-in); recorded series are undefined. */
export function seriesBehaviour(catalogue: Catalogue, name: string): SeriesBehaviour | undefined {
  return catalogue.series.get(name)?.behaviour ?? BUILTIN_SERIES.get(name)?.behaviour;
}
