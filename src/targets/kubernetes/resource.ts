import type { PrometheusRuleGroup } from "../prometheus/rule-file.ts";
import type { ServiceFileOf } from "../shared/file-of.ts";

/** The part of Kubernetes ObjectMeta obsforge writes. Key order here is output order. */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels: Record<string, string>;
}

/** monitoring.coreos.com/v1 PrometheusRule: a rule file's groups under `spec`. */
export interface PrometheusRuleResource {
  apiVersion: "monitoring.coreos.com/v1";
  kind: "PrometheusRule";
  metadata: ObjectMeta;
  spec: { groups: PrometheusRuleGroup[] };
}

export type PrometheusRuleOutput = ServiceFileOf<
  "kubernetes-prometheusrule",
  PrometheusRuleResource
>;

/** A group of the Loki operator's rule resources (loki.grafana.com/v1). */
export interface LokiOperatorGroup<Rule> {
  name: string;
  interval?: string;
  limit?: number;
  rules: Rule[];
}

export interface LokiOperatorAlert {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface LokiOperatorRecord {
  record: string;
  expr: string;
  labels?: Record<string, string>;
}

/** loki.grafana.com/v1 AlertingRule or RecordingRule: groups of one kind of rule, for one tenant. */
export interface LokiRuleResource<Kind extends "AlertingRule" | "RecordingRule", Rule> {
  apiVersion: "loki.grafana.com/v1";
  kind: Kind;
  metadata: ObjectMeta;
  spec: { tenantID: string; groups: LokiOperatorGroup<Rule>[] };
}

export type LokiAlertingRuleResource = LokiRuleResource<"AlertingRule", LokiOperatorAlert>;
export type LokiRecordingRuleResource = LokiRuleResource<"RecordingRule", LokiOperatorRecord>;

export type LokiRuleResourceOutput = ServiceFileOf<
  "kubernetes-loki-rules",
  LokiAlertingRuleResource | LokiRecordingRuleResource
>;
