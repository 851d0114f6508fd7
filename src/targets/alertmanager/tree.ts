import type { Routing, Route } from "../../model/routing.ts";
import { compareStrings } from "../../core/order.ts";
import { type LabelMatcher, matchersOf, oneOfMatcher } from "./matchers.ts";

/** Group timing of a route (Alertmanager's group_wait, group_interval, repeat_interval). */
export interface Timing {
  groupWait: string;
  groupInterval: string;
  repeatInterval: string;
}

/**
 * A route of the generated tree, with the settings it sets itself (the rest
 * it inherits from its parent, as in Alertmanager). `origin` says which
 * part of the routing definition made it, for findings and `explain`.
 */
export interface RouteNode {
  origin: string;
  matchers: LabelMatcher[];
  receiver?: string;
  continue: boolean;
  groupBy?: string[];
  timing?: Partial<Timing>;
  activeTimeIntervals: string[];
  muteTimeIntervals: string[];
  routes: RouteNode[];
}

/** Alertmanager's defaults where the root sets nothing (config.DefaultRouteOpts). */
export const ALERTMANAGER_TIMING: Timing = {
  groupWait: "30s",
  groupInterval: "5m",
  repeatInterval: "4h",
};

function node(origin: string, fields: Partial<RouteNode> = {}): RouteNode {
  return {
    origin,
    matchers: [],
    continue: false,
    activeTimeIntervals: [],
    muteTimeIntervals: [],
    routes: [],
    ...fields,
  };
}

/**
 * One route per receiver: a route names one receiver, so several become
 * children that all match, each but the last with `continue`.
 */
function withReceivers(route: RouteNode, receivers: readonly string[], origin: string): RouteNode {
  if (receivers.length === 1) return { ...route, receiver: receivers[0]! };
  // Time intervals are a route's own (Alertmanager does not inherit them): each child gets them.
  const { activeTimeIntervals, muteTimeIntervals } = route;
  return {
    ...route,
    activeTimeIntervals: [],
    muteTimeIntervals: [],
    routes: receivers.map((receiver, i) =>
      node(`${origin}.receivers[${i}]`, {
        receiver,
        continue: i < receivers.length - 1,
        activeTimeIntervals,
        muteTimeIntervals,
      }),
    ),
  };
}

function overrideRoute(route: Route, index: number): RouteNode {
  const origin = `routes[${index}]`;
  const timing: Partial<Timing> = {
    ...(route.groupWait !== undefined && { groupWait: route.groupWait }),
    ...(route.groupInterval !== undefined && { groupInterval: route.groupInterval }),
    ...(route.repeatInterval !== undefined && { repeatInterval: route.repeatInterval }),
  };
  return withReceivers(
    node(origin, {
      matchers: matchersOf(route.matchers),
      continue: route.continue,
      ...(route.groupBy !== undefined && { groupBy: route.groupBy }),
      ...(Object.keys(timing).length > 0 && { timing }),
      activeTimeIntervals: route.activeTimeIntervals,
      muteTimeIntervals: route.muteTimeIntervals,
    }),
    route.receivers,
    origin,
  );
}

/** The severities that go to a level's receivers, sorted. */
export function severitiesOf(routing: Routing, level: "page" | "ticket"): string[] {
  return Object.keys(routing.severities)
    .filter((s) => routing.severities[s] === level)
    .sort(compareStrings);
}

/**
 * The derived routes: for each team (sorted), its page and ticket
 * receivers by severity, with the level's grouping timing.
 */
function teamRoutes(routing: Routing): RouteNode[] {
  return Object.keys(routing.teams)
    .sort(compareStrings)
    .map((team) => {
      const levels = routing.teams[team]!;
      const children = (["page", "ticket"] as const).flatMap((level) => {
        const severities = severitiesOf(routing, level);
        if (severities.length === 0) return [];
        const origin = `teams.${team}.${level}`;
        const config = levels[level];
        return [
          withReceivers(
            node(origin, {
              matchers: [oneOfMatcher("severity", severities)],
              timing: { ...routing.grouping[level] },
              activeTimeIntervals: config.activeTimeIntervals,
              muteTimeIntervals: config.muteTimeIntervals,
            }),
            config.receivers,
            origin,
          ),
        ];
      });
      return node(`teams.${team}`, {
        matchers: [{ name: "team", op: "=", value: team }],
        routes: children,
      });
    });
}

/** The whole tree: hand-written routes first (they win), then the derived team routes. */
export function routeTree(routing: Routing): RouteNode {
  return node("root", {
    receiver: routing.defaultReceiver,
    groupBy: routing.grouping.groupBy,
    routes: [...routing.routes.map(overrideRoute), ...teamRoutes(routing)],
  });
}
