import type { FieldPath, Problem } from "../../core/problem.ts";
import { inputError } from "./inputs.ts";

/** One rule of a foreign rule file, read leniently (see `readRuleGroups`). */
export interface ForeignRule {
  kind: "alert" | "record";
  name: string;
  expr: string;
  for?: string;
  keepFiringFor?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** From the document's root: `["groups", 0, "rules", 2]`, `["spec", "groups", …]`. */
  path: FieldPath;
  ruleIndex: number;
}

export interface ForeignGroup {
  name: string;
  interval?: string;
  path: FieldPath;
  groupIndex: number;
  rules: ForeignRule[];
}

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The groups of a rule file (`groups` under `base`: the root of a plain file,
 * `spec` of a resource), read as leniently as promtool loads them and then
 * some: any name, empty groups, duplicate rules, `keep_firing_for`,
 * `limit`, `query_offset` and the Thanos, Mimir and Loki group fields load
 * (a name that breaks a convention is a lint finding, never a refusal).
 * Only what no ruler could load is an error, with its field path: a group
 * without a name, a rule that is not exactly one of `alert` and `record`, a
 * rule without `expr`, or the wrong shape (a list where a mapping goes).
 * Scalars are read as YAML gives them to Go's decoder: `expr: 1` is "1",
 * `code: 0200` is "0200" — the file's documents are read with scalars as
 * written (read.ts); a number or boolean here comes from a caller's object.
 */
export function readRuleGroups(
  doc: Obj,
  base: FieldPath,
  file: string,
): { groups: ForeignGroup[]; errors: Problem[] } {
  const groups: ForeignGroup[] = [];
  const errors: Problem[] = [];
  const at = (path: FieldPath, message: string) => errors.push(inputError(file, message, path));
  const list = doc.groups;
  const groupsPath = [...base, "groups"];
  if (list === null || list === undefined) return { groups, errors };
  if (!Array.isArray(list)) {
    at(groupsPath, "expected a list of rule groups");
    return { groups, errors };
  }
  for (const [groupIndex, group] of list.entries()) {
    const path = [...groupsPath, groupIndex];
    if (!isObject(group)) {
      at(path, "expected a rule group (a mapping with name and rules)");
      continue;
    }
    if (typeof group.name !== "string" || group.name === "") {
      at([...path, "name"], "expected a group name");
      continue;
    }
    const rules: ForeignRule[] = [];
    const raw = group.rules ?? [];
    if (!Array.isArray(raw)) {
      at([...path, "rules"], "expected a list of rules");
      continue;
    }
    raw.forEach((rule, ruleIndex) => {
      const read = readRule(rule, [...path, "rules", ruleIndex], ruleIndex);
      if (typeof read === "string") at([...path, "rules", ruleIndex], read);
      else rules.push(read);
    });
    const interval = scalar(group.interval);
    groups.push({
      name: group.name,
      ...(interval !== undefined && { interval }),
      path,
      groupIndex,
      rules,
    });
  }
  return { groups, errors };
}

/** One rule, or what is wrong with it. */
function readRule(rule: unknown, path: FieldPath, ruleIndex: number): ForeignRule | string {
  if (!isObject(rule)) return "expected a rule (a mapping with alert or record, and expr)";
  const alert = scalar(rule.alert);
  const record = scalar(rule.record);
  if (alert !== undefined && record !== undefined)
    return "expected one of alert and record, got both";
  const name = alert ?? record;
  if (name === undefined || name === "") return "expected an alert or record name";
  const expr = scalar(rule.expr);
  if (expr === undefined) return "expected an expr";
  const forValue = scalar(rule.for);
  const keep = scalar(rule.keep_firing_for);
  const read: ForeignRule = {
    kind: alert !== undefined ? "alert" : "record",
    name,
    expr,
    labels: stringMap(rule.labels),
    annotations: stringMap(rule.annotations),
    path,
    ruleIndex,
  };
  // Set only when written (no spread of a temporary object per field: files reach 60,000 rules).
  if (forValue !== undefined) read.for = forValue;
  if (keep !== undefined) read.keepFiringFor = keep;
  return read;
}

/** A YAML scalar as a string; undefined for null, maps and lists. */
function scalar(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(value)) return out;
  for (const [k, v] of Object.entries(value)) {
    const s = scalar(v);
    if (s !== undefined) out[k] = s;
  }
  return out;
}
