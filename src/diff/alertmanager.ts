import { compareStrings } from "../core/order.ts";
import { objects } from "./dashboards.ts";
import { fieldChanges } from "./field-changes.ts";
import type { FieldChange, SubjectChange } from "./model.ts";
import { pairItems } from "./pair.ts";
import { compareSubjects } from "./rules.ts";

type Json = Record<string, unknown>;

interface Route {
  /** The matchers from the root down: `team="payments" › severity=~"critical|page"`. */
  path: string;
  receiver: string;
  /** Its own settings: receiver, group_by, waits, intervals, continue, time intervals. */
  settings: Json;
}

/**
 * What differs between two Alertmanager configs: routes (known by their
 * matchers from the root down, so a route is what it selects), receivers,
 * time intervals (by name), inhibit rules (by content: they have no name)
 * and the global settings.
 */
export function diffAlertmanager(before: Json, after: Json): SubjectChange[] {
  const out: SubjectChange[] = [];
  const routes = pairItems(routesOf(before.route), routesOf(after.route), {
    bucket: (r) => r.path,
    tieBreakers: [(r) => r.receiver],
  });
  const routeSubject = (status: SubjectChange["status"], r: Route, fields: FieldChange[]) => ({
    status,
    kind: "route",
    name: r.path,
    fields,
  });
  for (const r of routes.removed)
    out.push(routeSubject("removed", r, [{ field: "receiver", before: r.receiver }]));
  for (const r of routes.added)
    out.push(routeSubject("added", r, [{ field: "receiver", after: r.receiver }]));
  for (const [a, b] of routes.pairs) {
    const fields = fieldChanges(a.settings, b.settings);
    if (fields.length > 0) out.push(routeSubject("changed", b, fields));
  }
  out.push(...byName("receiver", before.receivers, after.receivers));
  out.push(...byName("time interval", before.time_intervals, after.time_intervals));
  out.push(...inhibitRules(before.inhibit_rules, after.inhibit_rules));
  const rest = (c: Json) => {
    const { route: _r, receivers: _v, time_intervals: _t, inhibit_rules: _i, ...others } = c;
    return others;
  };
  const global = fieldChanges(rest(before), rest(after));
  if (global.length > 0)
    out.push({ status: "changed", kind: "settings", name: "global", fields: global });
  return out.sort((a, b) => KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind) || compareSubjects(a, b));
}

/** The order a config reads in: routes, receivers, time intervals, inhibit rules, the rest. */
const KINDS = ["route", "receiver", "time interval", "inhibit rule", "settings"];

function routesOf(root: unknown): Route[] {
  const out: Route[] = [];
  const walk = (node: Json, above: string[]) => {
    const { routes, matchers, ...settings } = node;
    const own = Array.isArray(matchers) ? matchers.map(String).join(", ") : "";
    const path = own === "" ? above : [...above, `{${own}}`];
    out.push({
      path: path.length === 0 ? "(root)" : path.join(" › "),
      receiver: String(settings.receiver ?? ""),
      settings,
    });
    for (const child of objects(routes)) walk(child, path);
  };
  if (root !== null && typeof root === "object") walk(root as Json, []);
  return out;
}

function byName(kind: string, before: unknown, after: unknown): SubjectChange[] {
  const named = (list: unknown) => new Map(objects(list).map((item) => [String(item.name), item]));
  const a = named(before);
  const b = named(after);
  const out: SubjectChange[] = [];
  const names = [...new Set([...a.keys(), ...b.keys()])].sort(compareStrings);
  for (const name of names) {
    const x = a.get(name);
    const y = b.get(name);
    if (x === undefined) out.push({ status: "added", kind, name, fields: [] });
    else if (y === undefined) out.push({ status: "removed", kind, name, fields: [] });
    else {
      const fields = fieldChanges(x, y);
      if (fields.length > 0) out.push({ status: "changed", kind, name, fields });
    }
  }
  return out;
}

/** Inhibit rules have no name: one is added or removed as a whole, shown by its matchers. */
function inhibitRules(before: unknown, after: unknown): SubjectChange[] {
  const shown = (rule: Json) =>
    ["source_matchers", "target_matchers", "equal"]
      .filter((k) => Array.isArray(rule[k]))
      .map(
        (k) => `${k.replace("_matchers", "")} {${(rule[k] as unknown[]).map(String).join(", ")}}`,
      )
      .join(" ");
  const { removed, added } = pairItems(objects(before), objects(after), {
    bucket: (r) => JSON.stringify(r),
  });
  return [
    ...removed.map((r) => ({
      status: "removed" as const,
      kind: "inhibit rule",
      name: shown(r),
      fields: [],
    })),
    ...added.map((r) => ({
      status: "added" as const,
      kind: "inhibit rule",
      name: shown(r),
      fields: [],
    })),
  ];
}
