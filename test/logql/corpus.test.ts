import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { loadAll } from "js-yaml";
import { describe, expect, test } from "vitest";
import { parseLogQL } from "../../src/logql/parse.ts";
import { PROJECT_ROOT } from "../helpers/paths.ts";

/** The real-world Loki rule files, read in place (never copied into the project). */
const CORPUS = join(PROJECT_ROOT, "../shared/corpora/loki-rules");

interface Group {
  name: string;
  rules: { alert?: string; record?: string; expr: string }[];
}

/**
 * The corpus mixes four layouts: whole rule files (`groups:`), Loki
 * Operator custom resources (`spec.groups`), and docs fragments that are a
 * single group object or a bare list of groups.
 */
function groupsOf(doc: unknown): Group[] {
  if (Array.isArray(doc)) return doc as Group[];
  const d = doc as { groups?: Group[]; spec?: { groups?: Group[] }; rules?: unknown };
  if (d.spec?.groups !== undefined) return d.spec.groups;
  if (d.groups !== undefined) return d.groups;
  if (d.rules !== undefined) return [doc as Group];
  throw new Error("Unknown rule-file layout");
}

const files = readdirSync(CORPUS, { recursive: true, encoding: "utf8" })
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

describe("every Loki rule file in the shared corpus parses with the LogQL grammar", () => {
  test("the corpus is the one promised (7 files: docs, fragments, operator CRs, ruler fixture)", () => {
    expect(files).toHaveLength(7);
  });

  test.for(files)("%s", (file) => {
    const docs = loadAll(readFileSync(join(CORPUS, file), "utf8"));
    const rules = docs.flatMap(groupsOf).flatMap((g) => g.rules);
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      const parsed = parseLogQL(rule.expr);
      expect(
        parsed.errors,
        `${relative(CORPUS, join(CORPUS, file))} ${rule.alert ?? rule.record}`,
      ).toEqual([]);
      // Rules must produce numbers: every corpus expression is a metric query.
      expect(parsed.kind).toBe("metric");
    }
  });
});
