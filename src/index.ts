/**
 * The package root, `obsforge`: the authoring API only (helpers, query and
 * panel builders, the model's types), the same module definitions import.
 * The library behind the CLI (pipeline, lint, emit, parsers, schemas) is
 * `obsforge/api` (src/api.ts).
 */
export * from "./authoring.ts";
