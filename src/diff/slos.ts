import { compareStrings } from "../core/order.ts";
import { formatNumber, formatPercent } from "../core/numbers.ts";
import { errorBudget } from "../slo/burn-rate.ts";
import {
  type ExplainedSlo,
  type ExplainedTier,
  humanDuration,
  SCENARIOS,
  tierDetection,
} from "../slo/explain.ts";
import type { ArtifactChange, FieldChange, SubjectChange } from "./model.ts";

/** One SLO as `explain` sees it, with what detection at any error ratio needs per tier. */
export interface SloSnapshot {
  explained: ExplainedSlo;
  tiers: Array<{ id: string; factor: number; longWindowSeconds: number; forSeconds: number }>;
}

/**
 * SLOs added, removed or changed (objective, period, mode, alert name, tiers
 * and their windows, factors and severities), and for a changed SLO what
 * that does, from explain's formulas: the error ratio each tier fires above,
 * the budget it has spent when it fires, and its time to fire at the error
 * ratios of the base's scenarios (100%, 100x, 10x, 2x, 1x the base's budget
 * rate), so both versions meet the same incident.
 */
export function diffSlos(
  before: readonly SloSnapshot[],
  after: readonly SloSnapshot[],
): ArtifactChange[] {
  const key = (s: SloSnapshot) => `${s.explained.service}/${s.explained.slo}`;
  const a = new Map(before.map((s) => [key(s), s]));
  const b = new Map(after.map((s) => [key(s), s]));
  const out: ArtifactChange[] = [];
  for (const id of [...new Set([...a.keys(), ...b.keys()])].sort(compareStrings)) {
    const x = a.get(id);
    const y = b.get(id);
    if (x === undefined && y !== undefined)
      out.push({ kind: "slo", status: "added", id, changes: [summary("added", y)] });
    else if (y === undefined && x !== undefined)
      out.push({ kind: "slo", status: "removed", id, changes: [summary("removed", x)] });
    else if (x !== undefined && y !== undefined) {
      const changes = sloChanges(x, y);
      if (changes.length > 0) out.push({ kind: "slo", status: "changed", id, changes });
    }
  }
  return out;
}

function own(s: ExplainedSlo): Record<string, string> {
  return {
    objective: `${formatNumber(s.objective)}%`,
    period: s.period,
    mode: s.mode,
    alert: s.alert,
    "SLI recorded by": s.sliRecordedBy,
  };
}

function tierShape(t: ExplainedTier): Record<string, string> {
  return {
    severity: t.severity,
    windows: `${t.shortWindow}/${t.longWindow}`,
    factor: formatNumber(t.factor, { digits: 6 }),
  };
}

function summary(status: "added" | "removed", s: SloSnapshot): SubjectChange {
  const side = status === "added" ? "after" : "before";
  const fields: FieldChange[] = Object.entries({
    ...own(s.explained),
    tiers: s.explained.tiers.map((t) => t.id).join(", ") || "none",
  }).map(([field, value]) => ({ field, [side]: value }));
  return { status, kind: "slo", name: "settings", fields };
}

function sloChanges(x: SloSnapshot, y: SloSnapshot): SubjectChange[] {
  const out: SubjectChange[] = [];
  const settings = changedFields(own(x.explained), own(y.explained));
  if (settings.length > 0)
    out.push({ status: "changed", kind: "slo", name: "settings", fields: settings });
  const before = new Map(x.explained.tiers.map((t) => [t.id, t]));
  const after = new Map(y.explained.tiers.map((t) => [t.id, t]));
  const shapes: SubjectChange[] = [];
  for (const id of [...new Set([...before.keys(), ...after.keys()])].sort(compareStrings)) {
    const t = before.get(id);
    const u = after.get(id);
    if (t === undefined && u !== undefined)
      shapes.push(tierSubject("added", id, changedFields({}, tierShape(u))));
    else if (u === undefined && t !== undefined)
      shapes.push(tierSubject("removed", id, changedFields(tierShape(t), {})));
    else if (t !== undefined && u !== undefined) {
      const fields = changedFields(tierShape(t), tierShape(u));
      if (fields.length > 0 || settings.length > 0) shapes.push(tierSubject("changed", id, fields));
    }
  }
  if (settings.length === 0 && shapes.length === 0) return [];
  for (const s of shapes) {
    if (s.status !== "changed") continue;
    s.fields.push(...effects(x, y, s.name));
  }
  out.push(...shapes.filter((s) => s.fields.length > 0));
  return out;
}

function tierSubject(
  status: SubjectChange["status"],
  id: string,
  fields: FieldChange[],
): SubjectChange {
  return { status, kind: "tier", name: id, fields };
}

/** What a changed SLO or tier does to detection and budget, tier by tier. */
function effects(x: SloSnapshot, y: SloSnapshot, id: string): FieldChange[] {
  const t = x.explained.tiers.find((tier) => tier.id === id)!;
  const u = y.explained.tiers.find((tier) => tier.id === id)!;
  const fields = changedFields(
    {
      "fires above": formatPercent(t.threshold),
      "budget spent when it fires": formatPercent(t.budgetSpent),
    },
    {
      "fires above": formatPercent(u.threshold),
      "budget spent when it fires": formatPercent(u.budgetSpent),
    },
  );
  const tx = x.tiers.find((tier) => tier.id === id)!;
  const ty = y.tiers.find((tier) => tier.id === id)!;
  const eb = errorBudget(x.explained.objective);
  // 100x the budget rate of a 99% SLO is a total outage already: each error ratio once.
  const ratios = [...new Set(SCENARIOS.map((scenario) => scenario.errorRatio(eb)))];
  for (const errorRatio of ratios) {
    const at = (tier: typeof tx, objectivePercent: number) => {
      const seconds = tierDetection(tier, { errorRatio, objectivePercent });
      return seconds === null ? "never" : humanDuration(seconds);
    };
    const before = at(tx, x.explained.objective);
    const after = at(ty, y.explained.objective);
    if (before !== after)
      fields.push({ field: `time to fire at ${formatPercent(errorRatio)} errors`, before, after });
  }
  return fields;
}

function changedFields(a: Record<string, string>, b: Record<string, string>): FieldChange[] {
  const out: FieldChange[] = [];
  for (const field of [...new Set([...Object.keys(a), ...Object.keys(b)])]) {
    if (a[field] === b[field]) continue;
    out.push({
      field,
      ...(a[field] !== undefined && { before: a[field] }),
      ...(b[field] !== undefined && { after: b[field] }),
    });
  }
  return out;
}
