import { compareStrings } from "../../core/order.ts";
import type { Estate } from "../../model/estate.ts";
import type { Routing } from "../../model/routing.ts";
import { ARTIFACT_PATHS } from "../shared/artifact-paths.ts";
import { type EstateAlert, estateAlerts } from "./alerts.ts";
import type { FileOf } from "../shared/file-of.ts";
import { type LabelSet, matchersOf, matchesAll } from "./matchers.ts";

/**
 * out/alertmanager/routing-tests.yml: what `obsforge test` checks against
 * out/alertmanager/alertmanager.yml. `routes` run in amtool (`config routes
 * test`); `inhibitions` and `time_intervals` are evaluated by obsforge with
 * Alertmanager's semantics (src/targets/alertmanager/inhibit.ts,
 * time-match.ts), since amtool tests neither.
 */
export interface RoutingTests {
  routes: { name: string; labels: Record<string, string>; receivers: string[] }[];
  inhibitions: {
    name: string;
    firing: Record<string, string>;
    target: Record<string, string>;
    inhibited: boolean;
  }[];
  time_intervals: {
    name: string;
    labels: Record<string, string>;
    at: string;
    receiver?: string;
    muted: boolean;
  }[];
}

export type RoutingTestsOutput = FileOf<"alertmanager-tests", RoutingTests>;

/**
 * The receivers the routing definition says an alert reaches, read off the
 * definition and not off the generated tree (which amtool then checks):
 * the hand-written routes it matches, in order, up to the first without
 * `continue`, then its team's receivers for its severity's level.
 */
export function intendedReceivers(routing: Routing, labels: LabelSet): string[] {
  const out: string[] = [];
  for (const route of routing.routes) {
    if (!matchesAll(matchersOf(route.matchers), labels)) continue;
    out.push(...route.receivers);
    if (!route.continue) return out;
  }
  const team = routing.teams[labels.team ?? ""];
  const level = routing.severities[labels.severity ?? ""];
  if (team !== undefined && level !== undefined) out.push(...team[level].receivers);
  return out;
}

function alertTest(routing: Routing, alert: EstateAlert) {
  // Alerts of one name differ by their labels (an SLO's tiers): the tier names the test.
  const tier = alert.labels.slo_tier ?? alert.labels.sloth_severity;
  return {
    name: `${alert.file}: ${alert.name}${tier !== undefined ? ` (${tier})` : ""}`,
    labels: alert.labels,
    receivers: intendedReceivers(routing, alert.labels),
  };
}

/** Labels in code-point order, as the rule files write them. */
function sorted(labels: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(labels).sort(compareStrings)) out[k] = labels[k]!;
  return out;
}

const described = (kind: string, i: number, description: string | undefined) =>
  `expect.${kind}[${i}]${description !== undefined ? `: ${description}` : ""}`;

export function routingTests(routing: Routing, alerts: readonly EstateAlert[]): RoutingTests {
  const seen = new Set<string>();
  const generated = alerts
    .map((a) => alertTest(routing, a))
    .filter((t) => {
      // Two rules with one name and the same labels route alike: one test.
      const key = JSON.stringify(t.labels);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => compareStrings(a.name, b.name));
  const { expect } = routing;
  return {
    routes: [
      ...generated,
      ...expect.routes.map((e, i) => ({
        name: described("routes", i, e.description),
        labels: sorted(e.labels),
        receivers: e.receivers,
      })),
    ],
    inhibitions: expect.inhibitions.map((e, i) => ({
      name: described("inhibitions", i, e.description),
      firing: sorted(e.firing),
      target: sorted(e.target),
      inhibited: e.inhibited,
    })),
    time_intervals: expect.timeIntervals.map((e, i) => ({
      name: described("timeIntervals", i, e.description),
      labels: sorted(e.labels),
      at: e.at,
      ...(e.receiver !== undefined && { receiver: e.receiver }),
      muted: e.muted,
    })),
  };
}

export function routingTestsFile(
  estate: Estate,
  alerts = estateAlerts(estate),
): RoutingTestsOutput | undefined {
  if (estate.routing === undefined) return undefined;
  return {
    kind: "alertmanager-tests",
    path: ARTIFACT_PATHS.alertmanagerTests,
    sources: [estate.routing.source, ...estate.services.map((s) => s.source)]
      .filter((s, i, all) => all.indexOf(s) === i)
      .sort(compareStrings),
    content: routingTests(estate.routing.value, alerts),
  };
}
