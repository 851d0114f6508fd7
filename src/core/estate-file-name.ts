/**
 * The estate settings file's name in the definitions folder. Its own module,
 * importing nothing, so the cached build path (src/pipeline/estate-record.ts)
 * can key on the file without loading zod.
 */
export const ESTATE_FILE = "estate.json";
