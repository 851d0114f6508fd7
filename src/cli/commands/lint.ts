import type { ReportFormat } from "../../report/index.ts";
import type { MetricProfile } from "../../lint/check.ts";
import { type CliIO, EXIT } from "../io.ts";
import { printDiagnostics } from "../report.ts";

export interface LintFlags {
  definitions: string;
  out?: string;
  format: ReportFormat;
  profile?: MetricProfile;
  config?: string;
}

/** `obsforge lint`: lint the rules, the metric catalogue, the LogQL queries and the dashboards. */
export async function runLint(flags: LintFlags, io: CliIO): Promise<number> {
  const [{ loadConfig }, { lintProject }, { formatFindings }, { CHECKS }] = await Promise.all([
    import("../../pipeline/lint-config.ts"),
    import("../../pipeline/lint.ts"),
    import("../../report/index.ts"),
    import("../../lint/checks/index.ts"),
  ]);
  const config = await loadConfig({
    cwd: io.cwd,
    ...(flags.config !== undefined && { config: flags.config }),
  });
  if (!config.ok) {
    printDiagnostics(io, config.diagnostics);
    return EXIT.usage;
  }
  const result = await lintProject(
    {
      definitions: flags.definitions,
      ...(flags.out !== undefined && { out: flags.out }),
      cwd: io.cwd,
      ...(flags.profile !== undefined && { profile: flags.profile }),
    },
    config.value,
  );
  if (!result.ok) {
    const errors = printDiagnostics(io, result.diagnostics);
    io.stderr(`obsforge lint: ${errors} error(s) in the definitions; nothing linted\n`);
    return EXIT.failure;
  }
  io.stdout(formatFindings(result.value.findings, flags.format, { rules: CHECKS }));
  return result.value.findings.some((f) => f.severity === "error") ? EXIT.failure : EXIT.ok;
}
