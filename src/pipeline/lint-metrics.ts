import type { Result } from "../core/result.ts";
import type { ExpositionFormatOption } from "../exposition/format.ts";
import { openExposition } from "../exposition/reader.ts";
import type { LintConfig } from "../lint/config.ts";
import { type ExpositionLintResult, lintExposition } from "../lint/metric-lint.ts";
import type { MetricProfile } from "../lint/check.ts";

export interface LintMetricsOptions {
  cwd?: string;
  profile: MetricProfile;
  format?: ExpositionFormatOption;
  config?: LintConfig;
  stdin?: AsyncIterable<Uint8Array | string>;
  /** URLs: timeout for the response and for each pause in the body (default URL_TIMEOUT_MS). */
  timeoutMs?: number;
  /** URLs: largest body read (default URL_MAX_BYTES). */
  maxBytes?: number;
  /** Findings kept per check (default MAX_FINDINGS_PER_CHECK). */
  maxFindingsPerCheck?: number;
}

/** `obsforge lint-metrics FILE|URL|-`: stream the exposition through the parser and the naming checks. */
export async function lintMetricsInput(
  input: string,
  options: LintMetricsOptions,
): Promise<Result<ExpositionLintResult>> {
  const cwd = options.cwd ?? process.cwd();
  try {
    const opened = await openExposition(input, {
      cwd,
      ...(options.stdin !== undefined && { stdin: options.stdin }),
      ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
      ...(options.maxBytes !== undefined && { maxBytes: options.maxBytes }),
    });
    const result = await lintExposition(opened.chunks, {
      file: input,
      profile: options.profile,
      ...(options.config !== undefined && { config: options.config }),
      ...(options.format !== undefined && { format: options.format }),
      ...(opened.contentType !== undefined && { contentType: opened.contentType }),
      ...(options.maxFindingsPerCheck !== undefined && {
        maxFindingsPerCheck: options.maxFindingsPerCheck,
      }),
    });
    return { ok: true, value: result };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      diagnostics: [
        {
          code: "lint/input",
          severity: "error",
          file: input,
          path: [],
          message: `expected a readable exposition, got ${message}`,
        },
      ],
    };
  }
}
