import { panelsOfRows } from "../report/html/legacy-rows.ts";
import { fieldChanges } from "./field-changes.ts";
import type { FieldChange, SubjectChange } from "./model.ts";
import { pairItems } from "./pair.ts";
import { sameQuery } from "./query.ts";
import { compareSubjects } from "./rules.ts";

type Json = Record<string, unknown>;

interface Panel {
  title: string;
  type: string;
  /** The title of the row it sits under, "" above the first row. */
  row: string;
  value: Json;
}

/**
 * What differs between two versions of one dashboard: its own fields
 * (title, tags, variables, time, links) and its panels, added, removed or
 * changed. Panels are known by title (their numeric ids are assigned in
 * order, so adding one renumbers the rest), told apart by type and then by
 * position when titles repeat. Queries compare as PromQL/LogQL trees. Left
 * out as noise: panel ids and vertical positions, which shift when a panel
 * is added above.
 */
export function diffDashboard(before: Json, after: Json): SubjectChange[] {
  // `rows` is where a pre-5.0 dashboard keeps its panels: they are compared as panels.
  const { panels: _a, rows: _ra, ...ownBefore } = before;
  const { panels: _b, rows: _rb, ...ownAfter } = after;
  const out: SubjectChange[] = [];
  const own = fieldChanges(ownBefore, ownAfter, {
    ignore: (p) => p[0] === "id" || p[0] === "version",
  });
  if (own.length > 0)
    out.push({ status: "changed", kind: "dashboard", name: "settings", fields: own });
  const byTitle = pairItems(panelsOf(before), panelsOf(after), {
    bucket: (p) => p.title,
    tieBreakers: [(p) => `${p.type} ${p.row}`, (p) => p.type],
  });
  // A panel whose title changed keeps its id and type (ids follow the order of definition).
  const renamed = pairItems(byTitle.removed, byTitle.added, {
    bucket: (p) => `${String(p.value.id)} ${p.type}`,
  });
  const pairs = [...byTitle.pairs, ...renamed.pairs];
  const { removed, added } = renamed;
  // Panels under a renamed row moved with it: that is the row's change, not theirs.
  const rowRenames = new Map(
    pairs
      .filter(([a, b]) => a.type === "row" && a.title !== b.title)
      .map(([a, b]) => [a.title, b.title]),
  );
  const subject = (status: SubjectChange["status"], p: Panel, fields: FieldChange[]) => ({
    status,
    kind: p.type === "row" ? "row" : "panel",
    name: JSON.stringify(p.title),
    ...(p.row !== "" && { within: `row ${JSON.stringify(p.row)}` }),
    fields,
  });
  for (const p of removed) out.push(subject("removed", p, [{ field: "type", before: p.type }]));
  for (const p of added) out.push(subject("added", p, [{ field: "type", after: p.type }]));
  for (const [a, b] of pairs) {
    const fields = panelChanges(a, b, rowRenames);
    if (fields.length > 0) out.push(subject("changed", b, fields));
  }
  return out.sort(compareSubjects);
}

function panelChanges(a: Panel, b: Panel, rowRenames: ReadonlyMap<string, string>): FieldChange[] {
  const fields = fieldChanges(a.value, b.value, {
    ignore: (p) => p[0] === "id" || p[0] === "panels" || (p[0] === "gridPos" && p[1] === "y"),
    same: (p, x, y) =>
      p[p.length - 1] === "expr" &&
      typeof x === "string" &&
      typeof y === "string" &&
      sameQuery(x, y, queriesLoki(b.value, p) ? "logql" : "promql"),
  });
  if (a.row !== b.row && rowRenames.get(a.row) !== b.row)
    fields.unshift({ field: "row", before: a.row, after: b.row });
  return fields;
}

/** Whether the query at `path` goes to Loki: the target's datasource, else the panel's, says so. */
function queriesLoki(panel: Json, path: ReadonlyArray<string | number>): boolean {
  let node: unknown = panel;
  let loki = false;
  for (const part of path) {
    const ds = (node as { datasource?: { type?: unknown } } | undefined)?.datasource;
    if (ds?.type !== undefined) loki = ds.type === "loki";
    node = (node as Record<string | number, unknown> | undefined)?.[part];
  }
  return loki;
}

/**
 * Every panel in order, those inside collapsed rows too, with the row each
 * sits under. A base folder's JSON may be hand-edited: entries that are not
 * objects are skipped; a pre-5.0 dashboard's `rows` are migrated as Grafana does.
 */
function panelsOf(dashboard: Json): Panel[] {
  const out: Panel[] = [];
  let row = "";
  const add = (p: Json, under: string) =>
    out.push({ title: String(p.title ?? ""), type: String(p.type ?? ""), row: under, value: p });
  const top =
    Array.isArray(dashboard.panels) || !Array.isArray(dashboard.rows)
      ? objects(dashboard.panels)
      : panelsOfRows(dashboard.rows);
  for (const p of top) {
    if (p.type === "row") {
      row = String(p.title ?? "");
      add(p, "");
      for (const inner of objects(p.panels)) add(inner, row);
    } else add(p, row);
  }
  return out;
}

/** `payments/checkout-api-red.json` → `payments` (the Grafana folder). */
export function dashboardFolder(path: string): string {
  const parts = path.replace(/^grafana\/dashboards\//, "").split("/");
  return parts.slice(0, -1).join("/");
}

/** The objects of a list; anything else (a missing list, nulls, numbers) is no entry. */
export function objects(v: unknown): Json[] {
  return Array.isArray(v)
    ? v.filter((x): x is Json => typeof x === "object" && x !== null && !Array.isArray(x))
    : [];
}
