import type { FieldPath } from "../core/problem.ts";
import type { SloInput, Tier } from "../model/slo.ts";
import type { ConditionSpec, Parsed, PolicySpec, Resolve, Where } from "./openslo-v1.ts";
import type { SloSpec } from "./openslo-v1-schema.ts";

type Alerting = NonNullable<SloInput["alerting"]>;

interface Condition {
  spec: ConditionSpec;
  where: Where;
  /** The AlertCondition object (a document, a list item, or inline in its policy). */
  object: Where;
  targets: string[];
}

/** A field of the alerting obsforge made (`page.tiers[0].factor`) and where the spec wrote it. */
export interface AlertingField {
  model: FieldPath;
  where: Where;
}

function at(obj: Parsed<unknown>, ...path: (string | number)[]): Where {
  return { file: obj.at.file, path: [...obj.at.path, ...path] };
}

/**
 * OpenSLO alert policies → obsforge alerting in per-tier mode. An
 * AlertCondition has one lookback window (it is not multi-window), so it
 * becomes a tier whose short and long windows are that window: fire when the
 * burn rate over `lookbackWindow` exceeds `threshold` for `alertAfter`.
 * Conditions are grouped by severity into obsforge's two levels (page,
 * ticket; two tiers each). Notification targets become an
 * `openslo_notification_target` label, for Alertmanager routes to match.
 * An SLO without policies gets no alerts, as OpenSLO says.
 */
export function openSloAlerting(
  obj: Parsed<SloSpec>,
  r: Resolve,
): { alerting: Alerting; fields: AlertingField[] } | undefined {
  const policies = obj.spec.alertPolicies ?? [];
  if (policies.length === 0)
    return {
      alerting: { page: { disable: true }, ticket: { disable: true }, noData: { disable: true } },
      fields: [],
    };
  const before = r.count();
  const conditions: Condition[] = [];
  let noData = false;
  policies.forEach((ref, i) => {
    const policy =
      "alertPolicyRef" in ref
        ? r.lookup<PolicySpec>(
            "AlertPolicy",
            ref.alertPolicyRef,
            at(obj, "spec", "alertPolicies", i, "alertPolicyRef"),
          )
        : ({
            ...ref,
            at: { ...obj.at, path: [...obj.at.path, "spec", "alertPolicies", i] },
          } as unknown as Parsed<PolicySpec>);
    if (policy === undefined) return;
    if (policy.spec.alertWhenResolved === true)
      r.report(
        at(policy, "spec", "alertWhenResolved"),
        "expected no alertWhenResolved (set send_resolved on the Alertmanager receiver), got true",
      );
    if (policy.spec.alertWhenNoData === true) noData = true;
    const targets = policy.spec.notificationTargets.map((t, j) => {
      if ("targetRef" in t) {
        r.lookup(
          "AlertNotificationTarget",
          t.targetRef,
          at(policy, "spec", "notificationTargets", j, "targetRef"),
        );
        return t.targetRef;
      }
      return t.metadata.name;
    });
    if (policy.spec.alertWhenBreaching === false) return;
    const c = policy.spec.conditions[0]!;
    const condition =
      "conditionRef" in c
        ? r.lookup<ConditionSpec>(
            "AlertCondition",
            c.conditionRef,
            at(policy, "spec", "conditions", 0, "conditionRef"),
          )
        : ({
            spec: c.spec,
            at: { ...policy.at, path: [...policy.at.path, "spec", "conditions", 0] },
          } as unknown as Parsed<ConditionSpec>);
    if (condition !== undefined)
      conditions.push({
        spec: condition.spec,
        where: at(condition, "spec"),
        object: at(condition),
        targets,
      });
  });
  const levels = groupBySeverity(conditions, obj, r);
  if (r.count() > before || levels === undefined) return undefined;
  const level = (group: Condition[] | undefined): Alerting["page"] =>
    group === undefined
      ? { disable: true }
      : {
          severity: group[0]!.spec.severity,
          labels: {
            openslo_notification_target: [...new Set(group.flatMap((c) => c.targets))]
              .sort()
              .join(","),
          },
          tiers: group.map((c) => conditionTier(c, r)).filter((t): t is Tier => t !== undefined),
        };
  const result: Alerting = {
    mode: "per-tier",
    page: level(levels[0]),
    ticket: level(levels[1]),
    noData: noData ? {} : { disable: true },
  };
  if (r.count() > before) return undefined;
  const fields = (["page", "ticket"] as const).flatMap((name, l) =>
    (levels[l] ?? []).flatMap((c, k) => conditionFields(c, [name, "tiers", k], k === 0)),
  );
  return { alerting: result, fields };
}

/** Where a condition's tier is written: its threshold is the factor, its lookback both windows. */
function conditionFields(c: Condition, tier: FieldPath, first: boolean): AlertingField[] {
  const written = (...path: string[]): Where => ({
    file: c.object.file,
    path: [...c.object.path, "spec", ...path],
  });
  return [
    { model: tier, where: written("condition") },
    { model: [...tier, "factor"], where: written("condition", "threshold") },
    { model: [...tier, "longWindow"], where: written("condition", "lookbackWindow") },
    { model: [...tier, "shortWindow"], where: written("condition", "lookbackWindow") },
    { model: [...tier, "for"], where: written("condition", "alertAfter") },
    // The level's severity is its first condition's.
    ...(first ? [{ model: [tier[0]!, "severity"], where: written("severity") }] : []),
  ];
}

function groupBySeverity(
  conditions: Condition[],
  obj: Parsed<SloSpec>,
  r: Resolve,
): Condition[][] | undefined {
  const groups: Condition[][] = [];
  for (const c of conditions) {
    const group = groups.find((g) => g[0]!.spec.severity === c.spec.severity);
    if (group !== undefined) group.push(c);
    else groups.push([c]);
  }
  if (groups.length > 2 || groups.some((g) => g.length > 2)) {
    r.report(
      at(obj, "spec", "alertPolicies"),
      `expected at most two severities with at most two conditions each (obsforge's page and ticket levels), got ${groups.map((g) => `${g.length} ${JSON.stringify(g[0]!.spec.severity)}`).join(", ")}`,
    );
    return undefined;
  }
  return groups;
}

function conditionTier(c: Condition, r: Resolve): Tier | undefined {
  const cond = c.spec.condition;
  const path = (key: string): Where => ({
    file: c.where.file,
    path: [...c.where.path, "condition", key],
  });
  if (cond.op !== "gt") {
    r.report(
      path("op"),
      `expected op gt (obsforge fires when the burn rate is above the threshold, strictly), got ${cond.op}`,
    );
    return undefined;
  }
  for (const key of ["lookbackWindow", "alertAfter"] as const) {
    if (/[MQY]$/.test(cond[key])) {
      r.report(
        path(key),
        `expected a duration in m, h, d or w (months, quarters and years have no fixed length), got ${JSON.stringify(cond[key])}`,
      );
      return undefined;
    }
  }
  return {
    longWindow: cond.lookbackWindow as Tier["longWindow"],
    shortWindow: cond.lookbackWindow as Tier["shortWindow"],
    factor: cond.threshold,
    for: cond.alertAfter as Tier["longWindow"],
  };
}
