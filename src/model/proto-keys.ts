import type { z } from "zod";

/**
 * `__proto__` is a key a rule file may hold (promtool accepts it as a label
 * or annotation name, a spec as any label), but zod drops it from every
 * object it parses, so the field would vanish from the output without a
 * word. Refused instead, at each place it occurs, before the schema runs.
 * Only plain objects and arrays are walked (builders such as SDK dashboards
 * are the compiler's); a value shared by YAML aliases is walked once.
 */
export function protoKeyIssues(value: unknown): z.core.$ZodIssue[] {
  const issues: z.core.$ZodIssue[] = [];
  const seen = new Set<object>();
  const walk = (v: unknown, path: (string | number)[]): void => {
    if (typeof v !== "object" || v === null || seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) {
      for (const [i, item] of v.entries()) walk(item, [...path, i]);
      return;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return;
    for (const key of Object.keys(v)) {
      if (key === "__proto__")
        issues.push({
          code: "custom",
          path: [...path, key],
          message:
            'expected a key other than __proto__ (zod, which validates every definition, drops that key from objects, so it would be lost), got "__proto__"',
          input: undefined,
        });
      else walk((v as Record<string, unknown>)[key], [...path, key]);
    }
  };
  walk(value, []);
  return issues;
}
