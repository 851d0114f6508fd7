import { compareStrings, sortedLabels } from "../core/order.ts";
import { readRuleGroups } from "../load/foreign/rule-groups.ts";
import { dotted, fieldChanges } from "./field-changes.ts";
import type { FieldChange, SubjectChange } from "./model.ts";
import { pairItems } from "./pair.ts";
import { type QueryLanguage, sameQuery } from "./query.ts";
import { lineDiff } from "./text-diff.ts";

/** One rule of a rule file, as Prometheus and Loki read it. */
interface Rule {
  kind: "alert" | "record";
  name: string;
  group: string;
  expr: string;
  for?: string;
  keep_firing_for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface Group {
  name: string;
  /** interval, limit, query_offset, ...: what applies to every rule of the group. */
  settings: Record<string, unknown>;
  rules: Rule[];
}

/**
 * A rule file's groups, read by the reader of rule files in place (as
 * leniently as promtool loads them); undefined when it has problems, so
 * the file is compared as bytes.
 */
export function ruleGroupsOf(document: unknown, file: string): Group[] | undefined {
  if (document === null || typeof document !== "object") return undefined;
  const doc = document as Record<string, unknown>;
  const { groups, errors } = readRuleGroups(doc, [], file);
  if (errors.length > 0) return undefined;
  const raw = Array.isArray(doc.groups) ? (doc.groups as Array<Record<string, unknown>>) : [];
  return groups.map((g) => {
    const { name: _n, rules: _r, ...settings } = raw[g.groupIndex] ?? {};
    return {
      name: g.name,
      settings,
      rules: g.rules.map((r) => ({
        kind: r.kind,
        name: r.name,
        group: g.name,
        expr: r.expr,
        ...(r.for !== undefined && { for: r.for }),
        ...(r.keepFiringFor !== undefined && { keep_firing_for: r.keepFiringFor }),
        labels: sortedLabels(r.labels),
        annotations: sortedLabels(r.annotations),
      })),
    };
  });
}

/**
 * What differs between two versions of one rule file: rules added, removed
 * or changed (group, expr, for, keep_firing_for, labels, annotations) and
 * groups whose settings changed. A rule is known by its kind and name; rules
 * sharing a name (the tiers of one SLO alert, one recording per SLO) are
 * told apart by their group and labels (see pair.ts).
 */
export function diffRuleGroups(
  before: readonly Group[],
  after: readonly Group[],
  language: QueryLanguage,
): SubjectChange[] {
  const out: SubjectChange[] = [];
  const afterGroups = new Map(after.map((g) => [g.name, g]));
  for (const g of before) {
    const h = afterGroups.get(g.name);
    if (h === undefined) continue;
    const fields = fieldChanges(g.settings, h.settings);
    if (fields.length > 0) out.push({ status: "changed", kind: "group", name: g.name, fields });
  }
  const rulesOf = (groups: readonly Group[]) => groups.flatMap((g) => g.rules);
  const labelsKey = (r: Rule) => JSON.stringify(r.labels);
  const { pairs, removed, added } = pairItems(rulesOf(before), rulesOf(after), {
    bucket: (r) => `${r.kind} ${r.name}`,
    tieBreakers: [(r) => `${r.group} ${labelsKey(r)}`, labelsKey, (r) => r.group],
  });
  // Named among the rules of their own side: a label that changed is no reason to show it.
  const was = ruleNames(rulesOf(before));
  const shown = ruleNames(rulesOf(after));
  for (const r of removed)
    out.push({ status: "removed", kind: r.kind, name: was(r), within: r.group, fields: [] });
  for (const r of added)
    out.push({
      status: "added",
      kind: r.kind,
      name: shown(r),
      within: r.group,
      fields: newRule(r),
    });
  for (const [a, b] of pairs) {
    const fields = ruleFieldChanges(a, b, language);
    if (fields.length > 0)
      out.push({ status: "changed", kind: b.kind, name: shown(b), within: b.group, fields });
  }
  return out.sort(compareSubjects);
}

/** What a reviewer needs of a new rule: its query, and how long it must hold. */
function newRule(r: Rule): FieldChange[] {
  return [
    { field: "expr", after: r.expr, lines: lineDiff("", r.expr).filter((l) => l.startsWith("+")) },
    ...(r.for !== undefined ? [{ field: "for", after: r.for }] : []),
  ];
}

function ruleFieldChanges(a: Rule, b: Rule, language: QueryLanguage): FieldChange[] {
  const fields: FieldChange[] = [];
  if (a.group !== b.group) fields.push({ field: "group", before: a.group, after: b.group });
  if (!sameQuery(a.expr, b.expr, language))
    fields.push({ field: "expr", before: a.expr, after: b.expr, lines: lineDiff(a.expr, b.expr) });
  for (const key of ["for", "keep_firing_for"] as const) {
    if (a[key] !== b[key])
      fields.push({
        field: key,
        ...(a[key] !== undefined && { before: a[key] }),
        ...(b[key] !== undefined && { after: b[key] }),
      });
  }
  for (const key of ["labels", "annotations"] as const)
    fields.push(
      ...fieldChanges(a[key], b[key]).map((f) => ({ ...f, field: dotted([key, f.field]) })),
    );
  return fields;
}

/**
 * `name`, or `name{label="value"}` with the labels that tell apart the rules
 * of one name in one group (`slo_tier` for a Sloth alert's tiers).
 */
function ruleNames(rules: readonly Rule[]): (r: Rule) => string {
  const siblings = new Map<string, Rule[]>();
  for (const r of rules) {
    const key = `${r.kind} ${r.group} ${r.name}`;
    siblings.set(key, [...(siblings.get(key) ?? []), r]);
  }
  return (r) => {
    const same = siblings.get(`${r.kind} ${r.group} ${r.name}`) ?? [r];
    const telling = tellingLabels(same);
    if (telling.length === 0) return r.name;
    const shown = telling
      .filter((n) => r.labels[n] !== undefined)
      .map((n) => `${n}=${JSON.stringify(r.labels[n])}`);
    return `${r.name}{${shown.join(", ")}}`;
  };
}

/**
 * The fewest labels that tell the rules apart, taken greedily from the
 * label with the most distinct values (`slo_tier` alone names a Sloth
 * alert's four tiers; its windows and severities say the same again). Sorted by name
 * first, so the choice does not depend on the order of the rules.
 */
function tellingLabels(rules: readonly Rule[]): string[] {
  const names = [...new Set(rules.flatMap((s) => Object.keys(s.labels)))].sort(compareStrings);
  const distinct = (n: string) => new Set(rules.map((s) => s.labels[n])).size;
  // Ties go to the wordier label: `slo_tier="page-quick"` says more than `long_window="1h"`.
  const length = (n: string) => rules.reduce((sum, s) => sum + (s.labels[n]?.length ?? 0), 0);
  const candidates = names
    .filter((n) => distinct(n) > 1)
    .sort((a, b) => distinct(b) - distinct(a) || length(b) - length(a));
  const chosen: string[] = [];
  const unique = () =>
    new Set(rules.map((s) => JSON.stringify(chosen.map((n) => s.labels[n])))).size === rules.length;
  for (const n of candidates) {
    if (unique()) break;
    chosen.push(n);
  }
  return chosen.sort(compareStrings);
}

const STATUS_ORDER = { removed: 0, added: 1, changed: 2 } as const;

/** Stable order: by group (where), then name, then kind; status breaks the remaining ties. */
export function compareSubjects(a: SubjectChange, b: SubjectChange): number {
  return (
    compareStrings(a.within ?? "", b.within ?? "") ||
    compareStrings(a.name, b.name) ||
    compareStrings(a.kind, b.kind) ||
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status]
  );
}
