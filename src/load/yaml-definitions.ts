import type { FieldPath, Problem } from "../core/problem.ts";
import type { Result } from "../core/result.ts";
import { importSlothDocument, isSlothDocument, specNamesTeam } from "./sloth.ts";
import { importPyrraDocument, isPyrraDocument } from "./pyrra.ts";
import {
  convertOpenSloV1,
  isOpenSloDocument,
  OPENSLO_V1,
  OPENSLO_VERSIONS,
  type OpenSloObject,
} from "./openslo-v1.ts";
import type { RawDefinition } from "../model/estate.ts";
import { inSpecOrigin } from "../model/spec-origin.ts";
import { failureSpan } from "./yaml.ts";
import { importRuleDocument, readRuleOrSpecYaml, ruleDocumentKind } from "./prometheus-rules.ts";

/**
 * Read a YAML spec (possibly several documents) and convert every document
 * to the obsforge model, as if it had been imported. Each document is a
 * part of the service it names; the estate merges the parts of one service
 * (in this file or others), as Sloth reads them. Only formats obsforge
 * can convert are accepted; anything else is named in a one-line error.
 */
export async function loadYamlDefinitions(
  path: string,
  file: string,
  source: string,
): Promise<Result<RawDefinition[]>> {
  return loadYamlFiles([{ path, file, source }]);
}

/** Several spec files read together, so OpenSLO references resolve across them. */
export async function loadYamlFiles(
  entries: readonly { path: string; file: string; source: string }[],
): Promise<Result<RawDefinition[]>> {
  const files: YamlFileDocs[] = [];
  const diagnostics: Problem[] = [];
  for (const e of entries) {
    const parsed = await readRuleOrSpecYaml(e.path);
    if (!parsed.ok)
      diagnostics.push({
        ...diagnostic(e.file, [], `expected valid YAML, got ${parsed.message}`),
        ...failureSpan(parsed),
      });
    else {
      const docs = parsed.documents.filter((d) => d !== null && d !== undefined);
      // A promtool test file beside the rule files it tests is a test, not a definition: `obsforge test` runs it.
      if (docs.length === 1 && isPromtoolTestFile(docs[0])) continue;
      files.push({ file: e.file, source: e.source, docs: parsed.documents });
    }
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  const converted = convertYamlFiles(files);
  return converted.ok ? { ok: true, value: converted.value.definitions } : converted;
}

export interface YamlFileDocs {
  file: string;
  source: string;
  /** Every document of the file, empty ones (null) included: problems name a document by its place. */
  docs: readonly unknown[];
}

/** A service definition in obsforge's own model (out/schema/service.schema.json), not an imported spec. */
export function isServiceDocument(doc: unknown): boolean {
  return typeof doc === "object" && doc !== null && (doc as { kind?: unknown }).kind === "service";
}

/** A promtool unit-test file: `tests` (and usually `rule_files`), and no rule groups. */
export function isPromtoolTestFile(doc: unknown): boolean {
  return (
    typeof doc === "object" &&
    doc !== null &&
    Array.isArray((doc as { tests?: unknown }).tests) &&
    !("groups" in doc)
  );
}

export function convertDocuments(
  docs: readonly unknown[],
  where: { file: string; source: string },
): Result<RawDefinition[]> {
  const converted = convertYamlFiles([{ ...where, docs }]);
  return converted.ok ? { ok: true, value: converted.value.definitions } : converted;
}

/**
 * Every document of every file: Sloth and Pyrra documents one by one,
 * OpenSLO v1 objects all together (they reference each other by name).
 * `notes` are what was read but compiles to nothing (unreferenced objects).
 */
export function convertYamlFiles(
  files: readonly YamlFileDocs[],
): Result<{ definitions: RawDefinition[]; notes: Problem[] }> {
  const out: RawDefinition[] = [];
  const diagnostics: Problem[] = [];
  const openslo: OpenSloObject[] = [];
  for (const where of files) {
    const { docs } = where;
    const present = docs.filter((d) => d !== null && d !== undefined).length;
    /** One document, or the item `at` of a document that is a list. */
    const convertOne = (doc: unknown, itemFile: string, at: FieldPath = []): void => {
      const imported = isPyrraDocument(doc)
        ? importPyrraDocument(doc, itemFile)
        : isSlothDocument(doc)
          ? importSlothDocument(doc, itemFile)
          : undefined;
      if (imported === undefined) {
        diagnostics.push(
          diagnostic(
            itemFile,
            // Point at what the document says it is, when it says.
            typeof doc === "object" && doc !== null && "kind" in doc ? ["kind"] : [],
            `expected a Sloth spec (version: "prometheus/v1" or kind: PrometheusServiceLevel), a Pyrra ServiceLevelObjective, an OpenSLO object (${OPENSLO_VERSIONS.join(", ")}), a Prometheus rule file (groups) or a PrometheusRule, got ${describe(doc)}`,
          ),
        );
        return;
      }
      // A spec is part of a service: specs naming one service merge into it (src/model/spec-merge.ts).
      const origin = { at };
      if (imported.ok)
        out.push({
          file: itemFile,
          source: where.source,
          exported: imported.value,
          spec: { teamFromSpec: specNamesTeam(doc), origin },
        });
      else diagnostics.push(...imported.diagnostics.map((p) => inSpecOrigin(origin, p)));
    };
    docs.forEach((doc, index) => {
      if (doc === null || doc === undefined) return;
      // `x.yaml#3` is the file's third document, counting empty ones, as the locator counts them.
      const docFile = present > 1 || index > 0 ? `${where.file}#${index + 1}` : where.file;
      // An obsforge service written in YAML (`kind: service`, the JSON Schema editors use): a whole service, as a TS module is.
      if (isServiceDocument(doc)) {
        out.push({ file: docFile, source: where.source, exported: doc });
        return;
      }
      const ruleKind = ruleDocumentKind(doc);
      if (ruleKind !== undefined) {
        const rules = importRuleDocument(doc, {
          file: docFile,
          source: where.source,
          kind: ruleKind,
        });
        if (!rules.ok) diagnostics.push(...rules.diagnostics);
        else out.push({ ...rules.value.definition, notes: rules.value.notes });
        return;
      }
      // OpenSLO's own examples hold a YAML list of objects in one document.
      if (Array.isArray(doc) && doc.length > 0 && doc.every(isOpenSloDocument)) {
        doc.forEach((item, i) => {
          if (readsAsV1(item))
            openslo.push({ doc: item, file: docFile, source: where.source, path: [i] });
          else if (isSlothDocument(item)) convertOne(item, docFile, [i]);
          else diagnostics.push(versionError(docFile, [i], item));
        });
        return;
      }
      if (isOpenSloDocument(doc) && readsAsV1(doc)) {
        openslo.push({ doc, file: docFile, source: where.source, path: [] });
        return;
      }
      if (isOpenSloDocument(doc) && !isSlothDocument(doc)) {
        diagnostics.push(versionError(docFile, [], doc));
        return;
      }
      convertOne(doc, docFile);
    });
  }
  const v1 = convertOpenSloV1(openslo);
  if (!v1.ok) diagnostics.push(...v1.diagnostics);
  if (!v1.ok || diagnostics.length > 0) return { ok: false, diagnostics };
  for (const p of v1.value.parts)
    out.push({
      file: p.file,
      source: p.source,
      exported: p.service,
      spec: { teamFromSpec: p.teamFromSpec, origin: p.origin },
    });
  return { ok: true, value: { definitions: out, notes: v1.value.notes } };
}

function versionError(file: string, path: (string | number)[], doc: unknown): Problem {
  const d = doc as { apiVersion?: unknown; kind?: unknown };
  return diagnostic(
    file,
    [...path, "apiVersion"],
    `expected an OpenSLO version obsforge reads (${OPENSLO_VERSIONS.join(", ")}; v1alpha for kinds SLO and Service only), got ${JSON.stringify(d.apiVersion)} kind ${JSON.stringify(d.kind ?? null)}`,
  );
}

/** v1 objects, and v1alpha Services: the same object in both versions (Sloth reads v1alpha SLOs). */
function readsAsV1(doc: unknown): boolean {
  const version = apiVersionOf(doc);
  const kind = (doc as { kind?: unknown }).kind;
  return version === OPENSLO_V1 || (version === "openslo/v1alpha" && kind === "Service");
}

function apiVersionOf(doc: unknown): unknown {
  return typeof doc === "object" && doc !== null
    ? (doc as Record<string, unknown>).apiVersion
    : undefined;
}

function describe(doc: unknown): string {
  if (Array.isArray(doc)) return "a list";
  if (typeof doc !== "object" || doc === null) return `a ${typeof doc}`;
  const d = doc as Record<string, unknown>;
  if (typeof d.apiVersion === "string")
    return `apiVersion ${JSON.stringify(d.apiVersion)} kind ${JSON.stringify(d.kind ?? null)}`;
  return "another document";
}

function diagnostic(file: string, path: (string | number)[], message: string): Problem {
  return { code: "load/yaml", severity: "error", file, path, message };
}
