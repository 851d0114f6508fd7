import type { FieldPath } from "../../core/problem.ts";
import type { Service } from "../../model/service.ts";
import { compileLogSloGroups } from "../loki/slo-rules.ts";
import type { PrometheusRuleGroup } from "../prometheus/rule-file.ts";
import { compileSloGroups } from "../prometheus/slo-rules.ts";
import { rulerGroups } from "./compile.ts";
import type { Ruler } from "./ruler-file.ts";

/** A compiled group and the field of the definition it came from. */
export interface GroupAt {
  group: PrometheusRuleGroup;
  /** `["groups", 2]`, or the SLO (`["slos", 0]`) for the groups an SLO generates. */
  path: FieldPath;
  /** Generated from an SLO: the author cannot split it, only the limit can change. */
  generated: boolean;
}

/**
 * A service's groups for one ruler, each with the definition field it came
 * from, in the order the rule file writes them (authored groups, plain
 * groups, then each SLO's), so a problem points at what the author wrote.
 */
export function groupsAt(ruler: Ruler, service: Service): GroupAt[] {
  const groups = rulerGroups(ruler, service);
  const fields: { path: FieldPath; generated: boolean }[] = [];
  const authored = ruler === "mimir" ? ["groups", "plainGroups"] : ["logGroups"];
  for (const field of authored) {
    const list = service[field as "groups" | "plainGroups" | "logGroups"];
    list.forEach((_, i) => {
      fields.push({ path: [field, i, "name"], generated: false });
    });
  }
  service.slos.forEach((slo, j) => {
    const count =
      ruler === "mimir"
        ? compileSloGroups(service, slo).length
        : compileLogSloGroups(service, slo).length;
    for (let k = 0; k < count; k++) fields.push({ path: ["slos", j, "name"], generated: true });
  });
  return groups.map((group, i) => ({
    group,
    path: fields[i]?.path ?? [],
    generated: fields[i]?.generated ?? true,
  }));
}
