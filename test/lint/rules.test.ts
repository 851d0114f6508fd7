import { readdirSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, test } from "vitest";
import type { LintRule } from "../../src/lint/rule.ts";
import { LINT_RULES } from "../../src/lint/rules/index.ts";
import { runSample } from "../../src/lint/samples.ts";
import { PROJECT_ROOT } from "./helpers.ts";

const RULES_DIR = resolve(PROJECT_ROOT, "src/lint/rules");

function ruleFiles(): string[] {
  return readdirSync(RULES_DIR, { recursive: true, withFileTypes: true })
    .filter(
      (e) =>
        e.isFile() &&
        e.name.endsWith(".ts") &&
        !(e.parentPath === RULES_DIR && e.name === "index.ts"),
    )
    .map((e) => relative(RULES_DIR, join(e.parentPath, e.name)).split(sep).join("/"))
    .sort();
}

describe("the rule registry", () => {
  test("lists exactly the rule files, and each id is its file path under src/lint/rules", () => {
    const ids = LINT_RULES.map((r) => r.id).sort();
    expect(ids).toEqual(
      ruleFiles()
        .map((f) => f.replace(/\.ts$/, ""))
        .sort(),
    );
    expect(new Set(ids).size).toBe(ids.length);
  });

  test.for(ruleFiles())(
    "%s exports one rule, by name, and it is the registered one",
    async (file) => {
      const mod = (await import(pathToFileURL(join(RULES_DIR, file)).href)) as Record<
        string,
        unknown
      >;
      expect(mod.default).toBeUndefined();
      const rules = Object.values(mod).filter(
        (v): v is LintRule => typeof v === "object" && v !== null && "check" in v,
      );
      expect(rules).toHaveLength(1);
      expect(rules[0]!.id).toBe(file.replace(/\.ts$/, ""));
      expect(LINT_RULES).toContain(rules[0]);
    },
  );
});

describe.for(LINT_RULES.map((r) => [r.id, r] as const))("%s", ([, rule]) => {
  test("has an area/kebab-name id, docs and at least one good and one bad sample", () => {
    expect(rule.id).toMatch(/^[a-z]+\/[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(rule.docs.trim().length).toBeGreaterThan(40);
    expect(rule.docs.split("\n")[0]).toMatch(/\.$/);
    expect(rule.good.length).toBeGreaterThan(0);
    expect(rule.bad.length).toBeGreaterThan(0);
  });

  test.for(rule.good.map((s, i) => [i, s] as const))(
    "good sample %i gives no finding",
    async ([, sample]) => {
      expect(await runSample(rule, sample)).toEqual([]);
    },
  );

  test.for(rule.bad.map((s, i) => [i, s] as const))(
    "bad sample %i gives a finding",
    async ([, sample]) => {
      const problems = await runSample(rule, sample);
      expect(problems.length).toBeGreaterThan(0);
      for (const p of problems) expect(p.message).toMatch(/\S/);
    },
  );
});
