import { readdirSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, test } from "vitest";
import type { Check } from "../../src/lint/check.ts";
import { CHECKS } from "../../src/lint/checks/index.ts";
import { runSample } from "../../src/lint/samples.ts";
import { PROJECT_ROOT } from "./helpers.ts";

const CHECKS_DIR = resolve(PROJECT_ROOT, "src/lint/checks");

/** `<area>/<id>.ts` under src/lint/checks; files directly in it are the registry, not checks. */
function checkFiles(): string[] {
  return readdirSync(CHECKS_DIR, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts") && e.parentPath !== CHECKS_DIR)
    .map((e) => relative(CHECKS_DIR, join(e.parentPath, e.name)).split(sep).join("/"))
    .sort();
}

describe("the check registry", () => {
  test("lists exactly the check files, and each id is its file path under src/lint/checks", () => {
    const ids = CHECKS.map((c) => c.id).sort();
    expect(ids).toEqual(
      checkFiles()
        .map((f) => f.replace(/\.ts$/, ""))
        .sort(),
    );
    expect(new Set(ids).size).toBe(ids.length);
  });

  test.for(checkFiles())(
    "%s exports one check, by name, and it is the registered one",
    async (file) => {
      const mod = (await import(pathToFileURL(join(CHECKS_DIR, file)).href)) as Record<
        string,
        unknown
      >;
      expect(mod.default).toBeUndefined();
      const checks = Object.values(mod).filter(
        (v): v is Check => typeof v === "object" && v !== null && "check" in v,
      );
      expect(checks).toHaveLength(1);
      expect(checks[0]!.id).toBe(file.replace(/\.ts$/, ""));
      expect(CHECKS).toContain(checks[0]);
    },
  );
});

describe.for(CHECKS.map((c) => [c.id, c] as const))("%s", ([, check]) => {
  test("has an area/kebab-name id, docs and at least one good and one bad sample", () => {
    expect(check.id).toMatch(/^[a-z]+\/[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(check.docs.trim().length).toBeGreaterThan(40);
    expect(check.docs.split("\n")[0]).toMatch(/\.$/);
    expect(check.good.length).toBeGreaterThan(0);
    expect(check.bad.length).toBeGreaterThan(0);
  });

  test.for(check.good.map((s, i) => [i, s] as const))(
    "good sample %i gives no finding",
    async ([, sample]) => {
      expect(await runSample(check, sample)).toEqual([]);
    },
  );

  test.for(check.bad.map((s, i) => [i, s] as const))(
    "bad sample %i gives a finding",
    async ([, sample]) => {
      const problems = await runSample(check, sample);
      expect(problems.length).toBeGreaterThan(0);
      for (const p of problems) expect(p.message).toMatch(/\S/);
    },
  );
});
