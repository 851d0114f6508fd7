import { formatProblem } from "../../src/report/line.ts";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import fc from "fast-check";
import { load } from "js-yaml";
import { describe, expect, test } from "vitest";
import { unquoteString } from "../../src/core/string-literal.ts";
import { checkDefinitions } from "../../src/pipeline/project.ts";
import { compileEstate } from "../../src/pipeline/compile.ts";
import { findNodes, parsePromQL } from "../../src/promql/parse.ts";
import { selector } from "../../src/promql/query.ts";
import type { PrometheusRuleFile } from "../../src/targets/prometheus/rule-file.ts";
import { startPrometheus } from "../helpers/prometheus.ts";
import { promtool } from "../helpers/promtool.ts";
import { tempDir } from "../helpers/temp.ts";

/**
 * Random strings through every field of a service that reaches a rule file
 * (names, label and annotation names and values, a matcher value through
 * the escape helper, group name, description, the definition's file name
 * in the header). Each case either is refused with one-line errors, or
 * builds, and then the real promtool accepts every rule file written and a
 * real Prometheus (same rulefmt parser) loads exactly the values intended.
 */

// A fixed seed keeps `npm test` deterministic; OBSFORGE_SEED and OBSFORGE_RUNS explore further.
const RUNS = Number(process.env.OBSFORGE_RUNS ?? 200);
const SEED = Number(process.env.OBSFORGE_SEED ?? 20240611);

// Strings YAML 1.1/1.2 readers give meaning to, Go-template fragments and
// the characters Go's YAML reader refuses or reads as line breaks.
const TOKENS = [
  "No",
  "on",
  "yes",
  "Off",
  "~",
  "null",
  "1e3",
  "0x1F",
  "0o17",
  "012",
  ".inf",
  "-.5",
  "2001-12-14",
  ": ",
  ":",
  " #",
  "#",
  "*a",
  "&a",
  "!tag",
  "!!binary",
  "%",
  "@",
  "`",
  "'",
  '"',
  "- ",
  "? ",
  "|",
  ">",
  "---",
  "...",
  "{",
  "}",
  "[",
  "]",
  ",",
  "<<",
  "=",
  "\\",
  " ",
  "  ",
  "\t",
  "\n",
  "\r\n",
  "\r",
  "\n\n",
  " \n",
  "\u0085",
  "\u2028",
  "\u2029",
  "\ufeff",
  "\ufffe",
  "\uffff",
  "\0",
  "\x1b[31m",
  "\x7f",
  "é",
  "😀",
  "{{",
  "}}",
  "{{ $labels.instance }}",
  "{{ $labels.x",
  "{{ end }}",
  "{{ if $value }}",
  "{{ else }}",
  "{{ $value | humanize }}",
  '{{ "}}" }}',
  "{{- ",
  " -}}",
  "{{/* c */}}",
  "$",
  "$labels",
];

const TEMPLATE_TOKENS = TOKENS.filter((t) => t.includes("{{") || t.includes("}}"));
const TEXT_TOKENS = TOKENS.filter((t) => !TEMPLATE_TOKENS.includes(t));

/** Text that is valid for Prometheus, however odd for YAML: it must always be written and read back. */
const textPiece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...TEXT_TOKENS) },
  { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 3 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme-ascii", maxLength: 5 }) },
);
/** Also Go-template fragments (valid or not) and lone surrogates. */
const anyPiece = fc.oneof(
  { weight: 6, arbitrary: textPiece },
  { weight: 2, arbitrary: fc.constantFrom(...TEMPLATE_TOKENS) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
  },
);
const joined = (p: fc.Arbitrary<string>) =>
  fc.array(p, { minLength: 1, maxLength: 5 }).map((parts) => parts.join(""));
const text = joined(textPiece);
/** Mostly YAML-hostile but valid text; sometimes a template fragment or a lone surrogate. */
const nasty = fc.oneof({ weight: 4, arbitrary: text }, { weight: 1, arbitrary: joined(anyPiece) });
/** Mostly well-formed for fields with a grammar, so most cases get past it to the YAML. */
const named = (re: RegExp) =>
  fc.oneof({ weight: 9, arbitrary: fc.stringMatching(re) }, { weight: 1, arbitrary: nasty });

const caseArb = fc.record({
  file: nasty,
  service: named(/^[a-z0-9][a-z0-9_-]{0,8}[a-z0-9]$/),
  description: nasty,
  group: nasty,
  alertName: named(/^[A-Za-z][A-Za-z0-9_]{0,10}$/),
  labelName: named(/^[a-z][a-z0-9_]{0,8}$/),
  labelValue: nasty,
  serviceLabel: nasty,
  annotationName: named(/^[a-z][a-zA-Z0-9_]{0,8}$/),
  annotationValue: nasty,
  summary: nasty,
  matcherValue: nasty,
  recordLabel: nasty,
});
type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function definition(c: Case): unknown {
  const sel = selector("up", { path: c.matcherValue });
  return {
    kind: "service",
    name: c.service,
    team: "web",
    description: c.description,
    labels: { env: c.serviceLabel },
    groups: [
      {
        name: c.group,
        rules: [
          {
            kind: "alert",
            name: c.alertName,
            expr: `${sel} == 0`,
            severity: "page",
            labels: { [c.labelName]: c.labelValue },
            annotations: { [c.annotationName]: c.annotationValue, summary: c.summary },
          },
          {
            kind: "record",
            name: "job:up:sum",
            expr: `sum by (job) (${sel})`,
            labels: { [c.labelName]: c.recordLabel },
          },
        ],
      },
    ],
  };
}

interface Written {
  case: Case;
  file: string;
  doc: PrometheusRuleFile;
}

interface ApiRule {
  type: "alerting" | "recording";
  name: string;
  query: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** A real Prometheus loads the files; its rules API returns the raw values it parsed. */
async function loadedByPrometheus(dir: string, files: readonly string[]) {
  type Groups = { groups: { name: string; file: string; rules: ApiRule[] }[] };
  const prometheus = await startPrometheus(dir, { rule_files: files });
  let groups: Groups["groups"] = [];
  await prometheus.until(async () => {
    groups = (await prometheus.get<Groups>("/api/v1/rules")).data.groups;
    return groups.length >= files.length;
  }, "every rule file to be loaded");
  await prometheus.stop();
  return groups;
}

function matcherValueOf(query: string): string | undefined {
  const parsed = parsePromQL(query);
  const literal = findNodes(parsed.tree, "StringLiteral")[0];
  return literal === undefined ? undefined : unquoteString(query.slice(literal.from, literal.to));
}

describe("any string a user can type ends in a refusal or a rule file the engines read back exactly", () => {
  test(`${RUNS} random cases: promtool accepts every written file and Prometheus loads the intended values`, async () => {
    const dir = await tempDir("obsforge-yaml-property-");
    const cases = fc.sample(caseArb, { numRuns: RUNS, seed: SEED });
    const written: Written[] = [];
    let refused = 0;
    for (const [i, c] of cases.entries()) {
      // File names come from readdir, which cannot return a lone surrogate (invalid UTF-8 reads as U+FFFD).
      const source = `${c.file.toWellFormed()}.ts`;
      const result = checkDefinitions([
        { file: `definitions/${source}`, source, exported: definition(c) },
      ]);
      if (!result.ok) {
        refused++;
        expect(result.diagnostics.length).toBeGreaterThan(0);
        for (const d of result.diagnostics) {
          // One line, whatever the file name and the values hold.
          const line = formatProblem(d);
          const breaks = /[\n\r\u2028\u2029\u0085]/.exec(line);
          expect(breaks?.[0].codePointAt(0), `${line} ${JSON.stringify(c)}`).toBeUndefined();
          expect(d.file).toBe(`definitions/${source}`);
          expect(d.message).toMatch(/^expected /);
        }
        continue;
      }
      const artifact = compileEstate(result.value).find((a) => a.path.startsWith("prometheus/"))!;
      const doc = load(artifact.content) as PrometheusRuleFile;
      const file = join(dir, `case-${i}.rules.yml`);
      await writeFile(file, artifact.content);
      written.push({ case: c, file, doc });
    }
    if (process.env.OBSFORGE_SEED !== undefined)
      console.log(`seed ${SEED}: ${written.length} written, ${refused} refused`);
    // Not vacuous: both outcomes happen, and most cases reach the YAML.
    expect(refused).toBeGreaterThan(RUNS / 10);
    expect(written.length).toBeGreaterThan(RUNS / 3);

    const check = promtool(["check", "rules", ...written.map((w) => w.file)], { cwd: dir });
    expect(check.stderr).toBe("");
    expect(check.status).toBe(0);

    const groups = await loadedByPrometheus(
      dir,
      written.map((w) => w.file),
    );
    const byFile = new Map(groups.map((g) => [g.file, g]));
    for (const w of written) {
      const loaded = byFile.get(w.file);
      const [group] = w.doc.groups;
      const [alertRule, recordRule] = group!.rules as unknown as [
        { alert: string; labels: Record<string, string>; annotations: Record<string, string> },
        { record: string; labels: Record<string, string> },
      ];
      const what = JSON.stringify(w.case);
      expect(loaded?.name, what).toBe(w.case.group);
      const [alerting, recording] = loaded!.rules as [ApiRule, ApiRule];
      expect(alerting.name, what).toBe(w.case.alertName);
      expect(alerting.labels, what).toEqual(alertRule.labels);
      expect(alerting.labels![w.case.labelName], what).toBe(w.case.labelValue);
      if (w.case.labelName !== "env") expect(alerting.labels!.env, what).toBe(w.case.serviceLabel);
      expect(alerting.annotations, what).toEqual(alertRule.annotations);
      expect(alerting.annotations!.summary, what).toBe(w.case.summary);
      if (w.case.annotationName !== "summary")
        expect(alerting.annotations![w.case.annotationName], what).toBe(w.case.annotationValue);
      expect(recording.name, what).toBe(recordRule.record);
      expect(recording.labels, what).toEqual(recordRule.labels);
      // The escape helper replaces a lone surrogate with U+FFFD (src/core/string-literal.ts).
      expect(matcherValueOf(alerting.query), what).toBe(w.case.matcherValue.toWellFormed());
    }
  }, 240_000);
});
