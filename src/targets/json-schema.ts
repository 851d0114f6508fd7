import { serviceJsonSchema } from "../model/json-schema.ts";
import { ARTIFACT_PATHS } from "./artifact-paths.ts";
import type { JsonSchemaOutput } from "./compiled-file.ts";

/** out/schema/service.schema.json: the editors' schema of a service definition, from no definition in particular. */
export function serviceSchemaFile(): JsonSchemaOutput {
  return {
    kind: "json-schema",
    path: ARTIFACT_PATHS.serviceSchema,
    sources: [],
    content: serviceJsonSchema(),
  };
}
