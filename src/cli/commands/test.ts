import { type CliIO, EXIT } from "../io.ts";
import { commandOutput } from "../output.ts";
import { printDiagnostics, printSkippedTemplates } from "../report.ts";

export interface TestFlags {
  definitions: string;
  out: string;
  /** `--quiet`: failures only, no count line, no progress. */
  quiet?: boolean;
}

/**
 * `obsforge test`: generated and hand-written alert tests in promtool; pass/fail per test.
 * With paths: the promtool test files found there (a repo of plain rule YAML), as they are.
 */
export async function runTest(flags: TestFlags, io: CliIO, paths: string[] = []): Promise<number> {
  const { runRuleTests, PromtoolMissing } = await import("../../pipeline/rule-tests.ts");
  const output = commandOutput("test", io, { quiet: flags.quiet === true });
  const progress = output.onProgress !== undefined ? { onProgress: output.onProgress } : {};
  let result: Awaited<ReturnType<typeof runRuleTests>>;
  let templates: string[] = [];
  try {
    if (paths.length > 0) {
      const { runForeignRuleTests } = await import("../../pipeline/foreign-rule-tests.ts");
      const run = await runForeignRuleTests(paths, { cwd: io.cwd });
      if (run.ok) templates = run.value.templates;
      result = run.ok ? { ok: true, value: run.value.results } : run;
    } else {
      result = await runRuleTests({
        definitions: flags.definitions,
        out: flags.out,
        cwd: io.cwd,
        ...progress,
      });
      // Routing tests (out/alertmanager/routing-tests.yml) run on the same fresh out/.
      if (result.ok) {
        const { runRoutingTests } = await import("../../pipeline/routing-tests.ts");
        const routing = await runRoutingTests({ out: flags.out, cwd: io.cwd });
        result = routing.ok ? { ok: true, value: [...result.value, ...routing.value] } : routing;
      }
    }
  } catch (error) {
    output.endProgress();
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
  output.endProgress();
  if (!result.ok) {
    printDiagnostics(io, result.diagnostics, { paint: output.stderr.paint });
    output.summary({ ok: false });
    return EXIT.failure;
  }
  if (!output.quiet) printSkippedTemplates(io, "test", templates);
  const paint = output.stdout.paint;
  let failed = 0;
  for (const r of result.value) {
    if (r.passed && output.quiet) continue;
    io.stdout(`${r.passed ? paint.ok("PASS") : paint.error("FAIL")}  ${r.file}  ${r.name}\n`);
    if (!r.passed) {
      failed++;
      io.stdout(`${r.output.replace(/^/gm, "      ")}\n`);
    }
  }
  const counts = `${result.value.length - failed} passed, ${failed} failed`;
  if (!output.quiet) io.stdout(`${failed > 0 ? paint.error(counts) : paint.ok(counts)}\n`);
  output.summary({ ok: failed === 0 });
  return failed > 0 ? EXIT.failure : EXIT.ok;
}
