import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { obsforgeInProcess as cli } from "../helpers/in-process-cli.ts";
import { PROJECT_ROOT, SHARED } from "../helpers/paths.ts";
import { tempDir } from "../helpers/temp.ts";
import { expectGoldenFile } from "../helpers/golden.ts";

/**
 * Golden TS of Pyrra and OpenSLO imports, one per indicator kind, read by
 * eye (UPDATE_GOLDEN=1 rewrites them). The goldens are also part of the
 * project's tsc run (tsconfig includes test/), so they typecheck.
 */
const EXPECTED = join(PROJECT_ROOT, "test/golden/import/ts");
const PYRRA = join(SHARED, "corpora/pyrra/examples");
const FIXTURES = join(PROJECT_ROOT, "test/import/fixtures/openslo-v1");

const CASES: { golden: string; inputs: string[]; module: string }[] = [
  {
    golden: "pyrra-ratio-grouping.ts",
    inputs: [join(PYRRA, "kubernetes/slo-prometheus-query-errors.yaml")],
    module: "monitoring.ts",
  },
  {
    golden: "pyrra-ratio-and-latency.ts",
    inputs: [join(PYRRA, "nginx.yaml")],
    module: "lastfm.ts",
  },
  {
    golden: "pyrra-latency-native.ts",
    inputs: [join(PYRRA, "pyrra-connect-latency.yaml")],
    module: "monitoring.ts",
  },
  {
    golden: "pyrra-bool-gauge.ts",
    inputs: [join(PYRRA, "prometheus-probe-success.yaml")],
    module: "prometheus-blackbox-probe-success.ts",
  },
  {
    golden: "openslo-v1.ts",
    inputs: [join(FIXTURES, "slos.yaml"), join(FIXTURES, "library.yaml")],
    module: "checkout.ts",
  },
];

describe("golden TS of SLO-spec imports", () => {
  test.for(CASES)("$golden", async ({ golden, inputs, module }) => {
    const dir = await tempDir();
    const r = await cli(["import", ...inputs, "--out", "ts"], dir);
    expect(r.stderr).toBe("");
    const got = await readFile(join(dir, "ts", module), "utf8");
    await expectGoldenFile(join(EXPECTED, golden), got);
  });
});
