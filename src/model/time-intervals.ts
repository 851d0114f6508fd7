import { z } from "zod";

/**
 * One Alertmanager time interval (`time_intervals[].time_intervals[]`):
 * every field given must match, a field left out matches always. Ranges are
 * inclusive (`monday:friday`, `1:5`), `times` end exclusively, and day of
 * month counts back from the month's end when negative (`-1` is the last
 * day). Alertmanager's syntax, checked here so amtool need not find it.
 */

export const WEEKDAYS = [
  "sunday",
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
] as const;

export const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
] as const;

const WEEKDAY = `(${WEEKDAYS.join("|")})`;
const MONTH = `(${MONTHS.join("|")}|[1-9]|1[0-2])`;
const DAY = "(-?([1-9]|[12][0-9]|3[01]))";
const YEAR = "([0-9]{4})";

const range = (item: string) => new RegExp(`^${item}(:${item})?$`);

export const WEEKDAY_RANGE_RE = range(WEEKDAY);
export const MONTH_RANGE_RE = range(MONTH);
export const DAY_RANGE_RE = range(DAY);
export const YEAR_RANGE_RE = range(YEAR);
export const CLOCK_RE = /^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$/;

/**
 * Alertmanager refuses a range that ends before it starts ("start day
 * cannot be before end day"): `saturday:sunday` is two entries,
 * `saturday` and `sunday`. Days of month of opposite signs are exempt
 * (`1:-1` is the whole month).
 */
function ordered(position: (item: string) => number) {
  return (range: string) => {
    const [from, to] = range.split(":");
    if (to === undefined) return true;
    const a = position(from!);
    const b = position(to);
    return Math.sign(a) !== Math.sign(b) || a <= b;
  };
}

const ranges = (re: RegExp, example: string, position: (item: string) => number) =>
  z
    .array(
      z
        .string()
        .regex(re, { error: `expected a value or range such as ${example}` })
        .refine(ordered(position), {
          error: `expected a range whose start is not after its end (Alertmanager refuses it; list both ends instead), such as ${example}`,
        }),
    )
    .min(1)
    .optional();

export const weekdayIndex = (s: string) => WEEKDAYS.indexOf(s as (typeof WEEKDAYS)[number]);
export const monthNumber = (s: string) =>
  /^\d+$/.test(s) ? Number(s) : MONTHS.indexOf(s as (typeof MONTHS)[number]) + 1;

function validTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const timeRangeSchema = z
  .strictObject({
    start: z.string().regex(CLOCK_RE, { error: 'expected a time of day such as "09:00"' }),
    end: z.string().regex(CLOCK_RE, { error: 'expected a time of day such as "17:30"' }),
  })
  .refine((t) => t.start < t.end, { error: "expected start before end", path: ["end"] });

export const timeIntervalSchema = z.strictObject({
  times: z.array(timeRangeSchema).min(1).optional(),
  // Weekday indexes start at 1 here so Math.sign never sees a 0.
  weekdays: ranges(WEEKDAY_RANGE_RE, '"monday:friday"', (s) => weekdayIndex(s) + 1),
  daysOfMonth: ranges(DAY_RANGE_RE, '"1:7" or "-1"', Number),
  months: ranges(MONTH_RANGE_RE, '"january:march" or "1:3"', monthNumber),
  years: ranges(YEAR_RANGE_RE, '"2026:2027"', Number),
  location: z
    .string()
    .refine(validTimeZone, { error: 'expected an IANA time zone such as "Europe/Berlin"' })
    .optional(),
});

export type TimeInterval = z.infer<typeof timeIntervalSchema>;
export type TimeIntervalInput = z.input<typeof timeIntervalSchema>;
