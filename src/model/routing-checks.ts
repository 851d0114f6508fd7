import type { IssueSink } from "./issues.ts";
import type { Routing } from "./routing.ts";
import { checkGrafanaReceivers } from "./routing-grafana-checks.ts";

/**
 * Checks that span the routing definition's fields: every receiver and
 * time interval named is declared once, and an expectation names only
 * receivers that exist; with `grafana`, every receiver is one Grafana can
 * provision. Run by the estate step after the schema.
 */
export function checkRoutingFields(routing: Routing, ctx: IssueSink): void {
  const receivers = declared(
    routing.receivers.map((r) => r.name),
    "receiver",
    ["receivers"],
    ctx,
  );
  receivers.add(routing.defaultReceiver);
  const intervals = declared(
    routing.timeIntervals.map((t) => t.name),
    "time interval",
    ["timeIntervals"],
    ctx,
  );
  const receiverRef = (name: string, path: (string | number)[]) =>
    known(name, receivers, "receiver", "receivers", path, ctx);
  const intervalRef = (name: string, path: (string | number)[]) =>
    known(name, intervals, "time interval", "timeIntervals", path, ctx);
  const each = (
    names: readonly string[],
    path: (string | number)[],
    ref: (name: string, path: (string | number)[]) => void,
  ) => {
    names.forEach((name, i) => {
      ref(name, [...path, i]);
    });
  };
  for (const [team, levels] of Object.entries(routing.teams)) {
    for (const level of ["page", "ticket"] as const) {
      const at = ["teams", team, level];
      each(levels[level].receivers, [...at, "receivers"], receiverRef);
      each(levels[level].activeTimeIntervals, [...at, "activeTimeIntervals"], intervalRef);
      each(levels[level].muteTimeIntervals, [...at, "muteTimeIntervals"], intervalRef);
    }
  }
  routing.routes.forEach((route, i) => {
    each(route.receivers, ["routes", i, "receivers"], receiverRef);
    each(route.activeTimeIntervals, ["routes", i, "activeTimeIntervals"], intervalRef);
    each(route.muteTimeIntervals, ["routes", i, "muteTimeIntervals"], intervalRef);
  });
  routing.expect.routes.forEach((e, i) => {
    each(e.receivers, ["expect", "routes", i, "receivers"], receiverRef);
  });
  checkGrafanaReceivers(routing, ctx);
}

function declared(
  names: readonly string[],
  what: string,
  path: (string | number)[],
  ctx: IssueSink,
): Set<string> {
  const seen = new Map<string, number>();
  names.forEach((name, index) => {
    const first = seen.get(name);
    if (first === undefined) seen.set(name, index);
    else
      ctx.addIssue({
        code: "custom",
        path: [...path, index, "name"],
        message: `expected a unique ${what} name, got ${JSON.stringify(name)} again (also at ${path.join(".")}[${first}])`,
      });
  });
  return new Set(seen.keys());
}

function known(
  name: string,
  names: ReadonlySet<string>,
  what: string,
  field: string,
  path: (string | number)[],
  ctx: IssueSink,
): void {
  if (names.has(name)) return;
  const list = [...names].sort().map((n) => JSON.stringify(n));
  ctx.addIssue({
    code: "custom",
    path,
    message: `expected a ${what} declared in ${field} (${list.length > 0 ? list.join(", ") : "none declared"}), got ${JSON.stringify(name)}`,
  });
}
