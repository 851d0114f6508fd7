import { copyFile, mkdir, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { CORE_SCHEMA, load, mergeTag } from "js-yaml";
import { describe, expect, test } from "vitest";
import { obsforgeInProcess as cli } from "../helpers/in-process-cli.ts";
import { SHARED } from "../helpers/paths.ts";
import { promtool } from "../helpers/promtool.ts";
import { canonicalRules } from "../helpers/rule-equivalence.ts";
import { tempDir } from "../helpers/temp.ts";

const YAML = { schema: CORE_SCHEMA.withTags(mergeTag) };

/**
 * Prometheus's own rule-file parser fixtures (model/rulefmt/testdata, with
 * expectations.json transcribed from rulefmt_test.go): every bad file is
 * refused by `obsforge build` with the problem its expectation names, in one
 * line with file, field path and line:col, and nothing is written; every
 * good one builds. Name validation is the legacy one (promtool 2.42, the
 * engine installed here, and obsforge): the two utf8-only good files are
 * refused by both, with the same problem.
 */
const RULEFMT = join(SHARED, "corpora/prometheus-rules/prometheus-testdata/rulefmt");

interface Expectation {
  valid: boolean;
  error?: string;
  name_validation?: "legacy" | "utf8";
}

/** Each bad fixture: the line obsforge prints (after `definitions/<file>:`). */
const REFUSED: Record<string, string> = {
  "bad_expr.bad.yaml":
    '5:20: groups[0].rules[0].expr: expected valid PromQL, got type error: expected type matrix in call to function "rate", got vector',
  "bad_field.bad.yaml":
    '8:9: groups[0].rules[0].annotation: expected a rule field (alert, record, expr, for, keep_firing_for, labels, annotations), got "annotation" (promtool: field annotation not found)',
  "duplicate_grp.bad.yaml":
    '3:11: groups[1].name: expected a group name unique in the rule file, got "yolo" again (also at index 0; promtool: groupname is repeated in the same file)',
  "invalid_label_name.bad.yaml":
    '7:21: groups[0].rules[0].labels.__name__: expected a label name matching [a-zA-Z_][a-zA-Z0-9_]*, other than __name__ (promtool: invalid label name), got "__name__"',
  "invalid_record_name.bad.yaml":
    '4:17: groups[0].rules[0].record: expected a metric name without braces (promtool: braces present in the recording rule name; should it be in expr?), got "strawberry{flavor=\\"sweet\\"}"',
  "legacy_validation_annotation.bad.yaml":
    '7:22: groups[0].rules[0].annotations["ins-tance"]: expected an annotation name matching [a-zA-Z_][a-zA-Z0-9_]* (promtool: invalid annotation name), got "ins-tance"',
  "no_rec_alert.bad.yaml":
    "4:9: groups[0].rules[0]: expected an alert or a record name, got neither (promtool: one of 'record' or 'alert' must be set)",
  "noexpr.bad.yaml":
    "4:9: groups[0].rules[0].expr: expected a PromQL expression, got nothing (promtool: field 'expr' must be set in rule)",
  "record_and_alert.bad.yaml":
    "4:17: groups[0].rules[0].record: expected either alert or record, got both (promtool: only one of 'record' and 'alert' must be set)",
  "record_and_for.bad.yaml":
    "6:14: groups[0].rules[0].for: expected no for on a recording rule (promtool: invalid field 'for' in recording rule), got \"1m\"",
  "record_and_keep_firing_for.bad.yaml":
    "6:26: groups[0].rules[0].keep_firing_for: expected no keepFiringFor on a recording rule (promtool: invalid field 'keep_firing_for' in recording rule), got \"1m\"",
  // Valid only under UTF-8 name validation (Prometheus 3); legacy refuses them, as promtool 2.42 does.
  "utf-8_annotation.good.yaml":
    '7:22: groups[0].rules[0].annotations["ins-tance"]: expected an annotation name matching [a-zA-Z_][a-zA-Z0-9_]* (promtool: invalid annotation name), got "ins-tance"',
  "utf-8_lname.good.yaml":
    '7:22: groups[0].rules[0].labels["ins-tance"]: expected a label name matching [a-zA-Z_][a-zA-Z0-9_]*, other than __name__ (promtool: invalid label name), got "ins-tance"',
};

/** Where promtool 2.42 words a problem otherwise than the rulefmt at the fixtures' commit. */
const PROMTOOL_242_WORDING: Record<string, string> = {
  "invalid_record_name.bad.yaml": 'invalid recording rule name: strawberry{flavor="sweet"}',
  "utf-8_annotation.good.yaml": "invalid annotation name: ins-tance",
  "utf-8_lname.good.yaml": "invalid label name: ins-tance",
};

async function build(fixture: string) {
  const dir = await tempDir();
  await mkdir(join(dir, "definitions"));
  await copyFile(join(RULEFMT, fixture), join(dir, "definitions", fixture));
  const run = await cli(["build"], dir);
  return { ...run, dir };
}

describe("Prometheus's rulefmt fixtures", async () => {
  const expectations = JSON.parse(await readFile(join(RULEFMT, "expectations.json"), "utf8"));
  const fixtures = (await readdir(RULEFMT)).filter((f) => f.endsWith(".yaml")).sort();

  test("every fixture is covered: 11 bad, 5 good (2 of them utf8-only)", () => {
    expect(fixtures.filter((f) => !expectations[f].valid)).toHaveLength(11);
    expect(fixtures.filter((f) => expectations[f].valid)).toHaveLength(5);
    for (const f of fixtures) {
      const e = expectations[f] as Expectation;
      const refused = !e.valid || e.name_validation === "utf8";
      expect(f in REFUSED, f).toBe(refused);
    }
  });

  test.for(fixtures.filter((f) => f in REFUSED))(
    "%s is refused with the problem its expectation names",
    async (fixture) => {
      const e = expectations[fixture] as Expectation;
      const run = await build(fixture);
      expect(run.stderr).toBe(
        `definitions/${fixture}:${REFUSED[fixture]}\nobsforge build: 1 error(s); out/ left unchanged\n`,
      );
      expect(run.code).toBe(1);
      expect(await readdir(run.dir)).toEqual(["definitions"]);
      // The real engine refuses the same file for the same reason.
      const check = promtool(["check", "rules", fixture], { cwd: RULEFMT });
      expect(check.status).toBe(1);
      expect(check.stderr).toContain(PROMTOOL_242_WORDING[fixture] ?? e.error);
    },
  );

  test.for(fixtures.filter((f) => !(f in REFUSED)))(
    "%s builds, and promtool accepts what it builds",
    async (fixture) => {
      const run = await build(fixture);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      const name = fixture.replace(/\.yaml$/, "").replace(/[^a-z0-9_-]+/g, "-");
      const check = promtool(
        ["check", "rules", "--lint=none", `out/prometheus/${name}.rules.yml`],
        {
          cwd: run.dir,
        },
      );
      expect(check.stdout).toMatch(/SUCCESS: \d+ rules found/);
      expect(check.status).toBe(0);
      // The same rules (test_aliases.yaml: aliases and `<<` merge keys resolved as Go's yaml.v3 does).
      const built = await readFile(join(run.dir, `out/prometheus/${name}.rules.yml`), "utf8");
      const original = await readFile(join(RULEFMT, fixture), "utf8");
      expect(canonicalRules(load(built, YAML))).toEqual(canonicalRules(load(original, YAML)));
    },
  );
});
