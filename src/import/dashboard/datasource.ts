import { describeValue } from "../../core/problem.ts";
import type { Json } from "./code.ts";
import { type FieldRule, isObject, report } from "./fields.ts";

/**
 * `.datasource({ type, uid })`. A datasource written as a string (dashboards
 * before schema version 33: `"$datasource"`, or a datasource's name) becomes
 * `{ uid: "…" }`, as Grafana's own migration turns it when it loads the
 * dashboard; the import says so once per file.
 */
export function datasourceRule(method: string): FieldRule {
  return (builder, value, path, r) => {
    const ref = datasourceRef(value);
    if (ref === undefined) {
      report(
        r,
        path,
        `expected a datasource reference { type, uid } or a datasource name, got ${describeValue(value)}; left out of the import`,
      );
      return;
    }
    if (typeof value === "string")
      r.migrated.add("string datasources → { uid } references (schema 33)");
    builder.call(method, ref);
  };
}

/** The reference a datasource field stands for, or undefined when it is neither form. */
export function datasourceRef(value: Json): { type?: string; uid?: string } | undefined {
  if (typeof value === "string") return { uid: value };
  if (!isObject(value)) return undefined;
  const out: { type?: string; uid?: string } = {};
  for (const [key, v] of Object.entries(value)) {
    if ((key !== "type" && key !== "uid") || (typeof v !== "string" && v !== null))
      return undefined;
    if (typeof v === "string") out[key] = v;
  }
  return out;
}
