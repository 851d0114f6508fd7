/** The number grammars of the two formats, checked as the reference parsers check them. */

/** Go's strconv.ParseFloat as expfmt calls it (no hex, no `_`), including its range check. */
const GO_FLOAT_RE = /^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)$/;
const GO_SPECIAL_RE = /^(?:[+-]?(?:inf|infinity)|nan)$/i;

export function isGoFloat(token: string): boolean {
  if (GO_FLOAT_RE.test(token)) {
    // Without an exponent only an absurdly long literal can overflow a float64.
    if (token.length < 300 && token.indexOf("e") < 0 && token.indexOf("E") < 0) return true;
    return Number.isFinite(Number(token));
  }
  return GO_SPECIAL_RE.test(token);
}

/** Go's strconv.ParseInt(token, 10, 64). */
export function isGoInt64(token: string): boolean {
  if (!/^[+-]?\d+$/.test(token)) return false;
  // Up to 18 digits always fit; only longer ones need the exact comparison.
  if (token.length <= 18) return true;
  const value = BigInt(token);
  return value <= 9223372036854775807n && value >= -9223372036854775808n;
}

/** OpenMetrics numbers: decimal floats, `[+-]Inf` and `NaN` (ABNF `realnumber` plus the specials). */
const OM_FLOAT_RE = /^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)$/;
const OM_SPECIAL_RE = /^(?:[+-]?inf(?:inity)?|nan)$/i;

export function parseOmNumber(token: string): number | undefined {
  if (OM_FLOAT_RE.test(token)) return Number(token);
  if (OM_SPECIAL_RE.test(token)) {
    const lower = token.toLowerCase();
    return lower === "nan" ? Number.NaN : lower.startsWith("-") ? -Infinity : Infinity;
  }
  return undefined;
}
