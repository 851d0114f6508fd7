import type { Problem } from "../../core/problem.ts";
import type { Estate } from "../../model/estate.ts";
import { RULER_NAME_RE, type RulersSettings } from "../../model/rulers.ts";
import { hasRulesFor, planRulerLayout, tenantsOf } from "./layout.ts";
import { RULERS } from "./ruler-file.ts";
import { groupsAt } from "./service-groups.ts";

/**
 * What makes the ruler layout unloadable, as build errors: tenants naming
 * teams or services the estate lacks, a service no tenant takes, a team
 * name that cannot name a file, two namespace files that are one file on
 * macOS or Windows, and a group name twice in one namespace (mimirtool:
 * "group name is repeated in the same namespace").
 */
export function checkRulerLayout(
  estate: Estate,
  settings: RulersSettings,
  options: { settingsFile: string },
): Problem[] {
  return [
    ...tenantProblems(estate, settings, options.settingsFile),
    ...namespaceNameProblems(estate, settings),
    ...fileClashProblems(estate, settings),
    ...repeatedGroupProblems(estate, settings),
  ];
}

function tenantProblems(estate: Estate, settings: RulersSettings, settingsFile: string): Problem[] {
  if (settings.tenants === undefined) return [];
  const out: Problem[] = [];
  const teams = new Set(estate.services.map((s) => s.value.team));
  const services = new Set(estate.services.map((s) => s.value.name));
  for (const [id, tenant] of Object.entries(settings.tenants)) {
    for (const [field, known] of [
      ["teams", teams],
      ["services", services],
    ] as const) {
      tenant[field].forEach((name, i) => {
        if (known.has(name)) return;
        out.push({
          code: "rulers/unknown-tenant-member",
          severity: "error",
          file: settingsFile,
          path: ["rulers", "tenants", id, field, i],
          message: `expected a ${field === "teams" ? "team" : "service"} of the estate, got ${JSON.stringify(name)}`,
        });
      });
    }
  }
  for (const { file, value } of estate.services) {
    const any = RULERS.some((r) => hasRulesFor(r, value));
    if (!any || (tenantsOf(value, settings) ?? []).length > 0) continue;
    out.push({
      code: "rulers/no-tenant",
      severity: "error",
      file,
      path: ["team"],
      message: `expected a tenant for service ${JSON.stringify(value.name)} (team ${JSON.stringify(value.team)}): list its team or name under a tenant in ${settingsFile} rulers.tenants`,
    });
  }
  return out;
}

function namespaceNameProblems(estate: Estate, settings: RulersSettings): Problem[] {
  if (settings.namespaceBy !== "team") return [];
  return estate.services
    .filter(({ value }) => !validNamespaceName(value.team))
    .map(({ file, value }) => ({
      code: "rulers/namespace-name",
      severity: "error" as const,
      file,
      path: ["team"],
      message: `expected a team name of letters, digits, _, - and . to name its ruler namespace file (rulers.namespaceBy is "team"), got ${JSON.stringify(value.team)}`,
    }));
}

function validNamespaceName(name: string): boolean {
  return RULER_NAME_RE.test(name) && name !== "." && name !== "..";
}

/** Two namespace files whose paths differ only in case would be one file on macOS and Windows. */
function fileClashProblems(estate: Estate, settings: RulersSettings): Problem[] {
  const seen = new Map<string, string>();
  const out: Problem[] = [];
  for (const planned of planRulerLayout(estate, settings)) {
    const folded = planned.path.toLowerCase();
    const first = seen.get(folded);
    if (first === undefined) {
      seen.set(folded, planned.namespace);
      continue;
    }
    const service = planned.services[0];
    if (service === undefined) continue;
    out.push({
      code: "rulers/namespace-clash",
      severity: "error",
      file: service.file,
      path: [settings.namespaceBy === "team" ? "team" : "name"],
      message: `expected one file per ruler namespace, got namespaces ${JSON.stringify(first)} and ${JSON.stringify(planned.namespace)} sharing ${planned.path} (the paths differ only in case)`,
    });
  }
  return out;
}

/** Services sharing a team namespace must not repeat a group name in it. */
function repeatedGroupProblems(estate: Estate, settings: RulersSettings): Problem[] {
  const out: Problem[] = [];
  for (const planned of planRulerLayout(estate, settings)) {
    const first = new Map<string, string>();
    for (const { file, value } of planned.services) {
      for (const { group, path } of groupsAt(planned.ruler, value)) {
        const owner = first.get(group.name);
        if (owner === undefined) {
          first.set(group.name, value.name);
          continue;
        }
        if (owner === value.name) continue;
        out.push({
          code: "rulers/repeated-group",
          severity: "error",
          file,
          path,
          message: `expected a group name unique in ruler namespace ${JSON.stringify(planned.namespace)} (${planned.path}), got ${JSON.stringify(group.name)} again (also in service ${JSON.stringify(owner)}): rename one, or set rulers.namespaceBy to "service"`,
        });
      }
    }
  }
  return dedupe(out);
}

/** A clash is found once per tenant folder and ruler; report it once. */
function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.file}\0${p.path.join(".")}\0${p.message.replace(/\(rulers\/[^)]*\)/, "")}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
