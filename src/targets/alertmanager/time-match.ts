import type { NamedTimeInterval } from "../../model/routing.ts";
import {
  monthNumber,
  type TimeInterval,
  WEEKDAYS,
  weekdayIndex,
} from "../../model/time-intervals.ts";
import type { RouteMatch } from "./route-match.ts";

/** The calendar fields of an instant in a time zone (Alertmanager's `location`, UTC by default). */
interface LocalTime {
  year: number;
  month: number;
  day: number;
  weekday: number;
  minutes: number;
  daysInMonth: number;
}

function localTime(at: Date, timeZone: string): LocalTime {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    weekday: "long",
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  const year = Number(get("year"));
  const month = Number(get("month"));
  return {
    year,
    month,
    day: Number(get("day")),
    weekday: WEEKDAYS.indexOf(get("weekday").toLowerCase() as (typeof WEEKDAYS)[number]),
    minutes: Number(get("hour")) * 60 + Number(get("minute")),
    daysInMonth: new Date(Date.UTC(year, month, 0)).getUTCDate(),
  };
}

function inRanges(
  ranges: readonly string[] | undefined,
  value: number,
  parse: (s: string) => number,
): boolean {
  if (ranges === undefined) return true;
  return ranges.some((r) => {
    const [from, to = from] = r.split(":") as [string, string?];
    return value >= parse(from) && value <= parse(to);
  });
}

function clock(s: string): number {
  const [h, m] = s.split(":");
  return Number(h) * 60 + Number(m);
}

/**
 * Whether an instant is inside one time interval, as Alertmanager's
 * timeinterval package decides: every field given must match; `times`
 * include their start and exclude their end; a negative day of month counts
 * from the month's end (-1 is its last day).
 */
export function inTimeInterval(interval: TimeInterval, at: Date): boolean {
  const t = localTime(at, interval.location ?? "UTC");
  if (interval.times !== undefined) {
    const inside = interval.times.some(
      (r) => t.minutes >= clock(r.start) && t.minutes < clock(r.end),
    );
    if (!inside) return false;
  }
  const day = (s: string) => {
    const n = Number(s);
    return n < 0 ? t.daysInMonth + 1 + n : n;
  };
  return (
    inRanges(interval.weekdays, t.weekday, weekdayIndex) &&
    inRanges(interval.daysOfMonth, t.day, day) &&
    inRanges(interval.months, t.month, monthNumber) &&
    inRanges(interval.years, t.year, Number)
  );
}

/** A named interval is active when any of its intervals is. */
export function isActive(named: NamedTimeInterval, at: Date): boolean {
  return named.intervals.some((i) => inTimeInterval(i, at));
}

/**
 * Whether notifications on a matched route are held back at `at`: when one
 * of its mute intervals is active, or when it has active intervals and none
 * of them is (Alertmanager's notify.TimeMuteStage and TimeActiveStage).
 */
export function isMuted(
  match: Pick<RouteMatch, "activeTimeIntervals" | "muteTimeIntervals">,
  intervals: readonly NamedTimeInterval[],
  at: Date,
): boolean {
  const byName = new Map(intervals.map((i) => [i.name, i]));
  const active = (name: string) => {
    const named = byName.get(name);
    return named !== undefined && isActive(named, at);
  };
  if (match.muteTimeIntervals.some(active)) return true;
  return match.activeTimeIntervals.length > 0 && !match.activeTimeIntervals.some(active);
}
