import type { Problem } from "../core/problem.ts";
import type { Result } from "../core/result.ts";
import { compareStrings } from "./common.ts";
import { issuesToDiagnostics } from "./issues.ts";
import { type Service, serviceSchema } from "./service.ts";
import { checkSliLabels } from "./sli-labels.ts";
import { type MergedPart, mergeSpecParts, type SpecPart } from "./spec-merge.ts";

/** A validated value and the definition file it came from. */
export interface Sourced<T> {
  /** Path as the user would type it (relative to the working directory). */
  file: string;
  /** Path relative to the definitions folder: stable across machines, used in artifacts. */
  source: string;
  /** Every definition file of a service merged from several YAML specs, sorted; absent for one file. */
  sources?: string[];
  value: T;
}

/** The definition files a service came from, as artifacts name them. */
export function sourcesOf(s: Sourced<unknown>): string[] {
  return s.sources ?? [s.source];
}

/** Everything obsforge compiles: all services, sorted by name. */
export interface Estate {
  services: Sourced<Service>[];
}

/** What a definition module (or one YAML spec document) exported, before validation. */
export type RawDefinition = SpecPart;

/**
 * Validate every definition and assemble the estate. All problems are
 * collected, not just the first, so one build shows every mistake.
 */
export function buildEstate(definitions: readonly RawDefinition[]): Result<Estate> {
  const diagnostics: Problem[] = [];
  const services: Sourced<Service>[] = [];
  // Each YAML spec document is checked on its own first, so an error points
  // into the document (and file) it is in, not into the merged service.
  const validated = new Map<RawDefinition, Service>();
  const parts: RawDefinition[] = [];
  for (const def of definitions) {
    if (def.spec === undefined) {
      parts.push(def);
      continue;
    }
    const parsed = serviceSchema.safeParse(def.exported, { reportInput: true });
    if (parsed.success) {
      validated.set(def, parsed.data);
      parts.push(def);
    } else diagnostics.push(...issuesToDiagnostics(parsed.error.issues, def.file));
  }
  // Specs naming one service merge into it; a conflict is reported instead.
  const merged = mergeSpecParts(parts);
  if (!merged.ok) diagnostics.push(...merged.diagnostics);
  const defs = merged.ok ? merged.value : parts.filter((p) => p.spec === undefined);
  for (const def of defs) {
    const sources = "parts" in def ? { sources: (def as MergedPart).sources } : {};
    const known = validated.get(def);
    if (known !== undefined) {
      services.push({ file: def.file, source: def.source, value: known });
      continue;
    }
    const parsed = serviceSchema.safeParse(def.exported, { reportInput: true });
    if (parsed.success)
      services.push({ file: def.file, source: def.source, ...sources, value: parsed.data });
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
