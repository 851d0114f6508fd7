/**
 * How the authoring helpers that take positional arguments spell the fields
 * they build, so the position walk (locate-ts.ts) can follow a field path
 * into `row("Latency", [panel])` or `promQuery("sum(x)")` the way it follows
 * an object literal. Helpers not listed take one object whose keys are the
 * fields (`alert({…})`), which the walk reads directly.
 */

/** A parameter that is an options object: its keys are fields of the built value. */
export const OPTIONS = Symbol("options");

export type HelperParam = string | typeof OPTIONS;

/**
 * Parameter list per helper, in order: a field name where the argument is
 * that field's value, `OPTIONS` where it is an object of further fields.
 * Names are those src/authoring.ts exports (test/load/positions.test.ts
 * checks they still exist there).
 */
export const POSITIONAL_HELPERS: Readonly<Record<string, readonly HelperParam[]>> = {
  // row(title, panels, { collapsed })
  row: ["title", "panels", OPTIONS],
  // promQuery(expr, { legend, instant, format, exemplar }): a panel target's `expr`.
  promQuery: ["expr", OPTIONS],
  lokiQuery: ["expr", OPTIONS],
  // labelVariable(name, { label, query, current })
  labelVariable: ["name", OPTIONS],
};

/**
 * Fields a helper's object argument writes under another name than the
 * built value has: a panel helper's `queries` become the panel's `targets`.
 */
export const RENAMED_FIELDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  timeseriesPanel: { targets: "queries" },
  statPanel: { targets: "queries" },
  gaugePanel: { targets: "queries" },
  heatmapPanel: { targets: "queries" },
  tablePanel: { targets: "queries" },
  logsPanel: { targets: "queries" },
};
