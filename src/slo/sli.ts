import type { Sli } from "../model/slo.ts";
import { selector } from "../promql/query.ts";
import type { Matchers } from "../core/label-matchers.ts";
import { renderWindow } from "../core/window.ts";

/**
 * Which ruler records the SLI ratio: LogQL SLIs are recorded by Loki (which
 * remote-writes the series to Prometheus); everything else by Prometheus.
 * The budget, burn-rate and alert rules always run in Prometheus.
 */
export function sliRecordedBy(sli: Sli): "prometheus" | "loki" {
  return sli.kind === "logs" ? "loki" : "prometheus";
}

export interface SliQueries {
  /** The SLI error ratio over `window`, as the SLI recording rule writes it. */
  errorRatio(window: string): string;
  /** Events (or samples) per window, for the low-traffic guard; absent for raw SLIs. */
  total?: (window: string) => string;
}

/**
 * One function per SLI kind. Events and raw SLIs keep Sloth's exact shape,
 * `(errors)\n/\n(total)` and `(raw)`, so imported specs produce Sloth's
 * expressions. Latency and availability are built from the catalogue
 * metric with the escaping selector helper.
 */
export function sliQueries(sli: Sli): SliQueries {
  switch (sli.kind) {
    case "events": {
      const total = (w: string) => renderWindow(sli.totalQuery, w);
      if (sli.errorQuery !== undefined) {
        const errors = sli.errorQuery;
        return { errorRatio: (w) => `(${renderWindow(errors, w)})\n/\n(${total(w)})\n`, total };
      }
      const good = sli.goodQuery!;
      return {
        errorRatio: (w) => `1 - (\n(${renderWindow(good, w)})\n/\n(${total(w)})\n)\n`,
        total,
      };
    }
    case "raw":
      return { errorRatio: (w) => `(${renderWindow(sli.errorRatioQuery, w)})\n` };
    case "latency": {
      // Requests slower than the threshold = all requests − those in the `le` bucket.
      const matchers = sli.matchers as Matchers;
      const count = (w: string) => `sum(rate(${selector(`${sli.metric}_count`, matchers)}[${w}]))`;
      const fast = (w: string) =>
        `sum(rate(${selector(`${sli.metric}_bucket`, { ...matchers, le: String(sli.threshold) })}[${w}]))`;
      return { errorRatio: (w) => `(${count(w)} - ${fast(w)})\n/\n(${count(w)})\n`, total: count };
    }
    case "logs":
      // The events shape, evaluated by Loki's ruler. A window without error
      // lines has no error series at all (a counter would read 0), so the
      // ratio would vanish and the no-data alert fire on a perfect day;
      // `or vector(0)` keeps it at 0. No `total`: the low-traffic guard sits
      // in a Prometheus alert, which cannot run LogQL.
      return {
        errorRatio: (w) =>
          `(${renderWindow(sli.errorQuery, w)} or vector(0))\n/\n(${renderWindow(sli.totalQuery, w)})\n`,
      };
    case "availability": {
      // Event-weighted: every sample of every target counts once, as Pyrra's bool_gauge does.
      const series = selector(sli.metric, sli.matchers as Matchers);
      const samples = (w: string) => `sum(count_over_time(${series}[${w}]))`;
      const up = (w: string) => `sum(sum_over_time(${series}[${w}]))`;
      return {
        errorRatio: (w) => `(${samples(w)} - ${up(w)})\n/\n(${samples(w)})\n`,
        total: samples,
      };
    }
  }
}
