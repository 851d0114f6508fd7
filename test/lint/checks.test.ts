import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, test } from "vitest";
import {
  CHECKS_DIR,
  checkFiles,
  readCheckModules,
  renderCheckIndex,
} from "../../scripts/generate-check-index.ts";
import type { Check } from "../../src/lint/check.ts";
import { CHECKS } from "../../src/lint/checks/index.ts";
import { runSample } from "../../src/lint/samples.ts";

describe("the check registry", () => {
  test("src/lint/checks/index.ts and metric-index.ts are what `npm run checks` writes (run it after adding a check)", async () => {
    const files = renderCheckIndex(await readCheckModules());
    expect(
      readdirSync(CHECKS_DIR)
        .filter((name) => name.endsWith(".ts"))
        .sort(),
    ).toEqual([...files.keys()].sort());
    for (const [name, content] of files)
      expect(readFileSync(join(CHECKS_DIR, name), "utf8"), name).toBe(content);
  });

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
