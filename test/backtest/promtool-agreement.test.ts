import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import type { Episode } from "../../src/backtest/alert-state.ts";
import { estateGroups } from "../../src/backtest/estate-rules.ts";
import { type AlertOutcome, type EngineName, replay } from "../../src/backtest/replay.ts";
import { SCENARIO_ORIGIN } from "../../src/backtest/run.ts";
import type { Slo } from "../../src/model/slo.ts";
import { buildTimeline, scenarioSpecs, type Timeline } from "../../src/backtest/scenarios.ts";
import { labelKey } from "../../src/backtest/series.ts";
import { syntheticSliSeries } from "../../src/backtest/sli-series.ts";
import { toYaml } from "../../src/emit/serialize.ts";
import { validateProject } from "../../src/pipeline/project.ts";
import { errorBudget } from "../../src/slo/burn-rate.ts";
import type { PrometheusRuleGroup } from "../../src/targets/prometheus/rule-file.ts";
import { DEFINITIONS, PROJECT_ROOT } from "../helpers/paths.ts";
import { promtool } from "../helpers/promtool.ts";
import { tempDir } from "../helpers/temp.ts";

/**
 * The backtest's firing times against promtool's rule-test engine (the
 * rule manager itself, run by `promtool test rules`) on generated scenarios:
 * the same series (from time 0, as promtool's input series start there) and
 * the same compiled rules. Around every time the backtest says an alert
 * fired or resolved, one evaluation interval before and one after, promtool
 * must report exactly the alerts the backtest has firing then, so each of
 * promtool's transitions lies within one interval of the backtest's.
 *
 * Both engines are checked. VictoriaMetrics replays the series a day-aligned
 * origin later (vmalert asks for start=0 at time 0, which VictoriaMetrics
 * reads as "unset"), and its times are shifted back: the rules do not read
 * the clock, so the shift changes nothing else.
 */
const INTERVAL = 60;
let groups: PrometheusRuleGroup[];
let timeline: Timeline;
let slo: Slo;
const outcomes = new Map<EngineName, AlertOutcome[]>();

beforeAll(async () => {
  const validated = await validateProject({ definitions: DEFINITIONS, cwd: PROJECT_ROOT });
  if (!validated.ok) throw new Error("definitions/ must be valid");
  const mine = estateGroups(validated.value.estate).filter(
    (g) => g.sloKey === "checkout-api/availability",
  );
  // The SLO's alerts have no `for`; these read its SLI with `for` and `keep_firing_for`,
  // so the pending and keep-firing states are compared too.
  const sli = 'slo:sli_error:ratio_rate5m{sloth_id="checkout-api-availability"}';
  const extra: PrometheusRuleGroup = {
    name: "agreement-states",
    rules: [
      { alert: "HeldFiveMinutes", expr: `${sli} > 0.01`, for: "5m" },
      { alert: "KeptFiring", expr: `${sli} > 0.05`, for: "2m", keep_firing_for: "7m" },
    ],
  };
  groups = [...mine.map((g) => g.group), extra];
  slo = mine[0]!.slo!;
  timeline = scenarioTimeline(0);
}, 120_000);

function scenarioTimeline(origin: number): Timeline {
  const specs = scenarioSpecs().filter((s) =>
    ["100x-1h", "spike-2m", "flapping-2h", "14.4x-1h"].includes(s.id),
  );
  return buildTimeline(specs, {
    origin,
    quietSeconds: 2 * 3600,
    errorBudget: errorBudget(slo.objective),
    series: syntheticSliSeries(slo.sli)!,
  });
}

/** Replay in `engine` from `origin`, episode times shifted back to the timeline from 0. */
async function replayFrom(engine: EngineName, origin: number): Promise<AlertOutcome[]> {
  const shifted = scenarioTimeline(origin);
  const back = (t: number) => t - origin;
  const replayed = await replay({
    engine,
    history: shifted.series,
    groups: groups.map((group) => ({ group, range: shifted.range })),
  });
  return replayed.map((o) => ({
    ...o,
    episodes: o.episodes.map((e) => ({
      ...e,
      activeAt: back(e.activeAt),
      firedAt: back(e.firedAt),
      resolvedAt: e.resolvedAt === null ? null : back(e.resolvedAt),
    })),
  }));
}

/** The alerts (without alertname, as promtool's exp_labels) the backtest has firing at `t`. */
function firingAt(engine: EngineName, t: number, alert: string): Array<Record<string, string>> {
  return outcomes
    .get(engine)!
    .filter((o) => o.rule.alert === alert)
    .flatMap((o) => o.episodes)
    .filter((e) => e.firedAt <= t && (e.resolvedAt === null || t < e.resolvedAt))
    .map(({ labels: { alertname: _, ...rest } }) => rest)
    .sort((a, b) => (labelKey(a) < labelKey(b) ? -1 : 1));
}

function transitions(episodes: Episode[]): number[] {
  return episodes.flatMap((e) => (e.resolvedAt === null ? [e.firedAt] : [e.firedAt, e.resolvedAt]));
}

describe.each([
  { engine: "prometheus" as const, origin: 0 },
  { engine: "victoria-metrics" as const, origin: SCENARIO_ORIGIN },
])("backtest firing times agree with promtool test rules ($engine)", ({ engine, origin }) => {
  test("every fire and resolve is within one evaluation interval of promtool's", async () => {
    outcomes.set(engine, await replayFrom(engine, origin));
    const names = [...new Set(outcomes.get(engine)!.map((o) => o.rule.alert))];
    const episodes = outcomes.get(engine)!.flatMap((o) => o.episodes);
    // The scenarios make alerts fire, flap and resolve: there is something to agree on.
    expect(episodes.length).toBeGreaterThan(10);
    const times = new Set<number>();
    for (const x of transitions(episodes)) {
      for (const t of [x - INTERVAL, x + INTERVAL])
        if (t >= 0 && t < timeline.range.end) times.add(t);
    }
    // And mid-way through every scenario and the quiet time before it.
    for (const s of timeline.scenarios)
      times.add(s.start - 3600).add(Math.floor((s.start + s.end) / 120) * 60);
    const checks = [...times]
      .sort((a, b) => a - b)
      .flatMap((t) =>
        names.map((alertname) => ({
          eval_time: `${t}s`,
          alertname,
          exp_alerts: firingAt(engine, t, alertname).map((labels) => ({ exp_labels: labels })),
        })),
      );
    const dir = await tempDir();
    // Annotations do not change when an alert fires; without them exp_alerts need only labels.
    const rules = groups.map((g) => ({
      ...g,
      rules: g.rules.map((r) => ("alert" in r ? { ...r, annotations: undefined } : r)),
    }));
    await writeFile(join(dir, "rules.yml"), toYaml({ groups: rules }));
    await writeFile(
      join(dir, "test.yml"),
      toYaml({
        rule_files: ["rules.yml"],
        evaluation_interval: `${INTERVAL}s`,
        // Without an order promtool runs the groups in map order, so an alert would read its SLI
        // from this evaluation or the one before at random; the backtest reads the same one.
        group_eval_order: groups.map((g) => g.name),
        tests: [
          {
            interval: "1m",
            input_series: timeline.series.map((s) => {
              const { __name__: name, ...labels } = s.labels;
              const set = Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
              return {
                series: `${name}{${set.join(",")}}`,
                values: s.samples.map(([, v]) => v).join(" "),
              };
            }),
            alert_rule_test: checks,
          },
        ],
      }),
    );
    const run = promtool(["test", "rules", "test.yml"], { cwd: dir });
    expect(`${run.stdout}${run.stderr}`.slice(0, 4000)).toContain("SUCCESS");
    expect(run.status).toBe(0);
  }, 120_000);
});
