import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { dump } from "js-yaml";
import { describe, expect, test } from "vitest";
import { checkTemplate } from "../../src/template/template.ts";
import { promtool } from "../helpers/promtool.ts";
import { tempDir } from "../helpers/temp.ts";

/**
 * The Go text/template port (src/template/go-template.ts) against the real
 * thing: generated templates go to promtool (which parses every alert
 * annotation with Go's parser) in one rule file, and obsforge must accept
 * exactly those promtool accepts. Two generators: loose token soup (mostly
 * invalid, finds lax spots) and a grammar of actions, pipelines and control
 * structures (finds strict spots).
 */

const SEED = Number(process.env.OBSFORGE_SEED ?? 7);
const RUNS = Number(process.env.OBSFORGE_RUNS ?? 1500);

const INNER = [
  "$labels",
  "$labels.x",
  "$value",
  "$x",
  "$",
  ".",
  ".x",
  ".Labels.a",
  "(",
  ")",
  "|",
  "if",
  "end",
  "else",
  "range",
  "with",
  "template",
  '"a"',
  "`b`",
  "'c'",
  "':'",
  ":=",
  "=",
  ",",
  "printf",
  "humanize",
  "len",
  "index",
  "1",
  "1.5",
  "-1",
  "0x1f",
  "1e3",
  "nil",
  "true",
  "and",
  "not",
  "/* c */",
  "break",
  "continue",
  "$x :=",
  "$k, $v :=",
  "-",
  "+1",
  "1_000",
  "0b1",
  "'\\n'",
  '"\\q"',
  '"\\x4"',
  "1i",
  ".5",
  "$labels.x.y",
  "$.x",
  "(.x)",
  ".x.y",
  "$x.y",
  "@",
  "#",
  "é",
  "😀",
];
const soup = fc
  .array(
    fc.oneof(
      fc
        .tuple(
          fc.constantFrom("{{", "{{- ", "{{-"),
          fc.array(fc.constantFrom(...INNER), { maxLength: 5 }),
          fc.constantFrom("}}", " -}}", "-}}", "}"),
        )
        .map(([o, t, c]) => o + t.join(" ") + c),
      fc.constantFrom("x", " ", "}", "{", "\n"),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((a) => a.join(""));

const goodOperand = fc.constantFrom(
  "$labels",
  "$labels.job",
  "$value",
  ".",
  ".Labels.a",
  "(len $labels)",
  '"a"',
  "`b`",
  "'c'",
  "1",
  "1.5",
  "humanize",
  "printf",
  "len",
  "index",
  "eq",
  "$",
);
const oddOperand = fc.constantFrom(
  "$x",
  "-1",
  "0x1f",
  "1e3",
  "nil",
  "true",
  "and",
  "not",
  "1i",
  "08",
  "1_0",
  "1__0",
  "$k",
  "$v",
  "(.)",
  "(1).x",
  '"\\q"',
  '"\\u00e9"',
  "'ab'",
  "''",
  "99999999999999999999",
  "1e999",
  "0x1p-2",
  "0x1.8",
  "1+2i",
  "$labels.x.y",
);
const operand = fc.oneof(
  { weight: 6, arbitrary: goodOperand },
  { weight: 1, arbitrary: oddOperand },
);
const command = fc.array(operand, { minLength: 1, maxLength: 3 }).map((a) => a.join(" "));
const pipeline = fc
  .tuple(
    fc.constantFrom("", "", "", "$x := ", "$x = ", "$k, $v := ", "$y := "),
    fc.array(command, { minLength: 1, maxLength: 3 }),
  )
  .map(([d, c]) => d + c.join(" | "));
const grammar = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        "x",
        " ",
        "{{end}}",
        "{{end}}",
        "{{else}}",
        "{{break}}",
        "{{continue}}",
        "{{- end -}}",
        "{{/* c */}}",
        "{{ /* c */ }}",
        '{{define "a"}}',
        '{{template "a"}}',
        '{{template "a" .}}',
        "{{else if $value}}",
        "{{else with .}}",
      ),
      pipeline.map((p) => `{{${p}}}`),
      fc
        .tuple(fc.constantFrom("if", "range", "with", 'block "b"'), pipeline)
        .map(([k, p]) => `{{${k} ${p}}}`),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((a) => a.join(""));

describe("Go templates are judged exactly as promtool judges them", () => {
  test(`${2 * RUNS} generated templates: obsforge accepts exactly those promtool accepts`, async () => {
    const samples = [
      ...new Set([
        ...fc.sample(soup, { numRuns: RUNS, seed: SEED }),
        ...fc.sample(grammar, { numRuns: RUNS, seed: SEED }),
      ]),
    ].filter((s) => s.includes("{{"));
    const dir = await tempDir("obsforge-go-template-");
    const file = join(dir, "rules.yml");
    const rules = samples.map((s, i) => ({ alert: `A${i}`, expr: "up", annotations: { x: s } }));
    writeFileSync(file, dump({ groups: [{ name: "g", rules }] }, { lineWidth: -1 }));
    const run = promtool(["check", "rules", file]);
    const refused = new Set(
      [...`${run.stdout}${run.stderr}`.matchAll(/rule (\d+), "A\d+"/g)].map(
        (m) => Number(m[1]) - 1,
      ),
    );
    const accepted = samples.filter((_, i) => !refused.has(i));
    // Both outcomes are well represented.
    expect(accepted.length).toBeGreaterThan(samples.length / 50);
    expect(refused.size).toBeGreaterThan(samples.length / 2);
    const disagreements = samples
      .map((s, i) => ({
        template: s,
        promtool: !refused.has(i),
        obsforge: checkTemplate(s).errors,
      }))
      .filter((d) => d.promtool !== (d.obsforge.length === 0));
    expect(disagreements).toEqual([]);
  }, 120_000);

  test.for([
    ["Queue {{ $labels.queue } grows", 'unexpected "}" in operand', 23],
    ["{{ if $value }}unclosed", "unexpected EOF: {{if}} has no {{end}}", 3],
    ["{{ humanizeSeconds $value }}", 'function "humanizeSeconds" not defined', 3],
    ["{{ range $labels }}{{ else }}{{ break }}{{ end }}", "{{break}} outside {{range}}", 32],
    ["{{ 08 }}", "integer overflow: 08", 3],
    ['{{ "\\q" }}', 'invalid syntax in string "\\"\\\\q\\""', 3],
    ['{{ define "a" }}{{ $labels.x }}{{ end }}', 'undefined variable "$labels"', 19],
  ] as const)("%j: %s", ([template, message, offset]) => {
    expect(checkTemplate(template).errors).toEqual([{ message, offset }]);
  });
});
