/**
 * Writes dist/schema/service.schema.json after `tsc`: the JSON Schema the
 * package ships, which `obsforge init` points YAML definitions at
 * (`# yaml-language-server: $schema=…`). The same bytes as the build's
 * out/schema/service.schema.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { artifactOf } from "../src/emit/artifact.ts";
import { serviceSchemaFile } from "../src/targets/json-schema.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const target = resolve(root, "dist/schema/service.schema.json");
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, artifactOf(serviceSchemaFile()).content);
