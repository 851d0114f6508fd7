import type { LintConfig } from "../lint/config.ts";
import type { Paint } from "../report/paint.ts";
import type { CliIO } from "./io.ts";
import { printDiagnostics } from "./report.ts";

/**
 * The lint settings of `lint`, `lint-metrics` and `lint-logs`: `--config
 * FILE`, else obsforge.config.json when present, else the defaults. When
 * they cannot be read the problems are printed and the result is
 * undefined (the command exits with a usage error). The reader loads only
 * when a command runs, as every command's modules do.
 */
export async function readLintSettings(
  io: CliIO,
  configFile: string | undefined,
  paint?: Paint,
): Promise<LintConfig | undefined> {
  const { loadConfig } = await import("../pipeline/lint-config.ts");
  const config = await loadConfig({
    cwd: io.cwd,
    ...(configFile !== undefined && { config: configFile }),
  });
  if (config.ok) return config.value;
  printDiagnostics(io, config.diagnostics, paint === undefined ? {} : { paint });
  return undefined;
}
