import type { ServiceFileOf } from "../shared/file-of.ts";
import type {
  PrometheusAlertingRule,
  PrometheusRecordingRule,
  PrometheusRuleFile,
  PrometheusRuleGroup,
} from "../prometheus/rule-file.ts";

/**
 * Loki's ruler reads Prometheus's rule-file format (rulefmt) with LogQL
 * expressions: `groups: [{name, interval?, limit?, rules: [{alert|record,
 * expr, for, labels, annotations}]}]`. No top-level `namespace:` key: Loki's
 * local rule storage decodes files strictly and would reject it; lokitool
 * and cortextool take the namespace from the file name instead.
 */
export type LokiAlertingRule = PrometheusAlertingRule;
export type LokiRecordingRule = PrometheusRecordingRule;
export type LokiRuleGroup = PrometheusRuleGroup;
export type LokiRuleFile = PrometheusRuleFile;

export type LokiRulesOutput = ServiceFileOf<"loki-rules", LokiRuleFile>;
