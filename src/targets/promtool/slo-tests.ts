import { sortedLabels } from "../../core/order.ts";
import { durationSeconds, formatDuration } from "../../core/duration.ts";
import { formatNumber, formatPercent } from "../../core/numbers.ts";
import type { Service } from "../../model/service.ts";
import type { Slo } from "../../model/slo.ts";
import { simpleSumRateSelector } from "../../promql/rate-selector.ts";
import { selector } from "../../promql/query.ts";
import { errorBudget, errorRatioThreshold } from "../../slo/burn-rate.ts";
import { SLI_ERROR_RECORD, sloIds } from "../../slo/conventions.ts";
import { explainSlo, humanDuration } from "../../slo/explain.ts";
import { sliQueries } from "../../slo/sli.ts";
import { type ResolvedTier, resolveTiers, sliWindows } from "../../slo/tiers.ts";
import { ARTIFACT_PATHS, ruleFileFromTests } from "../shared/artifact-paths.ts";
import type { PromtoolTestsOutput } from "./promtool-test-file.ts";
import { type SloAlert, sloAlerts } from "../prometheus/slo-rules.ts";
import type {
  PromqlExprTest,
  PromtoolSeries,
  PromtoolTestFile,
  PromtoolTestGroup,
} from "./promtool-test-file.ts";

/**
 * Generated promtool tests for the burn-rate alerts of every SLO: they drive
 * the SLI window series (slo:sli_error:ratio_rate<w>) with synthetic error
 * ratios and check, in the real rule engine, that
 *   (a) a total outage pages within the time `explain` prints (+1 interval),
 *   (b) an error ratio just under an alert's threshold never fires it, and
 *       just above fires it,
 *   (c) errors at exactly the budget rate fire only tiers whose factor is
 *       below 1 (none with the 30d defaults; ticket-slow with 28d),
 *   (d) no SLI data raises the no-data alert after its `for`,
 *   (e) with a low-traffic guard, an outage under the minimum rate never pages.
 * Expected states come from the burn-rate model (burn-rate.ts), the rules
 * from the generator, so a wrong factor, window or label fails the tests.
 */
const STEP = 60; // seconds between samples and evaluations

export function compileSloTests(service: Service, ruleFile: string): PromtoolTestFile | undefined {
  const tests = service.slos.flatMap((slo) => sloTestGroups(service, slo));
  if (tests.length === 0) return undefined;
  return { rule_files: [ruleFile], evaluation_interval: "1m", tests };
}

/** A service's generated test file with its path and sources, when it has SLOs to test. */
export function promtoolTestsFile(
  service: Service,
  sources: string[],
): PromtoolTestsOutput | undefined {
  const content = compileSloTests(service, ruleFileFromTests(service.name));
  if (content === undefined) return undefined;
  return {
    kind: "promtool-tests",
    service: service.name,
    path: ARTIFACT_PATHS.tests(service.name),
    sources,
    content,
  };
}

interface Ctx {
  service: Service;
  slo: Slo;
  alerts: SloAlert[];
  base: Record<string, string>;
  windows: string[];
  guard: { rate: number; series: string } | undefined;
  /**
   * Seconds of traffic before the scenario starts. With a low-traffic guard,
   * rate() over a page tier's long window needs that much history to see the
   * real rate (Prometheus does not extrapolate past the first sample), so
   * scenarios that expect a page warm up for the longest page window; the
   * others start cold (0), which keeps the test files fast.
   */
  warm: number;
  /** The warm-up a guarded page needs: the longest page window. */
  guardWarm: number;
  /** Guard traffic in this scenario: twice the floor, or half of it. */
  traffic: "high" | "low";
  /**
   * Series names and expected samples of this SLO, built once: every
   * scenario repeats them, and 10,000 SLOs make millions of them.
   */
  memo: { windows: Map<string, string>; samples: Map<SloAlert, AlertSample> };
}

type AlertSample = PromqlExprTest["exp_samples"][number];

function sloTestGroups(service: Service, slo: Slo): PromtoolTestGroup[] {
  const ctx: Ctx = {
    service,
    slo,
    alerts: sloAlerts(service, slo),
    base: { ...service.labels, ...slo.labels, ...sloIds(service, slo) },
    windows: sliWindows(slo),
    guard: guardSeries(slo),
    warm: 0,
    traffic: "high",
    memo: { windows: new Map(), samples: new Map() },
    guardWarm: Math.max(
      0,
      ...resolveTiers(slo)
        .filter((t) => t.level === "page")
        .map((t) => t.longWindowSeconds),
    ),
  };
  const groups = [
    ...outageScenarios(ctx),
    ...thresholdScenarios(ctx),
    budgetRateScenario(ctx),
    noDataScenario(ctx),
  ];
  if (ctx.guard !== undefined) groups.push(lowTrafficScenario(ctx));
  return groups.filter((g): g is PromtoolTestGroup => g !== undefined);
}

/** The synthetic counter that satisfies (or not) the low-traffic guard, when one is set. */
function guardSeries(slo: Slo): Ctx["guard"] {
  const rate = slo.alerting.minEventRate;
  const total = sliQueries(slo.sli).total;
  if (rate === undefined || total === undefined) return undefined;
  const sel = simpleSumRateSelector(total("5m"));
  // slo-checks.ts rejects guards on queries this cannot drive, so this holds.
  if (sel === undefined)
    throw new Error(`Bug: guard query of ${slo.name} is not sum(rate(selector))`);
  return { rate, series: selector(sel.metric, sel.labels) };
}

// --- the model: window values and alert states over time --------------------------

/**
 * Error ratio of a window `w` seconds long at time `t`: `e` throughout for a
 * steady state, or filling linearly from 0 when a constant ratio `e` starts
 * at t = 0 (the ramp).
 */
function windowValue(e: number, t: number, w: number, ramp: boolean): number {
  return ramp ? (e * Math.min(t, w)) / w : e;
}

interface Scenario {
  e: number;
  t: number;
  ramp: boolean;
}

function tierFires(ctx: Ctx, tier: ResolvedTier, s: Scenario): boolean {
  // Guarded pages fire only with traffic above the floor over the whole long window.
  if (
    tier.level === "page" &&
    ctx.guard !== undefined &&
    !(ctx.traffic === "high" && ctx.warm >= tier.longWindowSeconds)
  ) {
    return false;
  }
  const threshold = errorRatioThreshold(tier.factor, ctx.slo.objective);
  // With a `for`, the alert fires once the condition has held that long: on a
  // ramp (rising, so true ever after) it must already hold `for` earlier; a
  // steady ratio holds from the first evaluation, before the warm-up.
  const at = s.ramp ? s.t - tier.forSeconds : s.t;
  if (!s.ramp && ctx.warm + s.t < tier.forSeconds) return false;
  return [tier.shortWindowSeconds, tier.longWindowSeconds].every(
    (w) => windowValue(s.e, at, w, s.ramp) > threshold,
  );
}

/** Steps a steady scenario runs: ten, or long enough for every tier's `for` to pass. */
function steadySteps(ctx: Ctx): number {
  const longestFor = Math.max(0, ...ctx.alerts.flatMap((a) => a.tiers.map((t) => t.forSeconds)));
  return Math.max(10, Math.ceil(longestFor / STEP) + 2);
}

/** Is any tier's value within a hair of its threshold? Evaluating there would test float rounding, not rules. */
function nearBoundary(ctx: Ctx, s: Scenario): boolean {
  return ctx.alerts.some((a) =>
    a.tiers.some((tier) => {
      const threshold = errorRatioThreshold(tier.factor, ctx.slo.objective);
      const at = s.ramp ? s.t - tier.forSeconds : s.t;
      return [tier.shortWindowSeconds, tier.longWindowSeconds].some(
        (w) => Math.abs(windowValue(s.e, at, w, s.ramp) - threshold) <= threshold * 1e-9,
      );
    }),
  );
}

/** ALERTS samples promtool must see for the burn-rate alerts matching `filter`. */
function expectedAlerts(
  ctx: Ctx,
  scenario: Scenario,
  filter: (a: SloAlert) => boolean = () => true,
): PromqlExprTest["exp_samples"] {
  return ctx.alerts
    .filter((a) => a.kind === "burn-rate" && filter(a))
    .filter((a) => a.tiers.some((tier) => tierFires(ctx, tier, scenario)))
    .map((a) => burnRateSample(ctx, a));
}

function burnRateSample(ctx: Ctx, a: SloAlert): AlertSample {
  let sample = ctx.memo.samples.get(a);
  if (sample === undefined) {
    sample = alertSample(ctx.base, a);
    ctx.memo.samples.set(a, sample);
  }
  return sample;
}

function alertSample(seriesLabels: Record<string, string>, a: SloAlert): AlertSample {
  const labels = sortedLabels({
    ...seriesLabels,
    ...a.rule.labels,
    alertname: a.rule.alert,
    alertstate: "firing",
  });
  return { labels: selector("ALERTS", labels), value: 1 };
}

/** `ALERTS{alertname=…, alertstate="firing", sloth_id=…, …}` narrowed to some alerts of this SLO. */
function alertsQuery(ctx: Ctx, extra: Record<string, string> = {}): string {
  const alertNames = [
    ...new Set(ctx.alerts.filter((a) => a.kind === "burn-rate").map((a) => a.rule.alert)),
  ];
  return selector("ALERTS", {
    alertname: alertNames[0] ?? "",
    alertstate: "firing",
    sloth_id: ctx.base.sloth_id!,
    ...extra,
  });
}

// --- input series -----------------------------------------------------------------

function windowSeries(ctx: Ctx, w: string, values: string): PromtoolSeries {
  let series = ctx.memo.windows.get(w);
  if (series === undefined) {
    series = selector(SLI_ERROR_RECORD(w), sortedLabels({ ...ctx.base, sloth_window: w }));
    ctx.memo.windows.set(w, series);
  }
  return { series, values };
}

/** Every SLI window ramping up from 0 to `e` (linearly over its own length) for `steps` steps after the warm-up. */
function rampSeries(ctx: Ctx, e: number, steps: number): PromtoolSeries[] {
  const warm = ctx.warm / STEP;
  return ctx.windows.map((w) => {
    const n = durationSeconds(w) / STEP;
    const ramp = `0+${e / n}x${Math.min(steps, n)}`;
    const values = steps <= n ? ramp : `${ramp} ${e}x${steps - n - 1}`;
    return windowSeries(ctx, w, warm > 0 ? `0x${warm - 1} ${values}` : values);
  });
}

/** Every SLI window at a steady error ratio `e` from the start. */
function steadySeries(ctx: Ctx, e: number, steps: number): PromtoolSeries[] {
  return ctx.windows.map((w) => windowSeries(ctx, w, `${e}x${ctx.warm / STEP + steps}`));
}

/** The guard's counter (twice or half the floor, per ctx.traffic) from the start of the warm-up. */
function trafficSeries(ctx: Ctx, steps: number): PromtoolSeries[] {
  if (ctx.guard === undefined) return [];
  const perSecond = ctx.guard.rate * (ctx.traffic === "high" ? 2 : 0.5);
  return [{ series: ctx.guard.series, values: `0+${perSecond * STEP}x${ctx.warm / STEP + steps}` }];
}

/**
 * The scenario context with the guard's warm-up when the scenario checks a
 * page, so the guard is satisfied and only the burn-rate condition decides.
 */
function warmedFor(ctx: Ctx, expectsPage: boolean): Ctx {
  return ctx.guard !== undefined && expectsPage ? { ...ctx, warm: ctx.guardWarm } : ctx;
}

/** Evaluation time of scenario time `t` (seconds after the warm-up). */
function at(ctx: Ctx, t: number): string {
  return formatDuration(ctx.warm + t);
}

function percent(ratio: number): string {
  return formatPercent(ratio);
}

// --- scenarios -----------------------------------------------------------------------

function label(ctx: Ctx, text: string): string {
  return `${ctx.service.name}/${ctx.slo.name}: ${text}`;
}

/**
 * Per burn-rate alert: from a clean state, a total outage fires it at the
 * time `explain` prints, not a step before (+1 interval of evaluation slack).
 * The ramp makes every window matter, so a wrong window fails this.
 */
function outageScenarios(cold: Ctx): PromtoolTestGroup[] {
  const explained = explainSlo(cold.service, cold.slo);
  return cold.alerts
    .filter((a) => a.kind === "burn-rate")
    .flatMap((a) => {
      const ctx = warmedFor(cold, a.level === "page");
      const ids = new Set(a.tiers.map((t) => t.id));
      const detections = explained.tiers
        .filter((t) => ids.has(t.id))
        .map((t) => t.detection.outage);
      const detect = Math.min(...detections.filter((d): d is number => d !== null));
      if (!Number.isFinite(detect)) return [];
      let fireAt = Math.ceil(detect / STEP) * STEP + STEP;
      while (nearBoundary(ctx, { e: 1, t: fireAt, ramp: true })) fireAt += STEP;
      const before = Math.floor(detect / STEP) * STEP - STEP;
      const only = (x: SloAlert) => x === a;
      const query = alertsQuery(ctx, alertSelector(a));
      const checks: PromqlExprTest[] = [];
      if (before >= 0 && !nearBoundary(ctx, { e: 1, t: before, ramp: true })) {
        checks.push({
          expr: query,
          eval_time: at(ctx, before),
          exp_samples: expectedAlerts(ctx, { e: 1, t: before, ramp: true }, only),
        });
      }
      const fired = expectedAlerts(ctx, { e: 1, t: fireAt, ramp: true }, only);
      if (fired.length === 0)
        throw new Error(`Bug: model says ${cold.slo.name} ${alertName(a)} does not fire on outage`);
      checks.push({ expr: query, eval_time: at(ctx, fireAt), exp_samples: fired });
      return [
        {
          name: label(
            ctx,
            `a total outage fires ${alertName(a)} within ${humanDuration(detect)} (+1m evaluation slack)`,
          ),
          interval: "1m",
          input_series: [
            ...rampSeries(ctx, 1, fireAt / STEP),
            ...trafficSeries(ctx, fireAt / STEP),
          ],
          promql_expr_test: checks,
        },
      ];
    });
}

/** `page`, or `page (page-slow)` in per-tier mode: how a test names the alert it checks. */
function alertName(a: SloAlert): string {
  const tier = a.rule.labels?.slo_tier;
  return tier === undefined ? a.level! : `${a.level} (${tier})`;
}

/** Labels that single out one burn-rate alert of an SLO in ALERTS. */
function alertSelector(a: SloAlert): Record<string, string> {
  const tier = a.rule.labels?.slo_tier;
  return { sloth_severity: a.level!, ...(tier !== undefined && { slo_tier: tier }) };
}

/** Per burn-rate alert: steady error ratio 1% under its lowest threshold never fires it; 1% over does. */
function thresholdScenarios(cold: Ctx): PromtoolTestGroup[] {
  const steps = steadySteps(cold);
  const t = steps * STEP;
  return cold.alerts
    .filter((a) => a.kind === "burn-rate")
    .flatMap((a) => {
      const threshold = Math.min(
        ...a.tiers.map((tier) => errorRatioThreshold(tier.factor, cold.slo.objective)),
      );
      const which = a.tiers.map((tier) => tier.id).join("+");
      const selectorLabels = alertSelector(a);
      const only = (x: SloAlert) => x === a;
      return [0.99, 1.01].map((k) => {
        // Warm for both: a guard that blocks the page would make "never fires" vacuous.
        const ctx = warmedFor(cold, a.level === "page");
        const e = threshold * k;
        const expected = expectedAlerts(ctx, { e, t, ramp: false }, only);
        if (k > 1 !== expected.length > 0)
          throw new Error(`Bug: model disagrees at ${k}x threshold of ${which}`);
        return {
          name: label(
            ctx,
            `an error ratio ${k < 1 ? "just under" : "just over"} ${which}'s threshold (${percent(e)}) ${k < 1 ? "never fires it" : "fires it"}`,
          ),
          interval: "1m",
          input_series: [...steadySeries(ctx, e, steps), ...trafficSeries(ctx, steps)],
          promql_expr_test: [
            {
              // Over the whole run, not just at the end: "never" means never.
              expr:
                k < 1
                  ? `count_over_time(${alertsQuery(ctx, selectorLabels)}[${formatDuration(t + STEP)}])`
                  : alertsQuery(ctx, selectorLabels),
              eval_time: at(ctx, t),
              exp_samples: k < 1 ? [] : expected,
            },
          ],
        };
      });
    });
}

function budgetRateScenario(cold: Ctx): PromtoolTestGroup | undefined {
  if (!cold.alerts.some((a) => a.kind === "burn-rate")) return undefined;
  const ctx = warmedFor(
    cold,
    cold.alerts.some((a) => a.level === "page"),
  );
  const steps = steadySteps(ctx);
  const t = steps * STEP;
  const e = errorBudget(ctx.slo.objective);
  const firing = ctx.alerts
    .flatMap((a) => a.tiers)
    .filter((tier) => tier.factor < 1)
    .map((tier) => tier.id);
  return {
    name: label(
      ctx,
      `errors at exactly the budget rate fire ${firing.length === 0 ? "nothing" : `only tiers with a factor under 1 (${firing.join(", ")})`}`,
    ),
    interval: "1m",
    input_series: [...steadySeries(ctx, e, steps), ...trafficSeries(ctx, steps)],
    promql_expr_test: [
      {
        expr: alertsQuery(ctx),
        eval_time: at(ctx, t),
        exp_samples: expectedAlerts(ctx, { e, t, ramp: false }),
      },
    ],
  };
}

function noDataScenario(ctx: Ctx): PromtoolTestGroup | undefined {
  const alert = ctx.alerts.find((a) => a.kind === "no-data");
  if (alert === undefined) return undefined;
  const forSeconds = durationSeconds(alert.rule.for ?? "0s");
  const query = selector("ALERTS", {
    alertname: alert.rule.alert,
    alertstate: "firing",
    sloth_id: ctx.base.sloth_id!,
  });
  const ids = sloIds(ctx.service, ctx.slo);
  return {
    name: label(ctx, `no SLI data fires ${alert.rule.alert} after ${alert.rule.for}`),
    interval: "1m",
    input_series: [],
    promql_expr_test: [
      { expr: query, eval_time: formatDuration(Math.max(0, forSeconds - STEP)), exp_samples: [] },
      {
        expr: query,
        eval_time: formatDuration(forSeconds + STEP),
        exp_samples: [alertSample(ids, alert)],
      },
    ],
  };
}

function lowTrafficScenario(cold: Ctx): PromtoolTestGroup {
  const ctx: Ctx = { ...warmedFor(cold, true), traffic: "low" };
  const steps = 90;
  const t = steps * STEP;
  return {
    name: label(
      ctx,
      `a total outage under ${formatNumber(ctx.guard!.rate)} events/s (the low-traffic guard) never pages`,
    ),
    interval: "1m",
    input_series: [...rampSeries(ctx, 1, steps), ...trafficSeries(ctx, steps)],
    promql_expr_test: [
      {
        expr: `count_over_time(${alertsQuery(ctx, { sloth_severity: "page" })}[${formatDuration(t + STEP)}])`,
        eval_time: at(ctx, t),
        exp_samples: [],
      },
    ],
  };
}
