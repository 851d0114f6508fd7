import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { obsforgeInProcess as cli } from "../helpers/in-process-cli.ts";
import { tempTree } from "../helpers/temp.ts";

/**
 * A rule file with fields newer than the estate's Prometheus (query_offset
 * needs 2.53, group labels 3.0; the default is the tests' promtool, 2.42)
 * imports, but its module builds only once estate.json names a release
 * that reads them. `import` used to say nothing, and the first `build`
 * refused the module it had just written.
 */

const RULES = `groups:
  - name: a
    query_offset: 1m
    labels: { team: x }
    rules:
      - record: x:y
        expr: up
`;

describe("import of fields newer than the estate's Prometheus", () => {
  test("writes the module and warns per field, with the release each needs", async () => {
    const dir = await tempTree({ "a.rules.yml": RULES });
    const run = await cli(["import", "a.rules.yml", "--out", "definitions"], dir);
    expect(run.code).toBe(0);
    expect(run.stderr.trim().split("\n")).toEqual([
      "warning: a.rules.yml:3:19: groups[0].query_offset: expected only what Prometheus 2.42 loads (the default; set targets.prometheus in estate.json), got query_offset, which needs Prometheus 2.53 or later",
      "warning: a.rules.yml:4:5: groups[0].labels: expected only what Prometheus 2.42 loads (the default; set targets.prometheus in estate.json), got group labels, which needs Prometheus 3.0 or later",
    ]);
    expect(await readdir(join(dir, "definitions"))).toEqual(["a.ts"]);
  });

  test("is silent when the --out folder's estate.json names a release that reads them, and builds", async () => {
    const dir = await tempTree({
      "a.rules.yml": RULES,
      "definitions/estate.json": JSON.stringify({ targets: { prometheus: "3.0" } }),
    });
    const run = await cli(["import", "a.rules.yml", "--out", "definitions"], dir);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const build = await cli(["build"], dir);
    expect(build.stderr).toBe("");
    expect(build.code).toBe(0);
    expect(await readFile(join(dir, "out/prometheus/a.rules.yml"), "utf8")).toContain(
      "query_offset: 1m",
    );
  });
});
