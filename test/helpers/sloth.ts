import { loadAll } from "js-yaml";
import { expect } from "vitest";
import { SHARED } from "./paths.ts";
import type { comparableRuleSet } from "./rule-sets.ts";

/** Sloth specs and Sloth's own outputs for them (../shared/corpora/sloth/README). */
export const SLOTH = `${SHARED}/corpora/sloth`;

// `cmd: examplesgen.sh` comes from Sloth's --extra-labels in the script that
// made the references; `sloth_version` is the generator's version.
export const IGNORED_LABELS = ["cmd", "sloth_version"];

export type Groups = Parameters<typeof comparableRuleSet>[0];

/** Sloth's reference output: plain rule files or PrometheusRule resources, possibly multi-document. */
export function slothGroups(text: string): Groups {
  return loadAll(text)
    .filter((d): d is Record<string, unknown> => d !== null && typeof d === "object")
    .flatMap(
      (d) =>
        ((d.kind === "PrometheusRule" ? (d.spec as { groups: Groups }).groups : d.groups) ??
          []) as Groups,
    );
}

export interface ServiceRules {
  name: string;
  team: string;
  groups: Groups;
}

/**
 * obsforge adds what routing needs to every alert: `service`, `team`, and
 * `severity` where the spec sets none (then it is Sloth's `sloth_severity`).
 * Check those, then drop them so the rest compares with Sloth's output.
 */
export function withoutRoutingLabels(ours: ServiceRules[], theirs: Groups): Groups {
  const slothSeverity = new Map<string, unknown>();
  for (const g of theirs)
    for (const r of g.rules)
      if (r.alert !== undefined)
        slothSeverity.set(`${g.name}/${r.alert}/${r.labels?.sloth_severity}`, r.labels?.severity);
  return ours.flatMap((service) =>
    service.groups.map((g) => ({
      ...g,
      rules: g.rules.map((r) => {
        if (r.alert === undefined) return r;
        const { service: svc, team, severity, ...labels } = r.labels ?? {};
        expect([svc, team]).toEqual([service.name, service.team]);
        const theirSeverity = slothSeverity.get(`${g.name}/${r.alert}/${labels.sloth_severity}`);
        if (theirSeverity === undefined) {
          // no-data alerts are obsforge's own: ticket by default
          expect(severity).toBe(labels.sloth_severity ?? "ticket");
          return { ...r, labels };
        }
        return { ...r, labels: { ...labels, severity } };
      }),
    })),
  );
}

/** Sloth's integration outputs are Go templates: `{{ .version }}` and `{{"X"}}` escapes. */
export function renderTemplate(text: string): string {
  return text.replaceAll("{{ .version }}", "dev").replace(/\{\{"(.*?)"\}\}/g, "$1");
}
