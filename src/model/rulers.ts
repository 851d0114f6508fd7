import type { Result } from "../core/result.ts";
import { z } from "zod";
import { issuesToDiagnostics } from "./issues.ts";

/**
 * A file name a ruler namespace or tenant folder may take: what mimirtool,
 * lokitool and every file system accept alike. Mimir tenant ids allow a few
 * more characters (`!*'()`), which are not portable file names.
 */
export const RULER_NAME_RE = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/;

const tenantIdSchema = z
  .string()
  .max(150, { error: "expected a tenant id of at most 150 characters (Mimir's limit)" })
  .regex(RULER_NAME_RE, {
    error:
      "expected a tenant id of letters, digits, _, - and . (it names a folder under out/rulers/)",
  });

/** What a tenant's rulers evaluate: services by team, by name, or both. */
const tenantSchema = z
  .strictObject({
    teams: z.array(z.string().min(1)).default([]).meta({
      description: "Teams whose services' rules this tenant evaluates",
    }),
    services: z.array(z.string().min(1)).default([]).meta({
      description: "Services whose rules this tenant evaluates",
    }),
  })
  .meta({ description: "One tenant: the services whose rules its rulers load" });

/**
 * The `rulers` section of definitions/estate.json (formerly of
 * obsforge.config.json, still read there): the layout for Mimir,
 * Cortex and Loki rulers (`mimirtool rules sync`, `lokitool rules sync`,
 * the ruler HTTP API) and the limits that keep rule groups shardable.
 * With no section, no ruler layout is written and the limits are not checked.
 */
export const rulersSettingsSchema = z
  .strictObject({
    namespaceBy: z.enum(["service", "team"]).default("service").meta({
      description:
        "One ruler namespace per service (default) or per team; each namespace is one file",
    }),
    tenants: z.record(tenantIdSchema, tenantSchema).optional().meta({
      description:
        "Tenant id → the teams and services it evaluates; each tenant gets its own folder. Without it, one folder for the single tenant",
    }),
    maxRulesPerGroup: z.int().min(1).default(20).meta({
      description:
        "Most rules a group may hold (Mimir's default -ruler.max-rules-per-rule-group is 20); a ruler shards by group",
    }),
    groupSize: z.enum(["error", "warning"]).default("error").meta({
      description: "How a group over maxRulesPerGroup is reported (a ruler rejects it)",
    }),
    mixedIntervals: z.enum(["error", "warning", "off"]).default("warning").meta({
      description:
        "How a group that reads a series recorded by a group of another interval is reported",
    }),
  })
  .meta({ description: "Mimir, Cortex and Loki ruler layout and shard limits" });

export type RulersSettings = z.infer<typeof rulersSettingsSchema>;
export type RulersSettingsInput = z.input<typeof rulersSettingsSchema>;

const configFileSchema = z.looseObject({ rulers: rulersSettingsSchema.optional() });

/**
 * The `rulers` section of obsforge.config.json's JSON (its old place),
 * validated; undefined when it has none. Problems name the file and the field.
 */
export function parseRulersConfig(json: unknown, file: string): Result<RulersSettings | undefined> {
  const parsed = configFileSchema.safeParse(json, { reportInput: true });
  if (!parsed.success)
    return { ok: false, diagnostics: issuesToDiagnostics(parsed.error.issues, file) };
  return { ok: true, value: parsed.data.rulers };
}

/** Settings from library callers, with the defaults filled in. */
export function rulersSettings(input: RulersSettingsInput): RulersSettings {
  return rulersSettingsSchema.parse(input);
}
