import { mkdir, readdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { describe, expect, test } from "vitest";
import { obsforgeInProcess as cli } from "../helpers/in-process-cli.ts";
import { tempTree } from "../helpers/temp.ts";

/**
 * Bytes that are not UTF-8 (a rule file saved as Latin-1) are refused, as
 * promtool refuses them ("yaml: incomplete UTF-8 octet sequence"), with
 * the byte and its line:col. Before, they were read as U+FFFD and built:
 * `café` was written out as `caf\uFFFD`. U+FFFD itself is valid text.
 */

const rules = (summary: string) =>
  `groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up == 0\n        annotations:\n          summary: ${summary}\n`;
const LATIN1 = Buffer.concat([Buffer.from(rules("caf").trimEnd()), Buffer.from([0xe9, 0x0a])]);

async function withLatin1(name: string, bytes: Buffer = LATIN1): Promise<string> {
  const dir = await tempTree({});
  await mkdir(dirname(join(dir, name)), { recursive: true });
  await writeFile(join(dir, name), bytes);
  return dir;
}

describe("a file that is not UTF-8", () => {
  test("lint FILE: one line with the byte and its position, exit 1", async () => {
    const dir = await withLatin1("a.rules.yml");
    const run = await cli(["lint", "a.rules.yml"], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "a.rules.yml:7:23: expected valid YAML or JSON, got text that is not UTF-8 (byte 0xe9)\n",
    );
  });

  test("build: one line, out/ not written", async () => {
    const dir = await withLatin1("definitions/a.rules.yml");
    const run = await cli(["build"], dir);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n")).toEqual([
      "definitions/a.rules.yml:7:23: expected valid YAML, got text that is not UTF-8 (byte 0xe9)",
      "obsforge build: 1 error(s); out/ left unchanged",
    ]);
    expect(await readdir(dir)).toEqual(["definitions"]);
  });

  test("import of a rule file or a dashboard: one line, no module written", async () => {
    const dir = await withLatin1("a.rules.yml");
    await writeFile(
      join(dir, "d.json"),
      Buffer.concat([
        Buffer.from('{"title":"caf'),
        Buffer.from([0xe9]),
        Buffer.from('","panels":[]}'),
      ]),
    );
    for (const [file, line] of [
      [
        "a.rules.yml",
        "a.rules.yml:7:23: expected a readable YAML file, got text that is not UTF-8 (byte 0xe9)",
      ],
      [
        "d.json",
        "d.json:1:14: expected Grafana dashboard JSON, got text that is not UTF-8 (byte 0xe9)",
      ],
    ] as const) {
      const run = await cli(["import", file, "--out", "ts"], dir);
      expect(run.code).toBe(1);
      expect(run.stderr.trim()).toBe(line);
    }
    expect((await readdir(dir)).sort()).toEqual(["a.rules.yml", "d.json"]);
  });

  test("U+FFFD written as UTF-8 is text like any other", async () => {
    const dir = await tempTree({ "definitions/a.rules.yml": rules("caf\uFFFD") });
    const run = await cli(["build"], dir);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
  });
});
