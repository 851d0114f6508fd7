import { compareStrings } from "../core/order.ts";
import { parseYaml } from "../load/yaml.ts";
import { nestsDeeperThan } from "./depth.ts";
import { diffAlertmanager } from "./alertmanager.ts";
import { type BacktestLine, diffBacktests } from "./backtest.ts";
import { dashboardFolder, diffDashboard } from "./dashboards.ts";
import { type ArtifactChange, type EstateDiff, KIND_ORDER, type SubjectChange } from "./model.ts";
import { diffRuleGroups, ruleGroupsOf } from "./rules.ts";
import type { SloSnapshot } from "./slos.ts";
import { diffSlos } from "./slos.ts";

/** What one side of the comparison builds (or holds): the artifacts by path in out/, and its SLOs. */
export interface EstateSnapshot {
  files: ReadonlyMap<string, string>;
  /** Absent when only an output folder was at hand: there is no SLO model to explain. */
  slos?: readonly SloSnapshot[];
}

export interface DiffOptions {
  /** How the base is named in the report: the ref or folder as given. */
  base: string;
  /** Backtest reports of the base and of the working tree, when both were given. */
  backtest?: { before: readonly BacktestLine[]; after: readonly BacktestLine[] };
}

const ALERTMANAGER = "alertmanager/alertmanager.yml";
const DASHBOARD = /^grafana\/dashboards\/.+\.json$/;
const RULES = /^(prometheus|loki)\/[^/]+\.rules\.yml$/;

/**
 * The semantic change list between two builds: rule files rule by rule,
 * SLOs through explain's formulas, dashboards panel by panel (by uid, so a
 * dashboard moved to another folder is one change), the Alertmanager
 * config route by route, a backtest's fires per week, and every other
 * generated file (PrometheusRules, tests, provisioning) as added, removed or
 * changed. Unchanged artifacts do not appear. Sorted by kind, then id.
 */
export function diffSnapshots(
  base: EstateSnapshot,
  head: EstateSnapshot,
  options: DiffOptions,
): EstateDiff {
  const artifacts: ArtifactChange[] = [
    ...rulesAndFiles(base.files, head.files),
    ...dashboards(base.files, head.files),
  ];
  const am = [base.files.get(ALERTMANAGER), head.files.get(ALERTMANAGER)] as const;
  if (am[0] !== am[1]) artifacts.push(alertmanager(am[0], am[1]));
  const notes: string[] = [];
  if (base.slos !== undefined && head.slos !== undefined)
    artifacts.push(...diffSlos(base.slos, head.slos));
  else notes.push("SLOs not compared: the base is an output folder, which holds no SLO model");
  if (options.backtest !== undefined)
    artifacts.push(...diffBacktests(options.backtest.before, options.backtest.after));
  const order = (a: ArtifactChange) => KIND_ORDER.indexOf(a.kind);
  artifacts.sort((a, b) => order(a) - order(b) || compareStrings(a.id, b.id));
  return { base: options.base, artifacts: artifacts.filter(isChange), notes };
}

function isChange(a: ArtifactChange): boolean {
  return a.status !== "changed" || a.kind === "file" || a.changes.length > 0;
}

function status(before: string | undefined, after: string | undefined): ArtifactChange["status"] {
  return before === undefined ? "added" : after === undefined ? "removed" : "changed";
}

function rulesAndFiles(
  base: ReadonlyMap<string, string>,
  head: ReadonlyMap<string, string>,
): ArtifactChange[] {
  const out: ArtifactChange[] = [];
  for (const path of new Set([...base.keys(), ...head.keys()])) {
    const before = base.get(path);
    const after = head.get(path);
    if (before === after || DASHBOARD.test(path) || path === ALERTMANAGER) continue;
    const language = RULES.exec(path)?.[1];
    const groups = (text: string | undefined) => {
      if (text === undefined) return [];
      const parsed = parseYaml(text);
      // Nested past any rule file's depth: compared by its bytes, as a file that does not parse.
      return parsed.ok && !nestsDeeperThan(parsed.documents)
        ? ruleGroupsOf(parsed.documents[0], path)
        : undefined;
    };
    const [a, b] = [groups(before), groups(after)];
    if (language === undefined || a === undefined || b === undefined) {
      out.push({ kind: "file", status: status(before, after), id: path, changes: [] });
      continue;
    }
    const changes = diffRuleGroups(a, b, language === "loki" ? "logql" : "promql");
    out.push({ kind: "rules", status: status(before, after), id: path, changes });
  }
  return out;
}

type Json = Record<string, unknown>;

function dashboards(
  base: ReadonlyMap<string, string>,
  head: ReadonlyMap<string, string>,
): ArtifactChange[] {
  const byUid = (files: ReadonlyMap<string, string>) => {
    const found = new Map<string, { path: string; text: string; json: Json | undefined }>();
    for (const [path, text] of files) {
      if (!DASHBOARD.test(path)) continue;
      const json = parseJson(text);
      const uid = typeof json?.uid === "string" ? json.uid : path;
      found.set(uid, { path, text, json });
    }
    return found;
  };
  const a = byUid(base);
  const b = byUid(head);
  const out: ArtifactChange[] = [];
  for (const uid of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(uid);
    const y = b.get(uid);
    if (x?.text === y?.text && x?.path === y?.path) continue;
    const title = (y ?? x)?.json?.title;
    const change: ArtifactChange = {
      kind: "dashboard",
      status: status(x?.text, y?.text),
      id: uid,
      ...(typeof title === "string" && { title }),
      changes: [],
    };
    if (x?.json !== undefined && y?.json !== undefined) {
      const folders = [dashboardFolder(x.path), dashboardFolder(y.path)];
      if (folders[0] !== folders[1])
        change.changes.push({
          status: "changed",
          kind: "dashboard",
          name: "settings",
          fields: [{ field: "folder", before: folders[0], after: folders[1] }],
        });
      change.changes.push(...diffDashboard(x.json, y.json));
    } else if (y?.json !== undefined || x?.json !== undefined) {
      change.changes.push(...panelList(change.status, (y ?? x)!.json!));
    }
    out.push(change);
  }
  return out;
}

/** The panels of an added or removed dashboard, so the reviewer sees what it holds. */
function panelList(s: ArtifactChange["status"], dashboard: Json): SubjectChange[] {
  if (s === "changed") return [];
  const empty: Json = { ...dashboard, panels: [] };
  return s === "added" ? diffDashboard(empty, dashboard) : diffDashboard(dashboard, empty);
}

function alertmanager(before: string | undefined, after: string | undefined): ArtifactChange {
  const read = (text: string | undefined): Json => {
    if (text === undefined) return {};
    const parsed = parseYaml(text);
    const doc = parsed.ok && !nestsDeeperThan(parsed.documents) ? parsed.documents[0] : undefined;
    return doc !== null && typeof doc === "object" ? (doc as Json) : {};
  };
  return {
    kind: "alertmanager",
    status: status(before, after),
    id: ALERTMANAGER,
    changes: diffAlertmanager(read(before), read(after)),
  };
}

function parseJson(text: string): Json | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === "object" && !nestsDeeperThan(v) ? (v as Json) : undefined;
  } catch {
    return undefined;
  }
}
