import { compileAnnotations } from "../../model/annotations.ts";
import { type AlertLinks, alertLinkAnnotations } from "../grafana/alert-links.ts";
import { sortedLabels } from "../../core/order.ts";
import type { Service } from "../../model/service.ts";
import type { Slo } from "../../model/slo.ts";
import { matchers } from "../../core/label-matchers.ts";
import { errorBudget } from "../../slo/burn-rate.ts";
import { sliQueries, sliRecordedBy } from "../../slo/sli.ts";
import { periodWindow, type ResolvedTier, resolveTiers, sliWindows } from "../../slo/tiers.ts";
import { durationSeconds } from "../../core/duration.ts";
import { pyrraExhaustion } from "../../slo/pyrra-tiers.ts";
import { formatNumber } from "../../core/numbers.ts";
import {
  BUDGET_REMAINING_RECORD,
  CURRENT_BURN_RATE_RECORD,
  defaultSloAlertName,
  ERROR_BUDGET_RECORD,
  INFO_RECORD,
  OBJECTIVE_RECORD,
  PERIOD_BURN_RATE_RECORD,
  SLI_ERROR_RECORD,
  sloGroupNames,
  sloIds,
  TIME_PERIOD_RECORD,
} from "../../slo/conventions.ts";
import type {
  PrometheusAlertingRule,
  PrometheusRecordingRule,
  PrometheusRuleGroup,
} from "./rule-file.ts";

/**
 * The three Sloth groups of one SLO (the alert group only when it has
 * alerts). For a log SLI the per-window SLI rules are LogQL and go to the
 * Loki ruler (src/targets/loki/slo-rules.ts); the period rule, which reads
 * the remote-written 5m series, stays here with the rest.
 */
export function compileSloGroups(
  service: Service,
  slo: Slo,
  options: { alertLinks?: AlertLinks | undefined } = {},
): PrometheusRuleGroup[] {
  const names = sloGroupNames(service, slo);
  const sli =
    sliRecordedBy(slo.sli) === "loki"
      ? [sliPeriodRule(service, slo)]
      : [...sliWindowRules(service, slo), sliPeriodRule(service, slo)];
  const groups: PrometheusRuleGroup[] = [
    { name: names.sli, rules: sli },
    { name: names.meta, rules: metaRecordingRules(service, slo) },
  ];
  const alerts = sloAlertRules(service, slo).map((rule) =>
    options.alertLinks === undefined ? rule : withLinks(service, slo, rule, options.alertLinks),
  );
  if (alerts.length > 0) groups.push({ name: names.alerts, rules: alerts });
  return groups;
}

/** An SLO alert with the trace-first links (its SLO dashboard, logs and traces) its annotations lack. */
function withLinks(
  service: Service,
  slo: Slo,
  rule: PrometheusAlertingRule,
  links: AlertLinks,
): PrometheusAlertingRule {
  const existing = rule.annotations ?? {};
  const added = alertLinkAnnotations(service, { kind: "slo", slo }, { links, existing });
  return { ...rule, annotations: sortedLabels({ ...existing, ...added }) };
}

/** `slo:sli_error:ratio_rate<w>` for every alert window, in the SLI's own query language. */
export function sliWindowRules(service: Service, slo: Slo): PrometheusRecordingRule[] {
  const base = { ...service.labels, ...slo.labels, ...sloIds(service, slo) };
  const queries = sliQueries(slo.sli);
  return sliWindows(slo).map((w) => ({
    record: SLI_ERROR_RECORD(w),
    expr: queries.errorRatio(w),
    labels: sortedLabels({ ...base, sloth_window: w }),
  }));
}

/**
 * The period ratio is the time-weighted mean of the shortest window's
 * ratio rather than a rate over 30d: one cheap series instead of a query
 * over a month of raw samples (Sloth's "optimized" period rule). Always
 * PromQL: it reads the recorded series, wherever they were recorded.
 */
export function sliPeriodRule(service: Service, slo: Slo): PrometheusRecordingRule {
  const ids = sloIds(service, slo);
  const base = { ...service.labels, ...slo.labels, ...ids };
  const period = periodWindow(slo);
  const shortest = `${SLI_ERROR_RECORD(sliWindows(slo)[0]!)}${matchers(ids)}`;
  return {
    record: SLI_ERROR_RECORD(period),
    expr: `sum_over_time(${shortest}[${period}])\n/ ignoring (sloth_window)\ncount_over_time(${shortest}[${period}])\n`,
    labels: sortedLabels({ ...base, sloth_window: period }),
  };
}

function metaRecordingRules(service: Service, slo: Slo): PrometheusRecordingRule[] {
  const ids = sloIds(service, slo);
  const sel = matchers(ids);
  const labels = sortedLabels({ ...service.labels, ...slo.labels, ...ids });
  const ratio = slo.objective / 100;
  const burn = (window: string) =>
    `${SLI_ERROR_RECORD(window)}${sel}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\n${ERROR_BUDGET_RECORD}${sel}\n`;
  return [
    { record: OBJECTIVE_RECORD, expr: `vector(${ratio})`, labels },
    { record: ERROR_BUDGET_RECORD, expr: `vector(1-${ratio})`, labels },
    { record: TIME_PERIOD_RECORD, expr: `vector(${durationSeconds(slo.period) / 86400})`, labels },
    { record: CURRENT_BURN_RATE_RECORD, expr: burn(sliWindows(slo)[0]!), labels },
    { record: PERIOD_BURN_RATE_RECORD, expr: burn(periodWindow(slo)), labels },
    { record: BUDGET_REMAINING_RECORD, expr: `1 - ${PERIOD_BURN_RATE_RECORD}${sel}`, labels },
    {
      record: INFO_RECORD,
      expr: "vector(1)",
      labels: sortedLabels({
        ...labels,
        sloth_mode: (slo.sloth ?? service.sloth).mode,
        sloth_objective: String(slo.objective),
        sloth_spec: (slo.sloth ?? service.sloth).spec,
        // A fixed marker, never a version number: artifacts must not change with the tool's version.
        sloth_version: "obsforge",
      }),
    },
  ];
}

/** `max(slo:sli_error:ratio_rate5m{…} > (14.4 * 0.001)) without (sloth_window)`, Sloth's spelling. */
function windowCondition(
  ids: Record<string, string>,
  window: string,
  tier: ResolvedTier,
  eb: number,
): string {
  return `max(${SLI_ERROR_RECORD(window)}${matchers(ids)} > (${tier.factor} * ${eb})) without (sloth_window)`;
}

function tierCondition(service: Service, slo: Slo, tier: ResolvedTier): string {
  const ids = sloIds(service, slo);
  const eb = errorBudget(slo.objective);
  const lines = [
    `    ${windowCondition(ids, tier.shortWindow, tier, eb)}`,
    "    and",
    `    ${windowCondition(ids, tier.longWindow, tier, eb)}`,
  ];
  const guard = slo.alerting.minEventRate;
  const total = sliQueries(slo.sli).total;
  if (guard !== undefined && total !== undefined && tier.level === "page") {
    // Low-traffic guard: a handful of failures at 3 a.m. is not a page.
    lines.push("    and on()", `    (${total(tier.longWindow).trim()}) >= ${guard}`);
  }
  return `(\n${lines.join("\n")}\n)`;
}

/**
 * The labels every alert obsforge writes carries, SLO alerts included, so a
 * routing tree on team and severity routes all of them (src/targets/
 * prometheus/compile.ts sets the same on hand-written alerts).
 */
export function routingLabels(
  service: Pick<Service, "name" | "team">,
  severity: string,
): { severity: string; service: string; team: string } {
  return { severity, service: service.name, team: service.team };
}

/**
 * The labels naming a per-tier alert's windows: obsforge's, or Pyrra's
 * (`short`, `long`, and `exhaustion`, the time the budget lasts at the tier's
 * burn rate) in `pyrra` mode, so routes written for Pyrra keep matching.
 */
function tierWindowLabels(slo: Slo, tier: ResolvedTier): Record<string, string> {
  if (slo.alerting.mode !== "pyrra")
    return { long_window: tier.longWindow, short_window: tier.shortWindow };
  return {
    short: tier.shortWindow,
    long: tier.longWindow,
    exhaustion: pyrraExhaustion(durationSeconds(slo.period), tier.factor),
  };
}

/** A generated SLO alert and what it is made of, for the rule file and the generated tests alike. */
export interface SloAlert {
  kind: "burn-rate" | "no-data";
  level?: "page" | "ticket";
  /** Tiers ORed in this alert (one in per-tier mode, up to two in Sloth mode). */
  tiers: ResolvedTier[];
  rule: PrometheusAlertingRule;
}

function sloAlertRules(service: Service, slo: Slo): PrometheusAlertingRule[] {
  return sloAlerts(service, slo).map((a) => a.rule);
}

export function sloAlerts(service: Service, slo: Slo): SloAlert[] {
  const tiers = resolveTiers(slo);
  const name = slo.alerting.name ?? defaultSloAlertName(service, slo);
  const alerts: SloAlert[] = [];
  const burnAlert = (level: "page" | "ticket", alertTiers: ResolvedTier[], perTier: boolean) => {
    const config = slo.alerting[level];
    const tier = alertTiers[0]!;
    const labels: Record<string, string> = {
      ...slo.alerting.labels,
      ...config.labels,
      // Which tier and which windows fired: what Sloth's ORed alert cannot say.
      ...(perTier && { slo_tier: tier.id, ...tierWindowLabels(slo, tier) }),
      // Sloth's own label, kept for its dashboards and existing routes.
      sloth_severity: level,
      ...routingLabels(service, tier.severity),
    };
    alerts.push({
      kind: "burn-rate",
      level,
      tiers: alertTiers,
      rule: {
        alert: name,
        expr: `${alertTiers.map((t) => tierCondition(service, slo, t)).join("\nor\n")}\n`,
        ...(perTier && tier.for !== undefined && { for: tier.for }),
        labels: sortedLabels(labels),
        annotations: sortedLabels({
          title: `(${level}) {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is too fast.`,
          summary: `{{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is over expected.`,
          ...(perTier && {
            description: `Both the ${tier.shortWindow} and ${tier.longWindow} error ratios are above ${formatNumber(tier.factor)}x the error budget rate.`,
          }),
          ...compileAnnotations(slo.alerting.annotations, String),
          ...compileAnnotations(config.annotations, String),
        }),
      },
    });
  };

  if (slo.alerting.mode === "sloth") {
    for (const level of ["page", "ticket"] as const) {
      const levelTiers = tiers.filter((t) => t.level === level);
      if (levelTiers.length > 0) burnAlert(level, levelTiers, false);
    }
  } else {
    for (const tier of tiers) burnAlert(tier.level, [tier], true);
  }

  const noData = slo.alerting.noData;
  if (!noData.disable) {
    const ids = sloIds(service, slo);
    const series = SLI_ERROR_RECORD(sliWindows(slo)[0]!);
    alerts.push({
      kind: "no-data",
      tiers: [],
      rule: {
        alert: `${name}NoData`,
        expr: `absent(${series}${matchers(ids)})`,
        for: noData.for,
        // absent() keeps only the selector's equality matchers, so the
        // labels burn-rate alerts read off the SLI series are set here.
        labels: sortedLabels({
          ...service.labels,
          ...slo.labels,
          ...slo.alerting.labels,
          ...ids,
          ...routingLabels(service, noData.severity),
        }),
        annotations: {
          summary: `${service.name} ${slo.name} SLO has no SLI data.`,
          description: `No ${series} series for ${noData.for}: the SLI's metrics are missing, so burn-rate alerts cannot fire.`,
        },
      },
    });
  }
  return alerts;
}
