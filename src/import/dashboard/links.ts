import * as dashboard from "@grafana/grafana-foundation-sdk/dashboard";
import { describeValue, type FieldPath } from "../../core/problem.ts";
import { ArrayCode, BuilderCode, type Json } from "./code.ts";
import {
  applyFields,
  enumSetter,
  type FieldRule,
  isObject,
  type Reporter,
  report,
  setter,
} from "./fields.ts";

/** Dashboard links, panel links and data links, all `dashboard.DashboardLinkBuilder`s in the SDK. */

const LINK: Record<string, FieldRule> = {
  type: enumSetter("type", "dashboard", "DashboardLinkType", dashboard.DashboardLinkType),
  icon: setter("icon", "string"),
  tooltip: setter("tooltip", "string"),
  url: setter("url", "string"),
  tags: setter("tags", "array"),
  asDropdown: setter("asDropdown", "boolean"),
  placement: enumSetter(
    "placement",
    "dashboard",
    "DashboardLinkPlacement",
    dashboard.DashboardLinkPlacement,
  ),
  targetBlank: setter("targetBlank", "boolean"),
  includeVars: setter("includeVars", "boolean"),
  keepTime: setter("keepTime", "boolean"),
};

export function linkCode(link: Json, path: FieldPath, r: Reporter): BuilderCode | undefined {
  if (!isObject(link)) {
    report(r, path, `expected a link object, got ${describeValue(link)}; left out of the import`);
    return undefined;
  }
  const title = typeof link.title === "string" ? link.title : "";
  const builder = new BuilderCode("dashboard", "DashboardLinkBuilder", [title]);
  applyFields(builder, link, LINK, {
    path,
    what: "dashboard.DashboardLink",
    handled: ["title"],
    defaults: dashboard.defaultDashboardLink() as unknown as Record<string, unknown>,
    r,
  });
  return builder;
}

/** `.method([links…])`: dashboard links, panel links (`links`) and data links (`dataLinks`). */
export function linksRule(method: string): FieldRule {
  return (builder, value, path, r) => {
    if (!Array.isArray(value)) {
      report(
        r,
        path,
        `expected an array of links, got ${describeValue(value)}; left out of the import`,
      );
      return;
    }
    builder.call(
      method,
      new ArrayCode(value.flatMap((link, i) => linkCode(link, [...path, i], r) ?? [])),
    );
  };
}
