import * as loki from "@grafana/grafana-foundation-sdk/loki";
import * as prometheus from "@grafana/grafana-foundation-sdk/prometheus";
import { describeValue, type FieldPath } from "../../core/problem.ts";
import { BuilderCode, type Json } from "./code.ts";
import {
  applyFields,
  enumSetter,
  type FieldRule,
  isObject,
  type JsonObject,
  type Reporter,
  report,
  setter,
} from "./fields.ts";
import { datasourceRule } from "./datasource.ts";

/**
 * Panel targets as the SDK's query builders: Prometheus and Loki, the two
 * datasources obsforge builds for. A target of another datasource, or one
 * whose datasource cannot be told, is reported (there is no SDK builder
 * obsforge could pick for it).
 */

export type QueryLanguage = "prometheus" | "loki";

const PROMETHEUS: Record<string, FieldRule> = {
  expr: setter("expr", "string"),
  legendFormat: setter("legendFormat", "string"),
  refId: setter("refId", "string"),
  interval: setter("interval", "string"),
  intervalFactor: setter("intervalFactor", "number"),
  intervalMs: setter("intervalMs", "number"),
  maxDataPoints: setter("maxDataPoints", "number"),
  format: enumSetter("format", "prometheus", "PromQueryFormat", prometheus.PromQueryFormat),
  editorMode: enumSetter("editorMode", "prometheus", "QueryEditorMode", prometheus.QueryEditorMode),
  exemplar: setter("exemplar", "boolean"),
  hide: setter("hide", "boolean"),
  queryType: setter("queryType", "string"),
  datasource: datasourceRule("datasource"),
};

const LOKI: Record<string, FieldRule> = {
  expr: setter("expr", "string"),
  legendFormat: setter("legendFormat", "string"),
  refId: setter("refId", "string"),
  maxLines: setter("maxLines", "number"),
  resolution: setter("resolution", "number"),
  editorMode: enumSetter("editorMode", "loki", "QueryEditorMode", loki.QueryEditorMode),
  range: setter("range", "boolean"),
  instant: setter("instant", "boolean"),
  step: setter("step", "string"),
  hide: setter("hide", "boolean"),
  queryType: setter("queryType", "string"),
  direction: enumSetter("direction", "loki", "LokiQueryDirection", loki.LokiQueryDirection),
  datasource: datasourceRule("datasource"),
};

/** The query builder for one target, or undefined (reported) when there is none for it. */
export function queryCode(
  target: Json,
  language: QueryLanguage | undefined,
  path: FieldPath,
  r: Reporter,
): BuilderCode | undefined {
  if (!isObject(target)) {
    report(
      r,
      path,
      `expected a query object, got ${describeValue(target)}; left out of the import`,
    );
    return undefined;
  }
  if (language === undefined) {
    report(
      r,
      path,
      "expected a Prometheus or Loki query (by its own, its panel's or its datasource variable's type), got a query of another datasource; left out of the import",
    );
    return undefined;
  }
  const builder = new BuilderCode(language, "DataqueryBuilder");
  if (language === "loki") {
    applyFields(builder, target, LOKI, { path, what: "loki.Dataquery", r });
    return builder;
  }
  applyFields(builder, target, PROMETHEUS, {
    path,
    what: "prometheus.Dataquery",
    handled: ["instant", "range"],
    r,
  });
  queryMode(builder, target, path, r);
  return builder;
}

/**
 * `instant` and `range` are one setter in the SDK (`instant()` sets range
 * false, `range()` instant false, `rangeAndInstant()` both true).
 */
function queryMode(builder: BuilderCode, target: JsonObject, path: FieldPath, r: Reporter): void {
  const flags = { instant: target.instant ?? false, range: target.range ?? false };
  for (const [key, value] of Object.entries(flags)) {
    if (typeof value !== "boolean") {
      report(
        r,
        [...path, key],
        `expected a boolean, got ${describeValue(value)}; left out of the import`,
      );
      return;
    }
  }
  if (flags.instant && flags.range) builder.call("rangeAndInstant");
  else if (flags.instant) builder.call("instant");
  else if (flags.range) builder.call("range");
}
