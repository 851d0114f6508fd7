import type { ReportFormat } from "../../report/index.ts";
import type { MetricProfile } from "../../lint/check.ts";
import { type CliIO, EXIT } from "../io.ts";
import { commandOutput } from "../output.ts";
import { printDiagnostics } from "../report.ts";
import { readLintSettings } from "../lint-settings.ts";

export interface LintFlags {
  definitions: string;
  out?: string;
  format: ReportFormat;
  profile?: MetricProfile;
  config?: string;
  /** `--quiet`: error findings only, no count line, no progress. */
  quiet?: boolean;
}

/** `obsforge lint`: lint the rules, the metric catalogue, the LogQL queries and the dashboards. */
export async function runLint(flags: LintFlags, io: CliIO): Promise<number> {
  const output = commandOutput("lint", io, { quiet: flags.quiet === true });
  const paint = output.stderr.paint;
  const [config, { lintProject }, { printFindings }, { CHECKS }] = await Promise.all([
    readLintSettings(io, flags.config, paint),
    import("../../pipeline/lint.ts"),
    import("../findings.ts"),
    import("../../lint/checks/index.ts"),
  ]);
  if (config === undefined) return EXIT.usage;
  const result = await lintProject(
    {
      definitions: flags.definitions,
      ...(flags.out !== undefined && { out: flags.out }),
      cwd: io.cwd,
      ...(flags.profile !== undefined && { profile: flags.profile }),
      ...(output.onProgress !== undefined && { onProgress: output.onProgress }),
    },
    config,
  );
  output.endProgress();
  if (!result.ok) {
    const errors = printDiagnostics(io, result.diagnostics, { paint });
    io.stderr(
      `${paint.error(`obsforge lint: ${errors} error(s) in the definitions; nothing linted`)}\n`,
    );
    output.summary({ ok: false });
    return EXIT.failure;
  }
  const { findings } = result.value;
  printFindings(io, findings, { format: flags.format, rules: CHECKS, output });
  const failed = findings.some((f) => f.severity === "error");
  output.summary({ ok: !failed });
  return failed ? EXIT.failure : EXIT.ok;
}
