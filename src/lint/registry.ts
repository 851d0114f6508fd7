import type { Check } from "./check.ts";
import { CHECKS } from "./checks/index.ts";

/** The check with this id (`promql/rate-window`), if there is one. */
export function findCheck(id: string): Check | undefined {
  return CHECKS.find((c) => c.id === id);
}

/** Every registered check id, for checks of `disable` lists and config files. */
export function knownCheckIds(): ReadonlySet<string> {
  return new Set(CHECKS.map((c) => c.id));
}
