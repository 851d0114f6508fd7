import type { FieldPath, Problem } from "../../core/problem.ts";
import { renderForParsing } from "../../core/window.ts";
import { buildEstate, estateTemplateProblems } from "../../estate/build.ts";
import type { ForeignDocument, ForeignFile } from "../../load/foreign/read.ts";
import { openLocator, placed, sourceFileOf } from "../../load/positions.ts";
import { OPENSLO_REFERENCE } from "../../load/openslo-v1.ts";
import { convertYamlFiles, type YamlFileDocs } from "../../load/yaml-definitions.ts";
import { parsePromQL } from "../../promql/parse.ts";
import type { Catalogue } from "../catalogue.ts";
import type { LintedRule, RuleCheck } from "../check.ts";
import type { LintConfig } from "../config.ts";
import { lintEstate } from "../engine.ts";
import { formatProblems } from "../messages.ts";
import type { Active } from "../metric-lint.ts";
import type { ForeignPlacer } from "./place.ts";

/** A PromQL query written in an SLO spec, and where. */
interface SpecQuery {
  /** From the document's root. */
  path: FieldPath;
  query: string;
  slo: string;
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** Pyrra's indicator fields that hold a PromQL selector. */
const PYRRA_QUERIES: readonly FieldPath[] = [
  ["ratio", "errors", "metric"],
  ["ratio", "total", "metric"],
  ["latency", "success", "metric"],
  ["latency", "total", "metric"],
  ["latencyNative", "total", "metric"],
  ["bool_gauge", "metric"],
];

/** OpenSLO metric sources whose `spec.query` is PromQL. */
const PROMQL_SOURCES = /^(prometheus|thanos|mimir|cortex|victoriametrics)$/i;

/** The PromQL queries of a Pyrra or OpenSLO v1 document. */
export function specQueries(doc: ForeignDocument): SpecQuery[] {
  const name = String((doc.value.metadata as Obj | undefined)?.name ?? "");
  if (doc.kind === "pyrra") {
    const indicator = (doc.value.spec as Obj | undefined)?.indicator;
    return PYRRA_QUERIES.flatMap((p) => {
      const query = at(indicator, p);
      return typeof query === "string"
        ? [{ path: [...doc.path, "spec", "indicator", ...p], query, slo: name }]
        : [];
    });
  }
  const out: SpecQuery[] = [];
  const walk = (value: unknown, path: FieldPath) => {
    if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) walk(v, [...path, i]);
    }
    if (!isObject(value)) return;
    for (const [key, v] of Object.entries(value)) {
      if (
        key === "metricSource" &&
        isObject(v) &&
        typeof v.type === "string" &&
        PROMQL_SOURCES.test(v.type)
      ) {
        const query = (v.spec as Obj | undefined)?.query;
        if (typeof query === "string")
          out.push({ path: [...path, key, "spec", "query"], query, slo: name });
      } else walk(v, [...path, key]);
    }
  };
  walk(doc.value.spec, [...doc.path, "spec"]);
  return out;
}

function at(value: unknown, path: FieldPath): unknown {
  let v = value;
  for (const p of path) v = isObject(v) ? v[p as string] : undefined;
  return v;
}

/**
 * The query checks on a spec's PromQL: syntax and types, and every check
 * that also runs on the rules obsforge generates for SLOs (`generated`).
 * The window placeholder Sloth and OpenSLO examples write (`{{.window}}`)
 * is filled with a sample window to parse, and positions map back to it.
 */
export function lintSpecQueries(
  file: string,
  doc: ForeignDocument,
  ctx: {
    ruleChecks: readonly Active<RuleCheck>[];
    catalogue: Catalogue;
    knownCheckIds: ReadonlySet<string>;
    disabled: ReadonlySet<string>;
    placer: ForeignPlacer;
  },
): Problem[] {
  const out: Problem[] = [];
  for (const q of specQueries(doc)) {
    const { rendered, originalOffset, originalEnd } = renderForParsing(q.query);
    const parsed = parsePromQL(rendered);
    const rule: LintedRule = {
      kind: "record",
      name: q.slo,
      expr: rendered,
      tree: parsed.tree,
      syntaxOk: parsed.errors.length === 0,
      labels: {},
      annotations: {},
      group: q.slo,
      interval: 60,
      groupIndex: 0,
      ruleIndex: 0,
      disable: [...ctx.disabled],
      written: { query: q.query, originalOffset, originalEnd },
    };
    const base = {
      rule,
      siblings: [rule],
      catalogue: ctx.catalogue,
      knownCheckIds: ctx.knownCheckIds,
    };
    for (const { check, severity, options } of ctx.ruleChecks) {
      if (check.generated !== true && check.foreign !== true) continue;
      if (rule.disable.includes(check.id)) continue;
      for (const p of formatProblems(
        check,
        check.check(options === undefined ? base : { ...base, options }),
      )) {
        const value =
          p.span === undefined
            ? undefined
            : { from: originalOffset(p.span.from), to: originalOffset(p.span.to) };
        const span = ctx.placer.span(doc.document, [
          { path: q.path, ...(value !== undefined && { value }) },
        ]);
        out.push({
          code: check.id,
          severity: p.severity ?? severity,
          message: p.message,
          file,
          path: q.path,
          subject: q.slo,
          ...(span !== undefined && { span }),
        });
      }
    }
  }
  return out;
}

/**
 * A Sloth spec (or OpenSLO v1alpha), which obsforge reads as definitions:
 * converted, validated and linted as `obsforge lint` lints an estate (the
 * checks of SLI queries on the rules it generates), with positions in the
 * spec. An invalid spec gives its validation errors instead.
 */
export async function lintSlothFile(
  file: ForeignFile,
  config: LintConfig,
): Promise<{ findings: Problem[]; errors: Problem[] }> {
  const converted = convertYamlFiles(
    yamlDocuments(file, (docs) => docs.some((d) => d.kind === "sloth")),
  );
  const built = converted.ok ? buildEstate(converted.value.definitions) : converted;
  const sources = new Map([[file.file, file.text]]);
  // A spec's alerts are generated: no rule check reads their templates, so a broken one is refused as the build refuses it.
  const refused = built.ok ? estateTemplateProblems(built.value) : built.diagnostics;
  if (!built.ok || refused.length > 0) {
    const locator = await openLocator(
      refused.map((d) => d.file ?? ""),
      (f) => sources.get(f),
    );
    return {
      findings: [],
      errors: refused.map((d) => inFile(placed(d, locator), file.file)),
    };
  }
  // No catalogue comes with a spec: its metrics are taken as defined.
  const open = { ...config, knownMetrics: [...config.knownMetrics, "*"] };
  const findings = await lintEstate(built.value, { config: open, sources });
  return { findings: findings.map((f) => inFile(f, file.file)), errors: [] };
}

/** What `lintSpecValues` does not report: other checks do, or it is no mistake of the files linted. */
const LEFT_TO_OTHERS: ReadonlySet<string> = new Set([
  "import/unsupported",
  OPENSLO_REFERENCE,
  // A query that does not parse or type-check is a finding of the query checks (`lintSpecQueries`), with its caret.
  "promql/syntax",
  "promql/type",
]);

/**
 * Pyrra and OpenSLO v1 documents, converted and validated as a build does,
 * all files together (OpenSLO objects reference each other across them):
 * the errors of values a spec gets wrong (a target of 1.5, a name no rule
 * can carry, a condition threshold no tier can reach), placed. What obsforge cannot
 * compile (`import/unsupported`: a Datadog source, Timeslices) and a
 * reference to an object in a file not linted are no mistakes of the files
 * linted: `build` and `import` say them.
 */
export async function lintSpecValues(files: readonly ForeignFile[]): Promise<Problem[]> {
  const read = files.flatMap((file) =>
    yamlDocuments(file, (docs) => docs.every((d) => d.kind === "pyrra" || d.kind === "openslo")),
  );
  if (read.length === 0) return [];
  const converted = convertYamlFiles(read);
  const built = converted.ok ? buildEstate(converted.value.definitions) : converted;
  if (built.ok) return [];
  const problems = built.diagnostics.filter((d) => !LEFT_TO_OTHERS.has(d.code));
  const sources = new Map(files.map((f) => [f.file, f.text]));
  const locator = await openLocator(
    problems.map((d) => d.file ?? ""),
    (f) => sources.get(f),
  );
  return problems.map((d) => {
    const p = placed(d, locator);
    return { ...p, file: sourceFileOf(p.file ?? "").base };
  });
}

/**
 * The YAML documents of `file` that `wanted` picks, by the kinds detected in
 * them, each named as a build names it (`x.yaml#2` in a file of several), so
 * problems are placed in the right document; a list, whose items were
 * detected one by one, is one document, as OpenSLO writes it.
 */
function yamlDocuments(
  file: ForeignFile,
  wanted: (docs: readonly ForeignDocument[]) => boolean,
): YamlFileDocs[] {
  const multi = file.documents.some((d) => d.document > 0);
  const byDocument = new Map<number, ForeignDocument[]>();
  for (const d of file.documents)
    byDocument.set(d.document, [...(byDocument.get(d.document) ?? []), d]);
  return [...byDocument]
    .filter(([, docs]) => wanted(docs))
    .map(([index, docs]) => ({
      file: multi ? `${file.file}#${index + 1}` : file.file,
      source: file.file,
      docs: [docs[0]!.path.length === 0 ? docs[0]!.value : docs.map((d) => d.value)],
    }));
}

/** `x.yaml#2` (the estate's name for a document) → the file as the user typed it. */
function inFile(p: Problem, file: string): Problem {
  return p.file?.startsWith(`${file}#`) === true ? { ...p, file } : p;
}
