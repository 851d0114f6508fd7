import { readdirSync, readFileSync } from "node:fs";
import { join, sep } from "node:path";
import { load } from "js-yaml";
import { describe, expect, test } from "vitest";
import { parseLogQL } from "../../src/logql/parse.ts";
import { PROJECT_ROOT } from "../helpers/paths.ts";

/** Every Loki rule file obsforge generated: the example estate's and the goldens'. */
function lokiFiles(): string[] {
  return [join(PROJECT_ROOT, "out"), join(PROJECT_ROOT, "test/golden")]
    .flatMap((dir) =>
      readdirSync(dir, { recursive: true, encoding: "utf8" }).map((f) => join(dir, f)),
    )
    .filter((f) => f.endsWith(".rules.yml") && f.split(sep).includes("loki"))
    .sort();
}

const files = lokiFiles();

describe("all generated LogQL is accepted by the LogQL grammar", () => {
  test("there are generated Loki files to check (3 services and a golden case)", () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
  });

  test.for(files.map((f) => [f.slice(PROJECT_ROOT.length + 1)]))("%s", ([file]) => {
    const doc = load(readFileSync(join(PROJECT_ROOT, file!), "utf8")) as {
      groups: { name: string; rules: { expr: string; alert?: string; record?: string }[] }[];
    };
    const exprs = doc.groups.flatMap((g) => g.rules.map((r) => r.expr));
    expect(exprs.length).toBeGreaterThan(0);
    for (const expr of exprs) {
      const parsed = parseLogQL(expr);
      expect(parsed.errors, expr).toEqual([]);
      expect(parsed.kind, expr).toBe("metric");
    }
  });
});
