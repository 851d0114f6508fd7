import { z } from "zod";

/** Shared pieces of the configurable checks' option schemas (`RuleCheck.options`). */

/** A JavaScript regular expression, as a string the config writes. */
export const regexSchema = z.string().refine(
  (s) => {
    try {
      new RegExp(s);
      return true;
    } catch {
      return false;
    }
  },
  { error: "expected a regular expression" },
);

const compiled = new Map<string, RegExp>();

/** `pattern` anchored at both ends, as Prometheus and pint anchor theirs; compiled once. */
export function anchored(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (re === undefined) {
    re = new RegExp(`^(?:${pattern})$`);
    compiled.set(pattern, re);
  }
  return re;
}
