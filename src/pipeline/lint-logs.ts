import type { Problem } from "../core/problem.ts";
import type { Result } from "../core/result.ts";
import type { LintConfig } from "../lint/config.ts";
import { type LogLintResult, lintLogStream } from "../lint/logs/lint-logs.ts";
import { type LogProfile, OTEL_LOG_PROFILE, serviceLogProfile } from "../lint/logs/profile.ts";
import { openLogInput } from "../loglines/reader.ts";

export interface LintLogsInputOptions {
  cwd?: string;
  config?: LintConfig;
  stdin?: AsyncIterable<Uint8Array | string>;
  /** Take the profile from this service's `logs` in the definitions (default: the OpenTelemetry profile). */
  service?: string;
  /** Folder of definition modules, with `service` (default `definitions`). */
  definitions?: string;
  /** Findings kept per check (default MAX_FINDINGS_PER_CHECK). */
  maxFindingsPerCheck?: number;
}

/** `obsforge lint-logs FILE|-`: stream the lines through the log checks with the profile asked for. */
export async function lintLogsInput(
  input: string,
  options: LintLogsInputOptions,
): Promise<Result<LogLintResult>> {
  const cwd = options.cwd ?? process.cwd();
  let profile: LogProfile = OTEL_LOG_PROFILE;
  if (options.service !== undefined) {
    const found = await serviceProfile(options.service, {
      cwd,
      definitions: options.definitions ?? "definitions",
    });
    if (!found.ok) return found;
    profile = found.value;
  }
  try {
    const result = await lintLogStream(openLogInput(input, { cwd, ...stdinOf(options) }), {
      file: input,
      profile,
      ...(options.config !== undefined && { config: options.config }),
      ...(options.maxFindingsPerCheck !== undefined && {
        maxFindingsPerCheck: options.maxFindingsPerCheck,
      }),
    });
    return { ok: true, value: result };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return fail(input, [], `expected readable log lines, got ${message}`);
  }
}

function stdinOf(options: LintLogsInputOptions) {
  return options.stdin === undefined ? {} : { stdin: options.stdin };
}

/** The profile of a service of the definitions; the definitions load only for this. */
async function serviceProfile(
  name: string,
  options: { cwd: string; definitions: string },
): Promise<Result<LogProfile>> {
  const { validateProject } = await import("./project.ts");
  const validated = await validateProject({
    cwd: options.cwd,
    definitions: options.definitions,
    logqlWarnings: false,
    cache: false,
  });
  if (!validated.ok) return validated;
  const services = validated.value.estate.services;
  const service = services.find((s) => s.value.name === name);
  if (service === undefined)
    return fail(
      options.definitions,
      [],
      `--service: expected the name of a service (${services.map((s) => s.value.name).join(", ")}), got ${JSON.stringify(name)}`,
    );
  const logs = service.value.logs;
  if (logs === undefined)
    return fail(
      service.file,
      ["logs"],
      `--service ${name}: expected a service with logs (serviceLogs({ selector, format })), got none`,
    );
  return { ok: true, value: serviceLogProfile(name, logs) };
}

function fail(file: string, path: string[], message: string): Result<never> {
  const problem: Problem = { code: "lint/input", severity: "error", file, path, message };
  return { ok: false, diagnostics: [problem] };
}
