import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { resolveRuleFile } from "../../src/pipeline/rule-tests.ts";
import { obsforgeInProcess } from "../helpers/in-process-cli.ts";
import { DEFINITIONS } from "../helpers/paths.ts";
import { copyTree, tempDir } from "../helpers/temp.ts";

describe("obsforge test with hand-written tests", () => {
  test("passes with any --out: rule_files naming built files follow the output folder", async () => {
    const dir = await tempDir();
    await copyTree(DEFINITIONS, join(dir, "definitions"));
    // checkout-api is the service the hand-written test is about; the others only add run time,
    // and so do its availability SLOs (their generated tests replay hours). The latency SLO
    // stays, so generated tests (rule_files ../prometheus/…) follow the output folder too.
    for (const other of ["orders-db.ts", "payment-worker.ts"])
      await rm(join(dir, "definitions", other));
    const full = join(dir, "definitions/lib/checkout-api-full.ts");
    await rename(join(dir, "definitions/checkout-api.ts"), full);
    await writeFile(
      full,
      (await readFile(full, "utf8")).replace('from "./lib/common.ts"', 'from "./common.ts"'),
    );
    await writeFile(
      join(dir, "definitions/checkout-api.ts"),
      [
        'import full from "./lib/checkout-api-full.ts";',
        'export default { ...full, slos: full.slos?.filter((s) => s.name === "latency") };',
        "",
      ].join("\n"),
    );
    // A stale default out/ at the path the hand-written test names: it must not be what is tested.
    expect((await obsforgeInProcess(["build"], dir)).code).toBe(0);
    const stale = join(dir, "out/prometheus/checkout-api.rules.yml");
    await writeFile(
      stale,
      (await readFile(stale, "utf8")).replaceAll("CheckoutHighErrorRate", "RenamedAlert"),
    );

    const out = "some/other/dir";
    const built = await obsforgeInProcess(["build", "--out", out], dir);
    expect(built.stderr).toBe("");
    expect(built.code).toBe(0);
    const r = await obsforgeInProcess(["test", "--out", out], dir);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain(
      "PASS  definitions/tests/checkout-api.test.yml  checkout-api pages when more than 5% of requests fail for 5 minutes\n",
    );
    expect(r.stdout).toMatch(
      /^PASS {2}some\/other\/dir\/tests\/checkout-api\.test\.yml {2}checkout-api\/latency: /m,
    );
    expect(r.stdout).not.toContain("FAIL");
    expect(r.code).toBe(0);
  });

  test.for([
    [
      "a built file named from the test's folder",
      "../../out/prometheus/a.rules.yml",
      "/o/x/prometheus/a.rules.yml",
    ],
    [
      "a built file under another out folder name",
      "../../build/prometheus/a.rules.yml",
      "/o/x/prometheus/a.rules.yml",
    ],
    [
      "an absolute path to a built file",
      "/elsewhere/out/prometheus/a.rules.yml",
      "/o/x/prometheus/a.rules.yml",
    ],
    [
      "a hand-written rule file next to the test",
      "extra.rules.yml",
      "/p/definitions/tests/extra.rules.yml",
    ],
    [
      "a rule file that obsforge did not build",
      "../../out/prometheus/b.rules.yml",
      "/p/out/prometheus/b.rules.yml",
    ],
    [
      "a glob, which promtool expands",
      "../../out/prometheus/*.rules.yml",
      "/p/out/prometheus/*.rules.yml",
    ],
  ])("rule_files: %s", ([, entry, expected]) => {
    expect(
      resolveRuleFile(entry!, {
        testFile: "/p/definitions/tests/a.test.yml",
        out: "/o/x",
        built: new Set(["prometheus/a.rules.yml", "tests/a.test.yml", "manifest.json"]),
      }),
    ).toBe(expected);
  });
});
