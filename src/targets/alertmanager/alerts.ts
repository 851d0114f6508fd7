import type { Estate } from "../../model/estate.ts";
import type { Service } from "../../model/service.ts";
import { compareStrings } from "../../core/order.ts";
import { sloGroupNames, sloIds } from "../../slo/conventions.ts";
import { lokiRulesFile } from "../loki/compile.ts";
import { prometheusRulesFile } from "../prometheus/compile.ts";

/** One alerting rule of out/, as routing sees it. */
export interface EstateAlert {
  service: string;
  /** The definition file the service came from (relative to the definitions folder). */
  source: string;
  /** The rule file it is in, relative to out/. */
  file: string;
  name: string;
  expr: string;
  /** The rule's `for`, when it has one. */
  for?: string;
  /**
   * Labels the alert is known to carry with their values: `alertname`, the
   * rule's static labels and, for SLO alerts, the SLO's ids the query
   * keeps (`sloth_id`, `sloth_service`, `sloth_slo`).
   */
  labels: Record<string, string>;
  engine: "prometheus" | "loki";
}

/**
 * Every alert obsforge writes to out/, in file order: each service's
 * Prometheus rules, then its Loki rules. Compiled from the model the same
 * way the rule files are, so routes are tested against the very labels the
 * rule files carry.
 */
export function estateAlerts(estate: Estate): EstateAlert[] {
  return estate.services.flatMap(({ source, value }) => serviceAlerts(value, source));
}

function serviceAlerts(service: Service, source: string): EstateAlert[] {
  const sloAlertGroups = new Map(
    service.slos.map((slo) => [sloGroupNames(service, slo).alerts, sloIds(service, slo)]),
  );
  const out: EstateAlert[] = [];
  for (const file of [prometheusRulesFile(service, [source]), lokiRulesFile(service, [source])]) {
    if (file === undefined) continue;
    const engine = file.kind === "prometheus-rules" ? "prometheus" : "loki";
    for (const group of file.content.groups) {
      const ids = sloAlertGroups.get(group.name) ?? {};
      for (const rule of group.rules) {
        if (!("alert" in rule)) continue;
        const labels = sortLabels({ ...ids, ...rule.labels, alertname: rule.alert });
        out.push({
          service: service.name,
          source,
          file: file.path,
          name: rule.alert,
          expr: rule.expr,
          ...(rule.for !== undefined && { for: rule.for }),
          labels,
          engine,
        });
      }
    }
  }
  return out;
}

function sortLabels(labels: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(labels).sort(compareStrings)) out[k] = labels[k]!;
  return out;
}
