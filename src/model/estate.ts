import type { Routing } from "./routing.ts";
import type { Service } from "./service.ts";
import type { SpecPart } from "./spec-merge.ts";
import type { EstateSettings } from "./estate-settings.ts";

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

/**
 * Everything obsforge compiles: all services, sorted by name. Built (and
 * validated) by the estate step, src/estate/build.ts.
 */
export interface Estate {
  services: Sourced<Service>[];
  /** definitions/estate.json: deploy targets and engine versions; none means defaults. */
  settings?: EstateSettings;
  /** Alert routing (the `defineRouting` module), when the estate has one. */
  routing?: Sourced<Routing>;
}

/** What a definition module (or one YAML spec document) exported, before validation. */
export type RawDefinition = SpecPart;
