import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { describeValue, type FieldPath, type Problem } from "../../core/problem.ts";
import { BuilderCode, type Json } from "./code.ts";
import { datasourceRule } from "./datasource.ts";
import {
  applyFields,
  enumSetter,
  type FieldRule,
  flag,
  isObject,
  type JsonObject,
  type Reporter,
  report,
  setter,
  subBuilder,
  unrepresented,
  unsupported,
} from "./fields.ts";
import { legacyRowPanels } from "./legacy-rows.ts";
import { linksRule } from "./links.ts";
import { type PanelItem, panelCode } from "./panels.ts";
import { datasourceVariableTypes, variableCode } from "./variables.ts";

/**
 * A Grafana dashboard (JSON, classic `panels` or legacy `rows` layout) as
 * foundation-SDK builder code, and what the import could not represent,
 * one problem per field with its JSON path. The SDK writes the schema
 * version it knows (`dashboard.defaultDashboard()`), so the dashboard is
 * written in that schema's layout.
 */
export interface ConvertedDashboard {
  code: BuilderCode;
  title: string;
  uid: string | undefined;
  notes: Problem[];
}

/** The SDK's schema version: what every imported dashboard is written as. */
export const SDK_SCHEMA_VERSION = dashboard.defaultDashboard().schemaVersion;

const TIMEPICKER: Record<string, FieldRule> = {
  hidden: setter("hidden", "boolean"),
  refresh_intervals: setter("refreshIntervals", "array"),
  nowDelay: setter("nowDelay", "string"),
};

const DASHBOARD: Record<string, FieldRule> = {
  id: setter("id", "number"),
  uid: setter("uid", "string"),
  description: setter("description", "string"),
  revision: setter("revision", "number"),
  gnetId: setter("gnetId", "string"),
  tags: setter("tags", "array"),
  timezone: setter("timezone", "string"),
  editable: flag("editable", "readonly"),
  graphTooltip: enumSetter(
    "tooltip",
    "dashboard",
    "DashboardCursorSync",
    dashboard.DashboardCursorSync,
  ),
  time: setter("time", "object"),
  timepicker: subBuilder(
    "timepicker",
    "TimePickerBuilder",
    "dashboard.TimePickerConfig",
    TIMEPICKER,
    {
      ...dashboard.defaultTimePickerConfig(),
    },
  ),
  links: linksRule("links"),
  fiscalYearStartMonth: setter("fiscalYearStartMonth", "number"),
  liveNow: setter("liveNow", "boolean"),
  weekStart: setter("weekStart", "string"),
  refresh: setter("refresh", "string"),
  version: setter("version", "number"),
  preload: setter("preload", "boolean"),
  schemaVersion: () => {},
  style: unsupported(
    "expected a field of the current dashboard schema, got the legacy theme setting `style`",
  ),
};

const ANNOTATION: Record<string, FieldRule> = {
  name: setter("name", "string"),
  datasource: datasourceRule("datasource"),
  enable: setter("enable", "boolean"),
  hide: setter("hide", "boolean"),
  iconColor: setter("iconColor", "string"),
  type: setter("type", "string"),
  builtIn: setter("builtIn", "number"),
  expr: setter("expr", "string"),
  textFormat: setter("textFormat", "string"),
  titleFormat: setter("titleFormat", "string"),
  tagKeys: setter("tagKeys", "string"),
  step: setter("step", "string"),
  useValueForTime: setter("useValueForTime", "boolean"),
};

export function convertDashboard(json: JsonObject, file: string): ConvertedDashboard {
  const r: Reporter = { file, notes: [], migrated: new Set() };
  const title = typeof json.title === "string" ? json.title : "";
  const builder = new BuilderCode("dashboard", "DashboardBuilder", [title]);
  applyFields(builder, json, DASHBOARD, {
    path: [],
    what: "dashboard.Dashboard",
    handled: ["title", "panels", "rows", "templating", "annotations"],
    defaults: dashboard.defaultDashboard() as unknown as Record<string, unknown>,
    r,
  });
  const variables = templating(builder, json.templating, r);
  annotations(builder, json.annotations, r);
  for (const item of panelItems(json, r)) {
    builder.call(item.json.type === "row" ? "withRow" : "withPanel", panelCode(item, variables, r));
  }
  if (typeof json.schemaVersion === "number" && json.schemaVersion !== SDK_SCHEMA_VERSION) {
    const migrated = [...r.migrated].sort();
    r.notes.push({
      code: "import/schema-version",
      severity: "info",
      file,
      path: ["schemaVersion"],
      message: `expected schema version ${SDK_SCHEMA_VERSION} (the foundation SDK's), got ${json.schemaVersion}: written as ${SDK_SCHEMA_VERSION}${migrated.length > 0 ? `, migrated as Grafana does: ${migrated.join("; ")}` : ""}`,
    });
  }
  return {
    code: builder,
    title,
    uid: typeof json.uid === "string" ? json.uid : undefined,
    notes: r.notes,
  };
}

/** Top-level panels, from the grid layout or, before schema 16, from the legacy rows. */
function panelItems(json: JsonObject, r: Reporter): PanelItem[] {
  const items: PanelItem[] = [];
  if (Array.isArray(json.panels)) {
    json.panels.forEach((panel, i) => {
      if (isObject(panel)) items.push({ json: panel, path: ["panels", i] });
      else
        report(
          r,
          ["panels", i],
          `expected a panel object, got ${describeValue(panel)}; left out of the import`,
        );
    });
  } else if (json.panels !== undefined && json.panels !== null) {
    report(
      r,
      ["panels"],
      `expected an array of panels, got ${describeValue(json.panels)}; left out of the import`,
    );
  }
  if (Array.isArray(json.rows) && json.rows.length > 0) {
    r.migrated.add("legacy rows → grid layout (schema 16)");
    items.push(...legacyRowPanels(json.rows, r));
  }
  return items;
}

function templating(
  builder: BuilderCode,
  value: Json | undefined,
  r: Reporter,
): Map<string, string> {
  if (value === undefined || value === null) return new Map();
  if (!isObject(value)) {
    unrepresented(r, ["templating"], "dashboard.Dashboard", value);
    return new Map();
  }
  const list = Array.isArray(value.list) ? value.list : [];
  for (const [key, v] of Object.entries(value)) {
    if (key !== "list" && v !== null)
      unrepresented(r, ["templating", key], "dashboard.Dashboard templating", v);
  }
  list.forEach((variable, i) => {
    const code = variableCode(variable, ["templating", "list", i], r);
    if (code !== undefined) builder.call("withVariable", code);
  });
  return datasourceVariableTypes(list);
}

function annotations(builder: BuilderCode, value: Json | undefined, r: Reporter): void {
  if (value === undefined || value === null) return;
  const list = isObject(value) && Array.isArray(value.list) ? value.list : undefined;
  if (list === undefined) {
    unrepresented(r, ["annotations"], "dashboard.AnnotationContainer", value);
    return;
  }
  list.forEach((annotation, i) => {
    const path: FieldPath = ["annotations", "list", i];
    if (!isObject(annotation)) {
      unrepresented(r, path, "dashboard.AnnotationQuery", annotation);
      return;
    }
    const code = new BuilderCode("dashboard", "AnnotationQueryBuilder");
    applyFields(code, annotation, ANNOTATION, {
      path,
      what: "dashboard.AnnotationQuery",
      defaults: dashboard.defaultAnnotationQuery() as unknown as Record<string, unknown>,
      r,
    });
    builder.call("annotation", code);
  });
}
