import { copyFile, mkdir, readdir, readFile } from "node:fs/promises";
import { basename, join, relative } from "node:path";
import { CORE_SCHEMA, load, mergeTag } from "js-yaml";
import { describe, expect, test } from "vitest";
import { obsforgeInProcess as cli } from "../helpers/in-process-cli.ts";
import { SHARED } from "../helpers/paths.ts";
import { promtool } from "../helpers/promtool.ts";
import { canonicalRules, countRules } from "../helpers/rule-equivalence.ts";
import { tempDir } from "../helpers/temp.ts";
import { typecheckModules } from "../helpers/typecheck.ts";

/**
 * Round trip on rule files no one here wrote (../shared/corpora/prometheus-rules,
 * SOURCES.md names their upstream commits): each file imports to a module,
 * the modules typecheck against the published types, build, and yield the
 * same rules as the file (groups, names, labels, annotations, `for`, PromQL
 * syntax trees; test/helpers/rule-equivalence.ts), read back from what was
 * written with a YAML parser of its own; the file also builds in place from
 * definitions/ to the same bytes; and promtool accepts the result.
 */
const CORPUS = join(SHARED, "corpora/prometheus-rules");
/** Go's yaml.v3 merges `<<` keys; the reference read does too. */
const YAML = { schema: CORE_SCHEMA.withTags(mergeTag) };

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => relative(CORPUS, join(e.parentPath, e.name)))
    .sort();
}

/** A module name per file that stays unique across the corpus (two mixins have alerts.yaml). */
function flatName(path: string): string {
  return path.replace(/^[^/]+\//, "").replaceAll("/", "__");
}

async function roundTrip(
  corpus: string,
): Promise<{ files: number; groups: number; rules: number }> {
  const files = await filesUnder(join(CORPUS, corpus));
  const dir = await tempDir();
  const totals = { files: files.length, groups: 0, rules: 0 };
  const modules: string[] = [];
  for (const path of files) {
    const name = flatName(path);
    const work = join(dir, name.replace(/\.ya?ml$/, ""));
    await mkdir(join(work, "definitions"), { recursive: true });
    await copyFile(join(CORPUS, path), join(work, name));
    const imported = await cli(["import", name, "--out", "ts"], work);
    // A PrometheusRule's metadata is reported as not represented; nothing else may be said.
    for (const line of imported.stderr.split("\n").filter(Boolean))
      expect(line, path).toMatch(/^warning: .*: metadata\.(labels|namespace|annotations): /);
    expect(imported.code, `${path}: ${imported.stderr}`).toBe(0);
    const [module] = await readdir(join(work, "ts"));
    modules.push(relative(dir, join(work, "ts", module!)));

    const built = await cli(["build", "--definitions", "ts", "--out", "out-ts"], work);
    expect(built.stderr, path).toBe("");
    const [ruleFile] = await readdir(join(work, "out-ts/prometheus"));
    const output = await readFile(join(work, "out-ts/prometheus", ruleFile!), "utf8");

    const original = canonicalRules(load(await readFile(join(CORPUS, path), "utf8"), YAML));
    expect(canonicalRules(load(output, YAML)), path).toEqual(original);
    const counts = countRules(original);
    totals.groups += counts.groups;
    totals.rules += counts.rules;

    // promtool accepts every rule; its duplicate-rules lint (a warning, exit 0) may speak, as it
    // does on the upstream file (kubernetes-mixin records one series twice).
    const written = join("out-ts/prometheus", ruleFile!);
    const check = promtool(["check", "rules", "--lint=none", written], { cwd: work });
    expect(check.stdout + check.stderr, path).toContain(`SUCCESS: ${counts.rules} rules found`);
    expect(promtool(["check", "rules", written], { cwd: work }).status, path).toBe(0);

    // In place: the YAML in definitions/ builds to the same rule file.
    await copyFile(join(CORPUS, path), join(work, "definitions", basename(path)));
    const inPlace = await cli(["build", "--out", "out-yaml"], work);
    // Built in place, the build says what the import said: the metadata it drops, one line each.
    // (Files are named alike but not the same: the import read a flattened copy.)
    const said = (text: string) =>
      text
        .split("\n")
        .filter(Boolean)
        .map((l) => l.replace(/^warning: [^:]+:/, "").replace(/ \(import\/not-represented\)$/, ""))
        .sort();
    expect(said(inPlace.stderr), path).toEqual(said(imported.stderr));
    const [yamlRuleFile] = await readdir(join(work, "out-yaml/prometheus"));
    const fromYaml = await readFile(join(work, "out-yaml/prometheus", yamlRuleFile!), "utf8");
    expect(body(fromYaml), path).toBe(body(output));
  }
  // The modules typecheck against obsforge's published types, as a user's editor reads them.
  const tsc = await typecheckModules(dir, modules);
  expect(tsc.output).toBe("");
  expect(tsc.status).toBe(0);
  return totals;
}

/** A rule file without its header line (it names the source, .yaml or .ts). */
function body(text: string): string {
  return text.slice(text.indexOf("\n") + 1);
}

// Counts checked by hand with PyYAML (python3 -c "import yaml; ...") over the same files.
describe("rule files no one here wrote import, build and yield the same rules", () => {
  test("plain rule files (monitoring mixins, awesome-prometheus-alerts): 16 files, 50 groups, 436 rules", async () => {
    expect(await roundTrip("plain")).toEqual({ files: 16, groups: 50, rules: 436 });
  }, 300_000);

  test("PrometheusRule resources (kube-prometheus): 5 files, 30 groups, 211 rules", async () => {
    expect(await roundTrip("crd")).toEqual({ files: 5, groups: 30, rules: 211 });
  }, 300_000);
});
