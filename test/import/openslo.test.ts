import { copyFile, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { obsforgeInProcess as cli } from "../helpers/in-process-cli.ts";
import { PROJECT_ROOT, SHARED } from "../helpers/paths.ts";
import { promtool } from "../helpers/promtool.ts";
import { tempDir } from "../helpers/temp.ts";

const CORPUS = join(SHARED, "corpora/openslo");
const FIXTURES = join(PROJECT_ROOT, "test/import/fixtures/openslo-v1");

/**
 * What `obsforge import` does with each OpenSLO corpus file imported on its
 * own, checked by hand against the file (and, for schema-test/, against
 * expectations.json; for oslo/, against oslo's expected output):
 *
 * - `modules`: imports and builds; the number of TS modules written.
 * - `library`: SLIs, policies, conditions, targets, data sources no SLO in
 *   the file uses: exit 0, nothing written, one note per object.
 * - `invalid`: deliberately invalid in the corpus (a schema-test negative,
 *   an oslo fixture oslo rejects): one-line errors.
 * - `version`: OpenSLO v2alpha or an unknown apiVersion: a one-line error
 *   naming the versions obsforge reads.
 * - `v1alpha`: v1alpha SLOs outside what Sloth reads (as before this change).
 * - `unsupported`: valid OpenSLO that obsforge cannot compile (Timeslices,
 *   calendar windows, a 1M window) or that references objects not in the
 *   corpus: errors naming each field.
 */
type Outcome =
  | { modules: number }
  | "library"
  | "invalid"
  | "version"
  | "v1alpha"
  | { unsupported: readonly string[] };

const CAL = "timeWindow[0].calendar";
// The corpus's Prometheus ratio queries have no {{.window}} (obsforge needs one per alert window).
const NO_WINDOW = [
  "indicator.spec.ratioMetric.good.metricSource.spec.query",
  "indicator.spec.ratioMetric.total.metricSource.spec.query",
];
// schema-test's inline SLIs read a Datadog-style source (no Prometheus type).
const NOT_PROM = [
  "indicator.spec.ratioMetric.good.metricSource.type",
  "indicator.spec.ratioMetric.total.metricSource.type",
];
const EXPECTED: Record<string, Outcome> = {
  "oslo/format/invalid-service.yaml": "invalid",
  "oslo/format/list-of-services.yaml": { modules: 2 },
  "oslo/format/two-documents.yaml": { modules: 3 },
  "oslo/format/valid-service.json": { modules: 1 },
  "oslo/format/valid-service.yaml": { modules: 1 },
  "oslo/inputs/fmt/service.yaml": { modules: 1 },
  "oslo/inputs/validate/invalid-apiversion.yaml": "version",
  "oslo/inputs/validate/mix/1.yaml": "invalid",
  "oslo/inputs/validate/mix/2.yaml": "invalid",
  "oslo/inputs/validate/mix/3.yaml": "version",
  "oslo/inputs/validate/recursive/1.yaml": "invalid",
  "oslo/inputs/validate/recursive/nested/2.yaml": "version",
  "oslo/inputs/validate/recursive/nested/nested2/nested3/3.yaml": "version",
  "oslo/inputs/validate/unknown-field.yaml": "invalid",
  "oslo/inputs/validate/v1.yaml": {
    unsupported: ["budgetingMethod", "timeSliceTarget", "timeSliceWindow", CAL, ...NO_WINDOW],
  },
  // oslo rejects it (a Service name with a space); obsforge also names its Timeslices v1alpha SLO.
  "oslo/inputs/validate/v1alpha.yaml": "v1alpha",
  "oslo/inputs/validate/v2alpha.yaml": "version",
  "schema-test/invalid-apiversion.yaml": "version",
  "schema-test/v1/alert-condition/alert-condition-no-condition.yaml": "invalid",
  "schema-test/v1/alert-condition/alert-condition-no-description.yaml": "library",
  "schema-test/v1/alert-condition/alert-condition-no-sev.yaml": "invalid",
  "schema-test/v1/alert-condition/alert-condition.yaml": "library",
  "schema-test/v1/alert-notification-target/alert-notification-target-no-description.yaml":
    "library",
  "schema-test/v1/alert-notification-target/alert-notification-target-no-target.yaml": "invalid",
  "schema-test/v1/alert-notification-target/alert-notification-target.yaml": "library",
  "schema-test/v1/alert-policy/alert-policy-inline-cond.yaml": "library",
  "schema-test/v1/alert-policy/alert-policy-malformed-cond.yaml": "invalid",
  "schema-test/v1/alert-policy/alert-policy-malformed-targetref.yaml": "invalid",
  "schema-test/v1/alert-policy/alert-policy-many-cond.yaml": "invalid",
  "schema-test/v1/alert-policy/alert-policy-many-notificationref.yaml": "library",
  "schema-test/v1/alert-policy/alert-policy-no-cond.yaml": "invalid",
  "schema-test/v1/alert-policy/alert-policy-no-notification.yaml": "invalid",
  "schema-test/v1/alert-policy/alert-policy.yaml": "library",
  "schema-test/v1/data-source/data-source.yaml": "library",
  // A v1alpha AlertNotificationTarget: no such kind in v1alpha.
  "schema-test/v1/invalid-apiversion.yaml": "version",
  "schema-test/v1/service/service-long-description.yaml": "invalid",
  "schema-test/v1/service/service-no-displayname.yaml": { modules: 1 },
  "schema-test/v1/service/service.yaml": { modules: 1 },
  "schema-test/v1/slo/slo-indicatorref-calendar-alerts.yaml": {
    unsupported: [CAL, "indicatorRef", "alertPolicyRef"],
  },
  "schema-test/v1/slo/slo-indicatorref-calendar-no-alerts.yaml": {
    unsupported: [CAL, "indicatorRef"],
  },
  "schema-test/v1/slo/slo-indicatorref-rolling-alerts.yaml": {
    unsupported: ["indicatorRef", "alertPolicyRef"],
  },
  "schema-test/v1/slo/slo-indicatorref-rolling-no-alerts.yaml": { unsupported: ["indicatorRef"] },
  "schema-test/v1/slo/slo-no-indicatorref-calendar-alerts.yaml": {
    unsupported: [...NOT_PROM, CAL, "alertPolicyRef"],
  },
  "schema-test/v1/slo/slo-no-indicatorref-calendar-no-alerts.yaml": {
    unsupported: [...NOT_PROM, CAL],
  },
  "schema-test/v1/slo/slo-no-indicatorref-rolling-alerts.yaml": {
    unsupported: [...NOT_PROM, "timeWindow[0].duration", "alertPolicyRef"],
  },
  "schema-test/v1/slo/slo-no-indicatorref-rolling-no-alerts.yaml": {
    unsupported: [...NOT_PROM, "timeWindow[0].duration"],
  },
  "spec-examples/v1/alert_conditions.yaml": "library",
  "spec-examples/v1/alert_notification_targets.yaml": "library",
  "spec-examples/v1/alert_policies.yaml": "library",
  "spec-examples/v1/data_sources.yaml": "library",
  // Two Services of one name and spec (the second adds an annotation): one service.
  "spec-examples/v1/services.yaml": { modules: 1 },
  "spec-examples/v1/slis.yaml": "library",
  "spec-examples/v1/slos.yaml": {
    unsupported: ["budgetingMethod", "timeSliceTarget", "timeSliceWindow", CAL, ...NO_WINDOW],
  },
  "spec-examples/v1alpha/services.yaml": { modules: 1 },
  "spec-examples/v1alpha/slos.yaml": "v1alpha",
  "spec-examples/v2alpha/alert_conditions.yaml": "version",
  "spec-examples/v2alpha/alert_notification_targets.yaml": "version",
  "spec-examples/v2alpha/alert_policies.yaml": "version",
  "spec-examples/v2alpha/data_sources.yaml": "version",
  "spec-examples/v2alpha/services.yaml": "version",
  "spec-examples/v2alpha/slis.yaml": "version",
  "spec-examples/v2alpha/slos.yaml": "version",
};

async function corpusFiles(): Promise<string[]> {
  const entries = await readdir(CORPUS, { recursive: true });
  return entries
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .filter((f) => !f.startsWith("oslo/outputs/") && !f.endsWith("expectations.json"))
    .sort();
}

function outcomeOf(code: number, stderr: string, written: number): Outcome {
  const lines = stderr.split("\n").filter((l) => l !== "");
  if (code === 0) return written > 0 ? { modules: written } : "library";
  if (lines.some((l) => l.includes("expected an OpenSLO version") || l.includes("got apiVersion")))
    if (lines.every((l) => l.includes("apiVersion"))) return "version";
  const unsupported = lines.filter(
    (l) =>
      l.includes("not supported") ||
      l.includes("expected a rolling") ||
      l.includes("expected budgetingMethod Occurrences (") ||
      l.includes("whole days or weeks") ||
      l.includes("in the files read together") ||
      l.includes("where the range goes") ||
      l.includes("expected a Prometheus metric source"),
  );
  if (unsupported.length > 0 && unsupported.length === lines.length) {
    const fields = unsupported.map((l) => {
      const m = /: (?:\[\d+\]\.)?spec\.((?:[\w[\]]+\.)*[\w[\]]+): /.exec(l);
      const path = m?.[1] ?? l;
      if (path.endsWith("alertPolicyRef")) return "alertPolicyRef";
      if (path.endsWith("timeSliceTarget")) return "timeSliceTarget";
      if (path.endsWith("timeSliceWindow")) return "timeSliceWindow";
      return path;
    });
    return { unsupported: fields.sort() };
  }
  if (lines.some((l) => l.includes('expected budgetingMethod "Occurrences"'))) return "v1alpha";
  return "invalid";
}

describe("OpenSLO corpus", () => {
  test("each of the 62 OpenSLO corpus files gets its hand-checked outcome (9 build, 13 library-only, 14 invalid, 14 version, 2 v1alpha, 10 unsupported), every error on one line", async () => {
    const files = await corpusFiles();
    expect(files).toEqual(Object.keys(EXPECTED).sort());
    expect(files).toHaveLength(62);
    const dir = await tempDir();
    const got: Record<string, Outcome> = {};
    for (const [i, file] of files.entries()) {
      const r = await cli(["import", join(CORPUS, file), "--out", `ts-${i}`], dir);
      const written = (r.stdout.match(/^wrote /gm) ?? []).length;
      for (const line of r.stderr.split("\n").filter((l) => l !== "")) {
        // One line per problem, naming the file; never a stack trace.
        expect(line).toContain(file.split("/").pop()!);
        expect(line).not.toMatch(/^\s+at /);
      }
      if (r.code !== 0) expect(written).toBe(0);
      got[file] = outcomeOf(r.code, r.stderr, written);
      if (r.code === 0 && written > 0) {
        const built = await cli(["build", "--definitions", `ts-${i}`, "--out", `out-${i}`], dir);
        expect(built.stderr).toBe("");
        expect(built.code).toBe(0);
      }
    }
    const sorted = (o: Outcome) =>
      typeof o === "object" && "unsupported" in o ? { unsupported: [...o.unsupported].sort() } : o;
    expect(got).toEqual(
      Object.fromEntries(Object.entries(EXPECTED).map(([k, v]) => [k, sorted(v)])),
    );
    const count = (pred: (o: Outcome) => boolean) => Object.values(EXPECTED).filter(pred).length;
    expect({
      built: count((o) => typeof o === "object" && "modules" in o),
      library: count((o) => o === "library"),
      invalid: count((o) => o === "invalid"),
      version: count((o) => o === "version"),
      v1alpha: count((o) => o === "v1alpha"),
      unsupported: count((o) => typeof o === "object" && "unsupported" in o),
    }).toEqual({ built: 9, library: 13, invalid: 14, version: 14, v1alpha: 2, unsupported: 10 });
  });
});

describe("OpenSLO v1 objects referencing each other", () => {
  test("SLOs, an SLI, policies and conditions across documents and files import to TS and build to the same rules as the YAML, which promtool accepts", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, "yaml"));
    for (const f of ["slos.yaml", "library.yaml"])
      await copyFile(join(FIXTURES, f), join(dir, "yaml", f));
    const imported = await cli(
      ["import", "yaml/slos.yaml", "yaml/library.yaml", "--out", "ts"],
      dir,
    );
    expect(imported.stderr).toBe("");
    expect(imported.stdout).toBe("wrote ts/checkout.ts\n");
    const fromTs = await cli(["build", "--definitions", "ts", "--out", "out-ts"], dir);
    const inPlace = await cli(["build", "--definitions", "yaml", "--out", "out-yaml"], dir);
    expect([fromTs.code, inPlace.code]).toEqual([0, 0]);
    const rules = async (out: string) => {
      const t = await readFile(join(dir, out, "prometheus/checkout.rules.yml"), "utf8");
      return t.slice(t.indexOf("\n") + 1);
    };
    expect(await rules("out-ts")).toEqual(await rules("out-yaml"));
    const run = promtool(["check", "rules", join(dir, "out-ts/prometheus/checkout.rules.yml")]);
    expect(run.stdout + run.stderr).toContain("SUCCESS");
    const text = await rules("out-ts");
    // The fast-burn condition by reference across files: 14x over 1h for 5m, severity page.
    expect(text).toMatch(/ratio_rate1h\{[^}]*\} > \(14 \* 0\.005\)/);
    expect(text).toContain("for: 5m");
    expect(text).toContain("openslo_notification_target: pager");
    // The inline slow-burn policy: 3x over 1d for 1h, and its no-data alert.
    expect(text).toMatch(/ratio_rate1d\{[^}]*\} > \(3 \* 0\.005\)/);
    expect(text).toContain("alert: CheckoutAvailabilityBudgetBurnNoData");
    const tested = await cli(["test", "--definitions", "ts", "--out", "out-ts"], dir);
    expect(tested.stdout).toMatch(/ 0 failed/);
    expect(tested.code).toBe(0);
  });

  test("a reference to an object no file defines is a one-line error naming the field", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, "yaml"));
    await copyFile(join(FIXTURES, "slos.yaml"), join(dir, "yaml/slos.yaml"));
    const r = await cli(["import", "yaml/slos.yaml", "--out", "ts"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      [
        'yaml/slos.yaml#2:19:17: spec.indicatorRef: expected a SLI named "checkout-errors" in the files read together, got none',
        'yaml/slos.yaml#2:28:23: spec.alertPolicies[0].alertPolicyRef: expected a AlertPolicy named "fast-burn" in the files read together, got none',
        'yaml/slos.yaml#2:47:24: spec.alertPolicies[1].spec.notificationTargets[0].targetRef: expected a AlertNotificationTarget named "team-email" in the files read together, got none',
        "",
      ].join("\n"),
    );
    await expect(readdir(join(dir, "ts"))).rejects.toThrow();
  });

  test("OpenSLO v2alpha is a one-line error naming the versions obsforge reads", async () => {
    const dir = await tempDir();
    await writeFile(
      join(dir, "slo.yaml"),
      "apiVersion: openslo.com/v2alpha\nkind: SLO\nmetadata:\n  name: x\nspec: {}\n",
    );
    const r = await cli(["import", "slo.yaml", "--out", "ts"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'slo.yaml:1:13: apiVersion: expected an OpenSLO version obsforge reads (openslo/v1, openslo/v1alpha; v1alpha for kinds SLO and Service only), got "openslo.com/v2alpha" kind "SLO"\n',
    );
  });
});
