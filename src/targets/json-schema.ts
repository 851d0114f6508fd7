import { serviceJsonSchema } from "../model/json-schema.ts";
import { ARTIFACT_PATHS } from "./shared/artifact-paths.ts";
import type { FileOf } from "./shared/file-of.ts";

/** JSON Schema for editors, as `z.toJSONSchema` gives it. */
export type JsonSchema = Record<string, unknown>;
export type JsonSchemaOutput = FileOf<"json-schema", JsonSchema>;

/** out/schema/service.schema.json: the editors' schema of a service definition, from no definition in particular. */
export function serviceSchemaFile(): JsonSchemaOutput {
  return {
    kind: "json-schema",
    path: ARTIFACT_PATHS.serviceSchema,
    sources: [],
    content: serviceJsonSchema(),
  };
}
