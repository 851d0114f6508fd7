/**
 * The one escaping module. PromQL and LogQL string literals both follow Go's
 * string-literal syntax (Prometheus and Loki unquote them with
 * strconv.Unquote), so every user value that ends up inside a query
 * (label values, regexes, line filters) goes through `quoteString`.
 */

const SIMPLE_ESCAPES: Record<string, string> = {
  "\\": "\\\\",
  '"': '\\"',
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

/** What `quoteString` writes other than as it is (surrogates: a lone one becomes U+FFFD). */
const NEEDS_ESCAPE = /[\\"\x00-\x1f\x7f\ufffd\ud800-\udfff]/;

/**
 * Quote `value` as a double-quoted PromQL/LogQL string literal that decodes
 * back to exactly `value`. Control characters become `\xHH`; everything else
 * (including non-ASCII) is written as is, since both languages read UTF-8.
 * Lone UTF-16 surrogates cannot be encoded in UTF-8 and become U+FFFD, as
 * they would when the rule file is written. U+FFFD itself is written
 * `\ufffd`: Prometheus's lexer reads a literal one as a decoding error and
 * refuses the query (`invalid UTF-8 rune`, promtool 2.42).
 */
export function quoteString(value: string): string {
  // Most values (job names, routes, codes) need no escape: skip the per-character walk.
  if (!NEEDS_ESCAPE.test(value)) return `"${value}"`;
  let out = '"';
  for (const ch of value.toWellFormed()) {
    const simple = SIMPLE_ESCAPES[ch];
    if (simple !== undefined) out += simple;
    else if (ch === "\ufffd") out += "\\ufffd";
    else if (ch < " " || ch === "\x7f")
      out += `\\x${ch.charCodeAt(0).toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Characters RE2 treats as syntax; a literal match needs them backslashed. */
const RE2_META = /[\\.+*?()|[\]{}^$]/g;

/** Escape `value` so that, as an RE2 regex, it matches exactly that text. */
export function escapeRegex(value: string): string {
  return value.replace(RE2_META, "\\$&");
}

const NEEDS_DECODING = /[\\\n\uD800-\uDFFF]/;

const DECODED_ESCAPES: Record<string, number> = {
  a: 7,
  b: 8,
  f: 12,
  n: 10,
  r: 13,
  t: 9,
  v: 11,
  "\\": 92,
  "'": 39,
  '"': 34,
};

/**
 * Decode a string literal as Go's strconv.Unquote does (the reading
 * Prometheus and Loki apply): `"…"` and `'…'` with escapes, `` `…` `` raw.
 * Returns undefined for a malformed literal. Used to read values back out of
 * parsed queries (analysis, import, and the escaping round-trip tests).
 */
export function unquoteString(literal: string): string | undefined {
  const quote = literal[0];
  if (literal.length < 2 || literal[literal.length - 1] !== quote) return undefined;
  const body = literal.slice(1, -1);
  if (quote === "`") return body.includes("`") ? undefined : body;
  if (quote !== '"' && quote !== "'") return undefined;
  // Most literals have no escape: the body is the value (lone surrogates still take the slow path,
  // which decodes them to U+FFFD as Go does).
  if (!NEEDS_DECODING.test(body) && !body.includes(quote)) return body;

  const bytes: number[] = [];
  const encoder = new TextEncoder();
  const pushText = (text: string) => {
    for (const b of encoder.encode(text)) bytes.push(b);
  };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === quote || ch === "\n") return undefined;
    if (ch !== "\\") {
      const cp = body.codePointAt(i)!;
      const text = String.fromCodePoint(cp);
      pushText(text);
      i += text.length - 1;
      continue;
    }
    const esc = body[++i];
    if (esc === undefined) return undefined;
    const simple = DECODED_ESCAPES[esc];
    if (simple !== undefined) {
      bytes.push(simple);
    } else if (esc === "x" || esc === "u" || esc === "U") {
      const width = esc === "x" ? 2 : esc === "u" ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + width);
      if (hex.length !== width || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
      const n = Number.parseInt(hex, 16);
      if (esc === "x") bytes.push(n);
      else if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return undefined;
      else pushText(String.fromCodePoint(n));
      i += width;
    } else if (esc >= "0" && esc <= "7") {
      const oct = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct)) return undefined;
      const n = Number.parseInt(oct, 8);
      if (n > 255) return undefined;
      bytes.push(n);
      i += 2;
    } else {
      return undefined;
    }
  }
  // ignoreBOM keeps a leading U+FEFF: it is part of the value, not a byte-order mark.
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(new Uint8Array(bytes));
}
