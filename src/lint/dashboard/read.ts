import { type FieldPath, formatPath } from "../../core/problem.ts";
import type { SyntaxNode } from "@lezer/common";
import { type ParsedQuery, parseDashboardQuery } from "../../targets/grafana/query-parse.ts";

/**
 * A forgiving reader for any dashboard JSON: obsforge's own, and the ones
 * people exported from Grafana over the years (modern `panels[]` with row
 * panels, legacy `rows[]` of `graph` panels, datasources as strings or
 * `{type, uid}` objects). Nothing here throws on odd input: a field of the
 * wrong type reads as absent.
 */

export interface DatasourceRef {
  uid?: string;
  type?: string;
}

export interface VariableView {
  path: FieldPath;
  name: string;
  label: string;
  type: string;
  /** The query as text (`query` itself, or `query.query` for object-form queries). */
  query: string;
  datasource: DatasourceRef | undefined;
  multi: boolean;
  allValue: string | undefined;
  refresh: unknown;
}

export interface TargetView {
  path: FieldPath;
  /** refId, or the target's index when it has none. */
  name: string;
  expr: string | undefined;
  hide: boolean;
  datasource: DatasourceRef | undefined;
  language: "promql" | "logql" | undefined;
}

export interface PanelView {
  path: FieldPath;
  type: string;
  title: string;
  description: string;
  datasource: DatasourceRef | undefined;
  /** `targets` as given (undefined when absent). */
  hasTargetsField: boolean;
  targets: TargetView[];
  unit: string | undefined;
  gridPos: { x: number; y: number; w: number; h: number } | undefined;
  /** The row the panel is nested in (a collapsed row's `panels`, or a legacy `rows[]` entry). */
  container: FieldPath | undefined;
  /**
   * A library panel's placement (`libraryPanel: { uid }`): its queries,
   * description and unit live in the library, not in this dashboard.
   */
  library: boolean;
}

export interface DashboardView {
  title: string;
  uid: unknown;
  editable: unknown;
  variables: VariableView[];
  /** Datasource variable name → plugin id (`prometheus`, `loki`); names defined twice resolve to nothing. */
  datasourceVariables: Map<string, string>;
  /** Plugin id of the first datasource variable: dashboard-linter's "dashboard datasource". */
  dashboardDatasource: string | undefined;
  panels: PanelView[];
}

type Json = Record<string, unknown>;

function obj(value: unknown): Json | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Json)
    : undefined;
}

function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

export function datasourceRefOf(value: unknown): DatasourceRef | undefined {
  if (typeof value === "string") return value === "" ? undefined : { uid: value };
  const o = obj(value);
  if (o === undefined) return undefined;
  const ref: DatasourceRef = {};
  if (typeof o.uid === "string") ref.uid = o.uid;
  if (typeof o.type === "string") ref.type = o.type;
  return ref;
}

/** `$name`, `${name}`, `${name:format}` → name; anything else (a literal uid) → undefined. */
export function variableName(reference: string | undefined): string | undefined {
  if (reference === undefined) return undefined;
  const braced = /^\$\{([A-Za-z0-9_]+)(?::[^}]*)?\}$/.exec(reference);
  if (braced !== null) return braced[1];
  const plain = /^\$([A-Za-z0-9_]+)$/.exec(reference);
  return plain?.[1];
}

export const MIXED_DATASOURCE = "-- Mixed --";

const cache = new WeakMap<object, DashboardView>();

export function readDashboard(json: unknown): DashboardView {
  const root = obj(json);
  if (root !== undefined) {
    const hit = cache.get(root);
    if (hit !== undefined) return hit;
  }
  const d = root ?? {};
  const variables: VariableView[] = arr(obj(d.templating)?.list).flatMap((raw, index) => {
    const v = obj(raw);
    if (v === undefined) return [];
    const query = typeof v.query === "string" ? v.query : str(obj(v.query)?.query);
    return [
      {
        path: ["templating", "list", index],
        name: str(v.name),
        label: str(v.label),
        type: str(v.type),
        query,
        datasource: datasourceRefOf(v.datasource),
        multi: v.multi === true,
        allValue: typeof v.allValue === "string" ? v.allValue : undefined,
        refresh: v.refresh,
      },
    ];
  });
  const counts = new Map<string, number>();
  for (const v of variables) {
    if (v.type === "datasource" && v.name !== "" && v.query !== "")
      counts.set(v.name, (counts.get(v.name) ?? 0) + 1);
  }
  const datasourceVariables = new Map<string, string>();
  for (const v of variables) {
    if (counts.get(v.name) === 1 && v.type === "datasource")
      datasourceVariables.set(v.name, v.query);
  }
  const view: DashboardView = {
    title: str(d.title),
    uid: d.uid,
    editable: d.editable,
    variables,
    datasourceVariables,
    dashboardDatasource: variables.find((v) => v.type === "datasource")?.query,
    panels: [],
  };
  arr(d.panels).forEach((raw, i) => {
    const panel = readPanel(view, raw, ["panels", i], undefined);
    if (panel === undefined) return;
    view.panels.push(panel);
    if (panel.type === "row") {
      arr(obj(raw)?.panels).forEach((inner, j) => {
        const nested = readPanel(view, inner, ["panels", i, "panels", j], ["panels", i]);
        if (nested !== undefined) view.panels.push(nested);
      });
    }
  });
  arr(d.rows).forEach((row, r) => {
    arr(obj(row)?.panels).forEach((raw, j) => {
      const panel = readPanel(view, raw, ["rows", r, "panels", j], ["rows", r]);
      if (panel !== undefined) view.panels.push(panel);
    });
  });
  if (root !== undefined) cache.set(root, view);
  return view;
}

function readPanel(
  view: DashboardView,
  raw: unknown,
  path: FieldPath,
  container: FieldPath | undefined,
): PanelView | undefined {
  const p = obj(raw);
  if (p === undefined) return undefined;
  const datasource = datasourceRefOf(p.datasource);
  const g = obj(p.gridPos);
  const gridPos =
    g !== undefined && [g.x, g.y, g.w, g.h].every((n) => typeof n === "number")
      ? { x: g.x as number, y: g.y as number, w: g.w as number, h: g.h as number }
      : undefined;
  const panel: PanelView = {
    path,
    type: str(p.type),
    title: str(p.title),
    description: str(p.description),
    datasource,
    hasTargetsField: Array.isArray(p.targets),
    targets: [],
    unit: unitOf(p),
    gridPos,
    container,
    library: typeof obj(p.libraryPanel)?.uid === "string",
  };
  panel.targets = arr(p.targets).flatMap((rawTarget, index) => {
    const t = obj(rawTarget);
    if (t === undefined) return [];
    const targetDs = datasourceRefOf(t.datasource);
    return [
      {
        path: [...path, "targets", index],
        name: typeof t.refId === "string" && t.refId !== "" ? t.refId : String(index),
        expr: typeof t.expr === "string" ? t.expr : undefined,
        hide: t.hide === true,
        datasource: targetDs,
        language: languageOf(view, targetDs, datasource),
      },
    ];
  });
  return panel;
}

function pluginOf(view: DashboardView, ref: DatasourceRef | undefined): string | undefined {
  if (ref === undefined) return undefined;
  const name = variableName(ref.uid);
  if (name !== undefined && view.datasourceVariables.has(name))
    return view.datasourceVariables.get(name);
  if (ref.type !== undefined && ref.type !== "datasource") return ref.type;
  return undefined;
}

/**
 * Which language a target speaks: its own datasource (through a variable or
 * its type), else the panel's unless the panel is "Mixed", else the
 * dashboard's first datasource variable (dashboard-linter's rule).
 */
function languageOf(
  view: DashboardView,
  target: DatasourceRef | undefined,
  panel: DatasourceRef | undefined,
): "promql" | "logql" | undefined {
  const plugin =
    pluginOf(view, target) ??
    (panel?.uid === MIXED_DATASOURCE ? undefined : pluginOf(view, panel)) ??
    view.dashboardDatasource;
  return plugin === "prometheus" ? "promql" : plugin === "loki" ? "logql" : undefined;
}

/** The panel's unit: field defaults, an override, the heatmap's y axis, or a legacy graph's left axis. */
function unitOf(p: Json): string | undefined {
  const fieldConfig = obj(p.fieldConfig);
  const defaults = str(obj(fieldConfig?.defaults)?.unit);
  if (defaults !== "") return defaults;
  for (const override of arr(fieldConfig?.overrides)) {
    for (const property of arr(obj(override)?.properties)) {
      const prop = obj(property);
      if (prop?.id === "unit" && typeof prop.value === "string" && prop.value !== "")
        return prop.value;
    }
  }
  const yAxis = str(obj(obj(p.options)?.yAxis)?.unit);
  if (yAxis !== "") return yAxis;
  const legacy = str(obj(arr(p.yaxes)[0])?.format) || str(p.format);
  return legacy === "" ? undefined : legacy;
}

/** A target's query, parsed in its language (undefined when it has no query or no known language). */
export function parsedTarget(target: TargetView): ParsedQuery | undefined {
  if (target.expr === undefined || target.expr.trim() === "" || target.language === undefined)
    return undefined;
  return parseDashboardQuery(target.expr, target.language);
}

/** A PromQL target that parses, with its panel: what the query rules walk. */
export interface ParsedPromqlTarget {
  panel: PanelView;
  target: TargetView;
  parsed: ParsedQuery;
}

/** Every PromQL target of the dashboard that parses (syntax errors are target-promql's to report). */
export function* promqlTargets(json: unknown): Generator<ParsedPromqlTarget> {
  for (const panel of readDashboard(json).panels) {
    for (const target of panel.targets) {
      if (target.language !== "promql") continue;
      const parsed = parsedTarget(target);
      if (parsed === undefined || parsed.errors.length > 0) continue;
      yield { panel, target, parsed };
    }
  }
}

/** `panel "Title", target B`, for messages. */
export function where(panel: PanelView, target?: TargetView): string {
  const name =
    panel.title === "" ? `panel ${formatPath(panel.path)}` : `panel ${JSON.stringify(panel.title)}`;
  return target === undefined ? name : `${name}, target ${target.name}`;
}

/** Panel kinds that show query results and so need queries, a unit, a title and a description. */
export const DATA_PANEL_TYPES = new Set([
  "graph",
  "singlestat",
  "stat",
  "gauge",
  "bargauge",
  "timeseries",
  "table",
  "table-old",
  "heatmap",
]);

/** Iterate a tree's nodes with their node objects (for parent walks). */
export function nodes(parsed: ParsedQuery, name: string): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  parsed.tree.iterate({
    enter(node) {
      if (node.name === name) found.push(node.node);
    },
  });
  return found;
}

/** Text of a node in the expanded query. */
export function text(parsed: ParsedQuery, node: SyntaxNode): string {
  return parsed.expansion.text.slice(node.from, node.to);
}

/** Metric name of a PromQL VectorSelector: its identifier, or an equality `__name__` matcher. */
export function metricName(parsed: ParsedQuery, selector: SyntaxNode): string | undefined {
  const id = selector.getChild("Identifier");
  if (id !== null) return text(parsed, id);
  for (const matcher of selector.getChild("LabelMatchers")?.getChildren("UnquotedLabelMatcher") ??
    []) {
    const label = matcher.getChild("LabelName");
    const op = matcher.getChild("MatchOp");
    const value = matcher.getChild("StringLiteral");
    if (
      label !== null &&
      op !== null &&
      value !== null &&
      text(parsed, label) === "__name__" &&
      text(parsed, op) === "="
    )
      return text(parsed, value).slice(1, -1);
  }
  return undefined;
}

/** A PromQL function call's name (`rate`), or undefined for other nodes. */
export function functionName(parsed: ParsedQuery, node: SyntaxNode): string | undefined {
  if (node.name !== "FunctionCall") return undefined;
  const id = node.getChild("FunctionIdentifier");
  return id === null ? undefined : text(parsed, id);
}

/** The series Prometheus itself writes, which carry no scrape target labels. */
export const SYNTHETIC_SERIES = new Set(["ALERTS", "ALERTS_FOR_STATE"]);

/** Recorded series (`level:metric:ops`) and ALERTS keep only the labels of their aggregation. */
export function isRawSeries(name: string | undefined): boolean {
  return name === undefined || (!name.includes(":") && !SYNTHETIC_SERIES.has(name));
}
