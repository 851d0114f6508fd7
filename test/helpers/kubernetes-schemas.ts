import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import { PROJECT_ROOT, SHARED } from "./paths.ts";

/**
 * The CRD schemas the resources obsforge writes must pass: the
 * PrometheusRule CRD's openAPIV3Schema from ../shared/schemas (operator
 * 0.93), and the Loki operator's AlertingRule/RecordingRule (a
 * transcription in test/targets/fixtures, see its SOURCES.md).
 *
 * Made strict the way `kubectl apply --validate=strict` is: an object
 * schema that lists properties rejects any other field. The API server
 * would otherwise prune it silently, so a field obsforge wrote but the CRD
 * does not know would be lost in the cluster and pass here.
 */
function strict(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strict);
  if (typeof node !== "object" || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) if (!k.startsWith("x-kubernetes-")) out[k] = strict(v);
  if (typeof out.pattern === "string") out.pattern = caseInsensitive(out.pattern);
  if (out.properties !== undefined && out.additionalProperties === undefined)
    out.additionalProperties = false;
  return out;
}

/**
 * The CRD writes Go's inline flag (`^(?i)(abort|warn)?$`), which JavaScript
 * regexes lack: spell each letter as both cases instead (the patterns that
 * use it are plain words).
 */
function caseInsensitive(pattern: string): string {
  if (!pattern.includes("(?i)")) return pattern;
  return pattern
    .replace("(?i)", "")
    .replace(/[a-zA-Z]/g, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`);
}

function load(path: string): Record<string, unknown> {
  const schema = strict(JSON.parse(readFileSync(path, "utf8"))) as Record<string, unknown>;
  delete schema.$schema;
  return schema;
}

// strict: false: the CRD schemas carry OpenAPI keywords (format int32) ajv does not know.
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });

export const validatePrometheusRule: ValidateFunction = ajv.compile(
  load(join(SHARED, "schemas/prometheus-operator/prometheusrule.openapiv3.schema.json")),
);

const LOKI = join(PROJECT_ROOT, "test/targets/fixtures/loki-operator");
export const validateLokiAlertingRule: ValidateFunction = ajv.compile(
  load(join(LOKI, "alertingrule.v1.schema.json")),
);
export const validateLokiRecordingRule: ValidateFunction = ajv.compile(
  load(join(LOKI, "recordingrule.v1.schema.json")),
);

/** The schema errors of a resource, readable in a failed assertion; [] when it is valid. */
export function crdErrors(validate: ValidateFunction, resource: unknown): string[] {
  if (validate(resource)) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`,
  );
}
