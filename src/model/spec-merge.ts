import type { Problem } from "../core/problem.ts";
import type { Result } from "../core/result.ts";
import { compareStrings } from "../core/order.ts";
import { inSpecOrigin, type SpecOrigin } from "./spec-origin.ts";

/**
 * Sloth reads every SLO document on its own, so several documents (in one
 * multi-document file or in several files) may name the same service. A
 * YAML spec is therefore a part of a service, not a service: the parts that
 * name one service merge into it. A TS module is a whole service and never
 * merges (two of one name, or one with a spec of that name, stay an error).
 */

/** What a definition module (or one document of a YAML spec) exported, before validation. */
export interface SpecPart {
  file: string;
  source: string;
  exported: unknown;
  /**
   * Set on YAML specs (merge by service name); `teamFromSpec`: the spec named the team (a team or
   * owner label); `origin`: where its fields are written, when not at its document's root.
   */
  spec?: { teamFromSpec: boolean; origin?: SpecOrigin };
  /** Fields of the spec the model does not represent, as warnings (reported by `import`). */
  notes?: Problem[];
}

/** A merged service: the parts it came from, in the order they were read. */
export interface MergedPart extends SpecPart {
  parts: SpecPart[];
  /** Every definition file the service came from, sorted (for the manifest and headers). */
  sources: string[];
}

type Raw = Record<string, unknown>;

function isRaw(v: unknown): v is Raw {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function nameOf(part: SpecPart): string | undefined {
  return isRaw(part.exported) && typeof part.exported.name === "string"
    ? part.exported.name
    : undefined;
}

/** Deterministic JSON for equality checks (keys sorted at every level). */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (isRaw(v))
    return `{${Object.keys(v)
      .sort(compareStrings)
      .filter((k) => v[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(",")}}`;
  return JSON.stringify(v) ?? "undefined";
}

/** Sloth's defaults for `sloth_slo_info` (src/model/service.ts). */
function slothInfo(raw: Raw): { spec: string; mode: string } {
  const s = isRaw(raw.sloth) ? raw.sloth : {};
  return {
    spec: typeof s.spec === "string" ? s.spec : "prometheus/v1",
    mode: typeof s.mode === "string" ? s.mode : "cli-gen-prom",
  };
}

const MERGED_KEYS = new Set([
  "kind",
  "name",
  "team",
  "labels",
  "sloth",
  "slos",
  "plainGroups",
  "plainLogGroups",
]);

/**
 * Group YAML spec parts by the service they name and merge each group into
 * one raw service: SLOs concatenated in reading order, per-document labels
 * and Sloth info kept per SLO where the documents differ (so every rule is
 * what Sloth writes for its document), one team. Conflicts are one-line
 * errors naming both files. Parts are assumed valid one by one (callers
 * validate them first, for errors that point into the right document).
 */
export function mergeSpecParts(parts: readonly SpecPart[]): Result<(SpecPart | MergedPart)[]> {
  const groups = new Map<string, SpecPart[]>();
  const out: (SpecPart | MergedPart | string)[] = [];
  for (const part of parts) {
    const name = part.spec !== undefined ? nameOf(part) : undefined;
    if (name === undefined) {
      out.push(part);
      continue;
    }
    const group = groups.get(name);
    if (group === undefined) {
      groups.set(name, [part]);
      out.push(name);
    } else group.push(part);
  }
  const diagnostics: Problem[] = [];
  const merged = out.map((entry) => {
    if (typeof entry !== "string") return entry;
    const group = groups.get(entry)!;
    if (group.length === 1) return group[0]!;
    const result = mergeGroup(entry, group);
    if (!result.ok) diagnostics.push(...result.diagnostics);
    return result.ok ? result.value : group[0]!;
  });
  return diagnostics.length > 0 ? { ok: false, diagnostics } : { ok: true, value: merged };
}

function conflict(
  part: SpecPart,
  path: (string | number)[],
  message: string,
  code = "model/spec-conflict",
): Problem {
  return inSpecOrigin(part.spec?.origin, {
    code,
    severity: "error",
    file: part.file,
    path,
    message,
  });
}

function mergeGroup(name: string, parts: SpecPart[]): Result<MergedPart> {
  const diagnostics: Problem[] = [];
  const raws = parts.map((p) => p.exported as Raw);

  // One team: a team the spec names wins over the default (the service
  // name); two different named teams are a conflict.
  const named = parts.filter((p) => p.spec?.teamFromSpec === true);
  const team = (named[0] ?? parts[0]!).exported as Raw;
  for (const p of named.slice(1)) {
    if ((p.exported as Raw).team !== team.team)
      diagnostics.push(
        conflict(
          p,
          ["team"],
          `expected one team for service ${JSON.stringify(name)}, got ${JSON.stringify((p.exported as Raw).team)} here and ${JSON.stringify(team.team)} in ${named[0]!.file}`,
        ),
      );
  }

  // Any other service-level field must agree (YAML specs set none today).
  for (const key of [...new Set(raws.flatMap((r) => Object.keys(r)))].sort(compareStrings)) {
    if (MERGED_KEYS.has(key)) continue;
    const having = parts.filter((p) => (p.exported as Raw)[key] !== undefined);
    for (const p of having.slice(1))
      if (canonical((p.exported as Raw)[key]) !== canonical((having[0]!.exported as Raw)[key]))
        diagnostics.push(
          conflict(
            p,
            [key],
            `expected the same ${key} in every spec of service ${JSON.stringify(name)}, got a different one here than in ${having[0]!.file}`,
          ),
        );
  }

  // Service labels and Sloth info belong to each document; where the
  // documents differ they move onto that document's SLOs.
  const sameLabels = new Set(raws.map((r) => canonical(r.labels ?? {}))).size === 1;
  const sameSloth = new Set(raws.map((r) => canonical(slothInfo(r)))).size === 1;

  const slos: Raw[] = [];
  const firstSeen = new Map<string, SpecPart>();
  parts.forEach((part, i) => {
    const raw = raws[i]!;
    const partSlos = Array.isArray(raw.slos) ? (raw.slos as unknown[]) : [];
    partSlos.forEach((s, j) => {
      const sloRaw = isRaw(s) ? s : {};
      const sloName = typeof sloRaw.name === "string" ? sloRaw.name : "";
      const first = firstSeen.get(sloName);
      if (first !== undefined)
        diagnostics.push(
          conflict(
            part,
            ["slos", j, "name"],
            `expected an SLO name unique in service ${JSON.stringify(name)}, got ${JSON.stringify(sloName)} here and in ${first.file}`,
            "model/duplicate-slo",
          ),
        );
      else firstSeen.set(sloName, part);
      slos.push({
        ...sloRaw,
        ...(!sameLabels &&
          isRaw(raw.labels) &&
          Object.keys(raw.labels).length > 0 && {
            labels: { ...raw.labels, ...(isRaw(sloRaw.labels) ? sloRaw.labels : {}) },
          }),
        ...(!sameSloth && { sloth: slothInfo(raw) }),
      });
    });
  });
  if (diagnostics.length > 0) return { ok: false, diagnostics };

  const first = raws[0]!;
  const exported: Raw = { ...first };
  for (const r of raws.slice(1))
    for (const [k, v] of Object.entries(r)) if (!(k in exported)) exported[k] = v;
  exported.team = team.team;
  if (!sameLabels) delete exported.labels;
  if (!sameSloth) delete exported.sloth;
  exported.slos = slos;
  // Rule files naming one service (documents of one file, or files of one name) add their groups in reading order.
  for (const field of ["plainGroups", "plainLogGroups"] as const) {
    const groups = raws.flatMap((r) => (Array.isArray(r[field]) ? r[field] : []));
    if (groups.length > 0) exported[field] = groups;
  }
  const groupClashes = plainGroupClashes(name, parts);
  if (groupClashes.length > 0) return { ok: false, diagnostics: groupClashes };
  return {
    ok: true,
    value: {
      file: parts[0]!.file,
      source: parts[0]!.source,
      exported,
      spec: { teamFromSpec: named.length > 0 },
      parts,
      sources: [...new Set(parts.map((p) => p.source))].sort(compareStrings),
    },
  };
}

/**
 * A group name in two parts of one service: the parts build into one rule
 * file, where promtool refuses it. Said here, at the later part's own group
 * (the model's check after the merge would only see the merged list's
 * index, in the first part's file). Repeats within one part are the
 * model's to say.
 */
function plainGroupClashes(service: string, parts: readonly SpecPart[]): Problem[] {
  const out: Problem[] = [];
  for (const field of ["plainGroups", "plainLogGroups"] as const) {
    const firstPart = new Map<string, SpecPart>();
    for (const part of parts) {
      const groups = (part.exported as Raw)[field];
      if (!Array.isArray(groups)) continue;
      const own = new Set<string>();
      groups.forEach((g: unknown, j) => {
        const groupName = isRaw(g) && typeof g.name === "string" ? g.name : undefined;
        if (groupName === undefined || own.has(groupName)) return;
        own.add(groupName);
        const first = firstPart.get(groupName);
        if (first === undefined) firstPart.set(groupName, part);
        else
          out.push(
            conflict(
              part,
              [field, j, "name"],
              `expected a group name unique in service ${JSON.stringify(service)} (its files build into one rule file), got ${JSON.stringify(groupName)} here and in ${first.file} (promtool: groupname is repeated in the same file)`,
              "model/duplicate-group",
            ),
          );
      });
    }
  }
  return out;
}
