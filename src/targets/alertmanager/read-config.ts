import type { NamedTimeInterval } from "../../model/routing.ts";
import type { TimeInterval } from "../../model/time-intervals.ts";
import type { AlertmanagerConfig, AmRoute } from "./config-file.ts";
import type { InhibitionRule } from "./inhibitions.ts";
import type { LabelMatcher } from "./matchers.ts";
import type { RouteNode } from "./tree.ts";

/**
 * alertmanager.yml as written back into the structures the semantics read,
 * so inhibition and time-interval tests judge the file in out/ (what
 * Alertmanager loads), not the model it came from.
 */
export interface ReadConfig {
  tree: RouteNode;
  inhibitions: InhibitionRule[];
  timeIntervals: NamedTimeInterval[];
}

const MATCHER_RE = /^([a-zA-Z_][a-zA-Z0-9_]*)(=~|!~|!=|=)"((?:[^"\\]|\\.)*)"$/s;

/** One matcher as obsforge writes it (src/targets/alertmanager/matchers.ts, formatMatcher). */
export function parseMatcher(text: string): LabelMatcher {
  const m = MATCHER_RE.exec(text);
  if (m === null) throw new Error(`not a matcher obsforge writes: ${JSON.stringify(text)}`);
  const value = m[3]!.replace(/\\(.)/gs, (_, c: string) => (c === "n" ? "\n" : c));
  return { name: m[1]!, op: m[2] as LabelMatcher["op"], value };
}

function readRoute(route: AmRoute, origin: string): RouteNode {
  const timing = {
    ...(route.group_wait !== undefined && { groupWait: route.group_wait }),
    ...(route.group_interval !== undefined && { groupInterval: route.group_interval }),
    ...(route.repeat_interval !== undefined && { repeatInterval: route.repeat_interval }),
  };
  return {
    origin,
    matchers: (route.matchers ?? []).map(parseMatcher),
    ...(route.receiver !== undefined && { receiver: route.receiver }),
    continue: route.continue === true,
    ...(route.group_by !== undefined && { groupBy: route.group_by }),
    ...(Object.keys(timing).length > 0 && { timing }),
    activeTimeIntervals: route.active_time_intervals ?? [],
    muteTimeIntervals: route.mute_time_intervals ?? [],
    routes: (route.routes ?? []).map((r, i) => readRoute(r, `${origin}.routes[${i}]`)),
  };
}

export function readConfig(config: AlertmanagerConfig): ReadConfig {
  return {
    tree: readRoute(config.route, "route"),
    inhibitions: (config.inhibit_rules ?? []).map((r, i) => ({
      origin: `inhibit_rules[${i}]`,
      description: `inhibit_rules[${i}]`,
      source: r.source_matchers.map(parseMatcher),
      target: r.target_matchers.map(parseMatcher),
      equal: r.equal ?? [],
    })),
    timeIntervals: (config.time_intervals ?? []).map((t) => ({
      name: t.name,
      intervals: t.time_intervals.map(
        (i): TimeInterval => ({
          ...(i.times !== undefined && {
            times: i.times.map((r) => ({ start: r.start_time, end: r.end_time })),
          }),
          ...(i.weekdays !== undefined && { weekdays: i.weekdays }),
          ...(i.days_of_month !== undefined && { daysOfMonth: i.days_of_month }),
          ...(i.months !== undefined && { months: i.months }),
          ...(i.years !== undefined && { years: i.years }),
          ...(i.location !== undefined && { location: i.location }),
        }),
      ),
    })),
  };
}
