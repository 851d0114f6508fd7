import { compareStrings } from "../../core/order.ts";
import type { Estate } from "../../model/estate.ts";
import { sourcesOf } from "../../model/estate.ts";
import type { RulersSettings } from "../../model/rulers.ts";
import type { Service } from "../../model/service.ts";
import type { RuleLinkOptions } from "../grafana/alert-links.ts";
import { compileLokiRules } from "../loki/compile.ts";
import { compilePrometheusRules } from "../prometheus/compile.ts";
import type { PrometheusRuleGroup } from "../prometheus/rule-file.ts";
import { planRulerLayout } from "./layout.ts";
import type { Ruler, RulerNamespaceOutput } from "./ruler-file.ts";

/**
 * The ruler layout: one file per namespace (src/targets/rulers/layout.ts)
 * holding its services' groups exactly as the Prometheus and Loki rule
 * files write them, so a rule evaluates the same in Prometheus and in a
 * ruler. Pure; a namespace is compiled when it is consumed.
 */
export function* compileRulerNamespaces(
  estate: Estate,
  settings: RulersSettings,
  options: RuleLinkOptions = {},
): Generator<RulerNamespaceOutput> {
  for (const planned of planRulerLayout(estate, settings)) {
    const sources = [...new Set(planned.services.flatMap(sourcesOf))].sort(compareStrings);
    yield {
      kind: "ruler-namespace",
      ruler: planned.ruler,
      ...(planned.tenant !== undefined && { tenant: planned.tenant }),
      path: planned.path,
      sources,
      content: {
        namespace: planned.namespace,
        groups: planned.services.flatMap(({ value }) => rulerGroups(planned.ruler, value, options)),
      },
    };
  }
}

/** A service's groups as the ruler evaluates them: its Prometheus rule file's, or its Loki one's. */
export function rulerGroups(
  ruler: Ruler,
  service: Service,
  options: RuleLinkOptions = {},
): PrometheusRuleGroup[] {
  return ruler === "mimir"
    ? compilePrometheusRules(service, options).groups
    : compileLokiRules(service, options).groups;
}
