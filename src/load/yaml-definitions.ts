import type { Problem } from "../core/problem.ts";
import type { Result } from "../core/result.ts";
import { importSlothDocument, isSlothDocument, specNamesTeam } from "./sloth.ts";
import type { RawDefinition } from "../model/estate.ts";
import { readYamlFile } from "./yaml.ts";
import { importRuleDocument, ruleDocumentKind } from "./prometheus-rules.ts";

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
  const parsed = await readYamlFile(path);
  if (!parsed.ok) return fail(file, [], `expected valid YAML, got ${parsed.message}`);
  const docs = parsed.documents.filter((d) => d !== null && d !== undefined);
  // A promtool test file beside the rule files it tests is a test, not a definition: `obsforge test` runs it.
  if (docs.length === 1 && isPromtoolTestFile(docs[0])) return { ok: true, value: [] };
  return convertDocuments(docs, { file, source });
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
  const out: RawDefinition[] = [];
  const diagnostics: Problem[] = [];
  docs.forEach((doc, index) => {
    const docFile = docs.length > 1 ? `${where.file}#${index + 1}` : where.file;
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
    if (!isSlothDocument(doc)) {
      diagnostics.push(
        diagnostic(
          docFile,
          // Point at what the document says it is, when it says.
          typeof doc === "object" && doc !== null && "kind" in doc ? ["kind"] : [],
          'expected a Sloth spec (version: "prometheus/v1" or kind: PrometheusServiceLevel), a Prometheus rule file (groups) or a PrometheusRule, got another document',
        ),
      );
      return;
    }
    const imported = importSlothDocument(doc, docFile);
    // A spec is part of a service: specs naming one service merge into it (src/model/spec-merge.ts).
    if (imported.ok)
      out.push({
        file: docFile,
        source: where.source,
        exported: imported.value,
        spec: { teamFromSpec: specNamesTeam(doc) },
      });
    else diagnostics.push(...imported.diagnostics);
  });
  return diagnostics.length > 0 ? { ok: false, diagnostics } : { ok: true, value: out };
}

function diagnostic(file: string, path: (string | number)[], message: string): Problem {
  return { code: "load/yaml", severity: "error", file, path, message };
}

function fail(file: string, path: (string | number)[], message: string): Result<never> {
  return { ok: false, diagnostics: [diagnostic(file, path, message)] };
}
