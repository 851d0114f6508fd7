import { z } from "zod";
import { serviceSchema } from "./service.ts";

/**
 * JSON Schema for editors, generated from the zod schemas (the single source
 * of truth). Input shape: fields with defaults are optional.
 */
export function serviceJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(serviceSchema, {
    io: "input",
    target: "draft-2020-12",
    unrepresentable: "any",
  }) as Record<string, unknown>;
}
