import type { ArtifactChange, ArtifactKind, EstateDiff, FieldChange, Status } from "./model.ts";

/** How each kind is counted in the summary line. */
const NOUNS: Record<ArtifactKind, string> = {
  rules: "rules",
  slo: "SLOs",
  dashboard: "dashboards",
  alertmanager: "routing",
  backtest: "backtest",
  file: "other files",
};

const STATUSES: readonly Status[] = ["added", "removed", "changed"];

/** Counts per status: rules and routing count what changed inside; the rest count artifacts. */
export function counts(diff: EstateDiff): Partial<Record<ArtifactKind, Record<Status, number>>> {
  const out: Partial<Record<ArtifactKind, Record<Status, number>>> = {};
  for (const a of diff.artifacts) {
    const c = out[a.kind] ?? { added: 0, removed: 0, changed: 0 };
    out[a.kind] = c;
    if (a.kind === "rules" || a.kind === "alertmanager" || a.kind === "backtest")
      for (const s of a.changes) c[s.status]++;
    else c[a.status]++;
  }
  return out;
}

/** `rules: 2 added, 1 changed · SLOs: 1 changed · other files: 3 changed`, or `no changes`. */
export function summaryLine(diff: EstateDiff): string {
  const parts: string[] = [];
  for (const [kind, c] of Object.entries(counts(diff)) as Array<
    [ArtifactKind, Record<Status, number>]
  >) {
    const words = STATUSES.filter((s) => c[s] > 0).map((s) => `${c[s]} ${s}`);
    if (words.length > 0) parts.push(`${NOUNS[kind]}: ${words.join(", ")}`);
  }
  return parts.length === 0 ? "no changes" : parts.join(" · ");
}

/** `1 added, 2 changed` inside one artifact. */
export function artifactCounts(a: ArtifactChange): string {
  const c: Record<Status, number> = { added: 0, removed: 0, changed: 0 };
  for (const s of a.changes) c[s.status]++;
  return STATUSES.filter((s) => c[s] > 0)
    .map((s) => `${c[s]} ${s}`)
    .join(", ");
}

/** A value as the report shows it: strings bare, the rest as JSON; `(none)` when absent. */
export function shown(value: unknown, present: boolean): string {
  if (!present) return "(none)";
  return typeof value === "string" ? value : JSON.stringify(value);
}

export function sides(f: FieldChange): [string, string] {
  return [shown(f.before, "before" in f), shown(f.after, "after" in f)];
}

export const SECTION_TITLES: Record<ArtifactKind, string> = {
  rules: "Rules",
  slo: "SLO",
  dashboard: "Dashboard",
  alertmanager: "Alertmanager",
  backtest: "Backtest",
  file: "File",
};
