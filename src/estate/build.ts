/**
 * The estate step: every definition validated into one model. It sits above
 * the model and the SLO engine: the schemas (src/model) check each field,
 * then the checks that span fields run on the parsed value, the SLO ones
 * (src/slo/validate.ts) included, then the checks that span definitions.
 */
import type { Problem } from "../core/problem.ts";
import type { Result } from "../core/result.ts";
import type { z } from "zod";
import { compareStrings } from "../core/order.ts";
import type { Estate, RawDefinition, Sourced } from "../model/estate.ts";
import { issueCollector, issuesToDiagnostics } from "../model/issues.ts";
import { checkUnicode } from "../model/prometheus-names.ts";
import { checkServiceFields, type Service, serviceSchema } from "../model/service.ts";
import { alertTemplateProblems } from "../model/prometheus-names.ts";
import { protoKeyIssues } from "../model/proto-keys.ts";
import { checkSliLabels } from "../model/sli-labels.ts";
import { type MergedPart, mergeSpecParts } from "../model/spec-merge.ts";
import { inSpecOrigin } from "../model/spec-origin.ts";
import { checkServiceSlos } from "../slo/validate.ts";
import { type Routing, routingSchema } from "../model/routing.ts";
import { checkRoutingFields } from "../model/routing-checks.ts";

export type ParsedService =
  | { ok: true; value: Service }
  | { ok: false; issues: z.core.$ZodIssue[] };

/**
 * One service definition: the schema first, then the checks that span its
 * fields, in the order they have always been reported (labels and unique
 * names, SLOs against the SLO engine, Unicode of every string). They run
 * on a value the schema accepted, so each sees well-formed fields.
 */
export function parseService(exported: unknown): ParsedService {
  const protoKeys = protoKeyIssues(exported);
  if (protoKeys.length > 0) return { ok: false, issues: protoKeys };
  const parsed = serviceSchema.safeParse(exported, { reportInput: true });
  if (!parsed.success) return { ok: false, issues: parsed.error.issues };
  const service = parsed.data;
  const { sink, issues } = issueCollector(service);
  checkServiceFields(service, sink);
  checkServiceSlos(service, sink);
  checkUnicode(service, sink);
  return issues.length === 0 ? { ok: true, value: service } : { ok: false, issues };
}

/** The routing definition: its schema, then the checks across its fields. */
export function parseRouting(
  exported: unknown,
): { ok: true; value: Routing } | { ok: false; issues: z.core.$ZodIssue[] } {
  const protoKeys = protoKeyIssues(exported);
  if (protoKeys.length > 0) return { ok: false, issues: protoKeys };
  const parsed = routingSchema.safeParse(exported, { reportInput: true });
  if (!parsed.success) return { ok: false, issues: parsed.error.issues };
  const { sink, issues } = issueCollector(parsed.data);
  checkRoutingFields(parsed.data, sink);
  return issues.length === 0 ? { ok: true, value: parsed.data } : { ok: false, issues };
}

function isRoutingDefinition(def: RawDefinition): boolean {
  const exported = def.exported as { kind?: unknown } | null;
  return def.spec === undefined && typeof exported === "object" && exported?.kind === "routing";
}

/** The one routing module of the estate, validated; a second one is an error. */
function routingOf(
  definitions: readonly RawDefinition[],
  diagnostics: Problem[],
): Sourced<Routing> | undefined {
  let routing: Sourced<Routing> | undefined;
  let first: RawDefinition | undefined;
  for (const def of definitions) {
    if (first !== undefined) {
      diagnostics.push({
        code: "model/duplicate-routing",
        severity: "error",
        file: def.file,
        path: [],
        message: `expected one routing definition in the estate, got another (also defined in ${first.file})`,
      });
      continue;
    }
    first = def;
    const parsed = parseRouting(def.exported);
    if (parsed.ok) routing = { file: def.file, source: def.source, value: parsed.value };
    else diagnostics.push(...issuesToDiagnostics(parsed.issues, def.file));
  }
  return routing;
}

/**
 * Validate every definition and assemble the estate. All problems are
 * collected, not just the first, so one build shows every mistake.
 */
export function buildEstate(
  allDefinitions: readonly RawDefinition[],
  options: {
    /** Definitions already validated (the module cache): their service is taken as it is. */
    validated?: ReadonlyMap<RawDefinition, Service>;
  } = {},
): Result<Estate> {
  const diagnostics: Problem[] = [];
  const services: Sourced<Service>[] = [];
  const routing = routingOf(allDefinitions.filter(isRoutingDefinition), diagnostics);
  const definitions = allDefinitions.filter((def) => !isRoutingDefinition(def));
  // Each YAML spec document is checked on its own first, so an error points
  // into the document (and file) it is in, not into the merged service.
  const validated = new Map<RawDefinition, Service>(options.validated);
  const parts: RawDefinition[] = [];
  for (const def of definitions) {
    if (def.spec === undefined) {
      parts.push(def);
      continue;
    }
    const parsed = parseService(def.exported);
    if (parsed.ok) {
      validated.set(def, parsed.value);
      parts.push(def);
    } else
      diagnostics.push(
        ...issuesToDiagnostics(parsed.issues, def.file).map((p) =>
          inSpecOrigin(def.spec?.origin, p),
        ),
      );
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
    const parsed = parseService(def.exported);
    if (parsed.ok)
      services.push({ file: def.file, source: def.source, ...sources, value: parsed.value });
    else diagnostics.push(...issuesToDiagnostics(parsed.issues, def.file));
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
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  return { ok: true, value: { services, ...(routing !== undefined && { routing }) } };
}

/**
 * Go templates of alert labels and annotations that do not parse, as
 * errors (model/prometheus-names.ts): not part of `buildEstate`, since
 * `lint` builds estates with broken templates and reports them itself; the
 * build and `import` (so an import that succeeds builds) refuse them.
 */
export function estateTemplateProblems(estate: Estate): Problem[] {
  return estate.services.flatMap(({ file, value }) =>
    alertTemplateProblems(value).map((p): Problem => ({ ...p, severity: "error", file })),
  );
}
