import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { describeValue, type FieldPath } from "../../core/problem.ts";
import { ArrayCode, BuilderCode, type Code, type Json, ObjectCode } from "./code.ts";
import { datasourceRef, datasourceRule } from "./datasource.ts";
import {
  applyFields,
  enumMember,
  enumSetter,
  type FieldRule,
  isObject,
  type JsonObject,
  type Reporter,
  report,
  setter,
  subBuilder,
  unrepresented,
} from "./fields.ts";
import { linksRule } from "./links.ts";
import { type QueryLanguage, queryCode } from "./queries.ts";

/**
 * Panels as `new dashboard.PanelBuilder().type(…)` with the SDK's setters:
 * one builder for every panel type, so every type imports, with `options`
 * and `fieldConfig.defaults.custom` as the plugin's own data. Rows are
 * `dashboard.RowBuilder`s holding their collapsed panels.
 */

/** A panel to convert and where it was read (legacy rows keep their own paths). */
export interface PanelItem {
  json: JsonObject;
  path: FieldPath;
  /** A collapsed row's panels. */
  children?: readonly PanelItem[];
}

/** How a target's datasource type is found: from a `$variable` uid, the variable's plugin id. */
export type VariableTypes = ReadonlyMap<string, string>;

const PANEL: Record<string, FieldRule> = {
  id: setter("id", "number"),
  pluginVersion: setter("pluginVersion", "string"),
  title: setter("title", "string"),
  description: setter("description", "string"),
  transparent: setter("transparent", "boolean"),
  datasource: datasourceRule("datasource"),
  gridPos: setter("gridPos", "object"),
  links: linksRule("links"),
  repeat: setter("repeat", "string"),
  repeatDirection: setter("repeatDirection", "string"),
  maxPerRow: setter("maxPerRow", "number"),
  maxDataPoints: setter("maxDataPoints", "number"),
  transformations: (builder, value, path, r) => {
    if (!Array.isArray(value)) {
      unrepresented(r, path, "dashboard.Panel", value);
      return;
    }
    // The SDK's type asks for `options`; Grafana reads a transformation without them as `{}`.
    builder.call(
      "transformations",
      value.map((t) => (isObject(t) && !Object.hasOwn(t, "options") ? { ...t, options: {} } : t)),
    );
  },
  interval: setter("interval", "string"),
  timeFrom: setter("timeFrom", "string"),
  timeShift: setter("timeShift", "string"),
  hideTimeOverride: setter("hideTimeOverride", "boolean"),
  timeCompare: setter("timeCompare", "string"),
  libraryPanel: setter("libraryPanel", "object"),
  cacheTimeout: setter("cacheTimeout", "string"),
  queryCachingTTL: setter("queryCachingTTL", "number"),
  options: setter("options", "object"),
};

const THRESHOLDS: Record<string, FieldRule> = {
  mode: enumSetter("mode", "dashboard", "ThresholdsMode", dashboard.ThresholdsMode),
  steps: (builder, value, path, r) => {
    if (!Array.isArray(value)) {
      unrepresented(r, path, "dashboard.ThresholdsConfig", value);
      return;
    }
    builder.call(
      "steps",
      value.flatMap((step, i) => thresholdStep(step, [...path, i], r) ?? []),
    );
  },
};

/**
 * `{ value, color }`: the base step, written without a value, gets the
 * `value: null` the SDK's type asks for (Grafana reads both as -Infinity).
 */
function thresholdStep(step: Json, path: FieldPath, r: Reporter): Json | undefined {
  if (!isObject(step) || typeof step.color !== "string") {
    report(
      r,
      path,
      `expected a threshold step { value, color }, got ${describeValue(step)}; left out of the import`,
    );
    return undefined;
  }
  const value = step.value ?? null;
  if (value !== null && typeof value !== "number") {
    report(
      r,
      [...path, "value"],
      `expected a number or null, got ${describeValue(value)}; left out of the import`,
    );
    return undefined;
  }
  for (const [key, v] of Object.entries(step)) {
    if (key !== "value" && key !== "color" && v !== null)
      unrepresented(r, [...path, key], "dashboard.Threshold", v);
  }
  return { value, color: step.color };
}

const COLOR: Record<string, FieldRule> = {
  mode: enumSetter("mode", "dashboard", "FieldColorModeId", dashboard.FieldColorModeId),
  fixedColor: setter("fixedColor", "string"),
  seriesBy: enumSetter(
    "seriesBy",
    "dashboard",
    "FieldColorSeriesByMode",
    dashboard.FieldColorSeriesByMode,
  ),
};

const FIELD_DEFAULTS: Record<string, FieldRule> = {
  displayName: setter("displayName", "string"),
  unit: setter("unit", "string"),
  decimals: setter("decimals", "number"),
  min: setter("min", "number"),
  max: setter("max", "number"),
  noValue: setter("noValue", "string"),
  fieldMinMax: setter("fieldMinMax", "boolean"),
  custom: setter("custom", "object"),
  links: linksRule("dataLinks"),
  thresholds: subBuilder(
    "thresholds",
    "ThresholdsConfigBuilder",
    "dashboard.ThresholdsConfig",
    THRESHOLDS,
  ),
  color: subBuilder("colorScheme", "FieldColorBuilder", "dashboard.FieldColor", COLOR, {
    ...dashboard.defaultFieldColor(),
  }),
  mappings: (builder, value, path, r) => {
    if (!Array.isArray(value)) {
      unrepresented(r, path, "FieldConfig", value);
      return;
    }
    const items: Code[] = [];
    value.forEach((m, i) => {
      const code = mappingCode(m, [...path, i], r);
      if (code !== undefined) items.push(code);
    });
    builder.call("mappings", new ArrayCode(items));
  },
};

const ROW: Record<string, FieldRule> = {
  id: setter("id", "number"),
  datasource: datasourceRule("datasource"),
  gridPos: setter("gridPos", "object"),
  repeat: setter("repeat", "string"),
};

/** A value mapping with the SDK's enums for `type` and a special value's `match`. */
function mappingCode(mapping: Json, path: FieldPath, r: Reporter): Code | undefined {
  if (!isObject(mapping)) {
    unrepresented(r, path, "dashboard.ValueMapping", mapping);
    return undefined;
  }
  const type = enumMember("dashboard", "MappingType", dashboard.MappingType, mapping.type ?? null);
  if (type === undefined) {
    report(
      r,
      [...path, "type"],
      `expected a value mapping type (value, range, regex, special), got ${describeValue(mapping.type ?? null)}; left out of the import`,
    );
    return undefined;
  }
  const entries: [string, Code][] = [];
  for (const [key, value] of Object.entries(mapping)) {
    if (key === "type") entries.push([key, type]);
    else if (key === "options" && type.member === "SpecialValue" && isObject(value)) {
      entries.push([key, specialOptions(value, [...path, key], r)]);
    } else entries.push([key, value]);
  }
  return new ObjectCode(entries);
}

function specialOptions(options: JsonObject, path: FieldPath, r: Reporter): Code {
  return new ObjectCode(
    Object.entries(options).map(([key, value]): [string, Code] => {
      if (key !== "match") return [key, value];
      const member = enumMember(
        "dashboard",
        "SpecialValueMatch",
        dashboard.SpecialValueMatch,
        value,
      );
      if (member === undefined)
        report(
          r,
          [...path, key],
          `expected a special value (true, false, null, nan, null+nan, empty), got ${describeValue(value)}; kept as written`,
        );
      return [key, member ?? value];
    }),
  );
}

/** `new dashboard.PanelBuilder().type(…)…` for one panel, or a row with its panels. */
export function panelCode(item: PanelItem, variables: VariableTypes, r: Reporter): BuilderCode {
  const { json: panel, path } = item;
  if (panel.type === "row") return rowCode(item, variables, r);
  const builder = new BuilderCode("dashboard", "PanelBuilder");
  if (typeof panel.type === "string") builder.call("type", panel.type);
  else
    report(r, [...path, "type"], `expected a panel type, got ${describeValue(panel.type ?? null)}`);
  applyFields(builder, panel, PANEL, {
    path,
    what: "dashboard.Panel",
    handled: ["type", "targets", "fieldConfig"],
    defaults: dashboard.defaultPanel() as unknown as Record<string, unknown>,
    r,
  });
  fieldConfig(builder, panel.fieldConfig, [...path, "fieldConfig"], r);
  const targets = panel.targets;
  if (Array.isArray(targets)) {
    targets.forEach((target, i) => {
      const language = languageOf(target, panel, variables);
      const query = queryCode(target, language, [...path, "targets", i], r);
      if (query !== undefined) builder.call("withTarget", query);
    });
  } else if (targets !== undefined && targets !== null) {
    report(
      r,
      [...path, "targets"],
      `expected an array of queries, got ${describeValue(targets)}; left out of the import`,
    );
  }
  return builder;
}

function fieldConfig(
  builder: BuilderCode,
  value: Json | undefined,
  path: FieldPath,
  r: Reporter,
): void {
  if (value === undefined || value === null) return;
  if (!isObject(value)) {
    unrepresented(r, path, "FieldConfigSource", value);
    return;
  }
  for (const [key, v] of Object.entries(value)) {
    if (key === "defaults" && isObject(v)) {
      applyFields(builder, v, FIELD_DEFAULTS, {
        path: [...path, key],
        what: "dashboard.FieldConfig",
        r,
      });
    } else if (key === "overrides" && Array.isArray(v)) {
      if (v.length > 0) builder.call("overrides", v);
    } else if (v !== null) unrepresented(r, [...path, key], "dashboard.FieldConfigSource", v);
  }
}

function rowCode(item: PanelItem, variables: VariableTypes, r: Reporter): BuilderCode {
  const { json: row, path } = item;
  const title = typeof row.title === "string" ? row.title : "";
  if (typeof row.title !== "string" && row.title !== undefined && row.title !== null)
    report(
      r,
      [...path, "title"],
      `expected a row title, got ${describeValue(row.title)}; left out of the import`,
    );
  const builder = new BuilderCode("dashboard", "RowBuilder", [title]);
  applyFields(builder, row, ROW, {
    path,
    what: "dashboard.RowPanel",
    handled: ["type", "title", "collapsed", "panels"],
    defaults: dashboard.defaultRowPanel() as unknown as Record<string, unknown>,
    r,
  });
  const nested = item.children ?? nestedPanels(row, path);
  for (const child of nested) builder.call("withPanel", panelCode(child, variables, r));
  // withPanel() marks the row collapsed; an expanded row that still holds panels says so after.
  const collapsed = row.collapsed ?? false;
  if (typeof collapsed !== "boolean")
    report(
      r,
      [...path, "collapsed"],
      `expected a boolean, got ${describeValue(collapsed)}; left out of the import`,
    );
  else if (collapsed && nested.length === 0) builder.call("collapsed", true);
  else if (!collapsed && nested.length > 0) builder.call("collapsed", false);
  return builder;
}

function nestedPanels(row: JsonObject, path: FieldPath): PanelItem[] {
  const panels = Array.isArray(row.panels) ? row.panels : [];
  return panels.flatMap((p, i) => (isObject(p) ? [{ json: p, path: [...path, "panels", i] }] : []));
}

/** The target's datasource type: its own, its panel's, or that of the datasource variable either names. */
function languageOf(
  target: Json,
  panel: JsonObject,
  variables: VariableTypes,
): QueryLanguage | undefined {
  const own = isObject(target) ? datasourceRef(target.datasource ?? null) : undefined;
  const fromPanel = datasourceRef(panel.datasource ?? null);
  for (const ref of [own, fromPanel]) {
    if (ref === undefined) continue;
    const type =
      ref.type === "datasource" ? undefined : (ref.type ?? typeOfVariable(ref.uid, variables));
    if (type === "prometheus" || type === "loki") return type;
    if (type !== undefined) return undefined;
  }
  // No datasource anywhere: the dashboard's default, which obsforge provisions as Prometheus.
  return own === undefined && fromPanel === undefined ? "prometheus" : undefined;
}

function typeOfVariable(uid: string | undefined, variables: VariableTypes): string | undefined {
  const m = uid === undefined ? null : /^\$\{?([A-Za-z0-9_]+)\}?$/.exec(uid);
  return m === null ? undefined : variables.get(m[1]!);
}
