import type { FileOf } from "../shared/file-of.ts";
import type { PrometheusRuleGroup } from "../prometheus/rule-file.ts";

/** The rulers obsforge writes a namespace layout for. Cortex reads Mimir's (cortextool, same format). */
export const RULERS = ["mimir", "loki"] as const;
export type Ruler = (typeof RULERS)[number];

/**
 * One ruler namespace as `mimirtool rules sync` and `lokitool rules sync`
 * read it: rulefmt groups under a `namespace:` key, which both tools take
 * over the file name (mimir pkg/mimirtool/rules/rules.go RuleNamespace,
 * decoded with KnownFields). Mimir's group fields (source_tenants,
 * evaluation_delay, query_offset, align_evaluation_time_on_interval) are
 * the rulefmt group's own. Key order here is output order.
 */
export interface RulerNamespaceFile {
  namespace: string;
  groups: PrometheusRuleGroup[];
}

export interface RulerNamespaceOutput extends FileOf<"ruler-namespace", RulerNamespaceFile> {
  ruler: Ruler;
  /** The tenant folder it sits in, when the estate declares tenants. */
  tenant?: string;
}
