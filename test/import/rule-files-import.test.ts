import { copyFile, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { compileProject } from "../../src/pipeline/project.ts";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { obsforgeInProcess as cli } from "../helpers/in-process-cli.ts";
import { PROJECT_ROOT, SHARED } from "../helpers/paths.ts";
import { promtool } from "../helpers/promtool.ts";
import { snapshotTree, tempDir, tempTree } from "../helpers/temp.ts";
import { expectGoldenTree } from "../helpers/golden.ts";

/**
 * `obsforge import` of Prometheus rule files and PrometheusRules: modules
 * read by eye (test/import/golden, UPDATE_GOLDEN=1 rewrites them), the
 * modules build to the bytes the YAML builds to in place, and bad input is
 * one line per problem with file, field path and line:col, nothing written.
 */
const GOLDEN = join(PROJECT_ROOT, "test/import/golden");
/**
 * Crafted rule files with every field promtool-valid rules may have, and what
 * `obsforge build` writes for them (read by eye). Not under test/golden: the
 * estate-wide checks there (promtool with no lint output, routing labels on
 * every alert) are about the rules obsforge writes itself, and these keep a
 * duplicate rule, Thanos/Mimir fields and alerts without routing labels on purpose.
 */
const RULE_FILES = join(PROJECT_ROOT, "test/import/rule-files");
const CRAFTED = join(RULE_FILES, "input");
const CORPUS = join(SHARED, "corpora/prometheus-rules");

/** Golden name → the file imported (crafted ones hold every field; the rest are real). */
const GOLDENS: Record<string, string> = {
  "edge.ts": join(CRAFTED, "edge.rules.yml"),
  "ruler.ts": join(CRAFTED, "ruler.rules.yml"),
  "test_aliases.ts": join(CORPUS, "prometheus-testdata/rulefmt/test_aliases.yaml"),
  "blackbox-blackbox-exporter.ts": join(
    CORPUS,
    "plain/awesome-prometheus-alerts/blackbox__blackbox-exporter.yml",
  ),
  "alertmanager-main-rules.ts": join(
    CORPUS,
    "crd/kube-prometheus/alertmanager-prometheusRule.yaml",
  ),
};

/** A rule file without its header line (it names the source, .yml or .ts). */
function withoutHeaders(tree: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tree)
      .filter(([path]) => path.endsWith(".yml"))
      .map(([path, content]) => [path, content.slice(content.indexOf("\n") + 1)]),
  );
}

describe("obsforge import of rule files", () => {
  test.for(Object.keys(GOLDENS))(
    "%s: the module as read by eye, building to what the YAML builds to",
    async (golden) => {
      const source = GOLDENS[golden]!;
      const dir = await tempDir();
      const name = source.split("/").at(-1)!;
      await mkdir(join(dir, "yaml"));
      await copyFile(source, join(dir, "yaml", name.replace("blackbox__", "blackbox-")));
      // The crafted ruler file uses Prometheus 3.0 group fields: both estates deploy to 3.0
      // (import reads the --out folder's estate.json, so it does not warn about them).
      for (const estate of ["ts", "yaml"]) {
        await mkdir(join(dir, estate), { recursive: true });
        await copyFile(join(CRAFTED, "estate.json"), join(dir, estate, "estate.json"));
      }
      const imported = await cli(
        ["import", join("yaml", name.replace("blackbox__", "blackbox-")), "--out", "ts"],
        dir,
      );
      expect(imported.code, imported.stderr).toBe(0);
      const [module] = (await readdir(join(dir, "ts"))).filter((f) => f !== "estate.json");
      expect(module).toBe(golden);
      const text = await readFile(join(dir, "ts", module!), "utf8");
      if (process.env.UPDATE_GOLDEN === "1") await writeFile(join(GOLDEN, golden), text);
      expect(text).toBe(await readFile(join(GOLDEN, golden), "utf8"));

      const fromTs = await cli(["build", "--definitions", "ts", "--out", "out-ts"], dir);
      expect(fromTs.stderr).toBe("");
      const fromYaml = await cli(["build", "--definitions", "yaml", "--out", "out-yaml"], dir);
      // Built in place, a PrometheusRule's metadata is said to be dropped, as import says it.
      expect(fromYaml.stderr.split("\n").filter(Boolean).sort()).toEqual(
        imported.stderr
          .split("\n")
          .filter(Boolean)
          .map((l) => `${l} (import/not-represented)`)
          .sort(),
      );
      expect(withoutHeaders(await snapshotTree(join(dir, "out-ts")))).toEqual(
        withoutHeaders(await snapshotTree(join(dir, "out-yaml"))),
      );
    },
  );

  test("the crafted rule files build in place to the reviewed rule files", async () => {
    const result = await compileProject({ definitions: CRAFTED, cwd: PROJECT_ROOT });
    if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join("\n"));
    const actual = Object.fromEntries(
      result.value.artifacts
        .filter((a) => a.path.startsWith("prometheus/"))
        .map((a) => [a.path, a.content]),
    );
    const expectedDir = join(RULE_FILES, "expected");
    await expectGoldenTree(expectedDir, actual);
  });

  test("promtool accepts every crafted file obsforge builds, but for the fields plain Prometheus 2.42 does not know", async () => {
    const expected = join(RULE_FILES, "expected/prometheus");
    for (const file of ["edge.rules.yml", "edge-k8s.rules.yml", "edge-k8s-records.rules.yml"]) {
      const check = promtool(["check", "rules", "--lint=none", file], { cwd: expected });
      expect(check.stdout, file).toMatch(/SUCCESS: \d+ rules found/);
    }
    // The same rules twice is promtool's lint warning, not an error (exit 0).
    const lint = promtool(["check", "rules", "edge.rules.yml"], { cwd: expected });
    expect(lint.stdout + lint.stderr).toContain("lint error 1 duplicate rule(s) found.");
    expect(lint.status).toBe(0);
    // Thanos/Mimir and Prometheus 2.53+ group fields are for those rulers: written as given, and
    // the installed promtool (2.42) refuses them, as it refuses the input.
    const ruler = promtool(["check", "rules", "ruler.rules.yml"], { cwd: expected });
    expect(ruler.status).toBe(1);
    expect(ruler.stderr).toContain("field query_offset not found");
  });

  test("a multi-document file of PrometheusRules imports to one module per resource, reporting what is not represented", async () => {
    const dir = await tempDir();
    await copyFile(join(CRAFTED, "edge-prometheusrule.yaml"), join(dir, "edge.yaml"));
    const r = await cli(["import", "edge.yaml", "--out", "ts"], dir);
    expect(r.stdout).toBe("wrote ts/edge-k8s.ts\nwrote ts/edge-k8s-records.ts\n");
    expect(r.stderr).toBe(
      'warning: edge.yaml#1:5:14: metadata.namespace: expected no resource field obsforge does not represent, got "monitoring" (obsforge writes the rules as a Prometheus rule file, not a PrometheusRule): dropped; set it where the rules are deployed\n' +
        "warning: edge.yaml#1:6:3: metadata.labels: expected no resource field obsforge does not represent, got a map of prometheus (obsforge writes the rules as a Prometheus rule file, not a PrometheusRule): dropped; set it where the rules are deployed\n",
    );
    expect(r.code).toBe(0);
  });
});

describe("obsforge import refuses bad rule YAML in one line per problem, writing nothing", () => {
  const cases: Record<string, { files: Record<string, string>; stderr: string }> = {
    "malformed YAML": {
      files: { "a.yml": "groups:\n  - name: a\n   rules: x\n" },
      stderr: "a.yml:3:4: expected a readable YAML file, got bad indentation of a sequence entry\n",
    },
    "an unknown kind": {
      files: { "a.yml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n" },
      stderr:
        'a.yml:2:7: kind: expected a Sloth spec (version: "prometheus/v1" or kind: PrometheusServiceLevel), a Pyrra ServiceLevelObjective, an OpenSLO object (openslo/v1, openslo/v1alpha), a Prometheus rule file (groups) or a PrometheusRule, got apiVersion "v1" kind "ConfigMap"\n',
    },
    "a PrometheusRule of another apiVersion": {
      files: {
        "a.yml":
          "apiVersion: monitoring.coreos.com/v2\nkind: PrometheusRule\nmetadata:\n  name: x\nspec:\n  groups: []\n",
      },
      stderr:
        'a.yml:1:13: apiVersion: expected apiVersion monitoring.coreos.com/v1, got "monitoring.coreos.com/v2"\n',
    },
    "a bad second document of a multi-document file (the first is fine)": {
      files: {
        "a.yml":
          "apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: one\nspec:\n  groups:\n    - name: a\n      rules:\n        - alert: A\n          expr: up == 0\n---\napiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: two\nspec:\n  groups:\n    - name: b\n      rules:\n        - record: job:up:sum\n          expr: sum by (job) (up\n",
      },
      stderr:
        "a.yml#2:21:33: spec.groups[0].rules[0].expr: expected valid PromQL, got unexpected end of query\n",
    },
    "a recursive alias": {
      files: { "a.yml": "groups:\n  - &g\n    name: a\n    rules: [*g]\n" },
      stderr:
        "a.yml:4:13: expected a readable YAML file, got a recursive alias *g inside its own anchor\n",
    },
    "an alias that makes a rule a string, and a key rulefmt does not know": {
      files: {
        "a.yml":
          "groups:\n  - name: &n a\n    rules:\n      - *n\n      - alert: B\n        expr: up == 0\n        severity: page\n",
      },
      stderr:
        'a.yml:4:9: groups[0].rules[0]: expected a rule (a map with alert or record, and expr), got "a"\n' +
        'a.yml:7:19: groups[0].rules[1].severity: expected a rule field (alert, record, expr, for, keep_firing_for, labels, annotations), got "severity" (promtool: field severity not found)\n',
    },
    "two files, one good: nothing of either is written": {
      files: {
        "good.yml": "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up == 0\n",
        "bad.yml":
          "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up == 0\n        for: soon\n",
      },
      stderr:
        'bad.yml:6:14: groups[0].rules[0].for: expected a duration such as "30s", "5m" or "1h30m", got "soon"\n',
    },
  };
  test.for(Object.keys(cases))("%s", async (name) => {
    const { files, stderr } = cases[name]!;
    const dir = await tempTree(files);
    const r = await cli(["import", ...Object.keys(files).sort(), "--out", "ts"], dir);
    expect(r.stderr).toBe(stderr);
    expect(r.stdout).toBe("");
    expect(r.code).toBe(1);
    expect((await readdir(dir)).sort()).toEqual(Object.keys(files).sort());
  });
});
