import type { Problem } from "../../core/problem.ts";
import { durationSeconds } from "../../core/duration.ts";
import type { Estate } from "../../model/estate.ts";
import type { RulersSettings } from "../../model/rulers.ts";
import { parsePromQL } from "../../promql/parse.ts";
import { vectorSelectors } from "../../promql/analyse.ts";
import { selectorInfo } from "../../promql/selectors.ts";
import type { PrometheusRuleGroup } from "../prometheus/rule-file.ts";
import { planRulerLayout } from "./layout.ts";
import { type GroupAt, groupsAt } from "./service-groups.ts";

/**
 * Rule groups a sharded ruler can spread: a ruler (Mimir, Cortex, Loki)
 * shards by group, evaluates a group's rules in order on one replica, and
 * rejects a group over its per-group limit. Two checks, at the levels the
 * settings give:
 * - `rulers/group-size`: a group over `maxRulesPerGroup`;
 * - `rulers/mixed-intervals`: a rule reading a series that a group of
 *   another interval records. Inside one group the recording rule runs
 *   first in the same evaluation; across groups of different intervals,
 *   on different replicas, the reader sees data up to one interval old and
 *   its `for` counts evaluations of another cadence.
 */
export function checkRulerShards(estate: Estate, settings: RulersSettings): Problem[] {
  const out: Problem[] = [];
  const checked = new Set<string>();
  for (const planned of planRulerLayout(estate, settings)) {
    for (const { file, value } of planned.services) {
      // A service in several tenants has the same groups in each: check them once.
      const key = `${planned.ruler}\0${value.name}`;
      if (checked.has(key)) continue;
      checked.add(key);
      const groups = groupsAt(planned.ruler, value);
      out.push(...groupSizeProblems(groups, settings, file));
      if (planned.ruler === "mimir" && settings.mixedIntervals !== "off")
        out.push(...mixedIntervalProblems(groups, settings, file));
    }
  }
  return out;
}

function groupSizeProblems(groups: GroupAt[], settings: RulersSettings, file: string): Problem[] {
  const max = settings.maxRulesPerGroup;
  return groups
    .filter(({ group }) => group.rules.length > max)
    .map(({ group, path, generated }) => ({
      code: "rulers/group-size",
      severity: settings.groupSize,
      file,
      path,
      message: `expected at most ${max} rules in a group (rulers.maxRulesPerGroup; a ruler shards by group and refuses larger ones), got ${group.rules.length} in group ${JSON.stringify(group.name)}: ${
        generated
          ? `raise rulers.maxRulesPerGroup to ${group.rules.length} (the group is generated from the SLO)`
          : `split group ${JSON.stringify(group.name)} (${group.rules.length} rules) into ${Math.ceil(group.rules.length / max)} groups of ≤ ${max}, keeping each recording rule in the group of the rules that read it`
      }`,
    }));
}

/** A group's interval in seconds; undefined is the ruler's default evaluation interval. */
function intervalOf(group: PrometheusRuleGroup): number | undefined {
  return group.interval === undefined ? undefined : durationSeconds(group.interval);
}

function mixedIntervalProblems(
  groups: GroupAt[],
  settings: RulersSettings,
  file: string,
): Problem[] {
  const recordedBy = new Map<string, PrometheusRuleGroup>();
  for (const { group } of groups)
    for (const rule of group.rules)
      if ("record" in rule && !recordedBy.has(rule.record)) recordedBy.set(rule.record, group);
  const out: Problem[] = [];
  for (const { group, path } of groups) {
    const read = new Set<string>();
    for (const rule of group.rules) for (const name of metricNames(rule.expr)) read.add(name);
    for (const name of [...read].sort()) {
      const source = recordedBy.get(name);
      if (source === undefined || source === group) continue;
      if (intervalOf(source) === intervalOf(group)) continue;
      out.push({
        code: "rulers/mixed-intervals",
        severity: settings.mixedIntervals === "error" ? "error" : "warning",
        file,
        path,
        message: `expected group ${JSON.stringify(group.name)} (interval ${group.interval ?? "default"}) to read series recorded at its own interval, got ${JSON.stringify(name)} from group ${JSON.stringify(source.name)} (interval ${source.interval ?? "default"}): give both groups the same interval, or move the rule into ${JSON.stringify(source.name)}`,
      });
    }
  }
  return out;
}

function metricNames(expr: string): string[] {
  const { tree, errors } = parsePromQL(expr);
  if (errors.length > 0) return [];
  return vectorSelectors(tree)
    .map((node) => selectorInfo(expr, node).name)
    .filter((name): name is string => name !== undefined);
}
