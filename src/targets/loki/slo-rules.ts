import type { Service } from "../../model/service.ts";
import type { Slo } from "../../model/slo.ts";
import { sloGroupNames } from "../../slo/conventions.ts";
import { sliRecordedBy } from "../../slo/sli.ts";
import { sliWindowRules } from "../prometheus/slo-rules.ts";
import type { LokiRuleGroup } from "./rule-file.ts";

/**
 * The Loki half of a log-based SLO: Sloth's SLI group, one
 * `slo:sli_error:ratio_rate<w>` recording rule per alert window, in LogQL.
 * Built by the same function as a Prometheus SLO's SLI rules, so names,
 * labels and windows cannot drift apart; Loki remote-writes the series to
 * Prometheus, where compileSloGroups' period, meta and alert rules read
 * them.
 */
export function compileLogSloGroups(service: Service, slo: Slo): LokiRuleGroup[] {
  if (sliRecordedBy(slo.sli) !== "loki") return [];
  return [{ name: sloGroupNames(service, slo).sli, rules: sliWindowRules(service, slo) }];
}
