import type { Routing } from "../../model/routing.ts";
import { compareStrings } from "../../core/order.ts";
import type { EstateAlert } from "./alerts.ts";
import { type LabelMatcher, alternation, matchersOf } from "./matchers.ts";

/** One inhibit rule, with the part of the routing definition it came from. */
export interface InhibitionRule {
  origin: string;
  description: string;
  source: LabelMatcher[];
  target: LabelMatcher[];
  equal: string[];
}

/** The SLO tiers obsforge writes (`slo_tier` on per-tier alerts), fastest first per level. */
const TIER_PAIRS = [
  ["page-quick", "page-slow"],
  ["ticket-quick", "ticket-slow"],
] as const;

/**
 * A service-down alert, when the routing does not list them: an alert whose
 * whole expression is `up{…} == 0` (the target cannot be scraped).
 */
export function isServiceDownExpr(expr: string): boolean {
  return /^up(\{[^{}]*\})?\s*==\s*0$/.test(expr.trim());
}

export function serviceDownAlerts(routing: Routing, alerts: readonly EstateAlert[]): string[] {
  const config = routing.inhibitions.serviceDown;
  if (config === false) return [];
  const names = config.alerts ?? alerts.filter((a) => isServiceDownExpr(a.expr)).map((a) => a.name);
  return [...new Set(names)].sort(compareStrings);
}

/**
 * The generated inhibitions, then the hand-written ones:
 * - `sloPageInhibitsTicket`: while a page of an SLO fires, its tickets are
 *   held back (same `sloth_id`): one notification per incident, at the
 *   level it deserves.
 * - `sloFasterTierInhibitsSlower`: a per-tier alert of the quick tier holds
 *   back the slow tier of the same level and SLO (`slo_tier`, same `sloth_id`).
 * - `serviceDown`: a service-down alert holds back every other alert of its
 *   service (same `service`): the symptoms of an outage are not news.
 * Each is emitted only when some alert of the estate can be its source.
 */
export function inhibitionRules(
  routing: Routing,
  alerts: readonly EstateAlert[],
): InhibitionRule[] {
  const config = routing.inhibitions;
  const rules: InhibitionRule[] = [];
  const has = (label: string, value: string) => alerts.some((a) => a.labels[label] === value);
  if (
    config.sloPageInhibitsTicket &&
    has("sloth_severity", "page") &&
    has("sloth_severity", "ticket")
  )
    rules.push({
      origin: "inhibitions.sloPageInhibitsTicket",
      description: "A page of an SLO inhibits its tickets",
      source: [{ name: "sloth_severity", op: "=", value: "page" }],
      target: [{ name: "sloth_severity", op: "=", value: "ticket" }],
      equal: ["sloth_id"],
    });
  if (config.sloFasterTierInhibitsSlower) {
    for (const [fast, slow] of TIER_PAIRS) {
      if (!has("slo_tier", fast) || !has("slo_tier", slow)) continue;
      rules.push({
        origin: "inhibitions.sloFasterTierInhibitsSlower",
        description: `The ${fast} tier of an SLO inhibits its ${slow} tier`,
        source: [{ name: "slo_tier", op: "=", value: fast }],
        target: [{ name: "slo_tier", op: "=", value: slow }],
        equal: ["sloth_id"],
      });
    }
  }
  const down = serviceDownAlerts(routing, alerts);
  if (down.length > 0 && config.serviceDown !== false) {
    const names = alternation(down);
    rules.push({
      origin: "inhibitions.serviceDown",
      description: "A service-down alert inhibits the other alerts of its service",
      source: [{ name: "alertname", op: "=~", value: names }],
      target: [{ name: "alertname", op: "!~", value: names }],
      equal: config.serviceDown.equal,
    });
  }
  config.rules.forEach((rule, i) => {
    rules.push({
      origin: `inhibitions.rules[${i}]`,
      description: rule.description ?? `inhibitions.rules[${i}]`,
      source: matchersOf(rule.source),
      target: matchersOf(rule.target),
      equal: rule.equal,
    });
  });
  return rules;
}
