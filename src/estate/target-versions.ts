import type { FieldPath, Problem } from "../core/problem.ts";
import { compareVersions, formatVersion, parseVersion, type Version } from "../core/version.ts";
import { renderForParsing } from "../core/window.ts";
import type { Estate } from "../model/estate.ts";
import { ESTATE_FILE, type TargetVersions } from "../model/estate-settings.ts";
import type { Service } from "../model/service.ts";
import { hasQuotedNames } from "../promql/quoted-names.ts";

/**
 * The Prometheus version rule files are checked against when the estate
 * names none: the promtool the tests run (Debian bookworm's 2.42.0), so
 * what builds is what the tests prove loads.
 */
export const DEFAULT_PROMETHEUS_VERSION = "2.42";

type Engine = "prometheus" | "mimir" | "loki";

const ENGINE_NAMES: Record<Engine, string> = {
  prometheus: "Prometheus",
  mimir: "Mimir",
  loki: "Loki",
};

/**
 * Rule-file fields newer than some release, from each engine's changelog:
 * Prometheus rulefmt gained group `limit` in 2.31, `keep_firing_for` in
 * 2.42, group `query_offset` in 2.53, group `labels` and UTF-8 (quoted)
 * metric and label names in 3.0. Mimir's ruler reads `query_offset` from
 * 2.13 (grafana/mimir#8295, after 2.12). Loki's ruler has no gate obsforge
 * knows of yet; its version is declared for the checks that will need it.
 */
export const VERSION_GATES = {
  limit: { prometheus: "2.31" },
  keep_firing_for: { prometheus: "2.42" },
  query_offset: { prometheus: "2.53", mimir: "2.13" },
  "group labels": { prometheus: "3.0" },
  "UTF-8 names": { prometheus: "3.0" },
} as const satisfies Record<string, Partial<Record<Engine, string>>>;

export type GatedFeature = keyof typeof VERSION_GATES;

interface Use {
  feature: GatedFeature;
  path: FieldPath;
}

/**
 * Every field of the estate's Prometheus rules that its declared engine
 * versions cannot load, as build errors at the field: the rule file would
 * otherwise be refused at deploy time (`field query_offset not found`), far
 * from the definition.
 */
export function checkTargetVersions(estate: Estate): Problem[] {
  const targets = targetVersions(estate.settings?.targets);
  const out: Problem[] = [];
  for (const { file, value: service } of estate.services)
    for (const use of gatedFields(service))
      for (const engine of ["prometheus", "mimir"] as const) {
        const declared = targets[engine];
        const needed: string | undefined = (
          VERSION_GATES[use.feature] as Partial<Record<Engine, string>>
        )[engine];
        if (declared === undefined || needed === undefined) continue;
        const since = parseVersion(needed)!;
        if (compareVersions(declared.version, since) >= 0) continue;
        out.push({
          code: "estate/target-version",
          severity: "error",
          file,
          path: use.path,
          message: `expected only what ${ENGINE_NAMES[engine]} ${formatVersion(declared.version)} loads (${declared.from}), got ${use.feature}, which needs ${ENGINE_NAMES[engine]} ${formatVersion(since)} or later`,
        });
      }
  return out;
}

interface Declared {
  version: Version;
  /** Where the version came from, for the message. */
  from: string;
}

function targetVersions(targets: TargetVersions | undefined): Partial<Record<Engine, Declared>> {
  const out: Partial<Record<Engine, Declared>> = {};
  const prometheus = targets?.prometheus;
  out.prometheus =
    prometheus === undefined
      ? {
          version: parseVersion(DEFAULT_PROMETHEUS_VERSION)!,
          from: `the default; set targets.prometheus in ${ESTATE_FILE}`,
        }
      : { version: parseVersion(prometheus)!, from: `targets.prometheus in ${ESTATE_FILE}` };
  if (targets?.mimir !== undefined)
    out.mimir = { version: parseVersion(targets.mimir)!, from: `targets.mimir in ${ESTATE_FILE}` };
  return out;
}

/** The version-gated fields a service's Prometheus rules use, at their model paths. */
function gatedFields(service: Service): Use[] {
  const uses: Use[] = [];
  service.groups.forEach((group, g) => {
    if (group.limit !== undefined) uses.push({ feature: "limit", path: ["groups", g, "limit"] });
    group.rules.forEach((rule, r) => {
      const at = ["groups", g, "rules", r];
      if (rule.kind === "alert" && rule.keepFiringFor !== undefined)
        uses.push({ feature: "keep_firing_for", path: [...at, "keepFiringFor"] });
      if (hasUtf8Names(rule.expr)) uses.push({ feature: "UTF-8 names", path: [...at, "expr"] });
    });
  });
  service.plainGroups.forEach((group, g) => {
    const at = ["plainGroups", g];
    if (group.limit !== undefined) uses.push({ feature: "limit", path: [...at, "limit"] });
    if (group.queryOffset !== undefined)
      uses.push({ feature: "query_offset", path: [...at, "queryOffset"] });
    if (group.labels !== undefined && Object.keys(group.labels).length > 0)
      uses.push({ feature: "group labels", path: [...at, "labels"] });
    group.rules.forEach((rule, r) => {
      if (rule.keepFiringFor !== undefined)
        uses.push({ feature: "keep_firing_for", path: [...at, "rules", r, "keepFiringFor"] });
      if (hasUtf8Names(rule.expr))
        uses.push({ feature: "UTF-8 names", path: [...at, "rules", r, "expr"] });
    });
  });
  service.slos.forEach((slo, s) => {
    for (const [field, query] of Object.entries(slo.sli))
      if (
        field.endsWith("Query") &&
        typeof query === "string" &&
        slo.sli.kind !== "logs" &&
        hasUtf8Names(query)
      )
        uses.push({ feature: "UTF-8 names", path: ["slos", s, "sli", field] });
  });
  return uses;
}

/**
 * A quoted metric or label name (`{"http.server.duration"}`, `by ("k8s.pod")`)
 * is Prometheus 3.0 syntax, whatever the name: older parsers refuse the quotes.
 */
function hasUtf8Names(query: string): boolean {
  return hasQuotedNames(renderForParsing(query).rendered);
}
