import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadedModules } from "../helpers/loaded-modules.ts";
import { BIN, DEFINITIONS, PROJECT_ROOT } from "../helpers/paths.ts";
import { copyTree, tempDir } from "../helpers/temp.ts";

// Start-up is held to what is loaded, not to a time (times live in bench/).
describe("nothing is imported before a command needs it", () => {
  test.for(["--version", "--help", "build --help", "lint-metrics --help"])(
    "obsforge %s loads the CLI's entry, commander and nothing else",
    async (line) => {
      const r = await loadedModules([BIN, ...line.split(" ")], PROJECT_ROOT);
      expect(r.status).toBe(0);
      expect(r.stdout).not.toBe("");
      expect(r.own).toEqual(["dist/cli/bin.js", "dist/cli/io.js", "dist/cli/main.js"]);
      expect(r.packages).toEqual(["commander"]);
    },
  );

  test("a build with every module in the transpile cache loads no transform; the first one does", async () => {
    const dir = await tempDir();
    await copyTree(DEFINITIONS, join(dir, "definitions"));
    const env = { XDG_CACHE_HOME: join(dir, "cache") };
    const cold = await loadedModules([BIN, "build"], dir, env);
    expect(cold.stderr).toBe("");
    expect(cold.packages).toEqual(expect.arrayContaining(["oxc-transform", "@babel/parser"]));

    // Without the module cache, every module runs again, from the transpile cache.
    const warm = await loadedModules([BIN, "check"], dir, { ...env, OBSFORGE_INCREMENTAL: "off" });
    expect(warm.stderr).toBe("");
    expect(warm.status).toBe(0);
    expect(warm.packages).toContain("jiti");
    expect(warm.packages).not.toContain("oxc-transform");
    expect(warm.packages).not.toContain("@babel/parser");
    // The build runs the LogQL checks (for its warnings) and loads no other check.
    expect(
      warm.own.filter((f) => f.startsWith("dist/lint/checks/") && !/\/logql[-/]/.test(f)),
    ).toEqual([]);
    expect(warm.own).toContain("dist/lint/checks/logql-index.js");
    // jiti's own Babel transform is in the jiti package: its bundle is not loaded either.
    expect(warm.files).not.toContain("node_modules/jiti/dist/babel.cjs");
    expect(cold.files).not.toContain("node_modules/jiti/dist/babel.cjs");
  });

  test("a check of an estate the cache has seen loads no model, no target, no SDK, no zod", async () => {
    const dir = await tempDir();
    await copyTree(DEFINITIONS, join(dir, "definitions"));
    const env = { XDG_CACHE_HOME: join(dir, "cache") };
    expect((await loadedModules([BIN, "build"], dir, env)).status).toBe(0);
    const check = await loadedModules([BIN, "check"], dir, env);
    expect([check.status, check.stdout, check.stderr]).toEqual([0, "out/ is fresh\n", ""]);
    // js-yaml comes with the manifest's serialiser; nothing else outside the CLI.
    expect(check.packages).toEqual(["commander", "js-yaml"]);
    const heavy =
      /^dist\/(model|targets|estate|promql|logql|lint|slo)\/|^dist\/(authoring|index|api)\.js$/;
    expect(check.own.filter((f) => heavy.test(f))).toEqual([]);
    expect(check.own).toContain("dist/pipeline/cached-build.js");
    expect(check.own).not.toContain("dist/pipeline/project.js");
    // A build with nothing to do takes the same road.
    const build = await loadedModules([BIN, "build"], dir, env);
    expect(build.status).toBe(0);
    expect(build.packages).toEqual(["commander", "js-yaml"]);
    expect(build.own).not.toContain("dist/pipeline/project.js");
  });

  test("a rebuild after an edit of a service's rules loads no Grafana SDK: its dashboards come from the cache", async () => {
    const dir = await tempDir();
    await mkdir(join(dir, "definitions"));
    const module = join(dir, "definitions/shop.ts");
    await writeFile(
      module,
      `import { alert, availabilitySli, defineService, slo } from "obsforge";
export default defineService({
  name: "shop",
  team: "web",
  groups: [{ name: "shop-rules", rules: [alert({
    name: "ShopDown", expr: 'up{job="shop"} < 1', for: "5m", severity: "page",
    annotations: { summary: "Shop is down", runbookUrl: "https://runbooks.example.com/shop" },
  })] }],
  slos: [slo({
    name: "availability", objective: 99.9, period: "30d",
    sli: availabilitySli({ metric: "up", matchers: { job: "shop" } }),
    alerting: { page: { severity: "page" }, ticket: { severity: "ticket" } },
  })],
});
`,
    );
    const env = { XDG_CACHE_HOME: join(dir, "cache") };
    const first = await loadedModules([BIN, "build"], dir, env);
    expect(first.status).toBe(0);
    expect(first.packages).toContain("@grafana/grafana-foundation-sdk");
    await writeFile(
      module,
      (await readFile(module, "utf8")).replace("Shop is down", "The shop is down"),
    );
    const edited = await loadedModules([BIN, "build"], dir, env);
    expect([edited.status, edited.stderr]).toEqual([0, ""]);
    expect(edited.own).toContain("dist/pipeline/project.js");
    expect(edited.packages).not.toContain("@grafana/grafana-foundation-sdk");
    expect(await readFile(join(dir, "out/prometheus/shop.rules.yml"), "utf8")).toContain(
      "The shop is down",
    );
  });
});
