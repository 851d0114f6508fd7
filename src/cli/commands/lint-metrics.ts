import type { Problem } from "../../core/problem.ts";
import type { ExpositionFormatOption } from "../../exposition/format.ts";
import type { ReportFormat } from "../../report/index.ts";
import type { MetricProfile } from "../../lint/check.ts";
import { DURATION_RE, durationSeconds } from "../../core/duration.ts";
import { type CliIO, EXIT } from "../io.ts";
import { commandOutput } from "../output.ts";
import { printDiagnostics } from "../report.ts";
import { readLintSettings } from "../lint-settings.ts";

export interface LintMetricsFlags {
  /** FILE, URL or `-`; absent with `--catalogue`. */
  input?: string;
  format: ReportFormat;
  profile?: MetricProfile;
  exposition: ExpositionFormatOption;
  catalogue: boolean;
  definitions: string;
  config?: string;
  /** A Prometheus duration (`10s`, `500ms`). */
  timeout?: string;
  /** Bytes, or a number with KiB, MiB or GiB. */
  maxSize?: string;
  /** A positive integer. */
  maxFindings?: string;
  /** `--quiet`: error findings only, no count line. */
  quiet?: boolean;
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
  const limits = parseLimits(flags);
  if (typeof limits === "string") {
    io.stderr(`obsforge lint-metrics: ${limits}\n`);
    return EXIT.usage;
  }
  const [config, { lintMetricsInput }, { printFindings }] = await Promise.all([
    readLintSettings(io, flags.config),
    import("../../pipeline/lint-metrics.ts"),
    import("../findings.ts"),
  ]);
  if (config === undefined) return EXIT.usage;
  let findings: Problem[];
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
      config,
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
      config,
      ...limits,
      ...(io.stdin !== undefined && { stdin: io.stdin }),
    });
    if (!result.ok) {
      printDiagnostics(io, result.diagnostics);
      return EXIT.failure;
    }
    findings = result.value.findings;
  }
  // Only SARIF lists the checks; the registry (every check module) loads for it alone.
  const rules = flags.format === "sarif" ? (await import("../../lint/checks/index.ts")).CHECKS : [];
  const output = commandOutput("lint-metrics", io, { quiet: flags.quiet === true });
  printFindings(io, findings, { format: flags.format, rules, output });
  return findings.some((f) => f.severity === "error") ? EXIT.failure : EXIT.ok;
}

export interface Limits {
  timeoutMs?: number;
  maxBytes?: number;
  maxFindingsPerCheck?: number;
}

const SIZE_UNITS: Readonly<Record<string, number>> = {
  "": 1,
  B: 1,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
};

/** The numeric limits from their flags, or a one-line usage error (lint-logs reads `--max-findings` here too). */
export function parseLimits(
  flags: Pick<LintMetricsFlags, "timeout" | "maxSize" | "maxFindings">,
): Limits | string {
  const out: Limits = {};
  if (flags.timeout !== undefined) {
    const ms = Math.round(durationSeconds(flags.timeout) * 1000);
    if (!DURATION_RE.test(flags.timeout) || ms <= 0)
      return `--timeout: expected a duration such as 10s or 500ms, got ${JSON.stringify(flags.timeout)}`;
    out.timeoutMs = ms;
  }
  if (flags.maxSize !== undefined) {
    const m = /^(\d+)(B|KiB|MiB|GiB)?$/.exec(flags.maxSize);
    const bytes = m === null ? 0 : Number(m[1]) * SIZE_UNITS[m[2] ?? ""]!;
    if (!(bytes > 0) || !Number.isSafeInteger(bytes))
      return `--max-size: expected a size such as 64MiB or 1048576, got ${JSON.stringify(flags.maxSize)}`;
    out.maxBytes = bytes;
  }
  if (flags.maxFindings !== undefined) {
    const n = /^\d+$/.test(flags.maxFindings) ? Number(flags.maxFindings) : 0;
    if (!(n > 0) || !Number.isSafeInteger(n))
      return `--max-findings: expected a positive integer, got ${JSON.stringify(flags.maxFindings)}`;
    out.maxFindingsPerCheck = n;
  }
  return out;
}
