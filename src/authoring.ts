/**
 * The authoring API: what a definitions/*.ts module calls. Each helper only
 * tags and types its argument; validation happens when the estate is built,
 * so every mistake is reported with its file and field path.
 */
import type { MetricInput } from "./model/metric.ts";
import type { AlertRuleInput, RecordingRuleInput, RuleGroupInput } from "./model/rule.ts";
import type { ServiceInput } from "./model/service.ts";

type WithoutKind<T> = Omit<T, "kind">;

export function defineService(spec: WithoutKind<ServiceInput>): ServiceInput {
  return { kind: "service", ...spec };
}

export function alert(spec: WithoutKind<AlertRuleInput>): AlertRuleInput {
  return { kind: "alert", ...spec };
}

export function record(spec: WithoutKind<RecordingRuleInput>): RecordingRuleInput {
  return { kind: "record", ...spec };
}

export function group(spec: RuleGroupInput): RuleGroupInput {
  return spec;
}

export function metric(spec: MetricInput): MetricInput {
  return spec;
}
