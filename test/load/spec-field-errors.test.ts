import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { obsforgeInProcess as cli } from "../helpers/in-process-cli.ts";
import { SHARED } from "../helpers/paths.ts";
import { tempDir } from "../helpers/temp.ts";

/**
 * Every field a user writes in a Sloth, OpenSLO or Pyrra spec, broken one at
 * a time in a real spec of the corpora: the error is one line naming the
 * file, line:col, the field as the spec spells it (in the object that wrote
 * it: a list item, the SLI an `indicatorRef` names, the AlertCondition of a
 * policy) and the value as written, never what obsforge converted it to. The
 * same line from `import`, from `build` on definitions/ and from `lint FILE`;
 * exit 1 and nothing written.
 */

type Files = Record<string, string>;

const corpus = (path: string) => readFile(join(SHARED, "corpora", path), "utf8");

/** `text` with `from` replaced by `to`, failing when `from` is not in it (so the case breaks what it says). */
function replaced(text: string, from: string, to: string): string {
  expect(text, `the spec holds ${JSON.stringify(from)}`).toContain(from);
  return text.replace(from, to);
}

const one = (name: string, path: string) => async (): Promise<Files> => ({
  [name]: await corpus(path),
});

const sloth = one("slo.yml", "sloth/examples/getting-started.yml");
const slothK8s = one("slo.yml", "sloth/examples/k8s-getting-started.yml");
const openSloV1Alpha = one("slo.yml", "sloth/examples/openslo-getting-started.yml");
const pyrraRatio = one("slo.yaml", "pyrra/examples/kubernetes/slo-coredns-response-errors.yaml");
const pyrraLatency = one("slo.yaml", "pyrra/examples/caddy-response-latency.yaml");

/**
 * OpenSLO v1 as its spec examples write it: YAML lists of objects in one file
 * per kind, an SLO with its indicator inline and one naming an SLI of
 * slis.yaml, alerting through a policy and a condition of their own files.
 * The corpus SLO is made one obsforge compiles (a rolling window,
 * Occurrences, queries with {{.window}}); the second SLO is the schema
 * tests' `indicatorRef` SLO, as a list item.
 */
async function openSloV1(): Promise<Files> {
  const v1 = "openslo/spec-examples/v1";
  let slos = await corpus(`${v1}/slos.yaml`);
  for (const [from, to] of [
    [
      "      - duration: 1w\n        isRolling: false\n        calendar:\n          startTime: 2022-01-01 12:00:00\n          timeZone: America/New_York\n",
      "      - duration: 4w\n        isRolling: true\n",
    ],
    ["budgetingMethod: Timeslices", "budgetingMethod: Occurrences"],
    ["        timeSliceTarget: 0.95\n        timeSliceWindow: 1m\n", ""],
    ['code=~"2xx|4xx"})', 'code=~"2xx|4xx"}[{{.window}}]))'],
    ['component="web"})', 'component="web"}[{{.window}}]))'],
    ["query: sum(http_requests", "query: sum(rate(http_requests"],
    ["query: sum(http_requests", "query: sum(rate(http_requests"],
    [
      "        target: 0.995\n",
      "        target: 0.995\n    alertPolicies:\n      - alertPolicyRef: low-priority\n",
    ],
  ] as const)
    slos = replaced(slos, from, to);
  let referencing = await corpus("openslo/schema-test/v1/slo/slo-indicatorref-rolling-alerts.yaml");
  for (const [from, to] of [
    ["indicatorRef: indicator-ref-string", "indicatorRef: annotator-throughput"],
    ["  alertPolicies:\n    - foo-alert-policy\n", ""],
    ["      target: 0.98", "      op: lte\n      value: 100\n      target: 0.98"],
    ["duration: 1d", "duration: 28d"],
  ] as const)
    referencing = replaced(referencing, from, to);
  const item = referencing
    .trimEnd()
    .split("\n")
    .map((line, i) => (i === 0 ? `- ${line}` : line === "" ? line : `  ${line}`))
    .join("\n");
  return {
    "slos.yaml": `${slos}${item}\n`,
    "slis.yaml": await corpus(`${v1}/slis.yaml`),
    "alert_policies.yaml": replaced(
      await corpus(`${v1}/alert_policies.yaml`),
      "targetRef: on-call-mail-notification",
      "targetRef: pd-on-call-notification",
    ),
    // obsforge fires above the threshold only (op gt).
    "alert_conditions.yaml": replaced(
      await corpus(`${v1}/alert_conditions.yaml`),
      "op: lte",
      "op: gt",
    ),
    "alert_notification_targets.yaml": await corpus(`${v1}/alert_notification_targets.yaml`),
  };
}

/** The same, the second SLO naming the corpus's raw-ratio SLI (a block scalar query). */
async function openSloV1Raw(): Promise<Files> {
  const files = await openSloV1();
  files["slos.yaml"] = replaced(
    files["slos.yaml"]!,
    "indicatorRef: annotator-throughput",
    "indicatorRef: wifi-client-satisfaction",
  );
  return files;
}

interface Case {
  name: string;
  base: () => Promise<Files>;
  /** In which file, what is replaced by what. */
  edit: [file: string, from: string, to: string];
  /** The one line every entry point prints, with the file as `import` names it. */
  error: string;
  /**
   * What `lint FILE` says, when not the same line: a query's syntax is a
   * finding of its own (promql/syntax, at the token, with a caret); what obsforge cannot
   * compile but the spec may say (a 3h window) is left to build and import.
   */
  lint?: { finding: string; message?: string } | "not-reported";
}

const cases: Case[] = [
  // Sloth prometheus/v1
  {
    name: "Sloth service",
    base: sloth,
    edit: ["slo.yml", 'service: "myservice"', 'service: "my service"'],
    error:
      'slo.yml:2:11: service: expected a service name of lowercase letters, digits, - and _ (it names output files), got "my service"',
  },
  {
    name: "Sloth SLO name",
    base: sloth,
    edit: ["slo.yml", 'name: "requests-availability"', 'name: "requests availability"'],
    error:
      'slo.yml:9:12: slos[0].name: expected an SLO name of lowercase letters, digits, - and _, got "requests availability"',
  },
  {
    name: "Sloth objective",
    base: sloth,
    edit: ["slo.yml", "objective: 99.9", "objective: 150"],
    error:
      "slo.yml:10:16: slos[0].objective: expected an objective percentage 0 < x < 100 (e.g. 99.9); 100 leaves no error budget, got 150",
  },
  {
    name: "Sloth error_query: the unexpected text as written, {{.window}} and all",
    base: sloth,
    edit: ["slo.yml", 'code=~"(5..|429)"}[{{.window}}]))', 'code=~"(5..|429)"[{{.window}}]))'],
    error:
      'slo.yml:14:100: slos[0].sli.events.error_query: expected valid PromQL, got unexpected "[{{.window}}]))"',
  },
  {
    name: "Sloth total_query without the window",
    base: sloth,
    edit: ["slo.yml", 'job="myservice"}[{{.window}}]))\n', 'job="myservice"}[5m]))\n'],
    error:
      'slo.yml:15:22: slos[0].sli.events.total_query: expected a query containing the window placeholder {{.window}} (e.g. rate(x[{{.window}}])), got "sum(rate(http_request_duration_seconds_count{job=\\"myservi..."',
  },
  {
    name: "Sloth alert name",
    base: sloth,
    edit: ["slo.yml", "name: MyServiceHighErrorRate", 'name: "My Service"'],
    error:
      'slo.yml:17:14: slos[0].alerting.name: expected an alert name such as CheckoutAvailabilityBudgetBurn, got "My Service"',
  },
  {
    name: "Sloth service label",
    base: sloth,
    edit: ["slo.yml", 'tier: "2"', '"ti-er": "2"'],
    error:
      'slo.yml:6:13: labels["ti-er"]: expected a label name matching [a-zA-Z_][a-zA-Z0-9_]*, got "ti-er"',
  },
  {
    name: "Sloth page_alert label",
    base: sloth,
    edit: ["slo.yml", "routing_key: myteam", '"routing key": myteam'],
    error:
      'slo.yml:26:26: slos[0].alerting.page_alert.labels["routing key"]: expected a label name matching [a-zA-Z_][a-zA-Z0-9_]*, got "routing key"',
  },
  {
    name: "Sloth alert annotation that is not a Go template (import refuses what build refuses)",
    base: sloth,
    edit: ["slo.yml", 'summary: "High', 'summary: "{{ $labels.x High'],
    error:
      'slo.yml:22:19: slos[0].alerting.annotations.summary: expected a valid Go template (Prometheus parses alert labels and annotations as templates), got function "High" not defined at character 14',
  },
  // Sloth PrometheusServiceLevel
  {
    name: "PrometheusServiceLevel name",
    base: slothK8s,
    edit: ["slo.yml", "name: sloth-slo-my-service", "name: Sloth_SLO"],
    error:
      'slo.yml:9:9: metadata.name: expected a Kubernetes name: at most 63 lowercase letters, digits and -, starting and ending with a letter or digit, got "Sloth_SLO"',
  },
  {
    name: "PrometheusServiceLevel totalQuery",
    base: slothK8s,
    edit: ["slo.yml", 'job="myservice"}[{{.window}}]))\n', 'job="myservice"}[{{.window}}])\n'],
    error:
      "slo.yml:24:98: spec.slos[0].sli.events.totalQuery: expected valid PromQL, got unexpected end of query",
  },
  // OpenSLO v1alpha (read as Sloth reads it)
  {
    name: "OpenSLO v1alpha target: the ratio as written, not its percentage",
    base: openSloV1Alpha,
    edit: ["slo.yml", "target: 0.999", "target: 1.5"],
    error:
      "slo.yml:25:15: spec.objectives[0].target: expected a target between 0 and 1 (a ratio; OpenSLO's target is not a percentage), got 1.5",
  },
  {
    name: "OpenSLO v1alpha good query",
    base: openSloV1Alpha,
    edit: ["slo.yml", 'code!~"(5..|429)"}[{{.window}}]))', 'code!~"(5..|429)"}[{{.window}}])'],
    error:
      "slo.yml:20:111: spec.objectives[0].ratioMetrics.good.query: expected valid PromQL, got unexpected end of query",
  },
  {
    name: "OpenSLO v1alpha time window",
    base: openSloV1Alpha,
    edit: ["slo.yml", "count: 30", "count: 0"],
    error: "slo.yml:27:14: spec.timeWindows[0].count: expected a number > 0, got 0",
  },
  // Pyrra
  {
    name: "Pyrra target that is not a number: the string, not NaN",
    base: pyrraRatio,
    edit: ["slo.yaml", 'target: "99.99"', 'target: "abc"'],
    error:
      'slo.yaml:17:12: spec.target: expected a target percentage 0 < x < 100 such as "99.5" (100 leaves no error budget), got "abc"',
  },
  {
    name: "Pyrra target of 100",
    base: pyrraRatio,
    edit: ["slo.yaml", 'target: "99.99"', 'target: "100"'],
    error:
      'slo.yaml:17:12: spec.target: expected a target percentage 0 < x < 100 such as "99.5" (100 leaves no error budget), got "100"',
  },
  {
    name: "Pyrra window: one line, in Pyrra's terms",
    base: pyrraRatio,
    edit: ["slo.yaml", "window: 2w", "window: 12h"],
    error:
      'slo.yaml:18:11: spec.window: expected a window of whole days or weeks such as "28d" or "4w", got "12h"',
  },
  {
    name: "Pyrra name",
    base: pyrraRatio,
    edit: ["slo.yaml", "name: coredns-response-errors", "name: CoreDNS"],
    error:
      'slo.yaml:7:9: metadata.name: expected an SLO name of lowercase letters, digits, - and _, got "CoreDNS"',
  },
  {
    name: "Pyrra namespace (the service)",
    base: pyrraRatio,
    edit: ["slo.yaml", "namespace: monitoring", 'namespace: "Mon itoring"'],
    error:
      'slo.yaml:8:15: metadata.namespace: expected a service name of lowercase letters, digits, - and _ (it names output files), got "Mon itoring"',
  },
  {
    name: "Pyrra description",
    base: pyrraRatio,
    edit: ["slo.yaml", 'description: ""', "description: 5"],
    error: "slo.yaml:10:16: spec.description: expected string, got 5",
  },
  {
    name: "Pyrra latency success metric that is not a selector",
    base: pyrraLatency,
    edit: ["slo.yaml", 'le="0.05"}', 'le="0.05"'],
    error:
      'slo.yaml:11:113: spec.indicator.latency.success.metric: expected a PromQL vector selector such as metric{label="value"}, got "caddy_http_response_duration_seconds_bucket{job=\\"caddy\\",handler=\\"subroute\\",code!~\\"5..\\",le=\\"0.05\\"" (unexpected end of query)',
    lint: {
      finding: "slo.yaml:11:113",
      message: "expected valid PromQL, got unexpected end of query",
    },
  },
  // OpenSLO v1: list items, an SLI named by indicatorRef, alerting in other files
  {
    name: "OpenSLO v1 target: the ratio as written, not its percentage",
    base: openSloV1,
    edit: ["slos.yaml", "target: 0.995", "target: 1.5"],
    error:
      "slos.yaml:38:17: [0].spec.objectives[0].target: expected a target between 0 and 1 (a ratio; OpenSLO's target is not a percentage), got 1.5",
  },
  {
    name: "OpenSLO v1 target of 0",
    base: openSloV1,
    edit: ["slos.yaml", "target: 0.98", "target: 0"],
    error:
      "slos.yaml:58:17: [1].spec.objectives[0].target: expected a target between 0 and 1 (a ratio; OpenSLO's target is not a percentage), got 0",
  },
  {
    name: "OpenSLO v1 targetPercent",
    base: openSloV1,
    edit: ["slos.yaml", "target: 0.995", "targetPercent: 150"],
    error:
      "slos.yaml:38:24: [0].spec.objectives[0].targetPercent: expected a targetPercent between 0 and 100 (a percentage such as 99.5), got 150",
  },
  {
    name: "OpenSLO v1 SLO name, in the second list item",
    base: openSloV1,
    edit: ["slos.yaml", "name: test-slo", "name: Test_SLO"],
    error:
      'slos.yaml:44:11: [1].metadata.name: expected an SLO name of lowercase letters, digits, - and _, got "Test_SLO"',
  },
  {
    name: "OpenSLO v1 service",
    base: openSloV1,
    edit: ["slos.yaml", "service: web", "service: Web"],
    error:
      'slos.yaml:14:14: [0].spec.service: expected a service name of lowercase letters, digits, - and _ (it names output files), got "Web"',
  },
  {
    name: "OpenSLO v1 time window",
    base: openSloV1,
    edit: ["slos.yaml", "duration: 4w", "duration: 3h"],
    error:
      'slos.yaml:32:9: [0].spec.timeWindow[0].duration: expected a window of whole days or weeks such as 28d or 4w, got "3h"',
    lint: "not-reported",
  },
  {
    name: "OpenSLO v1 metadata label",
    base: openSloV1,
    edit: ["slos.yaml", "      env:", "      e-nv:"],
    error:
      'slos.yaml:7:7: [0].metadata.labels["e-nv"]: expected a label name obsforge can put on rules, got "e-nv"',
    lint: "not-reported",
  },
  {
    name: "OpenSLO v1 inline indicator query",
    base: openSloV1,
    edit: ["slos.yaml", 'code=~"2xx|4xx"}[{{.window}}]))', 'code=~"2xx|4xx"}[{{.window}}])'],
    error:
      "slos.yaml:25:112: [0].spec.indicator.spec.ratioMetric.good.metricSource.spec.query: expected valid PromQL, got unexpected end of query",
    lint: { finding: "slos.yaml:25:112" },
  },
  {
    name: "OpenSLO v1 query of the SLI an indicatorRef names: in that SLI's file and item",
    base: openSloV1,
    edit: ["slis.yaml", 'topic="annotator-in"}[2m]))', 'topic="annotator-in"}[2m])'],
    error:
      "slis.yaml:102:133: [3].spec.thresholdMetric.metricSource.spec.query: expected valid PromQL, got unexpected end of query",
    lint: { finding: "slis.yaml:102:133" },
  },
  {
    name: "OpenSLO v1 raw ratio query cut short, in a block scalar: at its last character, not the next line",
    base: openSloV1Raw,
    edit: [
      "slis.yaml",
      "sum(count_over_time(poller_client_satisfaction_ratio[{{.window}}]))",
      "sum(count_over_time(poller_client_satisfaction_ratio[{{.window}}])",
    ],
    error:
      "slis.yaml:81:16: [2].spec.ratioMetric.raw.metricSource.spec.query: expected valid PromQL, got unexpected end of query",
    lint: { finding: "slis.yaml:81:16" },
  },
  {
    name: "OpenSLO v1 raw ratio query: the unexpected text with {{.window}}, from lint FILE too",
    base: openSloV1Raw,
    edit: [
      "slis.yaml",
      "sum(count_over_time(poller_client_satisfaction_ratio[{{.window}}]))",
      "sum(count_over_time(poller_client_satisfaction_ratio{{{.window}}]))",
    ],
    error:
      'slis.yaml:80:70: [2].spec.ratioMetric.raw.metricSource.spec.query: expected valid PromQL, got unexpected "{{.window}}]"',
    lint: { finding: "slis.yaml:80:70" },
  },
  {
    name: "OpenSLO v1 condition threshold no tier can reach: the AlertCondition's threshold",
    base: openSloV1,
    edit: ["alert_conditions.yaml", "threshold: 2\n", "threshold: 2000\n"],
    error:
      "alert_conditions.yaml:18:18: [0].spec.condition.threshold: expected a page-quick tier that can fire, got one needing an error ratio above 1000% (2000x a 0.5% budget); disable it with disableTiers: [0] or give it a lower factor",
  },
  {
    name: "OpenSLO v1 condition threshold of 0",
    base: openSloV1,
    edit: ["alert_conditions.yaml", "threshold: 2\n", "threshold: 0\n"],
    error:
      "alert_conditions.yaml:18:18: [0].spec.condition.threshold: expected a number > 0, got 0",
  },
  {
    name: "OpenSLO v1 condition lookbackWindow",
    base: openSloV1,
    edit: ["alert_conditions.yaml", "lookbackWindow: 1h", "lookbackWindow: 1x"],
    error:
      'alert_conditions.yaml:19:23: [0].spec.condition.lookbackWindow: expected an OpenSLO duration such as 28d or 1w, got "1x"',
  },
  {
    name: "OpenSLO v1 condition alertAfter",
    base: openSloV1,
    edit: ["alert_conditions.yaml", "alertAfter: 5m", "alertAfter: 5 min"],
    error:
      'alert_conditions.yaml:20:19: [0].spec.condition.alertAfter: expected an OpenSLO duration such as 28d or 1w, got "5 min"',
  },
];

async function writeFiles(dir: string, files: Files): Promise<void> {
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
}

describe("each field of an imported spec, broken: one line naming it as written", () => {
  test("the OpenSLO base imports cleanly (each case breaks one field of it)", async () => {
    const dir = await tempDir();
    const files = await openSloV1();
    await writeFiles(dir, files);
    const r = await cli(["import", ...Object.keys(files), "--out", "ts"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("wrote ts/web.ts\nwrote ts/the-service-name.ts\n");
  });

  test.each(cases)("$name", async ({ base, edit: [file, from, to], error, lint }) => {
    const files = await base();
    files[file] = replaced(files[file]!, from, to);
    const names = Object.keys(files);
    const dir = await tempDir();
    await writeFiles(dir, files);

    const imported = await cli(["import", ...names, "--out", "ts"], dir);
    expect(imported).toEqual({ code: 1, stdout: "", stderr: `${error}\n` });

    const linted = await cli(["lint", ...names], dir);
    if (lint === "not-reported")
      expect(linted).toEqual({ code: 0, stdout: "No problems found.\n", stderr: "" });
    else if (lint !== undefined) {
      // Once, as a finding: not again as a file that could not be linted.
      expect(linted.stderr).toBe("");
      expect(linted.code).toBe(1);
      // The message after the location and the field path, unless lint words it otherwise.
      const message = lint.message ?? error.split(": ").slice(2).join(": ");
      expect(linted.stdout).toContain(`${lint.finding}: error promql/syntax: ${message}`);
    } else
      expect(linted).toEqual({
        code: 1,
        stdout: "No problems found in the files linted; 1 file(s) could not be linted\n",
        stderr: `${error}\n`,
      });

    await mkdir(join(dir, "definitions"));
    await writeFiles(join(dir, "definitions"), files);
    const built = await cli(["build"], dir);
    expect(built).toEqual({
      code: 1,
      stdout: "",
      stderr: `definitions/${error}\nobsforge build: 1 error(s); out/ left unchanged\n`,
    });
    expect((await readdir(dir)).sort()).toEqual(["definitions", ...names].sort());
  });
});

describe("a document is named by its place in the file, empty documents counted", () => {
  test("the second SLO of Pyrra's nginx example after an empty document is document 3, at its own line", async () => {
    // An empty document (`---` twice) before the spec: the locator counts it, so the name must too.
    const text = `---\n---\n${replaced(await corpus("pyrra/examples/nginx.yaml"), "target: '90'", "target: '900'")}`;
    const dir = await tempDir();
    await writeFile(join(dir, "slo.yaml"), text);
    const error =
      'spec.target: expected a target percentage 0 < x < 100 such as "99.5" (100 leaves no error budget), got "900"';
    const imported = await cli(["import", "slo.yaml", "--out", "ts"], dir);
    expect(imported).toEqual({ code: 1, stdout: "", stderr: `slo.yaml#3:28:12: ${error}\n` });
    const linted = await cli(["lint", "slo.yaml"], dir);
    expect(linted.stderr).toBe(`slo.yaml:28:12: ${error}\n`);
    expect(await readdir(dir)).toEqual(["slo.yaml"]);
  });
});
