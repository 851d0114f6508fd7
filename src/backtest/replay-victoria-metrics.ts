import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { toYaml } from "../emit/serialize.ts";
import type {
  PrometheusAlertingRule,
  PrometheusRecordingRule,
} from "../targets/prometheus/rule-file.ts";
import {
  exportSeries,
  forceFlush,
  importOpenMetrics,
  withVictoriaMetrics,
} from "./engine/victoria-metrics.ts";
import { vmalertReplay } from "./engine/vmalert.ts";
import { InputError } from "./inputs.ts";
import {
  type AlertOutcome,
  alertOutcome,
  alignedRange,
  type EngineRun,
  evaluationTimes,
  type Placed,
} from "./outcome.ts";
import type { Series } from "./series.ts";

/** The label that tells which replayed rule an `ALERTS` series belongs to. */
const RULE_LABEL = "obsforge_backtest_rule";

/**
 * VictoriaMetrics: the history is imported over HTTP into one server that
 * runs the whole replay; each pass is a `vmalert -replay` run that writes
 * its recordings back by remote write, and the alerts are one more, whose
 * `ALERTS` series (pending or firing, one sample per evaluation their
 * condition held) are read back and run through the rule manager's states
 * (vmalert 1.79 has no `keep_firing_for`, and the same states make the
 * engines comparable).
 */
export async function replayInVictoriaMetrics(run: EngineRun): Promise<AlertOutcome[]> {
  if (run.alerting.length === 0) return [];
  return await withVictoriaMetrics(
    run.dir,
    async (vm) => {
      await importOpenMetrics(vm, run.history);
      for (const [n, pass] of run.passes.entries())
        await replayRules(vm.url, run, `pass-${n}`, pass.map(recordingForVmalert));
      await replayRules(
        vm.url,
        run,
        "alerts",
        run.alerting.map((placed, i) => alertingForVmalert(placed, String(i))),
      );
      const ranges = run.alerting.map((a) => a.group.range);
      const all = {
        start: Math.min(...ranges.map((r) => r.start)),
        end: Math.max(...ranges.map((r) => r.end)),
      };
      const byRule = new Map<string, Series[]>();
      for (const s of await exportSeries(vm.url, `ALERTS{${RULE_LABEL}!=""}`, all)) {
        const id = s.labels[RULE_LABEL]!;
        byRule.set(id, [...(byRule.get(id) ?? []), s]);
      }
      // Pending and firing are two series of one alert: the states come from the times.
      return run.alerting.map((placed, i) =>
        alertOutcome(placed, byRule.get(String(i)) ?? [], vmalertLabels),
      );
    },
    run.signal,
  );
}

/** A rule as vmalert reads it, and where it is evaluated. */
interface VmalertRule {
  placed: Placed<PrometheusRecordingRule | PrometheusAlertingRule>;
  rule: Record<string, unknown>;
}

/** Group labels go on the rule (Prometheus adds both; rule labels win). */
function ruleLabels(placed: VmalertRule["placed"]): Record<string, string> {
  return { ...placed.group.group.labels, ...placed.rule.labels };
}

function recordingForVmalert(placed: Placed<PrometheusRecordingRule>): VmalertRule {
  const { record, expr } = placed.rule;
  return { placed, rule: { record, expr, labels: ruleLabels(placed) } };
}

/**
 * Annotations do not change when an alert fires (and vmalert would check
 * their templates); `keep_firing_for` is applied to what comes back, as
 * vmalert 1.79 does not know it. The rule label finds the alert again among
 * alerts of one name.
 */
function alertingForVmalert(placed: Placed<PrometheusAlertingRule>, id: string): VmalertRule {
  const { alert, expr } = placed.rule;
  return {
    placed,
    rule: {
      alert,
      expr,
      ...(placed.rule.for !== undefined && { for: placed.rule.for }),
      labels: { ...ruleLabels(placed), [RULE_LABEL]: id },
    },
  };
}

/**
 * One vmalert run per interval and range (its flags set one step and one
 * range for the whole file), over the first to the last evaluation time of
 * the Prometheus engine; then VictoriaMetrics makes the writes visible.
 */
async function replayRules(
  url: string,
  run: EngineRun,
  name: string,
  rules: readonly VmalertRule[],
): Promise<void> {
  const runs = new Map<string, VmalertRule[]>();
  for (const r of rules) {
    const { interval, group } = r.placed;
    const key = `${interval} ${group.range.start} ${group.range.end}`;
    runs.set(key, [...(runs.get(key) ?? []), r]);
  }
  for (const [n, own] of [...runs.values()].entries()) {
    const { interval, group } = own[0]!.placed;
    const times = evaluationTimes(group.range, interval);
    if (times.length === 0) continue;
    const from = alignedRange(group.range, interval).start;
    // vmalert would ask for start=0, which VictoriaMetrics reads as "no start": nothing comes back.
    if (from <= 0)
      throw new InputError(
        "the victoria-metrics engine cannot replay from Unix time 0 or before; use --engine prometheus",
      );
    const groups = new Map<string, Record<string, unknown>[]>();
    for (const r of own) {
      const g = r.placed.group.group.name;
      groups.set(g, [...(groups.get(g) ?? []), r.rule]);
    }
    const file = join(run.dir, `${name}-${n}.yml`);
    await writeFile(
      file,
      toYaml({
        groups: [...groups].map(([g, groupRules]) => ({
          name: g,
          interval: `${interval}s`,
          rules: groupRules,
        })),
      }),
    );
    await vmalertReplay({
      url,
      rulesFile: file,
      from,
      to: times[times.length - 1]!,
      step: interval,
      signal: run.signal,
    });
  }
  await forceFlush(url);
}

/**
 * The alert's labels as Prometheus has them: vmalert's `ALERTS` labels
 * without its state, the group name it adds (`alertgroup`) and our rule label.
 */
function vmalertLabels(series: Series): Record<string, string> {
  const {
    __name__: _,
    alertstate: _state,
    alertgroup: _group,
    [RULE_LABEL]: _rule,
    ...labels
  } = series.labels;
  return labels;
}
