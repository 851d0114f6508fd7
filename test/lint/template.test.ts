import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dump } from "js-yaml";
import { afterAll, describe, expect, test } from "vitest";
import { checkTemplate } from "../../src/template/template.ts";

const work = mkdtempSync(join(tmpdir(), "obsforge-template-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Does `promtool check rules` accept this annotation? (rulefmt parses every template.) */
function promtoolAccepts(template: string, index: number): boolean {
  const file = join(work, `case-${index}.rules.yml`);
  const rules = {
    groups: [
      { name: "g", rules: [{ alert: "A", expr: "up == 0", annotations: { summary: template } }] },
    ],
  };
  writeFileSync(file, dump(rules, { lineWidth: -1 }));
  const run = spawnSync("promtool", ["check", "rules", file], { encoding: "utf8" });
  if (run.error !== undefined) throw run.error;
  return run.status === 0;
}

const CASES = [
  "plain text with } and { braces",
  "{{ $labels.instance }} is down",
  "{{ $value | humanize }}",
  "{{ humanizeDuration $value }}",
  "{{ if gt $value 1.0 }}high{{ else }}low{{ end }}",
  "{{ if $value }}a{{ else if $labels.job }}b{{ else }}c{{ end }}",
  "{{ range $k, $v := $labels }}{{ $k }}={{ $v }} {{ end }}",
  "{{ with $labels.job }}{{ . }}{{ end }}",
  "{{- $labels.job -}}",
  '{{ printf "%.2f" $value }}',
  '{{ index $labels "job" }}',
  "{{ $x := 1 }}{{ $x }}",
  "{{/* a comment */}}",
  "{{ .Labels.job }}",
  "{{ $externalLabels.cluster }} {{ $externalURL }}",
  '{{ query "up" | first | value }}',
  "{{ `raw }} string` }}",
  '{{ "}}" }}',
  '{{ reReplaceAll "a" "b" $labels.job }}',
  "{{ $labels.job | toUpper | title }}",
  '{{ define "x" }}y{{ end }}{{ template "x" }}',
  "{{ len $labels }}",
  "{{ $labels.job }",
  "{{ $labels.job",
  "{{ $foo }}",
  "{{ humanizeSeconds $value }}",
  "{{ end }}",
  "{{ if $value }}unclosed",
  "{{ else }}",
  '{{ "unterminated }}',
  "{{ (len $labels }}",
  "{{ len $labels) }}",
  "{{}}",
  "{{ range $labels }}x{{ else }}y",
  "{{ $x = 1 }}",
  "{{ $x := 1 }}{{ if true }}{{ $y := 2 }}{{ end }}{{ $y }}",
  "{{ $value | }}",
  "{{ with }}x{{ end }}",
];

describe("alert templates are judged as promtool check rules judges them", () => {
  test.for(CASES.map((c, i) => [i, c] as const))("case %i: %s", ([i, template]) => {
    const ours = checkTemplate(template).errors;
    expect(ours.length === 0).toBe(promtoolAccepts(template, i));
  });

  test("label references are collected with their offsets", () => {
    const t = '{{ $labels.instance }} of {{ index $labels "job" }} ({{ .Labels.pod }})';
    expect(checkTemplate(t).labels).toEqual([
      { label: "instance", offset: 11, length: 8 },
      { label: "job", offset: 44, length: 3 },
      { label: "pod", offset: 64, length: 3 },
    ]);
  });
});
