import { type CliIO, EXIT } from "../io.ts";
import { printDiagnostics } from "../report.ts";

export interface TestFlags {
  definitions: string;
  out: string;
}

/**
 * `obsforge test`: generated and hand-written alert tests in promtool; pass/fail per test.
 * With paths: the promtool test files found there (a repo of plain rule YAML), as they are.
 */
export async function runTest(flags: TestFlags, io: CliIO, paths: string[] = []): Promise<number> {
  const { runRuleTests, PromtoolMissing } = await import("../../pipeline/rule-tests.ts");
  let result: Awaited<ReturnType<typeof runRuleTests>>;
  try {
    if (paths.length > 0) {
      const { runForeignRuleTests } = await import("../../pipeline/foreign-rule-tests.ts");
      result = await runForeignRuleTests(paths, { cwd: io.cwd });
    } else {
      result = await runRuleTests({ ...flags, cwd: io.cwd });
      // Routing tests (out/alertmanager/routing-tests.yml) run on the same fresh out/.
      if (result.ok) {
        const { runRoutingTests } = await import("../../pipeline/routing-tests.ts");
        const routing = await runRoutingTests({ out: flags.out, cwd: io.cwd });
        result = routing.ok ? { ok: true, value: [...result.value, ...routing.value] } : routing;
      }
    }
  } catch (error) {
    if (error instanceof Error && error.name === "AmtoolMissing") {
      io.stderr(`obsforge test: ${error.message}\n`);
      return EXIT.failure;
    }
    if (error instanceof PromtoolMissing) {
      io.stderr(`obsforge test: ${error.message}\n`);
      return EXIT.failure;
    }
    throw error;
  }
  if (!result.ok) {
    printDiagnostics(io, result.diagnostics);
    return EXIT.failure;
  }
  let failed = 0;
  for (const r of result.value) {
    io.stdout(`${r.passed ? "PASS" : "FAIL"}  ${r.file}  ${r.name}\n`);
    if (!r.passed) {
      failed++;
      io.stdout(`${r.output.replace(/^/gm, "      ")}\n`);
    }
  }
  io.stdout(`${result.value.length - failed} passed, ${failed} failed\n`);
  return failed > 0 ? EXIT.failure : EXIT.ok;
}
