/**
 * What `obsforge diff` reports: a list of artifacts (rule files, dashboards,
 * the Alertmanager config, SLOs, a backtest), each with its changed
 * subjects (a rule, a panel, a route, a tier) and their changed fields.
 * Plain data: the formatters (text, markdown, JSON) only render it.
 */

export type Status = "added" | "removed" | "changed";

/** One field of a subject that differs; `before` absent when added, `after` absent when removed. */
export interface FieldChange {
  /** Dotted path: `for`, `labels.severity`, `targets[0].expr`. */
  field: string;
  before?: unknown;
  after?: unknown;
  /** For expressions and long text: a line diff (`- old`, `+ new`, `  same`). */
  lines?: string[];
}

/** A rule, panel, route, receiver or SLO tier that was added, removed or changed. */
export interface SubjectChange {
  status: Status;
  /** What kind of thing it is: `alert`, `record`, `group`, `panel`, `route`, `receiver`, ... */
  kind: string;
  /** How it is named in the report: `CheckoutErrors{slo_tier="page-quick"}`, `"Error ratio"`. */
  name: string;
  /** Where it sits, when that helps to find it: a rule group, a dashboard row. */
  within?: string;
  fields: FieldChange[];
}

export type ArtifactKind = "rules" | "slo" | "dashboard" | "alertmanager" | "backtest" | "file";

/** One artifact that differs, with what differs in it. */
export interface ArtifactChange {
  kind: ArtifactKind;
  status: Status;
  /** Its stable key: the path in out/, the dashboard uid, `service/slo`. */
  id: string;
  /** A human title when it has one (a dashboard's). */
  title?: string;
  changes: SubjectChange[];
}

export interface EstateDiff {
  /** What the working tree was compared with: a git ref or a folder, as given. */
  base: string;
  artifacts: ArtifactChange[];
  /** Notes on what could not be compared (an output folder has no SLO model). */
  notes: string[];
}

/** Order of the sections in every format. */
export const KIND_ORDER: readonly ArtifactKind[] = [
  "rules",
  "slo",
  "dashboard",
  "alertmanager",
  "backtest",
  "file",
];
