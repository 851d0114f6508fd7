import { formatProblem } from "../../src/report/line.ts";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { load } from "js-yaml";
import { describe, expect, test } from "vitest";
import { portableNameProblem } from "../../src/core/portable-names.ts";
import { buildProject, compileProject } from "../../src/pipeline/project.ts";
import { derivedOutputPaths } from "../../src/pipeline/output-paths.ts";
import { traceIdRegex } from "../../src/targets/grafana/provisioning.ts";
import { tempTree } from "../helpers/temp.ts";

const PANEL = `[row(undefined, [textPanel({ title: "a", content: "a" })])]`;

function serviceModule(body: string): string {
  return `import { dashboard, defineService, row, textPanel } from "obsforge";
export default defineService({ ${body} });
`;
}

async function errorsOf(files: Record<string, string>): Promise<string[]> {
  const dir = await tempTree(files);
  const result = await compileProject({ definitions: dir, cwd: dir });
  return result.ok ? [] : result.diagnostics.map(formatProblem);
}

describe("output paths derived from user names are portable to macOS and Windows", () => {
  test("dashboard uids that differ only in case are a build error naming both", async () => {
    const errors = await errorsOf({
      "a.ts": serviceModule(
        `name: "a", team: "web", dashboards: { custom: [dashboard({ title: "T", uid: "API-overview", rows: ${PANEL} })] }`,
      ),
      "b.ts": serviceModule(
        `name: "b", team: "web", dashboards: { custom: [dashboard({ title: "T", uid: "api-overview", rows: ${PANEL} })] }`,
      ),
    });
    expect(errors).toEqual([
      'b.ts:2:109: dashboards.custom[0].uid: expected a dashboard uid unique in the estate ignoring case, got "api-overview" for dashboard "T" of b (dashboard "T" of a in a.ts has "API-overview": one file on macOS and Windows); set a different uid or title',
    ]);
  });

  test.for([
    [
      `name: "con", team: "web"`,
      'con.ts:2:39: name: expected a name that makes a portable file name, got out/prometheus/con.rules.yml: "CON" is a reserved device name on Windows',
    ],
    [
      `name: "com1", team: "web"`,
      'com1.ts:2:39: name: expected a name that makes a portable file name, got out/prometheus/com1.rules.yml: "COM1" is a reserved device name on Windows',
    ],
    [
      `name: "shop", team: "web", dashboards: { custom: [dashboard({ title: "T", uid: "nul", rows: ${PANEL} })] }`,
      'shop.ts:2:112: dashboards.custom[0].uid: expected a name that makes a portable file name, got out/grafana/dashboards/web/nul.json: "NUL" is a reserved device name on Windows',
    ],
    [
      `name: "shop", team: "web", dashboards: { folder: "aux", custom: [dashboard({ title: "T", rows: ${PANEL} })] }`,
      'shop.ts:2:82: dashboards.folder: expected a name that makes a portable file name, got out/grafana/dashboards/aux/shop-t.json: "AUX" is a reserved device name on Windows',
    ],
    [
      `name: "shop", team: "Prn", dashboards: { custom: [dashboard({ title: "T", rows: ${PANEL} })] }`,
      'shop.ts:2:53: team: expected a name that makes a portable file name, got out/grafana/dashboards/prn/shop-t.json: "PRN" is a reserved device name on Windows',
    ],
    [
      `name: "shop", team: "web", dashboards: { custom: [dashboard({ title: "T", folder: "lpt9", rows: ${PANEL} })] }`,
      'shop.ts:2:115: dashboards.custom[0].folder: expected a name that makes a portable file name, got out/grafana/dashboards/lpt9/shop-t.json: "LPT9" is a reserved device name on Windows',
    ],
  ] as const)("%s is refused at its field, once", async ([body, expected]) => {
    const name = /name: "([^"]+)"/.exec(body)![1];
    expect(await errorsOf({ [`${name}.ts`]: serviceModule(body) })).toEqual([expected]);
  });

  test("a refused build leaves out/ as it was (nothing written)", async () => {
    const dir = await tempTree({ "con.ts": serviceModule(`name: "con", team: "web"`) });
    const built = await buildProject({ definitions: dir, out: join(dir, "out"), cwd: dir });
    expect(built.ok).toBe(false);
    expect((await readdir(dir)).sort()).toEqual(["con.ts"]);
  });

  test.for([
    ["CON", '"CON" is a reserved device name on Windows'],
    ["nul.json", '"NUL" is a reserved device name on Windows'],
    ["Com1.rules.yml", '"COM1" is a reserved device name on Windows'],
    ["lpt\u00b9", '"LPT\u00b9" is a reserved device name on Windows'],
    ["conin$", '"CONIN$" is a reserved device name on Windows'],
    ["a.", "Windows drops a trailing dot or space from file names"],
    ["a ", "Windows drops a trailing dot or space from file names"],
    ...[...'<>:"|?*\\'].map((c) => [
      `a${c}b`,
      `${JSON.stringify(c)} is not allowed in Windows file names`,
    ]),
    ["a\u0001b", '"\\u0001" is not allowed in Windows file names'],
    ["..", "an empty or relative name"],
    ["x".repeat(256), "longer than 255 bytes"],
    // Counted in UTF-8 bytes, not characters: 86 × 3 bytes, 128 × 2 bytes.
    ["\u20ac".repeat(86), "longer than 255 bytes"],
    ["\u00e9".repeat(128), "longer than 255 bytes"],
  ])("portableNameProblem(%j)", ([name, problem]) => {
    expect(portableNameProblem(name!)).toBe(problem);
  });

  test.for([
    ["console"],
    ["conx.json"],
    ["com10"],
    ["nullable"],
    ["api-overview"],
    ["a.b.json"],
    ["\u20ac".repeat(85)],
    ["x".repeat(255)],
  ])("%j is portable", ([name]) => {
    expect(portableNameProblem(name!)).toBeUndefined();
  });

  test("every artifact path derived from a user name is in the list the check reads", async () => {
    // The example estate: if a compiler derives a path the check does not know, this fails.
    const { DEFINITIONS, PROJECT_ROOT } = await import("../helpers/paths.ts");
    const compiled = await compileProject({ definitions: DEFINITIONS, cwd: PROJECT_ROOT });
    expect(compiled.ok).toBe(true);
    if (!compiled.ok) return;
    const known = new Set(derivedOutputPaths(compiled.value.estate).map((p) => p.path));
    // alertmanager/ holds fixed names only (src/targets/shared/artifact-paths.ts).
    const fixed = /^(manifest\.json|schema\/|grafana\/provisioning\/|alertmanager\/)/;
    const derived = compiled.value.artifacts.map((a) => a.path).filter((p) => !fixed.test(p));
    expect(derived.length).toBeGreaterThan(5);
    expect(derived.filter((p) => !known.has(p))).toEqual([]);
  });
});

/**
 * Grafana's reading of a provisioning value (pkg/services/provisioning/values,
 * interpolateValue): split on `$$`, expand `$NAME` / `${NAME}` in each part,
 * join with `$`. Grafana is not packaged for Debian, so this stands in for it.
 */
function grafanaInterpolate(value: string, env: Record<string, string>): string {
  return value
    .split("$$")
    .map((part) =>
      part.replace(/\$\{(\w+)\}|\$(\w+)/g, (_m, braced, bare) => env[braced ?? bare] ?? ""),
    )
    .join("$");
}

describe("provisioning files keep a `$` from a definition literal", () => {
  test("a trace id field holding `$` gives a derived field whose regex Grafana reads unchanged", async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a field name that looks like an env reference
    const fields = ["trace$id", "${HOME}_id"];
    const files: Record<string, string> = {};
    fields.forEach((field, i) => {
      files[`s${i}.ts`] = serviceModule(
        `name: "s${i}", team: "web", logs: { selector: '{service_name="s${i}"}', format: "logfmt", fields: { traceId: ${JSON.stringify(field)} } }`,
      );
    });
    const dir = await tempTree(files);
    const compiled = await compileProject({ definitions: dir, cwd: dir });
    expect(compiled.ok).toBe(true);
    if (!compiled.ok) return;
    const artifact = compiled.value.artifacts.find(
      (a) => a.path === "grafana/provisioning/datasources.yml",
    )!;
    const doc = load(artifact.content) as {
      datasources: { type: string; jsonData: { derivedFields?: Record<string, string>[] } }[];
    };
    const derived = doc.datasources.find((d) => d.type === "loki")!.jsonData.derivedFields!;
    const env = { id: "EXPANDED", HOME: "/root" };
    const read = derived.map((d) => ({
      name: grafanaInterpolate(d.name!, env),
      matcherRegex: grafanaInterpolate(d.matcherRegex!, env),
      url: grafanaInterpolate(d.url!, env),
    }));
    const byField = [...fields].sort();
    expect(read.map((d) => d.matcherRegex)).toEqual(byField.map((f) => traceIdRegex(f)));
    expect(read.map((d) => d.name)).toEqual(byField.map((f) => `TraceID (${f})`));
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's own variable
    expect(read.every((d) => d.url === "${__value.raw}")).toBe(true);
    const regex = new RegExp(read.find((d) => d.name.includes("trace$id"))!.matcherRegex);
    expect(regex.exec("level=info trace$id=4bf92f35 msg=ok")?.[1]).toBe("4bf92f35");
  });
});

describe("strings inside dashboard builders are valid Unicode", () => {
  test("a lone surrogate in a custom panel title is an error at the built field", async () => {
    const errors = await errorsOf({
      "shop.ts": serviceModule(
        `name: "shop", team: "web", dashboards: { custom: [dashboard({ title: "T", rows: [row(undefined, [textPanel({ title: "a\\ud800", content: "a" })])] })] }`,
      ),
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^shop\.ts:2:149: dashboards\.custom\[0\]\.rows\[0\]\.panels\[0\]\.title: expected text in valid Unicode, got a lone UTF-16 surrogate U\+D800 at character 2/,
    );
  });
});
