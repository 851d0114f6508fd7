import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { PROJECT_ROOT } from "../helpers/paths.ts";
import { tempTree } from "../helpers/temp.ts";
import { formatLongFunctions, longFunctions } from "./function-length.ts";

/** Folders whose functions must stay short (issue 12); add a folder here once it complies. */
const CHECKED = [
  "src/exposition",
  "src/core",
  "src/estate",
  "src/import",
  "src/report",
  // Issue 17.
  "src/backtest",
  "src/pipeline/backtest.ts",
  "src/cli/commands/backtest.ts",
  // Issue 19.
  "src/loglines",
  "src/lint/logs",
  "src/lint/checks/logs",
  "src/pipeline/lint-logs.ts",
  "src/targets/shared/correlation-queries.ts",
  // The position walk of issue 12; the rest of load/ (createLoader, toPlainData) is older.
  "src/load/locate-ts.ts",
  "src/load/locate-yaml.ts",
  "src/load/positions.ts",
  // Rule files in place and imported (issue 14).
  "src/load/prometheus-rules.ts",
  "src/model/plain-rules.ts",
  "src/targets/prometheus/plain-groups.ts",
  "src/pipeline/foreign-rule-tests.ts",
  "src/lint/checks/alert/name.ts",
  // Issue 18.
  "src/diff",
  "src/cli/commands/diff.ts",
];
const MAX_LINES = 100;

test(`no function in ${CHECKED.join(", ")} is longer than ${MAX_LINES} lines`, () => {
  const found = longFunctions(
    CHECKED.map((dir) => join(PROJECT_ROOT, dir)),
    { maxLines: MAX_LINES, root: PROJECT_ROOT },
  );
  expect(formatLongFunctions(found, MAX_LINES)).toBe("");
});

/** `n` statements, one per line. */
function statements(n: number): string {
  return Array.from({ length: n }, (_, k) => `  x += ${k};`).join("\n");
}

describe("the length check", () => {
  test("names each function over the limit by file, line and name, and passes the rest", async () => {
    // Bodies: braces plus the statements, so 100 statements make 102 lines.
    const dir = await tempTree({
      "long.ts": [
        "let x = 0;",
        `export function declared(): void {\n${statements(100)}\n}`,
        `export const arrow = (): void => {\n${statements(100)}\n};`,
        `export const short = (): void => {\n${statements(98)}\n};`,
        `export class Parser {\n  method(): void {\n${statements(100)}\n  }\n}`,
        `export const table = {\n  entry(): void {\n${statements(10)}\n  },\n};`,
      ].join("\n"),
      "nested/outer.ts": `export function outer() {\n  return () => {\n${statements(60)}\n  };\n}\n`,
      "notes.md": `function notCode() {\n${statements(200)}\n}`,
    });
    const found = longFunctions([dir], { maxLines: 100, root: dir });
    expect(found.map((f) => `${f.file}:${f.line} ${f.name} ${f.lines}`)).toEqual([
      "long.ts:2 declared 102",
      "long.ts:104 arrow 102",
      "long.ts:307 method 102",
    ]);
    expect(longFunctions([dir], { maxLines: 60, root: dir }).map((f) => f.name)).toEqual([
      "declared",
      "arrow",
      "short",
      "method",
      "outer",
      "(anonymous)",
    ]);
  });

  test("a file can be checked on its own, and the failure message names it", async () => {
    const dir = await tempTree({ "one.ts": `function big() {\n${statements(5)}\n}\n` });
    const found = longFunctions([join(dir, "one.ts")], { maxLines: 3, root: dir });
    expect(formatLongFunctions(found, 3)).toBe("one.ts:1: big is 7 lines long (at most 3)");
  });
});
