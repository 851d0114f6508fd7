import type { Problem } from "../core/problem.ts";
import type { Check } from "../lint/check.ts";
import { formatFindings, type ReportFormat } from "../report/index.ts";
import type { CliIO } from "./io.ts";
import type { CommandOutput } from "./output.ts";

/**
 * Lint findings on stdout in `format`, coloured as stdout allows; with
 * `--quiet`, the error findings only and no count line. The exit code is
 * the caller's, from all the findings.
 */
export function printFindings(
  io: CliIO,
  findings: readonly Problem[],
  options: {
    format: ReportFormat;
    rules: readonly Check[];
    output: CommandOutput;
    /** Files that could not be linted (already reported on stderr). */
    unlinted?: number;
  },
): void {
  const { output } = options;
  const shown = output.quiet ? findings.filter((f) => f.severity === "error") : findings;
  io.stdout(
    formatFindings(shown, options.format, {
      rules: options.rules,
      paint: output.stdout.paint,
      ...(output.quiet && { summary: false }),
      ...(options.unlinted !== undefined && { unlinted: options.unlinted }),
    }),
  );
}
