import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { obsforgeInProcess as cli } from "../helpers/in-process-cli.ts";
import { checkRulesText } from "../helpers/promtool.ts";
import { tempTree } from "../helpers/temp.ts";

/**
 * Prometheus reads every field of a rule file into a Go string, and Go's
 * YAML decoder hands a string field the scalar as written: `code: 0200` is
 * the label value "0200", `version: 1.10` the annotation "1.10", `on: true`
 * the label "true". A YAML 1.2 reader makes numbers of the first two (200,
 * 1.1), and String() does not bring the text back, so build-in-place, import
 * and lint read rule documents with their scalars as written.
 */
const RULES = `groups:
  - name: g
    rules:
      - alert: Coded
        expr: errors > 0
        for: 5m
        labels: { severity: page, code: 0200, paged: true, empty: ~ }
        annotations: { summary: s, runbook_url: https://r, version: 1.10, day: 2024-01-01 }
`;

describe("rule files are read with their scalars as Prometheus reads them", () => {
  test("build in place writes the label and annotation values as written, and promtool loads them", async () => {
    const dir = await tempTree({ "definitions/coded.rules.yml": RULES });
    const r = await cli(["build"], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const [file] = (await readdir(join(dir, "out/prometheus"))).filter((f) => f.endsWith(".yml"));
    const built = await readFile(join(dir, "out/prometheus", file!), "utf8");
    expect(built).toContain(
      [
        "        labels:",
        "          code: '0200'",
        "          empty: ''",
        "          paged: 'true'",
        "          severity: page",
        "        annotations:",
        "          day: '2024-01-01'",
        "          runbook_url: https://r",
        "          summary: s",
        "          version: '1.10'",
      ].join("\n"),
    );
    expect(checkRulesText(built).status).toBe(0);
  });

  test("import writes them as the strings the file holds", async () => {
    const dir = await tempTree({ "coded.rules.yml": RULES });
    const r = await cli(["import", "coded.rules.yml", "--out", "imported"], dir);
    expect(r.code).toBe(0);
    const ts = await readFile(join(dir, "imported/coded.ts"), "utf8");
    expect(ts).toContain('code: "0200"');
    expect(ts).toContain('version: "1.10"');
    expect(ts).toContain('day: "2024-01-01"');
  });

  test("lint FILE tells apart rules whose labels differ only as written (0200 and 200)", async () => {
    const second = RULES.split("\n").slice(3).join("\n").replace("code: 0200", "code: 200");
    const dir = await tempTree({ "coded.rules.yml": `${RULES}${second}` });
    const r = await cli(["lint", "coded.rules.yml"], dir);
    expect(r.stdout).toBe("No problems found.\n");
    expect(r.code).toBe(0);
    // The same rule twice is still a duplicate.
    const twice = await tempTree({
      "coded.rules.yml": `${RULES}${RULES.split("\n").slice(3).join("\n")}`,
    });
    const again = await cli(["lint", "coded.rules.yml"], twice);
    expect(again.stdout).toContain("error rule/duplicate-name");
  });
});
