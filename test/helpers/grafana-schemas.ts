import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import { SHARED } from "./paths.ts";

/**
 * The foundation SDK's JSON Schemas, read in place from ../shared/schemas/grafana:
 * the strict classic dashboard schema, each panel kind's options and field
 * config, and the Prometheus and Loki query schemas.
 */
const DIR = join(SHARED, "schemas/grafana");
const PANEL_KINDS = ["timeseries", "stat", "gauge", "heatmap", "table", "logs", "text"] as const;

function load(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(DIR, `${name}.jsonschema.json`), "utf8"));
}

// strict: false because the SDK's schemas use keywords ajv does not know; validateSchema: false
// because common.jsonschema.json repeats an enum value (ScaleDirection), which the
// meta-schema rejects although it changes nothing for validating data.
const ajv = new Ajv({
  strict: false,
  allErrors: true,
  validateFormats: false,
  validateSchema: false,
});
for (const name of [...PANEL_KINDS, "common", "prometheus", "loki"])
  ajv.addSchema(load(name), name);

export const validateDashboard: ValidateFunction = ajv.compile(load("dashboard"));

/** Options and fieldConfig.defaults.custom validators per panel kind (when the kind's schema defines them). */
export const panelValidators = new Map(
  PANEL_KINDS.map((kind) => {
    const defs = (load(kind).definitions ?? {}) as Record<string, unknown>;
    return [
      kind,
      {
        options: ajv.compile({ $ref: `${kind}#/definitions/Options` }),
        custom:
          "FieldConfig" in defs
            ? ajv.compile({ $ref: `${kind}#/definitions/FieldConfig` })
            : undefined,
      },
    ] as const;
  }),
);

export const validatePrometheusQuery: ValidateFunction = ajv.compile({ $ref: "prometheus" });
export const validateLokiQuery: ValidateFunction = ajv.compile({ $ref: "loki" });

export function errorsText(validate: ValidateFunction): string {
  return ajv.errorsText(validate.errors, { separator: "\n" });
}
