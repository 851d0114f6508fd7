import { spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { BIN, SHARED } from "../helpers/paths.ts";
import { snapshotTree, tempTree } from "../helpers/temp.ts";

/**
 * A file that does not parse is one line on stderr that leads with
 * `file:line:col:`, as every other obsforge error does, with the parser's
 * reason after "got" (no position at its end, no code snippet), exit 1,
 * and nothing written. One case per entry point that reads a user's file.
 */

function obsforge(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8" });
  return { code: r.status, stderr: r.stderr };
}

/** The Sloth getting-started spec with its objective's flow sequence left open (line 10). */
async function brokenSloth(): Promise<string> {
  const text = await readFile(join(SHARED, "corpora/sloth/examples/getting-started.yml"), "utf8");
  expect(text).toContain("objective: 99.9\n");
  return text.replace("objective: 99.9\n", "objective: [99.9\n");
}

const BROKEN_TEST = "rule_files: [rules.yml]\ntests:\n  - interval: 1m\n    input_series: [\n";
const BROKEN_DASHBOARD = '{\n  "title": "x",\n  "panels": [}\n';
const REASON_SLOTH = "deficient indentation";

const cases: [string, () => Promise<Record<string, string>>, string[], string][] = [
  [
    "build: a Sloth spec in definitions/",
    async () => ({ "definitions/api.yml": await brokenSloth() }),
    ["build"],
    `definitions/api.yml:11:5: expected valid YAML, got ${REASON_SLOTH}`,
  ],
  [
    "build: an obsforge service in YAML",
    async () => ({ "definitions/api.yml": "kind: service\nname: api\nteam: [web\n" }),
    ["build"],
    "definitions/api.yml:4:1: expected valid YAML, got deficient indentation",
  ],
  [
    "lint FILE: a spec",
    async () => ({ "api.yml": await brokenSloth() }),
    ["lint", "api.yml"],
    `api.yml:11:5: expected valid YAML or JSON, got ${REASON_SLOTH}`,
  ],
  [
    "lint FILE: a dashboard",
    async () => ({ "d.json": BROKEN_DASHBOARD }),
    ["lint", "d.json"],
    "d.json:3:14: expected valid YAML or JSON, got missed comma between flow collection entries",
  ],
  [
    "import: a spec",
    async () => ({ "api.yml": await brokenSloth() }),
    ["import", "api.yml", "--out", "ts"],
    `api.yml:11:5: expected a readable YAML file, got ${REASON_SLOTH}`,
  ],
  [
    "import: a dashboard",
    async () => ({ "d.json": BROKEN_DASHBOARD }),
    ["import", "d.json", "--out", "ts"],
    "d.json:3:14: expected Grafana dashboard JSON, got invalid JSON: missed comma between flow collection entries",
  ],
  [
    "test FILE: a promtool test file",
    async () => ({ "rules/node_test.yml": BROKEN_TEST }),
    ["test", "rules/node_test.yml"],
    "rules/node_test.yml:5:1: expected a promtool test file, got deficient indentation",
  ],
  [
    "test: a hand-written test in definitions/tests",
    async () => ({
      "definitions/api.yml": (await brokenSloth()).replace("[99.9", "99.9"),
      "definitions/tests/api.test.yml": BROKEN_TEST,
    }),
    ["test"],
    "definitions/tests/api.test.yml:5:1: expected a promtool test file, got deficient indentation",
  ],
];

describe("a file that does not parse: one line leading with file:line:col", () => {
  test.each(cases)("%s", async (_, files, args, expected) => {
    const dir = await tempTree(await files());
    // The estate's tests run on a fresh out/.
    if (args.length === 1 && args[0] === "test") expect(obsforge(["build"], dir).code).toBe(0);
    const before = await snapshotTree(dir);
    const r = obsforge(args, dir);
    expect(r.code).toBe(1);
    expect(r.stderr.split("\n")[0]).toBe(expected);
    // The command's own summary line may follow (`obsforge build: 1 error(s); …`), nothing else.
    expect(r.stderr.trim().split("\n").length).toBeLessThanOrEqual(2);
    expect(await snapshotTree(dir)).toEqual(before);
  });

  test("an obsforge.config.json that is not JSON", async () => {
    const dir = await tempTree({
      "obsforge.config.json": '{\n  "lint": {\n',
      "a.yml": "groups: []\n",
    });
    const r = obsforge(["lint", "a.yml"], dir);
    expect(r.code).not.toBe(0);
    expect(r.stderr.split("\n")[0]).toBe(
      "obsforge.config.json:3:1: expected JSON, got unexpected end of the stream within a flow collection",
    );
  });
});
