import type { Tree } from "@lezer/common";
import type { FieldPath, Problem } from "../../core/problem.ts";
import { durationSeconds } from "../../core/duration.ts";
import { parseLogQL } from "../../logql/parse.ts";
import { isLokiQuerySet } from "../../load/foreign/detect.ts";
import type { ForeignGroup, ForeignRule } from "../../load/foreign/rule-groups.ts";
import type { FileDisables } from "../../load/foreign/disables.ts";
import { type ParsedPromQL, parsePromQL } from "../../promql/parse.ts";
import { createShapeParses, parseByShape, type ShapeParses } from "../../promql/shape-parse.ts";
import type { Catalogue } from "../catalogue.ts";
import type { FormattedProblem, LintedRule, LogqlCheck, RuleCheck, RuleContext } from "../check.ts";
import { DEFAULT_GROUP_INTERVAL_SECONDS } from "../group-interval.ts";
import { LOKI_DEFAULT_INTERVAL_SECONDS, runLogqlCheck } from "../logql.ts";
import { formatProblems } from "../messages.ts";
import { forgetTree } from "../promql/tree-facts.ts";
import type { Active } from "../metric-lint.ts";
import type { ForeignPlacement, ForeignPlacer } from "./place.ts";

/** One rule file's document (a plain file, or a resource's spec), read leniently. */
export interface ForeignRuleDocument {
  file: string;
  document: number;
  groups: readonly ForeignGroup[];
  /** Loki rules: every query is LogQL. */
  logql: boolean;
}

export interface RuleLintContext {
  ruleChecks: readonly Active<RuleCheck>[];
  logqlChecks: readonly Active<LogqlCheck>[];
  catalogue: Catalogue;
  knownCheckIds: ReadonlySet<string>;
  disables: FileDisables;
  placer: ForeignPlacer;
}

/** Whether a rule file holds Loki rules, decided from its queries (src/load/foreign/detect.ts). */
export function isLokiRuleFile(groups: readonly ForeignGroup[]): boolean {
  return isLokiQuerySet(groups.flatMap((g) => g.rules.map((r) => r.expr)));
}

/**
 * The parse of each distinct query of a lint run. Rules with the same query
 * (a warning and a critical alert, a rule per group of a generated file)
 * share one tree, so the facts the checks cache per tree
 * (src/lint/promql/tree-facts.ts) are computed once per query. Queries that
 * differ only in their label values (one per service) are parsed once per
 * shape (src/promql/shape-parse.ts).
 */
export interface QueryParses {
  byQuery: Map<string, ParsedPromQL>;
  byShape: ShapeParses;
}

export function createQueryParses(): QueryParses {
  return { byQuery: new Map(), byShape: createShapeParses() };
}

/** The rules of a document as the rule checks see them, with the disables written above them. */
export function lintedForeignRules(
  doc: ForeignRuleDocument,
  ctx: Pick<RuleLintContext, "disables" | "placer"> & { parses?: QueryParses },
): LintedRule[] {
  const out: LintedRule[] = [];
  const { disables, placer } = ctx;
  const parses: QueryParses = ctx.parses ?? createQueryParses();
  const fileWide = [...disables.file];
  const withComments = disables.comments.length > 0;
  for (const group of doc.groups) {
    const interval = intervalSeconds(group.interval, doc.logql);
    const groupLine = withComments ? placer.line(doc.document, group.path) : undefined;
    const groupDisables = groupLine === undefined ? [] : disables.above(groupLine);
    for (const rule of group.rules) {
      const ruleLine = withComments ? placer.line(doc.document, rule.path) : undefined;
      const ruleDisables = ruleLine === undefined ? [] : disables.above(ruleLine);
      // Most rules disable nothing: one shared empty list for them (it is never changed).
      const disable =
        fileWide.length + groupDisables.length + ruleDisables.length === 0
          ? NOTHING_DISABLED
          : [...fileWide, ...groupDisables, ...ruleDisables];
      const parsed = doc.logql ? undefined : parseOnce(rule.expr, parses);
      out.push(lintedRule(rule, group, parsed, { interval, logql: doc.logql, disable }));
    }
  }
  return out;
}

const NOTHING_DISABLED: string[] = [];

function parseOnce(expr: string, parses: QueryParses): ParsedPromQL {
  let parsed = parses.byQuery.get(expr);
  if (parsed === undefined) {
    parsed = parseByShape(expr, parses.byShape);
    parses.byQuery.set(expr, parsed);
  }
  return parsed;
}

function lintedRule(
  rule: ForeignRule,
  group: ForeignGroup,
  parsed: ParsedPromQL | undefined,
  extra: { interval: number; logql: boolean; disable: string[] },
): LintedRule {
  // Optional fields are set only when present, as a spread of `cond && {…}` would, without
  // its temporary object per field and rule.
  const out: LintedRule = {
    kind: rule.kind,
    name: rule.name,
    expr: rule.expr,
    tree: parsed?.tree ?? EMPTY_TREE,
    syntaxOk: parsed !== undefined && parsed.errors.length === 0,
    labels: rule.labels,
    annotations: rule.annotations,
    group: group.name,
    interval: extra.interval,
    groupIndex: group.groupIndex,
    ruleIndex: rule.ruleIndex,
    disable: extra.disable,
  };
  if (rule.for !== undefined) out.for = rule.for;
  if (rule.labels.severity !== undefined) out.severity = rule.labels.severity;
  if (extra.logql) out.logql = true;
  if (rule.keepFiringFor !== undefined) out.keepFiringFor = rule.keepFiringFor;
  if (group.interval !== undefined) out.groupInterval = group.interval;
  return out;
}

const EMPTY_TREE = parsePromQL("0").tree;

function intervalSeconds(interval: string | undefined, logql: boolean): number {
  const fallback = logql ? LOKI_DEFAULT_INTERVAL_SECONDS : DEFAULT_GROUP_INTERVAL_SECONDS;
  if (interval === undefined) return fallback;
  const seconds = durationSeconds(interval);
  return seconds > 0 ? seconds : fallback;
}

/**
 * Run the rule checks (and, on Loki rules, the LogQL checks) on one
 * document's rules; findings name the file and point at the rule's field
 * in it. Disabled checks (config, comments) do not run.
 */
export function lintRuleDocument(
  doc: ForeignRuleDocument,
  rules: readonly LintedRule[],
  ctx: RuleLintContext,
): Problem[] {
  const out: Problem[] = [];
  // The index of the last rule of each query: after it, the facts the checks cached for its tree go.
  const lastOfTree = new Map<Tree, number>();
  for (let i = 0; i < rules.length; i++) lastOfTree.set(rules[i]!.tree, i);
  const checks = ctx.ruleChecks;
  // One context per check for the whole document, its `rule` set before each call: a context
  // spread per rule and check (1.6 million on a 60,000-rule file) cost more than most checks.
  // Checks read their context during the call and keep nothing of it.
  const contexts: RuleContext[] = checks.map(({ options }) => ({
    rule: rules[0]!,
    siblings: rules,
    catalogue: ctx.catalogue,
    knownCheckIds: ctx.knownCheckIds,
    ...(options !== undefined && { options }),
  }));
  // `rules` is lintedForeignRules(doc): the same rules, in the same order.
  let index = 0;
  for (const group of doc.groups) {
    for (const written of group.rules) {
      const at = index++;
      const rule = rules[at]!;
      const paths = { rule: written.path, group: group.path };
      const anyDisabled = rule.disable.length > 0;
      for (let i = 0; i < checks.length; i++) {
        const { check, severity } = checks[i]!;
        if (anyDisabled && rule.disable.includes(check.id)) continue;
        const context = contexts[i]!;
        context.rule = rule;
        const found = check.check(context);
        // Most checks find nothing in most rules: no formatting, no array.
        if (found.length === 0) continue;
        for (const p of formatProblems(check, found))
          out.push(ruleFinding(doc, rule, paths, check.id, p.severity ?? severity, p, ctx.placer));
      }
      if (rule.logql === true) out.push(...logqlFindings(doc, rule, paths.rule, ctx));
      if (lastOfTree.get(rule.tree) === at) forgetTree(rule.tree);
    }
  }
  return out;
}

function logqlFindings(
  doc: ForeignRuleDocument,
  rule: LintedRule,
  path: FieldPath,
  ctx: RuleLintContext,
): Problem[] {
  if (ctx.logqlChecks.length === 0) return [];
  const context = {
    expr: rule.expr,
    parsed: parseLogQL(rule.expr),
    use: rule.kind,
    logs: undefined,
    logVolume: undefined,
    intervalSeconds: rule.interval,
  };
  const out: Problem[] = [];
  for (const { check, severity } of ctx.logqlChecks) {
    if (rule.disable.includes(check.id)) continue;
    for (const p of runLogqlCheck(check, context))
      out.push(
        ruleFinding(
          doc,
          rule,
          { rule: path, group: path },
          check.id,
          p.severity ?? severity,
          p,
          ctx.placer,
        ),
      );
  }
  return out;
}

function ruleFinding(
  doc: ForeignRuleDocument,
  rule: LintedRule,
  paths: { rule: FieldPath; group: FieldPath },
  code: string,
  severity: Problem["severity"],
  problem: FormattedProblem,
  placer: ForeignPlacer,
): Problem {
  const fieldPath = fieldOf(paths, problem.field);
  const path = problem.span !== undefined ? [...paths.rule, "expr"] : (fieldPath ?? paths.rule);
  const span = placer.span(doc.document, placements(rule, paths.rule, fieldPath, problem));
  return {
    code,
    severity,
    message: problem.message,
    file: doc.file,
    path,
    subject: problem.subject ?? rule.name,
    ...(span !== undefined && { span }),
  };
}

/** A check's `field` (`annotations`, `for`, `group.interval`) as a path in the file. */
function fieldOf(
  paths: { rule: FieldPath; group: FieldPath },
  field: string | undefined,
): FieldPath | undefined {
  if (field === undefined) return undefined;
  if (field.startsWith("group.")) return [...paths.group, ...field.slice(6).split(".")];
  return [...paths.rule, ...splitField(field)];
}

/** `annotations.summary` → two keys; an annotation or label key may itself hold dots. */
function splitField(field: string): string[] {
  const dot = field.indexOf(".");
  return dot < 0 ? [field] : [field.slice(0, dot), field.slice(dot + 1)];
}

/** The query's span, else the field, else the rule's name, else the rule. */
function placements(
  rule: LintedRule,
  path: FieldPath,
  field: FieldPath | undefined,
  problem: FormattedProblem,
): ForeignPlacement[] {
  const out: ForeignPlacement[] = [];
  if (problem.span !== undefined) out.push({ path: [...path, "expr"], value: problem.span });
  if (field !== undefined) out.push({ path: field, exact: true });
  out.push({ path: [...path, rule.kind === "alert" ? "alert" : "record"], exact: true }, { path });
  return out;
}
