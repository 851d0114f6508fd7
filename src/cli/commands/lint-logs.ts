import type { ReportFormat } from "../../report/index.ts";
import { type CliIO, EXIT } from "../io.ts";
import { commandOutput } from "../output.ts";
import { printDiagnostics } from "../report.ts";
import { readLintSettings } from "../lint-settings.ts";
import { parseLimits } from "./lint-metrics.ts";

export interface LintLogsFlags {
  /** FILE or `-`. */
  input?: string;
  format: ReportFormat;
  /** Take the profile (format, field names) from this service's `logs`. */
  service?: string;
  definitions: string;
  config?: string;
  /** A positive integer. */
  maxFindings?: string;
  /** `--quiet`: error findings only, no count line. */
  quiet?: boolean;
}

/**
 * `obsforge lint-logs FILE|-`: stream structured log lines through the log
 * checks, with the OpenTelemetry profile or a service's (`--service`).
 */
export async function runLintLogs(flags: LintLogsFlags, io: CliIO): Promise<number> {
  if (flags.input === undefined) {
    io.stderr("obsforge lint-logs: expected FILE or - (stdin)\n");
    return EXIT.usage;
  }
  const limits = parseLimits({
    ...(flags.maxFindings !== undefined && { maxFindings: flags.maxFindings }),
  });
  if (typeof limits === "string") {
    io.stderr(`obsforge lint-logs: ${limits}\n`);
    return EXIT.usage;
  }
  const [config, { lintLogsInput }, { printFindings }] = await Promise.all([
    readLintSettings(io, flags.config),
    import("../../pipeline/lint-logs.ts"),
    import("../findings.ts"),
  ]);
  if (config === undefined) return EXIT.usage;
  const result = await lintLogsInput(flags.input, {
    cwd: io.cwd,
    config,
    definitions: flags.definitions,
    ...(flags.service !== undefined && { service: flags.service }),
    ...(limits.maxFindingsPerCheck !== undefined && {
      maxFindingsPerCheck: limits.maxFindingsPerCheck,
    }),
    ...(io.stdin !== undefined && { stdin: io.stdin }),
  });
  if (!result.ok) {
    printDiagnostics(io, result.diagnostics);
    return EXIT.failure;
  }
  const findings = result.value.findings;
  // Only SARIF lists the checks: the log checks alone, so nothing else loads.
  const rules =
    flags.format === "sarif" ? (await import("../../lint/checks/logs-index.ts")).LOG_CHECKS : [];
  const output = commandOutput("lint-logs", io, { quiet: flags.quiet === true });
  printFindings(io, findings, { format: flags.format, rules, output });
  return findings.some((f) => f.severity === "error") ? EXIT.failure : EXIT.ok;
}
