import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Json } from "../../src/import/dashboard/code.ts";
import { convertDashboard } from "../../src/import/dashboard/convert.ts";
import { obsforgeInProcess } from "../helpers/in-process-cli.ts";
import { PROJECT_ROOT, SHARED } from "../helpers/paths.ts";
import { tempDir } from "../helpers/temp.ts";
import { errorsText, validateDashboard } from "../helpers/grafana-schemas.ts";
import { typecheckModules } from "../helpers/typecheck.ts";
import { dashboardDifferences } from "./dashboard-equality.ts";
import { expectGoldenFile } from "../helpers/golden.ts";

/**
 * Every dashboard of ../shared/corpora/dashboards (written by others:
 * monitoring mixins, Pyrra, grafana.com's Node Exporter Full) imports with
 * `obsforge import`, typechecks against obsforge's published types and the
 * SDK's, builds with `obsforge build`, and the dashboard the build writes
 * equals the input up to defaults (dashboard-equality.ts says exactly what
 * that allows).
 */

const CORPUS = join(SHARED, "corpora/dashboards");
/** Files per corpus folder, counted by hand from SOURCES.md. */
const FOLDERS: Record<string, number> = {
  "etcd-mixin": 1,
  "kubernetes-mixin": 4,
  "loki-mixin": 2,
  "node-mixin": 2,
  "prometheus-mixin": 1,
  pyrra: 1,
  rfmoz: 1,
  "thanos-mixin": 1,
};

let dir: string;
let importStderr: string;

async function jsonFiles(folder: string): Promise<string[]> {
  return (await readdir(join(CORPUS, folder))).filter((f) => f.endsWith(".json")).sort();
}

beforeAll(async () => {
  // Shared by the tests below (tempDir() folders go after each test).
  dir = await mkdtemp(join(tmpdir(), "obsforge-dashboards-"));
  const files = (
    await Promise.all(
      Object.keys(FOLDERS).map(async (f) => (await jsonFiles(f)).map((n) => join(CORPUS, f, n))),
    )
  ).flat();
  const imported = await obsforgeInProcess(["import", ...files, "--out", "definitions"], dir);
  expect(imported.code, imported.stderr).toBe(0);
  importStderr = imported.stderr;
  const built = await obsforgeInProcess(["build"], dir);
  expect(built.code, built.stderr).toBe(0);
}, 300_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

describe("the generated modules", () => {
  test("typecheck against obsforge's published types and the foundation SDK's", async () => {
    const tsc = await typecheckModules(dir, ["definitions/*.ts"], {
      "@grafana/grafana-foundation-sdk/*": [
        resolve(PROJECT_ROOT, "node_modules/@grafana/grafana-foundation-sdk/dist/*/index.d.ts"),
      ],
    });
    expect(tsc.output).toBe("");
    expect(tsc.status).toBe(0);
  }, 300_000);

  test("report what they leave out, one line per field with its line and column", () => {
    const lines = importStderr.split("\n").filter((l) => l !== "");
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).toMatch(/^(warning|info): \S+\.json:\d+:\d+: \S+: expected /);
    }
  });
});

describe.each(Object.entries(FOLDERS))("corpus %s", (folder, count) => {
  test(`its ${count} dashboard(s) build to what they were, up to defaults`, async () => {
    const names = await jsonFiles(folder);
    expect(names).toHaveLength(count);
    for (const name of names) {
      const input = JSON.parse(await readFile(join(CORPUS, folder, name), "utf8")) as Record<
        string,
        Json
      >;
      const output = JSON.parse(
        await readFile(
          join(dir, "out/grafana/dashboards/imported", `${input.uid as string}.json`),
          "utf8",
        ),
      ) as Record<string, unknown>;
      const reported = convertDashboard(input, name).notes.map((n) => n.path);
      expect(dashboardDifferences(input, output, reported), name).toEqual([]);
      // Fields left out are reported by path, and nothing is reported that the output has.
      expect(
        reported.every((p) => p.length > 0),
        name,
      ).toBe(true);
    }
  });
});

describe("the built dashboards", () => {
  test("are valid against the foundation SDK's dashboard schema wherever their input is", async () => {
    for (const [folder] of Object.entries(FOLDERS)) {
      for (const name of await jsonFiles(folder)) {
        const input = JSON.parse(await readFile(join(CORPUS, folder, name), "utf8")) as {
          uid: string;
        };
        const output = JSON.parse(
          await readFile(join(dir, "out/grafana/dashboards/imported", `${input.uid}.json`), "utf8"),
        );
        if (validateDashboard(output)) continue;
        const outErrors = errorsText(validateDashboard);
        expect(
          validateDashboard(input),
          `${name}: output invalid (${outErrors}), input valid`,
        ).toBe(false);
      }
    }
  });
});

describe("input that is not a dashboard", () => {
  test.each([
    [
      "malformed JSON",
      '{ "panels": [',
      /^broken\.json:1:14: expected Grafana dashboard JSON, got invalid JSON: [^(]+$/,
    ],
    [
      "a JSON document that is not a dashboard",
      '{ "title": "no panels" }',
      /^broken\.json: expected a Grafana dashboard \(an object with `panels` or legacy `rows`\), got another JSON document$/,
    ],
    ["a JSON array", "[1, 2]", /^broken\.json: expected a Grafana dashboard/],
  ])("%s: one line naming the file, exit 1, nothing written", async (_what, text, line) => {
    const cwd = await tempDir();
    await writeFile(join(cwd, "broken.json"), text);
    await mkdir(join(cwd, "keep"));
    await writeFile(
      join(cwd, "ok.json"),
      JSON.stringify({ title: "Fine", uid: "fine", panels: [] }),
    );
    const r = await obsforgeInProcess(["import", "ok.json", "broken.json", "--out", "keep"], cwd);
    expect(r.code).toBe(1);
    const lines = r.stderr.split("\n").filter((l) => l !== "");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(line);
    expect(r.stdout).toBe("");
    // The good file was not written either: an import writes all or nothing.
    expect(await readdir(join(cwd, "keep"))).toEqual([]);
  });
});

/**
 * The generated TS of three imports, read by eye: a classic grid layout with
 * Prometheus queries (etcd-mixin), a logs dashboard with Loki queries
 * (loki-mixin), and a legacy `rows` dashboard of graph panels (thanos-mixin),
 * with what each import reported. UPDATE_GOLDEN=1 rewrites them.
 */
describe("golden imports", () => {
  const GOLDEN = join(PROJECT_ROOT, "test/import/golden");
  test.each([
    ["etcd-mixin/etcd.json", "etcd"],
    ["loki-mixin/loki-logs.json", "loki-logs"],
    ["thanos-mixin/query.json", "query"],
  ])("%s", async (input, name) => {
    const cwd = await tempDir();
    await mkdir(join(cwd, "in"));
    await writeFile(join(cwd, "in", `${name}.json`), await readFile(join(CORPUS, input)));
    const r = await obsforgeInProcess(["import", `in/${name}.json`, "--out", "ts"], cwd);
    expect(r.code).toBe(0);
    const actual = {
      ts: await readFile(join(cwd, "ts", `${name}.ts`), "utf8"),
      notes: r.stderr,
    };
    const files = { ts: join(GOLDEN, `${name}.ts.txt`), notes: join(GOLDEN, `${name}.notes.txt`) };
    await expectGoldenFile(files.ts, actual.ts);
    await expectGoldenFile(files.notes, actual.notes);
  });
});

describe("strings from the dashboard are data in the TS, never code", () => {
  test("quotes, template syntax, line separators and __proto__ keys come back byte for byte", async () => {
    const nasty = [
      '"); process.exit(7); ("',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: template syntax as data is the point
      "`${process.exit(3)}`",
      "*/ process.exit(4) /*",
      "line\u2028separator\u2029and\nnewline \\ backslash",
      "\u202Ebidi override",
    ];
    const input = {
      title: nasty[0],
      uid: "nasty",
      description: nasty.join(" | "),
      tags: nasty,
      schemaVersion: 42,
      panels: [
        {
          type: nasty[1],
          id: 1,
          title: nasty[2],
          gridPos: { h: 8, w: 12, x: 0, y: 0 },
          datasource: { type: "prometheus", uid: nasty[3] },
          options: JSON.parse('{"__proto__": {"polluted": true}, "constructor": "x"}'),
          targets: [{ refId: "A", expr: nasty[4] }],
        },
      ],
    };
    const cwd = await tempDir();
    await writeFile(join(cwd, "nasty.json"), JSON.stringify(input));
    const imported = await obsforgeInProcess(["import", "nasty.json"], cwd);
    expect(imported.code, imported.stderr).toBe(0);
    const built = await obsforgeInProcess(["build"], cwd);
    expect(built.code, built.stderr).toBe(0);
    const output = JSON.parse(
      await readFile(join(cwd, "out/grafana/dashboards/imported/nasty.json"), "utf8"),
    );
    expect(dashboardDifferences(input as unknown as Record<string, Json>, output, [])).toEqual([]);
    expect(Object.hasOwn(output.panels[0].options, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Each string is one JSON-style literal in the module, not spliced into code.
    const ts = await readFile(join(cwd, "definitions/nasty.ts"), "utf8");
    expect(ts).not.toContain('process.exit(7); ("');
    expect(ts).not.toMatch(/[\u2028\u2029\u202E]/);
  });
});
