/**
 * What a dashboard preview shows of a Grafana dashboard's JSON: the panels
 * on the 24-column grid with their kind, unit, thresholds and queries. It
 * reads the JSON as `obsforge build` writes it (and as Grafana exports it),
 * field by field, so an unknown or missing field only leaves a blank.
 */

import { panelsOfRows } from "./legacy-rows.ts";

export interface PanelBox {
  kind: string;
  title: string;
  description: string;
  /** Grafana's gridPos: x 0–23, y in grid rows, w columns, h grid rows. */
  x: number;
  y: number;
  w: number;
  h: number;
  unit: string;
  thresholds: Array<{ value: number | null; color: string }>;
  queries: Array<{ refId: string; query: string; datasource: string }>;
}

export interface DashboardLayout {
  uid: string;
  title: string;
  tags: string[];
  /** Rows and panels as laid out when the dashboard opens. */
  panels: PanelBox[];
  /** Panels inside collapsed rows (Grafana keeps them in the row until it is opened). */
  collapsed: Array<{ row: string; panels: PanelBox[] }>;
}

type Json = Record<string, unknown>;

function object(v: unknown): Json {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : {};
}

function array(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function text(v: unknown): string {
  return typeof v === "string" ? v : "";
}

function gridNumber(v: unknown, fallback: number, max: number): number {
  return Math.min(typeof v === "number" && Number.isInteger(v) && v >= 0 ? v : fallback, max);
}

/** The query text of a target, whatever the datasource calls it. */
function queryText(target: Json): string {
  for (const key of ["expr", "query", "rawSql", "queryText"]) {
    if (typeof target[key] === "string") return target[key] as string;
  }
  return "";
}

function panelBox(json: Json): PanelBox {
  const pos = object(json.gridPos);
  const defaults = object(object(json.fieldConfig).defaults);
  const panelSource = object(json.datasource);
  const x = gridNumber(pos.x, 0, 23);
  return {
    kind: text(json.type) || "panel",
    title: text(json.title),
    description: text(json.description),
    x,
    y: gridNumber(pos.y, 0, 10_000),
    w: Math.max(1, gridNumber(pos.w, 12, 24 - x)),
    h: Math.max(1, gridNumber(pos.h, 8, 1000)),
    unit: text(defaults.unit),
    thresholds: array(object(defaults.thresholds).steps).map((s) => {
      const step = object(s);
      return { value: typeof step.value === "number" ? step.value : null, color: text(step.color) };
    }),
    queries: array(json.targets).map((t) => {
      const target = object(t);
      const source = object(target.datasource);
      return {
        refId: text(target.refId),
        query: queryText(target),
        datasource: text(source.type) || text(panelSource.type),
      };
    }),
  };
}

export function dashboardLayout(json: unknown): DashboardLayout {
  const d = object(json);
  const panels: PanelBox[] = [];
  const collapsed: DashboardLayout["collapsed"] = [];
  // Before Grafana 5 a dashboard held `rows`, not `panels`: laid out as Grafana migrates them.
  const top =
    Array.isArray(d.panels) || !Array.isArray(d.rows) ? array(d.panels) : panelsOfRows(d.rows);
  for (const p of top) {
    const panel = object(p);
    panels.push(panelBox(panel));
    const inner = array(panel.panels);
    if (panel.type === "row" && inner.length > 0)
      collapsed.push({ row: text(panel.title), panels: inner.map((x) => panelBox(object(x))) });
  }
  return {
    uid: text(d.uid),
    title: text(d.title) || text(d.uid) || "dashboard",
    tags: array(d.tags).filter((t): t is string => typeof t === "string"),
    panels,
    collapsed,
  };
}
