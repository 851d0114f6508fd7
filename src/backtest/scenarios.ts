import type { EventCounts, SyntheticSeries } from "./sli-series.ts";
import type { Series, TimeRange } from "./series.ts";

/** Seconds between samples of generated history (a common scrape interval). */
export const SCRAPE_SECONDS = 60;
/** Events per scrape step of steady traffic: 10 requests per second. */
export const BASE_EVENTS = 600;

/** One generated situation: error ratio and traffic per step, and whether it is a real problem. */
export interface ScenarioSpec {
  id: string;
  minutes: number;
  /** A labelled incident (it burns budget faster than the SLO allows). */
  incident: boolean;
  /** Error ratio at step `i` of the scenario, for error budget `eb`. */
  ratio: (i: number, eb: number) => number;
  /** Events at step `i`. */
  traffic: (i: number) => number;
  /** Whole events only (low traffic and diurnal nights: errors come one at a time). */
  whole: boolean;
}

const steadyRatio = (_i: number, eb: number) => 0.5 * eb;
const base = () => BASE_EVENTS;

function incident(multiple: number, minutes: number, label: string): ScenarioSpec {
  return {
    id: `${label}x-${minutes >= 60 ? `${minutes / 60}h` : `${minutes}m`}`,
    minutes,
    incident: true,
    ratio: (_i, eb) => Math.min(1, multiple * eb),
    traffic: base,
    whole: false,
  };
}

/**
 * The generated scenarios, after a warm-up of steady traffic at half the
 * budget rate (where nothing may fire): incidents at 2×, 6×, 14.4× and 100×
 * the budget rate for 5 minutes, 1 hour and 6 hours (the workbook's tier
 * thresholds sit between them), a 2-minute total outage, an error rate
 * flapping between 100× and 0.5× every 5 minutes for 2 hours, two days of
 * diurnal traffic (night at a fifth of the day's) and a day of 1 request per
 * minute, both at 0.5×.
 */
export function scenarioSpecs(): ScenarioSpec[] {
  const out: ScenarioSpec[] = [];
  for (const [multiple, label] of [
    [2, "2"],
    [6, "6"],
    [14.4, "14.4"],
    [100, "100"],
  ] as const) {
    for (const minutes of [5, 60, 360]) out.push(incident(multiple, minutes, label));
  }
  out.push({
    id: "spike-2m",
    minutes: 2,
    incident: true,
    ratio: () => 1,
    traffic: base,
    whole: false,
  });
  out.push({
    id: "flapping-2h",
    minutes: 120,
    incident: true,
    ratio: (i, eb) => (Math.floor(i / 5) % 2 === 0 ? Math.min(1, 100 * eb) : 0.5 * eb),
    traffic: base,
    whole: false,
  });
  out.push({
    id: "diurnal-2d",
    minutes: 2 * 1440,
    incident: false,
    ratio: steadyRatio,
    // Peak at noon UTC, night at a fifth of it.
    traffic: (i) => BASE_EVENTS * (0.6 - 0.4 * Math.cos((2 * Math.PI * i) / 1440)),
    whole: true,
  });
  out.push({
    id: "low-traffic-1d",
    minutes: 1440,
    incident: false,
    ratio: steadyRatio,
    traffic: () => 1,
    whole: true,
  });
  return out;
}

export const STEADY = "steady";

/** Where each scenario landed on the timeline. */
export interface PlacedScenario extends TimeRange {
  id: string;
  incident: boolean;
  /** Bad events during the scenario. */
  badEvents: number;
}

export interface Timeline {
  range: TimeRange;
  scenarios: PlacedScenario[];
  series: Series[];
  /** The generated error ratio from each time it changes (a step function), for the timeline chart. */
  ratioSteps: Array<[number, number]>;
  /** Bad events so far at time `t` (budget spent between two times). */
  badSoFar: (t: number) => number;
}

/**
 * Lay scenarios end to end on one SLO's timeline from `origin`: a warm-up of
 * `quietSeconds` steady traffic first (every window full before the first
 * scenario), and as long again after each scenario, so every alert has reset
 * before the next begins. Samples are taken every scrape step; the synthetic
 * series turn the events into the SLI's raw series.
 */
export function buildTimeline(
  specs: readonly ScenarioSpec[],
  options: {
    origin: number;
    quietSeconds: number;
    errorBudget: number;
    series: readonly SyntheticSeries[];
  },
): Timeline {
  const quiet = Math.ceil(options.quietSeconds / SCRAPE_SECONDS);
  const steady: ScenarioSpec = {
    id: STEADY,
    minutes: quiet,
    incident: false,
    ratio: steadyRatio,
    traffic: base,
    whole: false,
  };
  const segments = [steady, ...specs.flatMap((s) => [s, steady])];
  const samples = options.series.map(() => [] as Array<[number, number]>);
  const bad: number[] = [];
  const counts: EventCounts = { good: 0, bad: 0, goodSoFar: 0, badSoFar: 0 };
  // Whole events: keep the fractions owed and let an event through once one is due.
  let owedGood = 0;
  let owedBad = 0;
  let step = 0;
  const scenarios: PlacedScenario[] = [];
  const ratioSteps: Array<[number, number]> = [];
  const sample = () => {
    const t = options.origin + step * SCRAPE_SECONDS;
    options.series.forEach((s, k) => {
      samples[k]!.push([t, s.value(counts)]);
    });
    bad.push(counts.badSoFar);
  };
  sample();
  for (const seg of segments) {
    const start = options.origin + step * SCRAPE_SECONDS;
    const badBefore = counts.badSoFar;
    // Whole events round half up from each segment's start, whatever came before it.
    if (seg.whole) {
      owedGood = 0.5;
      owedBad = 0.5;
    }
    for (let i = 0; i < seg.minutes; i++) {
      const events = seg.traffic(i);
      const ratio = seg.ratio(i, options.errorBudget);
      if (ratioSteps.at(-1)?.[1] !== ratio)
        ratioSteps.push([options.origin + step * SCRAPE_SECONDS, ratio]);
      let g = events * (1 - ratio);
      let b = events * ratio;
      if (seg.whole) {
        owedGood += g;
        owedBad += b;
        g = Math.floor(owedGood);
        b = Math.floor(owedBad);
        owedGood -= g;
        owedBad -= b;
      }
      counts.good = g;
      counts.bad = b;
      counts.goodSoFar += g;
      counts.badSoFar += b;
      step++;
      sample();
    }
    if (seg !== steady) {
      scenarios.push({
        id: seg.id,
        incident: seg.incident,
        start,
        end: start + seg.minutes * SCRAPE_SECONDS,
        badEvents: counts.badSoFar - badBefore,
      });
    }
  }
  const range = { start: options.origin, end: options.origin + step * SCRAPE_SECONDS + 1 };
  return {
    range,
    scenarios,
    series: options.series.map((s, k) => ({ labels: s.labels, samples: samples[k]! })),
    ratioSteps,
    badSoFar: (t) =>
      bad[
        Math.max(0, Math.min(bad.length - 1, Math.floor((t - options.origin) / SCRAPE_SECONDS)))
      ]!,
  };
}
