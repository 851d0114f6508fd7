import { sortedLabels } from "../../core/order.ts";
import type { PlainRule, PlainRuleGroup } from "../../model/plain-rules.ts";
import type { PrometheusRule, PrometheusRuleGroup } from "./rule-file.ts";

/**
 * A plain group (src/model/plain-rules.ts) as rulefmt writes it: every
 * field as given, nothing added. Labels and annotations are maps, so they
 * are sorted like every other map obsforge writes; empty maps are left out
 * (rulefmt reads an empty map and a missing one alike).
 */
export function compilePlainGroup(group: PlainRuleGroup): PrometheusRuleGroup {
  // Keys in rulefmt's order; `rules` last, so it is set after the optional fields.
  const out: Omit<PrometheusRuleGroup, "rules"> = { name: group.name };
  if (group.interval !== undefined) out.interval = group.interval;
  if (group.queryOffset !== undefined) out.query_offset = group.queryOffset;
  if (group.limit !== undefined) out.limit = group.limit;
  const labels = nonEmpty(group.labels);
  if (labels !== undefined) out.labels = labels;
  if (group.partialResponseStrategy !== undefined)
    out.partial_response_strategy = group.partialResponseStrategy;
  if (group.sourceTenants !== undefined) out.source_tenants = [...group.sourceTenants];
  if (group.evaluationDelay !== undefined) out.evaluation_delay = group.evaluationDelay;
  if (group.alignEvaluationTimeOnInterval !== undefined)
    out.align_evaluation_time_on_interval = group.alignEvaluationTimeOnInterval;
  return { ...out, rules: group.rules.map(compilePlainRule) };
}

function compilePlainRule(rule: PlainRule): PrometheusRule {
  const labels = nonEmpty(rule.labels);
  if (rule.record !== undefined) {
    return { record: rule.record, expr: rule.expr, ...(labels !== undefined && { labels }) };
  }
  // The model guarantees exactly one of alert and record.
  const annotations = nonEmpty(rule.annotations);
  return {
    alert: rule.alert ?? "",
    expr: rule.expr,
    ...(rule.for !== undefined && { for: rule.for }),
    ...(rule.keepFiringFor !== undefined && { keep_firing_for: rule.keepFiringFor }),
    ...(labels !== undefined && { labels }),
    ...(annotations !== undefined && { annotations }),
  };
}

function nonEmpty(
  map: Readonly<Record<string, string>> | undefined,
): Record<string, string> | undefined {
  return map === undefined || Object.keys(map).length === 0 ? undefined : sortedLabels(map);
}
