import fc from "fast-check";

/**
 * Strings people (and attackers) type that have broken parsers before: YAML
 * 1.1 booleans and numbers, YAML indicators, Go-template and PromQL
 * fragments, the SLO window placeholder, terminal escapes, line separators,
 * lone surrogates and BOMs.
 */
const TRICKY_STRINGS = [
  "",
  " ",
  "No",
  "on",
  "yes",
  "~",
  "null",
  "1e3",
  "0x1F",
  ".inf",
  "- a",
  ": ",
  "#",
  "*a",
  "&a",
  "!tag",
  "%YAML",
  "@",
  "`",
  "'",
  '"',
  "\\",
  "{{ $labels.instance }}",
  "{{ $labels.x",
  "}}",
  "{{ .window }}",
  "{{.window}}",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal text is the input under test
  "${WINDOW}",
  "5m",
  "0s",
  "-1m",
  "1y2w",
  "99.999999",
  "100",
  "__name__",
  "le",
  "a\nb",
  "a\r\nb",
  "\t",
  "\u2028",
  "\u2029",
  "\u0000",
  "\u001b[31mred\u001b[0m",
  "\uFEFF",
  "\uD800",
  "\uDFFF",
  "\uFFFE",
  "é",
  "日本",
  "../../etc/passwd",
  "CON",
  "nul.json",
  "a".repeat(5000),
  'up{job="x"}',
  "rate(x[5m])",
  "sum(rate(x[5m])[1h])",
  '{app="x"} |= "panic"',
  "__proto__",
  "constructor",
  "toString",
];

/** One code point anywhere in Unicode, surrogate halves included. */
const anyCodeUnit = fc.oneof(
  fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)),
);

export const trickyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...TRICKY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: anyCodeUnit, maxLength: 40 }) },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.constantFrom(...TRICKY_STRINGS), { minLength: 2, maxLength: 4 })
      .map((parts) => parts.join("")),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
);

/** Any JSON value a definition or spec could hold where something else was expected. */
export const trickyValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { weight: 5, arbitrary: trickyString },
    {
      weight: 2,
      arbitrary: fc.oneof(
        fc.integer(),
        fc.constantFrom(0, -1, 1, 99.9, 100, 100.0001, 1e308, -1e-308, 2 ** 53 + 1),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
      ),
    },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.array(tie("value"), { maxLength: 3 }) },
    {
      weight: 1,
      arbitrary: fc.dictionary(trickyString, tie("value"), { maxKeys: 3 }),
    },
  ),
})).value;
