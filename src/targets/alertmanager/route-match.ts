import { type LabelSet, matchesAll } from "./matchers.ts";
import { ALERTMANAGER_TIMING, type RouteNode, type Timing } from "./tree.ts";

/** Where an alert ends in the tree: the route, and the settings it has there. */
export interface RouteMatch {
  /** Path of origins from the root to the matched route. */
  path: string[];
  receiver: string;
  /** The origin of the route that set the receiver (the root's: nothing but the default took it). */
  receiverFrom: string;
  groupBy: string[];
  timing: Timing;
  activeTimeIntervals: string[];
  muteTimeIntervals: string[];
}

interface Inherited {
  receiver: string;
  receiverFrom: string;
  groupBy: string[];
  timing: Timing;
}

/**
 * The routes an alert with these labels is dispatched to, in tree order,
 * following Alertmanager's dispatch/route.go (Route.Match): a route matches
 * when all its matchers do; its children are tried in order, and the first
 * that matches stops the search unless it has `continue`; a route none of
 * whose children match is itself the match. Receiver, grouping and timing
 * are inherited from the parent unless a route sets them; time intervals are
 * not inherited (Alertmanager sets them per route).
 */
export function matchRoutes(tree: RouteNode, labels: LabelSet): RouteMatch[] {
  return matchNode(tree, labels, [], {
    receiver: tree.receiver ?? "",
    receiverFrom: tree.origin,
    groupBy: tree.groupBy ?? [],
    timing: { ...ALERTMANAGER_TIMING, ...tree.timing },
  });
}

function matchNode(
  route: RouteNode,
  labels: LabelSet,
  path: string[],
  parent: Inherited,
): RouteMatch[] {
  if (!matchesAll(route.matchers, labels)) return [];
  const here: Inherited = {
    receiver: route.receiver ?? parent.receiver,
    receiverFrom: route.receiver !== undefined ? route.origin : parent.receiverFrom,
    groupBy: route.groupBy ?? parent.groupBy,
    timing: { ...parent.timing, ...route.timing },
  };
  const at = [...path, route.origin];
  const all: RouteMatch[] = [];
  for (const child of route.routes) {
    const found = matchNode(child, labels, at, here);
    all.push(...found);
    if (found.length > 0 && !child.continue) break;
  }
  if (all.length > 0) return all;
  return [
    {
      path: at,
      ...here,
      activeTimeIntervals: route.activeTimeIntervals,
      muteTimeIntervals: route.muteTimeIntervals,
    },
  ];
}

/**
 * Whether only the default took the alert: every route it ended on has the
 * root's receiver, inherited (a team route with no child for its severity
 * counts; a route naming the default receiver itself does not).
 */
export function fallsToDefault(tree: RouteNode, matches: readonly RouteMatch[]): boolean {
  return matches.every((m) => m.receiverFrom === tree.origin);
}
