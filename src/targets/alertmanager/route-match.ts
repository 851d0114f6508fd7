import { type LabelSet, matchesAll } from "./matchers.ts";
import { ALERTMANAGER_TIMING, type RouteNode, type Timing } from "./tree.ts";

/** Where an alert ends in the tree: the route, and the settings it has there. */
export interface RouteMatch {
  /** Path of origins from the root to the matched route. */
  path: string[];
  receiver: string;
  groupBy: string[];
  timing: Timing;
  activeTimeIntervals: string[];
  muteTimeIntervals: string[];
}

interface Inherited {
  receiver: string;
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

/** Whether the alert ends on the root itself: no route but the default took it. */
export function fallsToDefault(matches: readonly RouteMatch[]): boolean {
  return matches.length === 1 && matches[0]!.path.length === 1;
}
