import type { Problem } from "../core/problem.ts";
import type { Result } from "../core/result.ts";
import { CONFIG_FILE, readConfigFile } from "../load/config-file.ts";
import {
  parseRulersConfig,
  type RulersSettings,
  type RulersSettingsInput,
  rulersSettings,
} from "../model/rulers.ts";

/** The ruler layout the estate is built with, and the file its problems are placed in. */
export interface ResolvedRulers {
  settings: RulersSettings;
  file: string;
}

/**
 * Where the ruler layout comes from, first found: the library option, the
 * `rulers` of definitions/estate.json (it describes what the estate deploys
 * to, like `kubernetes` and `targets`), then, deprecated, the `rulers` of
 * obsforge.config.json, with one warning saying where to move it. Both
 * files having one is an error: which of the two applies would be a guess.
 */
export async function resolveRulers(
  options: { rulers?: RulersSettingsInput | undefined },
  where: { cwd: string; estateFile: string; estateRulers: RulersSettings | undefined },
): Promise<Result<{ rulers: ResolvedRulers | undefined; warnings: Problem[] }>> {
  if (options.rulers !== undefined)
    return {
      ok: true,
      value: {
        rulers: { settings: rulersSettings(options.rulers), file: where.estateFile },
        warnings: [],
      },
    };
  const read = await readConfigFile({ cwd: where.cwd });
  if (!read.ok) return read;
  const legacy =
    read.value === undefined ? undefined : parseRulersConfig(read.value.json, read.value.file);
  if (legacy !== undefined && !legacy.ok) return legacy;
  const old = legacy?.value && read.value && { settings: legacy.value, file: read.value.file };
  if (where.estateRulers !== undefined) {
    if (old !== undefined)
      return {
        ok: false,
        diagnostics: [
          {
            code: "config/duplicate-rulers",
            severity: "error",
            file: old.file,
            path: ["rulers"],
            message: `expected the ruler layout in ${where.estateFile} only, got a rulers section here too: delete this one (${CONFIG_FILE}'s rulers is deprecated)`,
          },
        ],
      };
    return {
      ok: true,
      value: { rulers: { settings: where.estateRulers, file: where.estateFile }, warnings: [] },
    };
  }
  if (old === undefined) return { ok: true, value: { rulers: undefined, warnings: [] } };
  const deprecated: Problem = {
    code: "config/deprecated-rulers",
    severity: "warning",
    file: old.file,
    path: ["rulers"],
    message: `expected the ruler layout in ${where.estateFile}, got it in ${CONFIG_FILE} (deprecated, still read): move the rulers section there`,
  };
  return { ok: true, value: { rulers: old, warnings: [deprecated] } };
}
