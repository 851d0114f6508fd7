import type { Diagnostic, Result } from "../diagnostics.ts";
import { compareStrings } from "./common.ts";
import { issuesToDiagnostics } from "./issues.ts";
import { type Service, serviceSchema } from "./service.ts";
import { checkSliLabels } from "./sli-labels.ts";

/** A validated value and the definition file it came from. */
export interface Sourced<T> {
  /** Path as the user would type it (relative to the working directory). */
  file: string;
  /** Path relative to the definitions folder: stable across machines, used in artifacts. */
  source: string;
  value: T;
}

/** Everything obsforge compiles: all services, sorted by name. */
export interface Estate {
  services: Sourced<Service>[];
}

/** What a definition module exported, before validation. */
export interface RawDefinition {
  file: string;
  source: string;
  exported: unknown;
}

/**
 * Validate every definition and assemble the estate. All problems are
 * collected, not just the first, so one build shows every mistake.
 */
export function buildEstate(definitions: readonly RawDefinition[]): Result<Estate> {
  const diagnostics: Diagnostic[] = [];
  const services: Sourced<Service>[] = [];
  for (const def of definitions) {
    const parsed = serviceSchema.safeParse(def.exported, { reportInput: true });
    if (parsed.success) services.push({ file: def.file, source: def.source, value: parsed.data });
    else diagnostics.push(...issuesToDiagnostics(parsed.error.issues, def.file));
  }
  services.sort(
    (a, b) => compareStrings(a.value.name, b.value.name) || compareStrings(a.source, b.source),
  );
  // Across services: an SLI may select a metric another service catalogues.
  diagnostics.push(...checkSliLabels(services));
  for (let i = 1; i < services.length; i++) {
    const prev = services[i - 1]!;
    const cur = services[i]!;
    if (prev.value.name === cur.value.name) {
      diagnostics.push({
        code: "model/duplicate-service",
        severity: "error",
        file: cur.file,
        path: ["name"],
        message: `expected a service name unique in the estate, got ${JSON.stringify(cur.value.name)} (also defined in ${prev.file})`,
      });
    }
  }
  return diagnostics.length > 0 ? { ok: false, diagnostics } : { ok: true, value: { services } };
}
