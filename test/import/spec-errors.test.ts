import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { obsforgeInProcess as cli } from "../helpers/in-process-cli.ts";
import { tempDir } from "../helpers/temp.ts";

const PYRRA = `apiVersion: pyrra.dev/v1alpha1
kind: ServiceLevelObjective
metadata:
  name: api-errors
spec:
  target: "99.5"
  window: 4w
  indicator:
    ratio:
      errors:
        metric: http_requests_total{job="api",code=~"5.."}
      total:
        metric: http_requests_total{job="api"}
`;

/** A billion-laughs file: nine levels of nine aliases, a few hundred bytes that expand past any budget. */
function laughs(): string {
  const lines = ['a0: &a0 "lol"'];
  for (let i = 1; i <= 9; i++)
    lines.push(
      `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(", ")}]`,
    );
  const [head, rest] = PYRRA.split("metadata:\n") as [string, string];
  return `${head}${lines.join("\n")}\nmetadata:\n  annotations: *a9\n${rest}`;
}

async function importOne(name: string, text: string) {
  const dir = await tempDir();
  await writeFile(join(dir, name), text);
  const r = await cli(["import", name, "--out", "ts"], dir);
  const written = await readdir(join(dir, "ts")).catch(() => []);
  return { ...r, dir, written };
}

describe("bad SLO-spec input: one-line errors, nothing written", () => {
  test.for([
    [
      "malformed YAML",
      "slo.yaml",
      `${PYRRA}  grouping: [\n`,
      /^slo\.yaml:\d+:\d+: expected a readable YAML file, got .+[^)]$/,
    ],
    [
      "an unknown Pyrra kind",
      "slo.yaml",
      PYRRA.replace("ServiceLevelObjective", "ServiceLevelObjectiveList"),
      /^slo\.yaml:\d+:\d+: kind: expected a Sloth spec .* a Pyrra ServiceLevelObjective, an OpenSLO object \(openslo\/v1, openslo\/v1alpha\), a Prometheus rule file \(groups\) or a PrometheusRule, got apiVersion "pyrra.dev\/v1alpha1" kind "ServiceLevelObjectiveList"$/,
    ],
    [
      "an unknown OpenSLO v1 kind",
      "slo.yaml",
      "apiVersion: openslo/v1\nkind: Widget\nmetadata: {name: w}\nspec: {}\n",
      /^slo\.yaml:\d+:\d+: kind: expected an OpenSLO v1 kind \(Service, SLO, SLI, AlertPolicy, AlertCondition, AlertNotificationTarget, DataSource\), got "Widget"$/,
    ],
    [
      "an unknown apiVersion",
      "slo.yaml",
      "apiVersion: openslo/v9\nkind: SLO\n",
      /^slo\.yaml:\d+:\d+: apiVersion: expected an OpenSLO version obsforge reads \(openslo\/v1, openslo\/v1alpha; v1alpha for kinds SLO and Service only\), got "openslo\/v9" kind "SLO"$/,
    ],
    [
      "a recursive alias",
      "slo.yaml",
      "apiVersion: openslo/v1\nkind: Service\nmetadata: &m\n  name: s\n  labels: {x: *m}\n",
      /^slo\.yaml:5:15: expected a readable YAML file, got a recursive alias \*m inside its own anchor$/,
    ],
    [
      "aliases expanding past the budget (billion laughs)",
      "slo.yaml",
      laughs(),
      /^slo\.yaml:\d+:\d+: expected a readable YAML file, got .*alias[^)]*\)$/,
    ],
    [
      "a Pyrra selector that is not a selector",
      "slo.yaml",
      PYRRA.replace('http_requests_total{job="api"}\n', 'sum(http_requests_total{job="api"})\n'),
      /^slo\.yaml:\d+:\d+: spec\.indicator\.ratio\.total\.metric: expected a PromQL vector selector such as metric\{label="value"\}, got "sum\(http_requests_total\{job=\\"api\\"\}\)" \(not a plain vector selector\)$/,
    ],
    [
      "a Pyrra field obsforge has no equivalent for",
      "slo.yaml",
      PYRRA.replace("  window: 4w\n", "  window: 4w\n  partial_response_strategy: warn\n"),
      /^slo\.yaml:\d+:\d+: spec\.partial_response_strategy: expected no partial_response_strategy setting \(obsforge has no equivalent\), got one$/,
    ],
    // Pyrra reads the bound with Prometheus' ParseDuration: "1.5s" and "1" are refused, never read as 5s or 0s.
    ...["1.5s", "1", "fast"].map(
      (latency) =>
        [
          `a Pyrra latencyNative bound ${JSON.stringify(latency)} that is not a duration`,
          "slo.yaml",
          PYRRA.replace(
            / {4}ratio:[\s\S]*$/,
            `    latencyNative:\n      latency: ${JSON.stringify(latency)}\n      total:\n        metric: http_request_duration_seconds{job="api"}\n`,
          ),
          new RegExp(
            `^slo\\.yaml:\\d+:\\d+: spec\\.indicator\\.latencyNative\\.latency: expected a duration such as 100ms, got ${JSON.stringify(latency).replaceAll(".", "\\.")}$`,
          ),
        ] as const,
    ),
  ] as const)("%s", async ([, name, text, line]) => {
    const r = await importOne(name, text);
    expect(r.code).toBe(1);
    const lines = r.stderr.split("\n").filter((l) => l !== "");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(line);
    expect(r.written).toEqual([]);
  });

  test("a multi-document file with one bad document writes nothing and names the document", async () => {
    const r = await importOne(
      "slos.yaml",
      `${PYRRA}---\n${PYRRA.replace('target: "99.5"', 'target: "100"').replace("api-errors", "api-errors-2")}`,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^slos\.yaml#2:20:12: spec\.target: expected a target percentage 0 < x < 100 such as "99\.5" \(100 leaves no error budget\), got "100"\n$/,
    );
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.written).toEqual([]);
  });

  test("an alias inside the budget is expanded: the TS holds the value, nothing of the alias", async () => {
    const r = await importOne(
      "slo.yaml",
      PYRRA.replace(
        '      errors:\n        metric: http_requests_total{job="api",code=~"5.."}\n      total:\n        metric: http_requests_total{job="api"}\n',
        '      errors: &q\n        metric: http_requests_total{job="api"}\n      total: *q\n',
      ),
    );
    expect(r.stderr).toBe("");
    const ts = await readFile(join(r.dir, "ts/api-errors.ts"), "utf8");
    expect(ts.match(/http_requests_total\{job="api"\}/g)).toHaveLength(2);
  });

  test("strings from the spec reach the TS only as literals", async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the placeholder is the hostile part
    const hostile = 'x"}) + process.exit(1) + ({"`${WINDOW}';
    const r = await importOne(
      "slo.yaml",
      PYRRA.replace(
        '  target: "99.5"\n',
        `  description: ${JSON.stringify(hostile)}\n  target: "99.5"\n`,
      ),
    );
    expect(r.stderr).toBe("");
    const ts = await readFile(join(r.dir, "ts/api-errors.ts"), "utf8");
    expect(ts).toContain(`description: ${JSON.stringify(hostile)},`);
  });
});
