import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** The shared corpora and schemas, read in place (never copied into the project). */
export const SHARED = resolve(PROJECT_ROOT, "../shared");
export const DEFINITIONS = resolve(PROJECT_ROOT, "definitions");
export const BIN = resolve(PROJECT_ROOT, "dist/cli/bin.js");
