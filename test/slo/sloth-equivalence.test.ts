import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadAll } from "js-yaml";
import { describe, expect, test } from "vitest";
import { formatDiagnostic } from "../../src/diagnostics.ts";
import { convertDocuments } from "../../src/load/yaml-definitions.ts";
import { buildEstate } from "../../src/model/estate.ts";
import { compilePrometheusRules } from "../../src/targets/prometheus/compile.ts";
import { SHARED } from "../helpers/paths.ts";
import { comparableRuleSet } from "../helpers/rule-sets.ts";
import { checkRulesText } from "../helpers/promtool.ts";
import { toYaml } from "../../src/emit/serialize.ts";

const SLOTH = join(SHARED, "corpora/sloth");
// `cmd: examplesgen.sh` comes from Sloth's --extra-labels in the script that
// made the references; `sloth_version` is the generator's version.
const IGNORED_LABELS = ["cmd", "sloth_version"];

type Groups = Parameters<typeof comparableRuleSet>[0];

/** Sloth's reference output: plain rule files or PrometheusRule resources, possibly multi-document. */
function slothGroups(text: string): Groups {
  return loadAll(text)
    .filter((d): d is Record<string, unknown> => d !== null && typeof d === "object")
    .flatMap(
      (d) =>
        ((d.kind === "PrometheusRule" ? (d.spec as { groups: Groups }).groups : d.groups) ??
          []) as Groups,
    );
}

interface ServiceRules {
  name: string;
  team: string;
  groups: Groups;
}

/** Import a spec exactly as `obsforge build` reads YAML in definitions/, and compile it per service. */
function obsforgeFiles(specText: string, file: string): ServiceRules[] {
  const converted = convertDocuments(
    loadAll(specText).filter((d) => d !== null),
    { file, source: file },
  );
  if (!converted.ok) throw new Error(converted.diagnostics.map(formatDiagnostic).join("\n"));
  const estate = buildEstate(converted.value);
  if (!estate.ok) throw new Error(estate.diagnostics.map(formatDiagnostic).join("\n"));
  // Sloth writes services in document order; rule-set comparison is per group name, so order is irrelevant.
  return estate.value.services.map((s) => ({
    name: s.value.name,
    team: s.value.team,
    groups: compilePrometheusRules(s.value).groups,
  }));
}

/**
 * obsforge adds what routing needs to every alert: `service`, `team`, and
 * `severity` where the spec sets none (then it is Sloth's `sloth_severity`).
 * Check those, then drop them so the rest compares with Sloth's output.
 */
function withoutRoutingLabels(ours: ServiceRules[], theirs: Groups): Groups {
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

const examples = [
  "getting-started",
  "home-wifi",
  "k8s-getting-started",
  "k8s-home-wifi",
  "kubernetes-apiserver",
  "multifile",
  "no-alerts",
  "openslo-getting-started",
].map((name) => [name, `examples/${name}.yml`, `examples/_gen/${name}.yml`]);

// Sloth's own CLI integration fixtures (expected outputs are Go templates).
const integration = [
  ["base", "integration/in-base.yaml", "integration/out-base.yaml.tpl"],
  ["base-k8s", "integration/in-base-k8s.yaml", "integration/out-base-k8s.yaml.tpl"],
  ["multifile", "integration/in-multifile.yaml", "integration/out-multifile.yaml.tpl"],
  ["multifile-k8s", "integration/in-multifile-k8s.yaml", "integration/out-multifile-k8s.yaml.tpl"],
  ["openslo", "integration/in-openslo.yaml", "integration/out-openslo.yaml.tpl"],
];

function renderTemplate(text: string): string {
  return text.replaceAll("{{ .version }}", "dev").replace(/\{\{"(.*?)"\}\}/g, "$1");
}

describe("Sloth equivalence: importing a Sloth spec and building gives Sloth's rules", () => {
  test.for([...examples, ...integration])("%s", ([, input, expected]) => {
    const files = obsforgeFiles(readFileSync(join(SLOTH, input!), "utf8"), input!);
    const theirs = slothGroups(renderTemplate(readFileSync(join(SLOTH, expected!), "utf8")));
    const ours = withoutRoutingLabels(files, theirs);
    expect(theirs.length).toBeGreaterThan(0);
    expect(comparableRuleSet(ours, { ignoreLabels: IGNORED_LABELS })).toEqual(
      comparableRuleSet(theirs, { ignoreLabels: IGNORED_LABELS }),
    );
    // And each service's rule file is one promtool accepts.
    for (const { groups } of files) {
      const r = checkRulesText(toYaml({ groups }));
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
    }
  });

  test.for(["plugin-getting-started", "slo-plugin-getting-started", "contrib-slo-plugins"])(
    "%s uses Sloth plugins (Go code) and is refused with a one-line error, not mistranslated",
    (name) => {
      const text = readFileSync(join(SLOTH, `examples/${name}.yml`), "utf8");
      const converted = convertDocuments(
        loadAll(text).filter((d) => d !== null),
        { file: `${name}.yml`, source: name },
      );
      expect(converted.ok).toBe(false);
      if (converted.ok) return;
      expect(converted.diagnostics.map(formatDiagnostic).join("\n")).toMatch(/plugin/);
    },
  );
});
