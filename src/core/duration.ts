/**
 * Prometheus durations as plain functions, without zod, so code on the
 * lint-metrics hot path can use them without loading the schema library.
 * The schema (`durationSchema`) is the model's, in src/model/duration.ts.
 */
export type DurationUnit = "ms" | "s" | "m" | "h" | "d" | "w" | "y";
/** A Prometheus duration such as `"5m"`, `"1h30m"` or `"28d"`. */
export type Duration =
  | `${number}${DurationUnit}`
  | `${number}${DurationUnit}${number}${DurationUnit}`;

/** Prometheus's duration grammar: units in descending order, each at most once, at least one. */
export const DURATION_RE = /^(?!$)(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$/;

const UNIT_SECONDS: Record<DurationUnit, number> = {
  y: 365 * 86400,
  w: 7 * 86400,
  d: 86400,
  h: 3600,
  m: 60,
  s: 1,
  ms: 0.001,
};

/** The few durations an estate spells (`5m`, `1h`, `30d`), each parsed once; bounded. */
const SECONDS = new Map<string, number>();

export function durationSeconds(d: string): number {
  const known = SECONDS.get(d);
  if (known !== undefined) return known;
  let total = 0;
  for (const m of d.matchAll(/(\d+)(ms|y|w|d|h|m|s)/g)) {
    total += Number(m[1]) * UNIT_SECONDS[m[2] as DurationUnit];
  }
  if (SECONDS.size >= 1024) SECONDS.clear();
  SECONDS.set(d, total);
  return total;
}

/**
 * Prometheus's own spelling of a duration (model.Duration.String): largest
 * units first, `90` → `1m30s`, with years and weeks only when they divide
 * exactly (28 days → `4w`, 30 days → `30d`). Sloth names its period rules
 * with it (`slo:sli_error:ratio_rate4w`), so the same rule is used here.
 */
export function formatDuration(seconds: number): Duration {
  let rest = Math.round(seconds * 1000);
  if (rest <= 0) return "0s";
  let out = "";
  const units: [DurationUnit, boolean][] = [
    ["y", true],
    ["w", true],
    ["d", false],
    ["h", false],
    ["m", false],
    ["s", false],
    ["ms", false],
  ];
  for (const [unit, exact] of units) {
    const size = UNIT_SECONDS[unit] * 1000;
    if (exact && rest % size !== 0) continue;
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out as Duration;
}
