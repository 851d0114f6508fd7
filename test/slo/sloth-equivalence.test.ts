import { formatProblem } from "../../src/report/line.ts";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadAll } from "js-yaml";
import { describe, expect, test } from "vitest";
import { convertDocuments } from "../../src/load/yaml-definitions.ts";
import { buildEstate } from "../../src/estate/build.ts";
import { compilePrometheusRules } from "../../src/targets/prometheus/compile.ts";
import { comparableRuleSet } from "../helpers/rule-sets.ts";
import {
  IGNORED_LABELS,
  renderTemplate,
  SLOTH,
  type ServiceRules,
  slothGroups,
  withoutRoutingLabels,
} from "../helpers/sloth.ts";
import { checkRulesText } from "../helpers/promtool.ts";
import { toYaml } from "../../src/emit/serialize.ts";

/** Import a spec exactly as `obsforge build` reads YAML in definitions/, and compile it per service. */
function obsforgeFiles(specText: string, file: string): ServiceRules[] {
  const converted = convertDocuments(
    loadAll(specText).filter((d) => d !== null),
    { file, source: file },
  );
  if (!converted.ok) throw new Error(converted.diagnostics.map(formatProblem).join("\n"));
  const estate = buildEstate(converted.value);
  if (!estate.ok) throw new Error(estate.diagnostics.map(formatProblem).join("\n"));
  // Sloth writes services in document order; rule-set comparison is per group name, so order is irrelevant.
  return estate.value.services.map((s) => ({
    name: s.value.name,
    team: s.value.team,
    groups: compilePrometheusRules(s.value).groups,
  }));
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
      expect(converted.diagnostics.map(formatProblem).join("\n")).toMatch(/plugin/);
    },
  );
});
