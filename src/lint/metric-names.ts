/**
 * Naming facts shared by the metric rules: promlint's unit tables
 * (prometheus/client_golang testutil/promlint, as in promtool 2.42) and the
 * OpenTelemetry → Prometheus translation (opentelemetry-specification
 * compatibility/prometheus_and_openmetrics.md; prometheus/otlptranslator).
 */

/** promlint: unit word → the base unit it should be expressed in. */
export const PROMLINT_UNITS: Readonly<Record<string, string>> = {
  amperes: "amperes",
  bytes: "bytes",
  celsius: "celsius",
  grams: "grams",
  joules: "joules",
  kelvin: "kelvin",
  meters: "meters",
  metres: "metres",
  seconds: "seconds",
  volts: "volts",
  minutes: "seconds",
  hours: "seconds",
  days: "seconds",
  weeks: "seconds",
  kelvins: "kelvin",
  fahrenheit: "celsius",
  rankine: "celsius",
  inches: "meters",
  yards: "meters",
  miles: "meters",
  bits: "bytes",
  calories: "joules",
  pounds: "grams",
  ounces: "grams",
};

export const PROMLINT_UNIT_PREFIXES = [
  "pico",
  "nano",
  "micro",
  "milli",
  "centi",
  "deci",
  "deca",
  "hecto",
  "kilo",
  "kibi",
  "mega",
  "mibi",
  "giga",
  "gibi",
  "tera",
  "tebi",
  "peta",
  "pebi",
] as const;

export const PROMLINT_ABBREVIATIONS = [
  "s",
  "ms",
  "us",
  "ns",
  "sec",
  "b",
  "kb",
  "mb",
  "gb",
  "tb",
  "pb",
  "m",
  "h",
  "d",
] as const;

/** Type names promlint refuses in metric names (client_model's enum, lower-cased, without untyped). */
export const PROMLINT_TYPE_NAMES = [
  "counter",
  "gauge",
  "summary",
  "histogram",
  "gauge_histogram",
] as const;

const UNIT_BY_TOKEN: ReadonlyMap<string, { unit: string; base: string }> = (() => {
  const map = new Map<string, { unit: string; base: string }>();
  for (const [unit, base] of Object.entries(PROMLINT_UNITS)) {
    map.set(unit, { unit, base });
    for (const prefix of PROMLINT_UNIT_PREFIXES)
      map.set(prefix + unit, { unit: prefix + unit, base });
  }
  return map;
})();

/**
 * The unit promlint finds in a name: a `_`-separated token that is exactly a
 * known unit with an optional SI/IEC prefix (so `thermometers` is no unit
 * but `kilometers` is). promlint walks a Go map, so with two unit tokens in
 * one name its pick is random; here the first non-base unit wins, so the
 * finding is the same on every run.
 */
export function promlintUnit(name: string): { unit: string; base: string } | undefined {
  let found: { unit: string; base: string } | undefined;
  for (const token of name.split("_")) {
    const hit = UNIT_BY_TOKEN.get(token);
    if (hit === undefined) continue;
    if (hit.unit !== hit.base) return hit;
    found ??= hit;
  }
  return found;
}

/** `_foo_` inside or `_foo` at the end, as promlint matches types and abbreviations. */
export function hasToken(lowerName: string, token: string): boolean {
  // Same as includes(`_${token}_`) || endsWith(`_${token}`), without building
  // two strings per call: rules call it for every token on every family.
  const end = lowerName.length;
  for (let at = lowerName.indexOf(token, 1); at >= 0; at = lowerName.indexOf(token, at + 1)) {
    if (lowerName.charCodeAt(at - 1) !== 95) continue;
    const after = at + token.length;
    if (after === end || lowerName.charCodeAt(after) === 95) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------
// OpenTelemetry

/** UCUM unit → the word the OTLP→Prometheus translation appends (specification table). */
export const UCUM_UNIT_WORDS: Readonly<Record<string, string>> = {
  d: "days",
  h: "hours",
  min: "minutes",
  s: "seconds",
  ms: "milliseconds",
  us: "microseconds",
  ns: "nanoseconds",
  By: "bytes",
  KiBy: "kibibytes",
  MiBy: "mebibytes",
  GiBy: "gibibytes",
  TiBy: "tebibytes",
  kBy: "kilobytes",
  MBy: "megabytes",
  GBy: "gigabytes",
  TBy: "terabytes",
  m: "meters",
  V: "volts",
  A: "amperes",
  J: "joules",
  W: "watts",
  g: "grams",
  Cel: "celsius",
  Hz: "hertz",
  "%": "percent",
};

/** Units after `/` read as "per <word>". */
export const UCUM_PER_UNIT_WORDS: Readonly<Record<string, string>> = {
  s: "second",
  m: "minute",
  h: "hour",
  d: "day",
  w: "week",
  mo: "month",
  y: "year",
};

export interface UnitWords {
  /** Word for the main unit (`seconds`), "" when none (`1`, `{request}`). */
  main: string;
  /** Word after `per` (`second` for `By/s`), "" when none. */
  per: string;
  /** False when a part is neither in the table, `1` nor a `{annotation}`: it is appended as written. */
  known: boolean;
}

/** Split a UCUM unit into the words the translation appends to the name. */
export function unitWords(unit: string): UnitWords {
  const slash = unit.indexOf("/");
  const main = slash < 0 ? unit : unit.slice(0, slash);
  const per = slash < 0 ? "" : unit.slice(slash + 1);
  const mainWord = wordFor(main, UCUM_UNIT_WORDS);
  const perWord = wordFor(per, UCUM_PER_UNIT_WORDS);
  return { main: mainWord.word, per: perWord.word, known: mainWord.known && perWord.known };
}

function wordFor(
  part: string,
  table: Readonly<Record<string, string>>,
): { word: string; known: boolean } {
  const bare = part.replace(/\{[^}]*\}/g, "").trim();
  if (bare === "" || bare === "1") return { word: "", known: true };
  const word = table[bare];
  if (word !== undefined) return { word, known: true };
  return { word: sanitizeName(bare).replace(/^_+|_+$/g, ""), known: false };
}

/** Characters outside the legacy name charset become `_`, runs collapse, a leading digit gets `_`. */
export function sanitizeName(name: string): string {
  const out = name.replace(/[^a-zA-Z0-9_:]/g, "_").replace(/_+/g, "_");
  return /^[0-9]/.test(out) ? `_${out}` : out;
}

export type OtelInstrumentKind = "counter" | "gauge" | "histogram" | "summary";

/**
 * The Prometheus name an OTel metric is exported as (otlptranslator's
 * BuildCompliantMetricName with suffixes): tokens of the sanitised name,
 * plus the unit word and `per_<word>` when not already a token, plus
 * `total` for monotonic sums and `ratio` for gauges of unit `1`.
 */
export function otelPrometheusName(
  otelName: string,
  unit: string,
  kind: OtelInstrumentKind,
): string {
  // Tokens are split on invalid characters only, so `used_after` stays one token (as upstream).
  let tokens = otelName.split(/[^a-zA-Z0-9_:]+/).filter((t) => t !== "");
  const words = unitWords(unit);
  if (words.main !== "" && !tokens.includes(words.main)) tokens.push(words.main);
  if (words.per !== "" && !tokens.includes(words.per)) tokens.push("per", words.per);
  if (kind === "counter") tokens = [...tokens.filter((t) => t !== "total"), "total"];
  if (unit === "1" && kind === "gauge") tokens = [...tokens.filter((t) => t !== "ratio"), "ratio"];
  const name = tokens.join("_");
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** Every word a unit can turn into, for "unit appears twice" and "wrong unit" checks. */
export const UNIT_WORDS: ReadonlySet<string> = new Set([
  ...Object.values(UCUM_UNIT_WORDS),
  ...Object.keys(PROMLINT_UNITS),
  ...[...UNIT_BY_TOKEN.keys()],
]);

/** The dimension of a unit word, so `seconds` and `milliseconds` count as the same quantity. */
export function unitDimension(word: string): string | undefined {
  const promlint = UNIT_BY_TOKEN.get(word);
  if (promlint !== undefined) return promlint.base === "metres" ? "meters" : promlint.base;
  for (const [ucum, w] of Object.entries(UCUM_UNIT_WORDS)) {
    if (w !== word) continue;
    if (ucum.endsWith("By")) return "bytes";
    if (["d", "h", "min", "s", "ms", "us", "ns"].includes(ucum)) return "seconds";
    return w;
  }
  return undefined;
}
