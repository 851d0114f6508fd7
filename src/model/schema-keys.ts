import type { z } from "zod";
import type { FieldPath } from "../core/problem.ts";
import { closestName } from "../core/suggest.ts";

/**
 * The keys an object schema knows at a path of the value it parses, read
 * off the zod schema itself (so the list can never drift from what is
 * accepted): for "got an unknown key, expected one of these (did you mean
 * …?)" messages of the spec readers.
 */
export function knownKeysAt(schema: z.ZodType, path: FieldPath): string[] | undefined {
  const objects = objectsAt(schema, path);
  if (objects.length === 0) return undefined;
  return [...new Set(objects.flatMap((o) => Object.keys(o._zod.def.shape)))];
}

/** The message for an unknown key among `known` (a near one is suggested). */
export function unknownKeyMessage(key: string, known: readonly string[]): string {
  const near = closestName(key, known);
  return `expected one of the known fields (${known.join(", ")}), got ${JSON.stringify(key)}${near === undefined ? "" : ` (did you mean ${JSON.stringify(near)}?)`}`;
}

type Def = { type: string } & Record<string, unknown>;
type ObjectSchema = z.ZodObject;

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** Wrappers that parse a value of the inner schema's shape. */
const INNER: ReadonlySet<string> = new Set([
  "optional",
  "nullable",
  "default",
  "prefault",
  "readonly",
  "catch",
  "nonoptional",
]);

/** Every object schema `path` may lead to (unions lead to several). */
function objectsAt(schema: z.ZodType, path: FieldPath): ObjectSchema[] {
  const def = defOf(schema);
  if (INNER.has(def.type)) return objectsAt(def.innerType as z.ZodType, path);
  if (def.type === "pipe") return objectsAt(def.in as z.ZodType, path);
  if (def.type === "lazy") return objectsAt((def.getter as () => z.ZodType)(), path);
  if (def.type === "union")
    return (def.options as z.ZodType[]).flatMap((option) => objectsAt(option, path));
  const [head, ...rest] = path;
  if (head === undefined) return def.type === "object" ? [schema as unknown as ObjectSchema] : [];
  if (def.type === "object") {
    const shape = def.shape as Record<string, z.ZodType>;
    const field = typeof head === "string" && Object.hasOwn(shape, head) ? shape[head] : undefined;
    return field === undefined ? [] : objectsAt(field, rest);
  }
  if (def.type === "array" && typeof head === "number")
    return objectsAt(def.element as z.ZodType, rest);
  if (def.type === "record") return objectsAt(def.valueType as z.ZodType, rest);
  return [];
}
