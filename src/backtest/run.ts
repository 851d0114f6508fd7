import { durationSeconds } from "../core/duration.ts";
import type { Estate } from "../model/estate.ts";
import { budgetSpentAtFire, errorBudget } from "../slo/burn-rate.ts";
import { resolveTiers } from "../slo/tiers.ts";
import type { Episode } from "./alert-state.ts";
import {
  estateGroups,
  type EstateGroup,
  maxFiresPerWeekOf,
  onlyAlert,
  sloMatches,
  sloTierOf,
} from "./estate-rules.ts";
import { InputError } from "./inputs.ts";
import { fetchRawSeries, rawSelectors } from "./remote.ts";
import { STRATEGY_LABEL, strategyGroup } from "./strategies.ts";
import { type AlertOutcome, type EngineName, replay, type ReplayGroup } from "./replay.ts";
import {
  type AlertReport,
  alertReport,
  type BacktestReport,
  type BacktestTimeline,
  type ScenarioOutcome,
} from "./report.ts";
import {
  BASE_EVENTS,
  buildTimeline,
  SCRAPE_SECONDS,
  STEADY,
  scenarioSpecs,
  type Timeline,
} from "./scenarios.ts";
import { type AlertScore, concerns, type Incident, scoreAlert } from "./score.ts";
import { OUTSIDE_SLOS, sloThresholds, sloTimeline } from "./timeline.ts";
import type { Series, TimeRange } from "./series.ts";
import { syntheticSliSeries } from "./sli-series.ts";

export interface BacktestOptions {
  /** Only this SLO (`<slo>` or `<service>/<slo>`). */
  slo?: string;
  /** Only alerts of this name. */
  alert?: string;
  /** Replay this history instead of the generated scenarios. */
  history?:
    | { file: string; range: TimeRange }
    | { series: Series[]; range: TimeRange }
    /** A live Prometheus: the raw series the rules read, over the range, through its HTTP API. */
    | { prometheus: string; range: TimeRange };
  /** What counted as a real problem in the history. */
  incidents?: Incident[];
  /** Scenario ids to generate (default: all). */
  scenarios?: readonly string[];
  /** Replay the SRE workbook's alerting strategies per SLO instead of its alerts. */
  strategies?: boolean;
  /** The engine the rules run in (default prometheus). */
  engine?: EngineName;
  /** Stop (SIGINT/SIGTERM): engines stopped, temporary files removed, the promise rejects. */
  signal?: AbortSignal;
}

/** Generated timelines start here (a Monday, 00:00 UTC), so runs are reproducible. */
export const SCENARIO_ORIGIN = Date.UTC(2026, 0, 5) / 1000;

/**
 * Backtest the estate's compiled alerts: over generated scenarios per SLO
 * (nothing needed from the user), or over a history with labelled incidents.
 */
export async function backtestEstate(
  estate: Estate,
  options: BacktestOptions = {},
): Promise<BacktestReport> {
  const groups = estateGroups(estate)
    .filter(
      (g) =>
        options.slo === undefined ||
        (g.slo !== undefined && sloMatches(options.slo, g.service, g.slo)),
    )
    .map((g) => ({ ...g, group: onlyAlert(g.group, options.alert) }));
  if (options.history === undefined) return backtestScenarios(groups, options);
  let history = options.history;
  if ("prometheus" in history) {
    const selectors = rawSelectors(groups.map((g) => g.group));
    const series = await fetchRawSeries(history.prometheus, selectors, history.range);
    if (series.length === 0)
      throw new InputError(
        `--prometheus ${history.prometheus}: none of the ${selectors.length} series the rules read has samples in the range`,
      );
    history = { series, range: history.range };
  }
  return backtestHistory(groups, history, options.incidents ?? [], options);
}

function engineOptions(options: BacktestOptions): { engine?: EngineName; signal?: AbortSignal } {
  return {
    ...(options.engine !== undefined && { engine: options.engine }),
    ...(options.signal !== undefined && { signal: options.signal }),
  };
}

function who(
  g: EstateGroup,
  o: AlertOutcome,
): Pick<AlertReport, "alert" | "slo" | "severity" | "tier"> {
  return {
    alert: o.rule.alert,
    slo: g.sloKey ?? null,
    severity: o.rule.labels?.severity ?? null,
    tier:
      o.rule.labels?.[STRATEGY_LABEL] ??
      (g.slo === undefined ? null : sloTierOf(g.service, g.slo, o.rule)),
  };
}

function limit(g: EstateGroup, o: AlertOutcome): { maxFiresPerWeek?: number } {
  const max = maxFiresPerWeekOf(g, o.rule);
  return max === undefined ? {} : { maxFiresPerWeek: max };
}

function hasAlerts(g: EstateGroup): boolean {
  return g.group.rules.some((r) => "alert" in r);
}

async function backtestHistory(
  groups: EstateGroup[],
  history: { file: string; range: TimeRange } | { series: Series[]; range: TimeRange },
  incidents: Incident[],
  options: BacktestOptions,
): Promise<BacktestReport> {
  const placed: Array<ReplayGroup & { from: EstateGroup }> = groups.map((g, i) => ({
    group: g.group,
    range: history.range,
    tag: String(i),
    from: g,
  }));
  const outcomes = await replay({
    history: "file" in history ? history.file : history.series,
    groups: placed,
    ...engineOptions(options),
  });
  const byGroup = new Map<
    string,
    { g: EstateGroup; alerts: Array<ReturnType<typeof who> & AlertOutcome> }
  >();
  const alerts = outcomes.map((o) => {
    const g = groups[Number(o.tag)]!;
    const id = who(g, o);
    const key = g.sloKey ?? OUTSIDE_SLOS;
    const entry = byGroup.get(key) ?? { g, alerts: [] };
    entry.alerts.push({ ...o, ...id });
    byGroup.set(key, entry);
    const score = scoreAlert({ ...id, range: o.range, episodes: o.episodes }, incidents);
    return alertReport(id, score, limit(g, o));
  });
  const timelines = [...byGroup].map(([key, { g, alerts: own }]) =>
    sloTimeline({
      slo: key,
      range: history.range,
      ...(g.slo !== undefined && { thresholds: sloThresholds(g.slo) }),
      incidents: incidents.filter((i) => own.some((a) => concerns(i, a))),
      alerts: own,
    }),
  );
  return { source: "history", alerts, skipped: [], timelines };
}

interface SloRun {
  groups: EstateGroup[];
  timeline: Timeline;
  incidents: Incident[];
  /** Bad events a whole period of steady traffic may have: the budget. */
  budgetEvents: number;
}

async function backtestScenarios(
  groups: EstateGroup[],
  options: BacktestOptions,
): Promise<BacktestReport> {
  const bySlo = new Map<string, EstateGroup[]>();
  for (const g of groups) {
    if (g.sloKey === undefined) continue;
    bySlo.set(g.sloKey, [...(bySlo.get(g.sloKey) ?? []), g]);
  }
  const skipped: BacktestReport["skipped"] = [];
  const runs = new Map<string, SloRun>();
  let origin = SCENARIO_ORIGIN;
  const specs = scenarioSpecs().filter(
    (s) => options.scenarios === undefined || options.scenarios.includes(s.id),
  );
  for (const [key, own] of bySlo) {
    if (!own.some(hasAlerts)) continue;
    const { slo, service } = own[0]!;
    // Strategies: the SLO's recordings (the last strategy reads them), the workbook's alerts.
    const sloGroups = options.strategies
      ? [
          ...own.map((g) => ({
            ...g,
            group: { ...g.group, rules: g.group.rules.filter((r) => "record" in r) },
          })),
          { ...own[0]!, group: strategyGroup(service, slo!) },
        ]
      : own;
    const series = syntheticSliSeries(slo!.sli);
    if (series === undefined) {
      skipped.push({
        slo: key,
        reason: `no scenarios for its ${slo!.sli.kind} SLI (generated for latency and availability SLIs, and events or raw-ratio SLIs with one counter or per-step count per side; log SLIs run in Loki); use --history`,
      });
      continue;
    }
    // Every window full before a scenario, and every alert reset before the next.
    const quietSeconds =
      Math.max(3600, ...resolveTiers(slo!).map((t) => t.longWindowSeconds + t.forSeconds)) + 3600;
    const eb = errorBudget(slo!.objective);
    const timeline = buildTimeline(specs, { origin, quietSeconds, errorBudget: eb, series });
    // No samples between SLOs for longer than any window: one SLO's data never reaches another's rules.
    origin = Math.ceil((timeline.range.end + quietSeconds) / 3600) * 3600;
    const budgetEvents = eb * BASE_EVENTS * (durationSeconds(slo!.period) / SCRAPE_SECONDS);
    // Recall counts the incidents some tier is meant to catch: those spending at least the
    // smallest budget share a tier fires at (explain's "budget spent"); smaller ones still
    // make fires during them true positives.
    const smallest = Math.min(
      ...resolveTiers(slo!).map((t) =>
        budgetSpentAtFire(t.factor, t.longWindowSeconds, durationSeconds(slo!.period)),
      ),
    );
    const incidents = timeline.scenarios
      .filter((s) => s.incident)
      .map(
        (s): Incident => ({
          start: s.start,
          end: s.end,
          slo: key,
          scenario: s.id,
          significant: s.badEvents / budgetEvents >= smallest * (1 - 1e-9),
        }),
      );
    runs.set(key, { groups: sloGroups, timeline, incidents, budgetEvents });
  }
  const placed: ReplayGroup[] = [...runs].flatMap(([key, run]) =>
    run.groups.map((g) => ({ group: g.group, range: run.timeline.range, tag: key })),
  );
  const outcomes =
    placed.length === 0
      ? []
      : await replay({
          history: [...runs.values()].flatMap((r) => r.timeline.series),
          groups: placed,
          ...engineOptions(options),
        });
  const alerts = outcomes.map((o) => {
    const run = runs.get(o.tag!)!;
    const g = run.groups.find((x) => x.group.name === o.group)!;
    const id = who(g, o);
    const budget = (incident: Incident, firedAt: number) =>
      (run.timeline.badSoFar(firedAt) - run.timeline.badSoFar(incident.start)) / run.budgetEvents;
    // Scenarios are error-rate problems: a no-data alert is not meant to catch them.
    const incidents =
      id.tier === "no-data"
        ? run.incidents.map((i) => ({ ...i, significant: false }))
        : run.incidents;
    const score = scoreAlert({ ...id, range: o.range, episodes: o.episodes }, incidents, budget);
    return alertReport(id, score, {
      ...limit(g, o),
      scenarios: perScenario(run, o.episodes, score),
    });
  });
  return {
    source: "scenarios",
    alerts,
    skipped,
    timelines: scenarioTimelines(runs, outcomes, options.strategies === true),
  };
}

/** Per SLO: the generated ratio, its tiers' thresholds, the incidents and what each alert did. */
function scenarioTimelines(
  runs: ReadonlyMap<string, SloRun>,
  outcomes: readonly AlertOutcome[],
  strategies: boolean,
): BacktestTimeline[] {
  return [...runs].map(([key, run]) =>
    sloTimeline({
      slo: key,
      range: run.timeline.range,
      errorRatio: run.timeline.ratioSteps,
      // Strategies replay the workbook's own alerts, not the SLO's tiers.
      ...(!strategies && { thresholds: sloThresholds(run.groups[0]!.slo!) }),
      incidents: run.incidents,
      alerts: outcomes
        .filter((o) => o.tag === key)
        .map((o) => ({
          ...who(run.groups.find((x) => x.group.name === o.group)!, o),
          episodes: o.episodes,
        })),
    }),
  );
}

/** Episodes by the scenario they started in (or the quiet time after it); steady = before the first. */
function perScenario(run: SloRun, episodes: Episode[], score: AlertScore): ScenarioOutcome[] {
  const { scenarios, range } = run.timeline;
  const starts = [range.start, ...scenarios.map((s) => s.start), range.end];
  const rows = [{ id: STEADY, incident: false }, ...scenarios];
  return rows.map((s, k): ScenarioOutcome => {
    const fires = episodes.filter(
      (e) => e.firedAt >= starts[k]! && e.firedAt < starts[k + 1]!,
    ).length;
    const outcome = score.incidents.find((o) => o.incident.scenario === s.id);
    return {
      scenario: s.id,
      incident: s.incident,
      significant: outcome?.incident.significant !== false && s.incident,
      fires,
      detectionSeconds: outcome?.detectionSeconds ?? null,
      resetSeconds: outcome?.resetSeconds ?? null,
      budgetSpent: outcome?.budgetSpent ?? null,
    };
  });
}
