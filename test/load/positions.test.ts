import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { describe, expect, test } from "vitest";
import { obsforgeInProcess } from "../helpers/in-process-cli.ts";
import { tempDir } from "../helpers/temp.ts";

/**
 * Build errors point at the field they name, as written: the line and
 * column come from the module's syntax tree (or the YAML parser), and for a
 * query from the character the parser stopped at. Each expected position is
 * computed here from the fixture's text (the `«` marker's place), not by
 * the code under test.
 */

const MARK = "«";

/** The fixture without its marker, and the 1-based line and column where the marker was. */
function marked(source: string): { text: string; line: number; column: number } {
  const at = source.indexOf(MARK);
  if (at < 0 || source.indexOf(MARK, at + 1) >= 0) throw new Error("one marker expected");
  const before = source.slice(0, at).split("\n");
  return {
    text: source.slice(0, at) + source.slice(at + MARK.length),
    line: before.length,
    column: before.at(-1)!.length + 1,
  };
}

async function buildErrors(files: Record<string, string>): Promise<string[]> {
  const dir = await tempDir();
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  const r = await obsforgeInProcess(["build"], dir);
  expect(r.code).toBe(1);
  const lines = r.stderr.split("\n").filter((l) => l !== "");
  expect(lines.at(-1)).toMatch(/^obsforge build: \d+ error\(s\); out\/ left unchanged$/);
  return lines.slice(0, -1);
}

const HEAD = `import { alert, defineService, eventRatioSli, record, slo } from "obsforge";\n`;

const GOOD_SLI = `eventRatioSli({ errorQuery: "sum(rate(e[{{.window}}]))", totalQuery: "sum(rate(t[{{.window}}]))" })`;

describe("a wrong field in a TypeScript definition is reported at its line and column", () => {
  test("a bad duration nested in an SLO", async () => {
    const { text, line, column } = marked(`${HEAD}export default defineService({
  name: "shop",
  team: "web",
  slos: [
    slo({ name: "availability", objective: 99.9, period: "30d", sli: ${GOOD_SLI} }),
    slo({
      name: "latency",
      objective: 99,
      period: "«4 weeks",
      sli: ${GOOD_SLI},
    }),
  ],
});
`);
    const errors = await buildErrors({ "definitions/shop.ts": text });
    // The duration and the whole-days checks both speak; both at the value.
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) {
      expect(error).toMatch(
        new RegExp(`^definitions/shop\\.ts:${line}:${column}: slos\\[1\\]\\.period: expected `),
      );
    }
  });

  test("a bad expr in the second rule group points at the character the parser stopped at", async () => {
    const { text, line, column } = marked(`${HEAD}export default defineService({
  name: "shop",
  team: "web",
  groups: [
    { name: "a", rules: [record({ name: "job:x:sum", expr: "sum by (job) (x)" })] },
    {
      name: "b",
      rules: [
        record({
          name: "job:y:sum",
          expr: "sum(rate(y[5m]) «by",
        }),
      ],
    },
  ],
});
`);
    expect(await buildErrors({ "definitions/shop.ts": text })).toEqual([
      `definitions/shop.ts:${line}:${column}: groups[1].rules[0].expr: expected valid PromQL, got unexpected "by"`,
    ]);
  });

  test("through a helper call and a const: the field where it is written", async () => {
    const { text, line, column } = marked(`${HEAD}const paging = [
  alert({ name: "ShopDown", expr: "up == 0", for: "«5 minutes", severity: "page" }),
];

const service = defineService({
  name: "shop",
  team: "web",
  groups: [{ name: "shop", rules: paging }],
});

export default service;
`);
    expect(await buildErrors({ "definitions/shop.ts": text })).toEqual([
      `definitions/shop.ts:${line}:${column}: groups[0].rules[0].for: expected a duration such as "30s", "5m" or "1h30m", got "5 minutes"`,
    ]);
  });

  test("a PromQL error's column counts the escapes written in the literal", async () => {
    // Written `\"` is one character of the query: the column must follow the file, not the value.
    const { text, line, column } = marked(`${HEAD}export default defineService({
  name: "shop",
  team: "web",
  groups: [{ name: "g", rules: [record({ name: "job:x:sum", expr: "sum(x{job=\\"a\\"} «by" })] }],
});
`);
    expect(await buildErrors({ "definitions/shop.ts": text })).toEqual([
      `definitions/shop.ts:${line}:${column}: groups[0].rules[0].expr: expected valid PromQL, got unexpected "by"`,
    ]);
  });

  test("a query built at run time: the field's position, and the column inside the query", async () => {
    const source = `${HEAD}const metric = "x";
export default defineService({
  name: "shop",
  team: "web",
  groups: [{ name: "g", rules: [record({ name: "job:x:sum", expr: \`«sum(\${metric} by\` })] }],
});
`;
    const { text, line, column } = marked(source);
    // Rendered, the query is `sum(x by`: `by` is its 7th character.
    expect(await buildErrors({ "definitions/shop.ts": text })).toEqual([
      `definitions/shop.ts:${line}:${column}: groups[0].rules[0].expr: expected valid PromQL, got unexpected "by" at column 7`,
    ]);
  });
});

describe("fields passed positionally to a helper are reported where they are written", () => {
  const DASH_HEAD = `import { defineService, promQuery, row, textPanel, timeseriesPanel } from "obsforge";\n`;
  const service = (rows: string) => `${DASH_HEAD}export default defineService({
  name: "shop",
  team: "web",
  dashboards: {
    custom: [
      {
        kind: "dashboard",
        title: "Shop",
        rows: [
${rows}
        ],
      },
    ],
  },
});
`;
  const PANEL = `textPanel({ title: "About", description: "d", content: "Shop" })`;

  test("a row's title, the first argument of row()", async () => {
    const { text, line, column } = marked(
      service(`          row("About", [${PANEL}]),\n          row(«"", [${PANEL}]),`),
    );
    const errors = await buildErrors({ "definitions/shop.ts": text });
    expect(errors).toHaveLength(1);
    // An empty string: the position is inside its quotes, one past the marker.
    expect(errors[0]).toMatch(
      new RegExp(
        `^definitions/shop\\.ts:${line}:${column + 1}: dashboards\\.custom\\[0\\]\\.rows\\[1\\]\\.title: `,
      ),
    );
  });

  test("a panel in row()'s second argument that is not a panel", async () => {
    const { text, line, column } = marked(
      service(`          row("Traffic", [${PANEL}, «promQuery("up")]),`),
    );
    expect(await buildErrors({ "definitions/shop.ts": text })).toEqual([
      `definitions/shop.ts:${line}:${column}: dashboards.custom[0].rows[0].panels[1]: expected a panel builder (timeseriesPanel(), statPanel(), …), got another builder`,
    ]);
  });

  test("a panel query's PromQL, the first argument of promQuery() in a panel's queries", async () => {
    const { text, line, column } = marked(
      service(`          row("Traffic", [
            timeseriesPanel({
              title: "Requests",
              description: "Requests per second",
              unit: "reqps",
              queries: [promQuery("sum(rate(x[5m]))"), promQuery("sum(rate(y[5m]) «by")],
            }),
          ]),`),
    );
    expect(await buildErrors({ "definitions/shop.ts": text })).toEqual([
      `definitions/shop.ts:${line}:${column}: dashboards.custom[0].rows[0].panels[0].targets[1].expr: expected valid PromQL, got unexpected "by"`,
    ]);
  });

  test("every helper in the positional table is one the authoring API exports", async () => {
    const authoring = await import("../../src/authoring.ts");
    const { POSITIONAL_HELPERS, RENAMED_FIELDS } = await import("../../src/load/helper-params.ts");
    for (const name of [...Object.keys(POSITIONAL_HELPERS), ...Object.keys(RENAMED_FIELDS)])
      expect(typeof (authoring as Record<string, unknown>)[name], name).toBe("function");
  });
});

describe("an unknown field is reported at its key, not its value", () => {
  test("in a TypeScript definition", async () => {
    const { text, line, column } = marked(`${HEAD}export default defineService({
  name: "shop",
  team: "web",
  groups: [{ name: "g", rules: [alert({ name: "Down", expr: "up == 0", «fro: "5m", severity: "page" })] }],
});
`);
    expect(await buildErrors({ "definitions/shop.ts": text })).toEqual([
      `definitions/shop.ts:${line}:${column}: groups[0].rules[0].fro: expected no such field (unknown field; check the spelling)`,
    ]);
  });

  const SHOP = `${HEAD}export default defineService({ name: "shop", team: "web" });\n`;

  test("in obsforge.config.json (read by the YAML parser)", async () => {
    const { text, line, column } = marked(`{
  "lint": {
    "«profil": "strict"
  }
}
`);
    expect(
      await buildErrors({ "definitions/shop.ts": SHOP, "obsforge.config.json": text }),
    ).toEqual([
      `obsforge.config.json:${line}:${column}: lint.profil: expected no such field (unknown field; check the spelling)`,
    ]);
  });

  test("an unknown check id in the config's rules, at the id", async () => {
    const { text, line, column } = marked(`{
  "lint": {
    "rules": { "«promql/rate-windwo": "off" }
  }
}
`);
    const dir = await tempDir();
    await mkdir(join(dir, "definitions"));
    await writeFile(join(dir, "definitions/shop.ts"), SHOP);
    await writeFile(join(dir, "obsforge.config.json"), text);
    const r = await obsforgeInProcess(["lint"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `obsforge.config.json:${line}:${column}: lint.rules["promql/rate-windwo"]: expected a lint rule id`,
    );
  });
});

describe("a wrong field in a YAML spec is reported at its line and column", () => {
  const spec = (objective: string, errorQuery: string) => `version: "prometheus/v1"
service: "shop"
labels:
  owner: "web"
slos:
  - name: "requests-availability"
    objective: ${objective}
    sli:
      events:
        error_query: ${errorQuery}
        total_query: sum(rate(http_requests_total[{{.window}}]))
    alerting:
      name: ShopHighErrorRate
      page_alert:
        labels:
          severity: page
      ticket_alert:
        labels:
          severity: ticket
`;

  test("an objective out of range in a Sloth spec", async () => {
    const { text, line, column } = marked(
      spec("«150", 'sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))'),
    );
    const errors = await buildErrors({ "definitions/shop.yml": text });
    expect(errors).toEqual([
      expect.stringMatching(/: slos\[0\]\.objective: expected an objective/),
    ]);
    expect(errors[0]!.startsWith(`definitions/shop.yml:${line}:${column}: `)).toBe(true);
  });

  test("a PromQL error in a Sloth spec's query, at its character", async () => {
    const { text, line, column } = marked(
      spec("99.9", "sum(rate(http_requests_total[{{.window}}]) «by"),
    );
    const errors = await buildErrors({ "definitions/shop.yml": text });
    expect(errors).toEqual([
      `definitions/shop.yml:${line}:${column}: slos[0].sli.events.error_query: expected valid PromQL, got unexpected "by"`,
    ]);
  });
});
