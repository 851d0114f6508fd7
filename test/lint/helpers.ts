import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The project root (this file is test/lint/helpers.ts). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** ../shared, read in place and never copied into the project. */
export const SHARED = resolve(PROJECT_ROOT, "../shared");

export const EXPOSITION_CORPUS = resolve(SHARED, "corpora/exposition");
