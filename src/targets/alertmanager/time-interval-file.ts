import type { NamedTimeInterval } from "../../model/routing.ts";
import type { AmTimeInterval } from "./config-file.ts";

/**
 * A named time interval in Alertmanager's YAML (its timeinterval package):
 * `times` as `start_time`/`end_time`, ranges as strings (`monday:friday`).
 * Grafana's mute timings read the same YAML, so its provisioning file
 * writes them with this too.
 */
export function amTimeInterval(t: NamedTimeInterval): {
  name: string;
  time_intervals: AmTimeInterval[];
} {
  return {
    name: t.name,
    time_intervals: t.intervals.map((i) => {
      const out: AmTimeInterval = {};
      if (i.times !== undefined)
        out.times = i.times.map((r) => ({ start_time: r.start, end_time: r.end }));
      if (i.weekdays !== undefined) out.weekdays = i.weekdays;
      if (i.daysOfMonth !== undefined) out.days_of_month = i.daysOfMonth;
      if (i.months !== undefined) out.months = i.months;
      if (i.years !== undefined) out.years = i.years;
      if (i.location !== undefined) out.location = i.location;
      return out;
    }),
  };
}
