import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { describeValue, type FieldPath } from "../../core/problem.ts";
import { BuilderCode, type Json } from "./code.ts";
import { datasourceRule } from "./datasource.ts";
import {
  applyFields,
  enumSetter,
  type FieldRule,
  isObject,
  type Reporter,
  report,
  setter,
} from "./fields.ts";

/**
 * Template variables as the SDK's variable builders, one per variable type.
 * Each builder has the setters its type uses; a field it has no setter for
 * is reported (a datasource variable's `refresh`, the legacy `tags…` of
 * query variables).
 */

/** `query` is a string for most datasources, an object for some: both are written as they are. */
const query =
  (method: string): FieldRule =>
  (builder, value, path, r) => {
    if (typeof value === "string" || isObject(value)) builder.call(method, value);
    else
      report(
        r,
        path,
        `expected a string or an object, got ${describeValue(value)}; left out of the import`,
      );
  };

const COMMON: Record<string, FieldRule> = {
  label: setter("label", "string"),
  description: setter("description", "string"),
  allowCustomValue: setter("allowCustomValue", "boolean"),
  definition: setter("definition", "string"),
  staticOptions: setter("staticOptions", "array"),
  staticOptionsOrder: setter("staticOptionsOrder", "string"),
};
const hide = enumSetter("hide", "dashboard", "VariableHide", dashboard.VariableHide);
const current = setter("current", "object");
const multi = setter("multi", "boolean");
const options = setter("options", "array");
const includeAll = setter("includeAll", "boolean");
const allValue = setter("allValue", "string");
const regex = setter("regex", "string");
const datasource = datasourceRule("datasource");

/** Per variable type: the builder, and the setter for each field it has. */
const TYPES: Record<string, { builder: string; fields: Record<string, FieldRule> }> = {
  query: {
    builder: "QueryVariableBuilder",
    fields: {
      hide,
      current,
      multi,
      options,
      includeAll,
      allValue,
      regex,
      datasource,
      query: query("query"),
      refresh: enumSetter("refresh", "dashboard", "VariableRefresh", dashboard.VariableRefresh),
      sort: enumSetter("sort", "dashboard", "VariableSort", dashboard.VariableSort),
    },
  },
  custom: {
    builder: "CustomVariableBuilder",
    fields: { hide, current, multi, options, includeAll, allValue, query: query("values") },
  },
  datasource: {
    builder: "DatasourceVariableBuilder",
    fields: { hide, current, multi, includeAll, allValue, regex, query: query("type") },
  },
  interval: {
    builder: "IntervalVariableBuilder",
    fields: {
      hide,
      current,
      options,
      query: query("values"),
      auto: setter("auto", "boolean"),
      auto_min: setter("minInterval", "string"),
      auto_count: setter("stepCount", "number"),
    },
  },
  constant: { builder: "ConstantVariableBuilder", fields: { query: query("value") } },
  textbox: {
    builder: "TextBoxVariableBuilder",
    fields: { hide, current, options, query: query("defaultValue") },
  },
  adhoc: { builder: "AdHocVariableBuilder", fields: { hide, datasource } },
};

/** The builder for one variable of `templating.list`, or undefined (reported) for a type the SDK has no builder for. */
export function variableCode(
  variable: Json,
  path: FieldPath,
  r: Reporter,
): BuilderCode | undefined {
  if (!isObject(variable) || typeof variable.name !== "string") {
    report(
      r,
      path,
      `expected a variable with a name, got ${describeValue(variable)}; left out of the import`,
    );
    return undefined;
  }
  const type = typeof variable.type === "string" ? variable.type : "query";
  const kind = Object.hasOwn(TYPES, type) ? TYPES[type] : undefined;
  if (kind === undefined) {
    report(
      r,
      [...path, "type"],
      `expected a variable type the foundation SDK has a builder for (${Object.keys(TYPES).join(", ")}), got ${describeValue(type)}; left out of the import`,
    );
    return undefined;
  }
  const builder = new BuilderCode("dashboard", kind.builder, [variable.name]);
  applyFields(
    builder,
    variable,
    { ...COMMON, ...kind.fields },
    {
      path,
      what: `dashboard.${kind.builder}`,
      handled: ["name", "type"],
      defaults: dashboard.defaultVariableModel() as unknown as Record<string, unknown>,
      r,
    },
  );
  return builder;
}

/** Datasource variables' names and plugin ids (`datasource` → `prometheus`), to tell a target's language. */
export function datasourceVariableTypes(list: readonly Json[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of list) {
    if (
      isObject(v) &&
      v.type === "datasource" &&
      typeof v.name === "string" &&
      typeof v.query === "string"
    )
      out.set(v.name, v.query);
  }
  return out;
}
