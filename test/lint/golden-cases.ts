import type { Problem } from "../../src/core/problem.ts";
import { join } from "node:path";
import { lintProject } from "../../src/pipeline/lint.ts";
import { lintMetricsInput } from "../../src/pipeline/lint-metrics.ts";
import { PROJECT_ROOT } from "./helpers.ts";

export const GOLDEN = join(PROJECT_ROOT, "test/golden/lint");

/** Inputs of the reporter goldens: a bad exposition and a bad estate. */
export const GOLDEN_CASES: { name: string; findings: () => Promise<Problem[]> }[] = [
  {
    name: "exposition",
    findings: async () => {
      const result = await lintMetricsInput("metrics.prom", {
        cwd: join(GOLDEN, "exposition/input"),
        profile: "strict",
      });
      if (!result.ok) throw new Error(result.diagnostics[0]?.message);
      return result.value.findings;
    },
  },
  {
    name: "definitions",
    findings: async () => {
      const result = await lintProject({
        cwd: join(GOLDEN, "definitions/input"),
        definitions: "definitions",
      });
      if (!result.ok) throw new Error(result.diagnostics[0]?.message);
      return result.value.findings;
    },
  },
];
