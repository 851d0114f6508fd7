import { type Problem, sortProblems } from "../../core/problem.ts";
import type { FieldPath } from "../../core/problem.ts";
import { type FileDisables, readDisables } from "../../load/foreign/disables.ts";
import type { ForeignKind } from "../../load/foreign/detect.ts";
import type { ForeignFile } from "../../load/foreign/read.ts";
import { readRuleGroups } from "../../load/foreign/rule-groups.ts";
import { buildCatalogue } from "../catalogue.ts";
import type { Check, DashboardCheck, LintedRule, LogqlCheck, RuleCheck } from "../check.ts";
import { CHECKS } from "../checks/index.ts";
import { unknownCheckId } from "../checks/lint/unknown-rule.ts";
import { DEFAULT_LINT_CONFIG, type LintConfig } from "../config.ts";
import { formatMessage } from "../messages.ts";
import { active, checkLevel } from "../metric-lint.ts";
import { knownCheckIds } from "../registry.ts";
import { lintForeignDashboard } from "./dashboards.ts";
import { foreignPlacer } from "./place.ts";
import {
  type ForeignRuleDocument,
  isLokiRuleFile,
  lintedForeignRules,
  createQueryParses,
  lintRuleDocument,
} from "./rules.ts";

export interface ForeignLintResult {
  /** Lint findings, sorted (file, line, column, check). */
  findings: Problem[];
  /** What could not be read as its kind (a rule without `expr`, an invalid Sloth spec), placed. */
  errors: Problem[];
}

/**
 * Lint foreign files in place (`obsforge lint FILE|DIR...`): Prometheus,
 * Mimir and Loki rule files, PrometheusRules, Loki rule resources, Grafana
 * dashboards and Sloth, OpenSLO and Pyrra specs, with every check that
 * applies, at the config's levels, honouring `# obsforge disable` comments.
 * The files are linted together, as pint lints a repository: a recording
 * rule of one file is a defined series in every other. No metric catalogue
 * comes with foreign files, so every metric counts as defined and the
 * checks that need a catalogue's labels or types are silent. Pure: the
 * files come in read.
 */
export async function lintForeignFiles(
  files: readonly ForeignFile[],
  config: LintConfig = DEFAULT_LINT_CONFIG,
): Promise<ForeignLintResult> {
  const checks = <C extends Check>(target: C["target"]) =>
    active(
      CHECKS.filter((c): c is C => c.target === target),
      config,
    );
  // Comment disables are checked below, with their positions; lint.disable lists do not exist here.
  const ruleChecks = checks<RuleCheck>("rule").filter((c) => c.check.id !== unknownCheckId.id);
  const logqlChecks = checks<LogqlCheck>("logql");
  const dashboardChecks = checks<DashboardCheck>("dashboard");
  const known = knownCheckIds();
  const findings: Problem[] = [];
  const errors: Problem[] = [];
  const ruleDocs: { doc: ForeignRuleDocument; file: ForeignFile }[] = [];
  const placers = new Map(files.map((f) => [f, foreignPlacer(f)]));
  const disablesOf = new Map(files.map((f) => [f, readDisables(f.text)]));
  for (const file of files) {
    const placer = placers.get(file)!;
    for (const doc of file.documents) {
      if (doc.kind !== "rule-file" && doc.kind !== "prometheus-rule" && doc.kind !== "loki-rule")
        continue;
      const spec =
        doc.kind === "rule-file"
          ? doc.value
          : (doc.value.spec as Record<string, unknown> | undefined);
      const base: FieldPath = doc.kind === "rule-file" ? doc.path : [...doc.path, "spec"];
      const read = readRuleGroups(spec ?? {}, base, file.file);
      for (const e of read.errors) errors.push(placeError(e, doc.document, placer));
      const logql = doc.kind === "loki-rule" || isLokiRuleFile(read.groups);
      ruleDocs.push({
        doc: { file: file.file, document: doc.document, groups: read.groups, logql },
        file,
      });
    }
  }
  const parses = createQueryParses();
  const linted = ruleDocs.map(({ doc, file }) => ({
    doc,
    file,
    rules: lintedForeignRules(doc, {
      disables: disablesOf.get(file)!,
      placer: placers.get(file)!,
      parses,
    }),
  }));
  const catalogue = foreignCatalogue(
    linted.flatMap((l) => (l.doc.logql ? [] : l.rules)),
    config,
  );
  for (const { doc, file, rules } of linted) {
    findings.push(
      ...lintRuleDocument(doc, rules, {
        ruleChecks,
        logqlChecks,
        catalogue,
        knownCheckIds: known,
        disables: disablesOf.get(file)!,
        placer: placers.get(file)!,
      }),
    );
  }
  // The spec path pulls in the estate build, the YAML definitions and the
  // OpenSLO schema (~0.1 s to import): loaded only when a file holds a spec.
  const specs = files.some((f) => f.documents.some((d) => SPEC_KINDS.has(d.kind)))
    ? await import("./specs.ts")
    : undefined;
  for (const file of files) {
    const placer = placers.get(file)!;
    const disables = disablesOf.get(file)!;
    const keep = (p: Problem) => !disables.file.has(p.code);
    for (const doc of file.documents) {
      if (doc.kind === "dashboard")
        findings.push(
          ...lintForeignDashboard(file.file, doc, dashboardChecks, placer).filter(keep),
        );
      else if (doc.kind === "pyrra" || doc.kind === "openslo")
        findings.push(
          ...specs!.lintSpecQueries(file.file, doc, {
            ruleChecks,
            catalogue,
            knownCheckIds: known,
            disabled: disables.file,
            placer,
          }),
        );
    }
    if (file.documents.some((d) => d.kind === "sloth")) {
      const sloth = await specs!.lintSlothFile(file, config);
      findings.push(...sloth.findings.filter(keep));
      errors.push(...sloth.errors);
    }
    findings.push(...unknownDisables(file, disables, { known, config }));
  }
  if (specs !== undefined) errors.push(...(await specs.lintSpecValues(files)));
  return { findings: sortProblems(findings), errors: sortProblems(errors) };
}

/** The kinds linted by specs.ts. */
const SPEC_KINDS: ReadonlySet<ForeignKind> = new Set(["sloth", "pyrra", "openslo"]);

/** The recording rules of the linted files are the series a query may read; every metric is taken as defined. */
function foreignCatalogue(records: readonly LintedRule[], config: LintConfig) {
  return buildCatalogue(
    [
      {
        service: "",
        metrics: [],
        records: records
          .filter((r) => r.kind === "record")
          .map((r) => ({
            name: r.name,
            expr: r.expr,
            labels: r.labels,
            tree: r.tree,
            syntaxOk: r.syntaxOk,
          })),
      },
    ],
    {
      knownMetrics: [...config.knownMetrics, "*"],
      ...(config.targetLabels !== undefined
        ? { targetLabels: config.targetLabels }
        : { openTargetLabels: true }),
    },
  );
}

/** `lint/unknown-rule` for a disable comment naming no check, at the id in the comment. */
function unknownDisables(
  file: ForeignFile,
  disables: FileDisables,
  { known, config }: { known: ReadonlySet<string>; config: LintConfig },
): Problem[] {
  const level = checkLevel(unknownCheckId, config);
  if (level === undefined || disables.file.has(unknownCheckId.id)) return [];
  // Most files have no disable comment: do not split a 60,000-rule file into lines for nothing.
  if (disables.comments.length === 0) return [];
  const lines = file.text.split("\n");
  return disables.comments
    .filter((c) => !known.has(c.id))
    .map((c) => ({
      code: unknownCheckId.id,
      severity: level,
      message: formatMessage(unknownCheckId, {
        messageId: "unknownCommentId",
        data: { id: JSON.stringify(c.id) },
      }),
      file: file.file,
      path: [],
      span: {
        line: c.line,
        column: c.column,
        endColumn: c.column + c.id.length,
        excerpt: (lines[c.line - 1] ?? "").replace(/\r$/, ""),
      },
    }));
}

function placeError(
  error: Problem,
  document: number,
  placer: ReturnType<typeof foreignPlacer>,
): Problem {
  const span = placer.span(document, [{ path: error.path }]);
  return span === undefined ? error : { ...error, span };
}

/**
 * The rules of a rule-file sample (a check's good or bad sample that is a
 * foreign file), as the rule checks see them, with their catalogue: for
 * the samples of checks only foreign files can break (src/lint/samples.ts).
 */
export function foreignSampleRules(file: ForeignFile): {
  rules: LintedRule[];
  catalogue: ReturnType<typeof foreignCatalogue>;
} {
  const rules: LintedRule[] = [];
  const placer = foreignPlacer(file);
  const disables = readDisables(file.text);
  for (const doc of file.documents) {
    if (doc.kind !== "rule-file")
      throw new Error(`Bug: a foreign check sample is a ${doc.kind}, not a rule file`);
    const read = readRuleGroups(doc.value, doc.path, file.file);
    if (read.errors.length > 0)
      throw new Error(`Bug: sample rule file does not load: ${read.errors[0]!.message}`);
    const logql = isLokiRuleFile(read.groups);
    rules.push(
      ...lintedForeignRules(
        { file: file.file, document: doc.document, groups: read.groups, logql },
        { disables, placer },
      ),
    );
  }
  return {
    rules,
    catalogue: foreignCatalogue(
      rules.filter((r) => r.logql !== true),
      DEFAULT_LINT_CONFIG,
    ),
  };
}
