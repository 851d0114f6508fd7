import type { Estate } from "../../model/estate.ts";
import type { EstateAlert } from "./alerts.ts";
import { compileRouting } from "./compile.ts";
import type { InhibitionRule } from "./inhibitions.ts";
import { formatMatcher, matchesAll } from "./matchers.ts";
import { matchRoutes } from "./route-match.ts";
import type { Timing } from "./tree.ts";

/** Who one alert notifies, how soon, and what can hold it back. */
export interface ExplainedAlert {
  service: string;
  file: string;
  alert: string;
  severity: string;
  /** The tier of an SLO alert (`slo_tier`, or `sloth_severity` for Sloth's ORed alerts). */
  tier?: string;
  for?: string;
  notifies: {
    receiver: string;
    /** The part of the routing definition that made the route ("teams.payments.page", "routes[0]"). */
    route: string;
    groupBy: string[];
    timing: Timing;
    muteTimeIntervals: string[];
    activeTimeIntervals: string[];
  }[];
  inhibitedBy: {
    rule: string;
    description: string;
    /** Alerts of the estate that can be the source, by name. */
    while: string[];
    equal: string[];
  }[];
}

/**
 * Source alerts of the estate that can inhibit `target` through `rule`:
 * they match its source matchers, and every `equal` label the two both
 * know has the same value (a label known on one side only may still be
 * equal at run time, so it does not rule a source out).
 */
function possibleSources(
  rule: InhibitionRule,
  target: EstateAlert,
  alerts: readonly EstateAlert[],
): string[] {
  const names = alerts
    .filter((s) => s !== target && matchesAll(rule.source, s.labels))
    .filter((s) => !(matchesAll(rule.source, target.labels) && matchesAll(rule.target, s.labels)))
    .filter((s) =>
      rule.equal.every(
        (l) =>
          s.labels[l] === undefined ||
          target.labels[l] === undefined ||
          s.labels[l] === target.labels[l],
      ),
    )
    .map((s) => s.name);
  return [...new Set(names)];
}

/** Every alert of out/ through the routing tree and the inhibit rules; empty without routing. */
export function explainRouting(estate: Estate): ExplainedAlert[] {
  const compiled = compileRouting(estate);
  if (compiled === undefined) return [];
  const { tree, inhibitions, alerts } = compiled;
  return alerts.map((alert) => {
    const tier = alert.labels.slo_tier ?? alert.labels.sloth_severity;
    return {
      service: alert.service,
      file: alert.file,
      alert: alert.name,
      severity: alert.labels.severity ?? "",
      ...(tier !== undefined && { tier }),
      ...(alert.for !== undefined && { for: alert.for }),
      notifies: matchRoutes(tree, alert.labels).map((m) => ({
        receiver: m.receiver,
        route: m.path[m.path.length - 1]!,
        groupBy: m.groupBy,
        timing: m.timing,
        muteTimeIntervals: m.muteTimeIntervals,
        activeTimeIntervals: m.activeTimeIntervals,
      })),
      inhibitedBy: inhibitions
        .filter((rule) => matchesAll(rule.target, alert.labels))
        .map((rule) => ({
          rule: rule.origin,
          description: `${rule.description} (source ${rule.source.map(formatMatcher).join(", ")})`,
          while: possibleSources(rule, alert, alerts),
          equal: rule.equal,
        }))
        .filter((i) => i.while.length > 0),
    };
  });
}
