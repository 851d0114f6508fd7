import { formatProblem } from "../../src/report/line.ts";
import { dump } from "js-yaml";
import { describe, expect, test } from "vitest";
import { alert, defineService, record } from "../../src/authoring.ts";
import { buildEstate } from "../../src/estate/build.ts";
import type { RawDefinition } from "../../src/model/estate.ts";
import { checkRulesText } from "../helpers/promtool.ts";
import { toYaml } from "../../src/emit/serialize.ts";
import { selector } from "../../src/promql/query.ts";
import { compilePrometheusRules } from "../../src/targets/prometheus/compile.ts";
import { buildProject, checkDefinitions } from "../../src/pipeline/project.ts";
import { tempTree } from "../helpers/temp.ts";
import { existsSync } from "node:fs";
import { join } from "node:path";

const LONE_HIGH = "\ud800";
const LONE_LOW = "\udc00";

function withAlert(alertFields: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return defineService({
    name: "api",
    team: "web",
    groups: [
      {
        name: "api",
        rules: [
          alert({ name: "ApiDown", expr: "up == 0", severity: "page", ...alertFields } as never),
        ],
      },
    ],
    ...extra,
  } as never);
}

function errorsFor(exported: unknown): string[] {
  const defs: RawDefinition[] = [{ file: "definitions/api.ts", source: "api.ts", exported }];
  // What `build` refuses: the schemas and the checks that follow them (templates among them).
  const result = checkDefinitions(defs);
  return result.ok ? [] : result.diagnostics.map(formatProblem);
}

/** The rule file the model would compile to, judged by promtool: what the model must refuse. */
function promtoolOnUnchecked(rule: Record<string, unknown>): string {
  // js-yaml directly: obsforge's serialiser refuses what the model should have refused.
  const doc = { groups: [{ name: "g", rules: [{ alert: "A", expr: "up", ...rule }] }] };
  const text = dump(doc, { lineWidth: -1, noRefs: true });
  const run = checkRulesText(text);
  return `${run.stdout}${run.stderr}`;
}

describe("annotation and label names are validated as Prometheus does", () => {
  test.for([["a-b"], ["1summary"], ["é"], ["a.b"], [""]])(
    "annotation name %j is an error naming the field, and promtool refuses it too",
    ([name]) => {
      expect(promtoolOnUnchecked({ annotations: { [name!]: "x" } })).toContain(
        `invalid annotation name: ${name}`,
      );
      const lines = errorsFor(withAlert({ annotations: { [name!]: "x" } }));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^definitions\/api\.ts: groups\[0\]\.rules\[0\]\.annotations(\.|\[).*: expected an annotation name matching \[a-zA-Z_\]\[a-zA-Z0-9_\]\* .*invalid annotation name/,
      );
    },
  );

  test("SLO alerting annotations are checked the same way", () => {
    const svc = defineService({
      name: "api",
      team: "web",
      slos: [
        {
          name: "availability",
          objective: 99.9,
          sli: { kind: "availability", metric: "up" },
          alerting: { annotations: { "bad key": "x" }, page: { annotations: { "x-y": "z" } } },
        },
      ],
    } as never);
    const lines = errorsFor(svc);
    expect(lines).toEqual([
      expect.stringMatching(
        /^definitions\/api\.ts: slos\[0\]\.alerting\.annotations\["bad key"\]: expected an annotation name/,
      ),
      expect.stringMatching(
        /^definitions\/api\.ts: slos\[0\]\.alerting\.page\.annotations\["x-y"\]: expected an annotation name/,
      ),
    ]);
  });

  test("valid names, including a leading underscore, pass", () => {
    expect(promtoolOnUnchecked({ annotations: { _x: "1", summary_2: "2" } })).toContain("SUCCESS");
    expect(errorsFor(withAlert({ annotations: { _x: "1", summary_2: "2" } }))).toEqual([]);
  });

  test("label names promtool refuses are refused", () => {
    expect(promtoolOnUnchecked({ labels: { "a-b": "x" } })).toContain("invalid label name: a-b");
    expect(errorsFor(withAlert({ labels: { "a-b": "x" } }))[0]).toMatch(
      /groups\[0\]\.rules\[0\]\.labels\["a-b"\]: expected a label name/,
    );
  });
});

describe("strings that have no UTF-8 form are refused at their field", () => {
  test("promtool refuses the escape a YAML writer gives a lone surrogate", () => {
    expect(promtoolOnUnchecked({ annotations: { summary: `a${LONE_HIGH}b` } })).toContain(
      "found invalid Unicode character escape code",
    );
  });

  test.for([
    [
      "an annotation value",
      { annotations: { summary: `down ${LONE_HIGH}` } },
      "annotations.summary",
    ],
    ["a label value", { labels: { tier: `x${LONE_LOW}` } }, "labels.tier"],
  ] as const)("in %s", ([, fields, path]) => {
    const lines = errorsFor(withAlert(fields));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(
      `definitions/api.ts: groups[0].rules[0].${path}: expected text in valid Unicode, got a lone UTF-16 surrogate`,
    );
  });

  test("in a group name, a service description and a recording rule label", () => {
    const svc = defineService({
      name: "api",
      team: "web",
      description: `desc ${LONE_LOW}`,
      groups: [
        {
          name: `g${LONE_HIGH}`,
          rules: [record({ name: "job:x:rate5m", expr: "up", labels: { a: LONE_HIGH } })],
        },
      ],
    });
    const lines = errorsFor(svc);
    expect(lines.map((l) => l.split(": expected")[0])).toEqual([
      "definitions/api.ts: description",
      "definitions/api.ts: groups[0].name",
      "definitions/api.ts: groups[0].rules[0].labels.a",
    ]);
    for (const l of lines) expect(l).not.toContain("\n");
  });

  test("a surrogate pair (an emoji) is valid Unicode and passes", () => {
    expect(errorsFor(withAlert({ annotations: { summary: "on fire 🔥" } }))).toEqual([]);
  });
});

describe("Go templates in alert labels and annotations are checked at build time", () => {
  test.for([
    ["{{ $labels.instance", "unclosed action"],
    ["{{ $labels.instance }", 'unexpected "}" in operand'],
    ["{{ $foo }}", 'undefined variable "$foo"'],
    ["{{ humanizeSeconds $value }}", 'function "humanizeSeconds" not defined'],
    ["{{ if $value }}unclosed", "has no {{end}}"],
  ])("annotation %j is a build error, as promtool finds", ([template, reason]) => {
    expect(promtoolOnUnchecked({ annotations: { summary: template } })).toContain("FAILED");
    const lines = errorsFor(withAlert({ annotations: { summary: template } }));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(
      "definitions/api.ts: groups[0].rules[0].annotations.summary: expected a valid Go template",
    );
    expect(lines[0]).toContain(reason);
  });

  test("label values of alerts, service labels and SLO alerting fields are templates too", () => {
    const svc = withAlert(
      { labels: { tier: "{{ $labels.tier" } },
      {
        labels: { env: "{{ end }}" },
        slos: [
          {
            name: "availability",
            objective: 99.9,
            sli: { kind: "availability", metric: "up" },
            alerting: {
              labels: { a: "{{ $x }}" },
              ticket: { annotations: { summary: "{{ (len $labels }}" } },
            },
          },
        ],
      },
    );
    expect(errorsFor(svc).map((l) => l.split(": expected")[0])).toEqual([
      "definitions/api.ts: groups[0].rules[0].labels.tier",
      "definitions/api.ts: labels.env",
      "definitions/api.ts: slos[0].alerting.labels.a",
      "definitions/api.ts: slos[0].alerting.ticket.annotations.summary",
    ]);
  });

  test("recording rule labels are not templates (Prometheus copies them as they are)", () => {
    const svc = defineService({
      name: "api",
      team: "web",
      labels: { note: "{{ not a template" },
      groups: [
        {
          name: "g",
          rules: [record({ name: "job:x:rate5m", expr: "up", labels: { a: "{{ x" } })],
        },
      ],
    });
    expect(errorsFor(svc)).toEqual([]);
    const text = toYaml({
      groups: [
        { name: "g", rules: [{ record: "job:x:rate5m", expr: "up", labels: { a: "{{ x" } }] },
      ],
    });
    expect(checkRulesText(text).status).toBe(0);
  });

  test("valid templates build and promtool accepts the compiled file", () => {
    const svc = withAlert({
      labels: { instance_copy: "{{ $labels.instance }}" },
      annotations: { summary: "{{ $labels.instance }} is down ({{ $value | humanize }})" },
    });
    const estate = buildEstate([{ file: "definitions/api.ts", source: "api.ts", exported: svc }]);
    expect(estate.ok).toBe(true);
    if (!estate.ok) return;
    const text = toYaml(compilePrometheusRules(estate.value.services[0]!.value));
    expect(checkRulesText(text).status).toBe(0);
  });
});

describe("obsforge build refuses a broken template with file and field, writing nothing", () => {
  test("a broken {{ $labels.x in a definition file", async () => {
    const dir = await tempTree({
      "api.ts": `export default { kind: "service", name: "api", team: "web", groups: [{ name: "g", rules: [{ kind: "alert", name: "ApiDown", expr: "up == 0", severity: "page", annotations: { summary: "{{ $labels.x" } }] }] };\n`,
    });
    const built = await buildProject({ definitions: dir, out: join(dir, "out"), cwd: dir });
    expect(built.ok).toBe(false);
    if (built.ok) return;
    expect(built.diagnostics.map(formatProblem)).toEqual([
      "api.ts:1:185: groups[0].rules[0].annotations.summary: expected a valid Go template (Prometheus parses alert labels and annotations as templates), got unclosed action at character 13",
    ]);
    expect(existsSync(join(dir, "out"))).toBe(false);
  });
});

describe("U+FFFD in PromQL: Prometheus's lexer takes a literal one for a decoding error", () => {
  test("promtool refuses the literal and accepts the escape", () => {
    expect(promtoolOnUnchecked({ expr: 'up{path="a\ufffdb"} == 0' })).toContain(
      "invalid UTF-8 rune",
    );
    expect(promtoolOnUnchecked({ expr: 'up{path="a\\ufffdb"} == 0' })).toContain("SUCCESS");
  });

  test("selector() escapes it (and a lone surrogate, which becomes U+FFFD), so the rule file loads", () => {
    const expr = `${selector("up", { path: "a\ufffdb\ud800" })} == 0`;
    expect(expr).toBe('up{path="a\\ufffdb\\ufffd"} == 0');
    expect(promtoolOnUnchecked({ expr })).toContain("SUCCESS");
    expect(errorsFor(withAlert({ expr }))).toEqual([]);
  });

  test("a raw query holding one is refused at its field", () => {
    const lines = errorsFor(withAlert({ expr: 'up{path="a\ufffdb"} == 0' }));
    expect(lines).toEqual([
      "definitions/api.ts: groups[0].rules[0].expr: expected no literal U+FFFD in the query (Prometheus refuses it: invalid UTF-8 rune), got one at character 11; write it as \\ufffd inside the string",
    ]);
  });
});

describe("a Grafana URL written into log-alert annotations is a template too", () => {
  test("explore.grafanaUrl holding a broken template is refused when the service has log alerts", () => {
    const svc = (rules: unknown[]) =>
      defineService({
        name: "api",
        team: "web",
        explore: { grafanaUrl: "https://grafana.example.com/{{x", datasourceUid: "loki" },
        logGroups: rules.length === 0 ? [] : [{ name: "logs", rules }],
      } as never);
    const logAlert = {
      kind: "logAlert",
      name: "ApiErrors",
      expr: 'sum(count_over_time({service_name="api"} |= "error" [5m])) > 10',
      severity: "ticket",
    };
    expect(errorsFor(svc([logAlert]))).toEqual([
      expect.stringMatching(
        /^definitions\/api\.ts: explore\.grafanaUrl: expected a valid Go template .*function "x" not defined/,
      ),
    ]);
    expect(errorsFor(svc([]))).toEqual([]);
  });
});
