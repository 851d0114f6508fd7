import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { obsforgeInProcess as cli } from "../helpers/in-process-cli.ts";
import { tempTree } from "../helpers/temp.ts";

/**
 * A rule file's service is named after the file. Service names hold at
 * most 63 characters; a longer file name used to be cut at 63, so two files
 * whose names agree on their first 63 characters silently became one
 * service (and `awesome-prometheus-alerts__prometheus-self-monitoring__embedded-exporter.yml`
 * was built as `…__embedded.rules.yml`).
 */

const rules = (group: string, record: string) =>
  `groups:\n  - name: ${group}\n    rules:\n      - record: ${record}\n        expr: up\n`;

const PREFIX = "awesome-prometheus-alerts__prometheus-self-monitoring__embedded";

describe("rule files with long names", () => {
  test("two names alike in their first 63 characters are two services, each ≤ 63 characters", async () => {
    const dir = await tempTree({
      [`definitions/${PREFIX}-exporter.yml`]: rules("a", "x:a"),
      [`definitions/${PREFIX}-other.yml`]: rules("a", "x:b"),
    });
    const run = await cli(["build"], dir);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const files = (await readdir(join(dir, "out/prometheus"))).sort();
    expect(files).toHaveLength(2);
    for (const f of files) {
      const name = f.replace(/\.rules\.yml$/, "");
      expect(name.length).toBeLessThanOrEqual(63);
      expect(name.startsWith(PREFIX.slice(0, 50))).toBe(true);
    }
    expect(files[0]).not.toBe(files[1]);
  });

  test("a name that fits is kept whole", async () => {
    const dir = await tempTree({
      "definitions/prometheus-self-monitoring__embedded-exporter.yml": rules("a", "x:a"),
    });
    const run = await cli(["build"], dir);
    expect(run.code).toBe(0);
    expect(await readdir(join(dir, "out/prometheus"))).toEqual([
      "prometheus-self-monitoring__embedded-exporter.rules.yml",
    ]);
  });
});

describe("rule files of one service with a group name twice", () => {
  test("the error names the second file, its own group index, and the first file", async () => {
    const dir = await tempTree({
      "definitions/node.rules.yml": rules("a", "x:a"),
      "definitions/node.yml": `# the other file\n${rules("a", "x:b")}`,
    });
    const run = await cli(["build"], dir);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n")).toEqual([
      'definitions/node.yml:3:11: groups[0].name: expected a group name unique in service "node" (its files build into one rule file), got "a" here and in definitions/node.rules.yml (promtool: groupname is repeated in the same file)',
      "obsforge build: 1 error(s); out/ left unchanged",
    ]);
  });
});
