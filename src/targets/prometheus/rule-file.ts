import type { ServiceFileOf } from "../shared/file-of.ts";
/** The Prometheus rule-file format (rulefmt), as written to disk. Key order here is output order. */
export interface PrometheusAlertingRule {
  alert: string;
  expr: string;
  for?: string;
  keep_firing_for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface PrometheusRecordingRule {
  record: string;
  expr: string;
  labels?: Record<string, string>;
}

export type PrometheusRule = PrometheusAlertingRule | PrometheusRecordingRule;

export interface PrometheusRuleGroup {
  name: string;
  interval?: string;
  query_offset?: string;
  limit?: number;
  labels?: Record<string, string>;
  /** Thanos ruler. */
  partial_response_strategy?: string;
  /** Mimir/Cortex ruler. */
  source_tenants?: string[];
  evaluation_delay?: string;
  align_evaluation_time_on_interval?: boolean;
  rules: PrometheusRule[];
}

export interface PrometheusRuleFile {
  groups: PrometheusRuleGroup[];
}

export type PrometheusRulesOutput = ServiceFileOf<"prometheus-rules", PrometheusRuleFile>;
