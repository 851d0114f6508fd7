import type { ExpositionFormatOption } from "../../lint/exposition/stream.ts";
import type { Finding } from "../../lint/finding.ts";
import type { ReportFormat } from "../../lint/reporters/index.ts";
import type { MetricProfile } from "../../lint/rule.ts";
import { type CliIO, EXIT } from "../io.ts";
import { printDiagnostics } from "../report.ts";

export interface LintMetricsFlags {
  /** FILE, URL or `-`; absent with `--catalogue`. */
  input?: string;
  format: ReportFormat;
  profile?: MetricProfile;
  exposition: ExpositionFormatOption;
  catalogue: boolean;
  definitions: string;
  config?: string;
}

/**
 * `obsforge lint-metrics FILE|URL|-`: stream an exposition through the
 * metric-name rules of one profile (default promlint, as promtool check
 * metrics). `--catalogue` lints the definitions' metric catalogue instead
 * (default profile strict).
 */
export async function runLintMetrics(flags: LintMetricsFlags, io: CliIO): Promise<number> {
  if ((flags.input === undefined) === !flags.catalogue) {
    io.stderr(
      "obsforge lint-metrics: expected FILE, URL or - (stdin), or --catalogue, and not both\n",
    );
    return EXIT.usage;
  }
  const [{ loadConfig }, { lintMetricsInput }, { formatFindings }] = await Promise.all([
    import("../../pipeline/lint-config.ts"),
    import("../../pipeline/lint-metrics.ts"),
    import("../../lint/reporters/index.ts"),
  ]);
  const config = await loadConfig({
    cwd: io.cwd,
    ...(flags.config !== undefined && { config: flags.config }),
  });
  if (!config.ok) {
    printDiagnostics(io, config.diagnostics);
    return EXIT.usage;
  }
  let findings: Finding[];
  if (flags.input === undefined) {
    // The catalogue needs the definitions (loader, schemas): loaded only here.
    const { lintProject } = await import("../../pipeline/lint.ts");
    const result = await lintProject(
      {
        definitions: flags.definitions,
        cwd: io.cwd,
        catalogueOnly: true,
        ...(flags.profile !== undefined && { profile: flags.profile }),
      },
      config.value,
    );
    if (!result.ok) {
      printDiagnostics(io, result.diagnostics);
      return EXIT.failure;
    }
    findings = result.value.findings;
  } else {
    const result = await lintMetricsInput(flags.input, {
      cwd: io.cwd,
      profile: flags.profile ?? "promlint",
      format: flags.exposition,
      config: config.value,
      ...(io.stdin !== undefined && { stdin: io.stdin }),
    });
    if (!result.ok) {
      printDiagnostics(io, result.diagnostics);
      return EXIT.failure;
    }
    findings = result.value.findings;
  }
  // Only SARIF lists the rules; the registry (every rule module) loads for it alone.
  const rules =
    flags.format === "sarif" ? (await import("../../lint/rules/index.ts")).LINT_RULES : [];
  io.stdout(formatFindings(findings, flags.format, { rules }));
  return findings.some((f) => f.severity === "error") ? EXIT.failure : EXIT.ok;
}
