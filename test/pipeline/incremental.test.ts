import {
  chmod,
  mkdir,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  symlink,
  truncate,
  utimes,
  writeFile,
} from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import type { CacheOptions, CacheStats } from "../../src/pipeline/incremental.ts";
import { buildProject, checkProject } from "../../src/pipeline/project.ts";
import { obsforgeInProcess } from "../helpers/in-process-cli.ts";
import { snapshotTree, tempDir } from "../helpers/temp.ts";

/** A service with rules, an SLO (so tests and dashboards too), whose alert threshold comes from `threshold`. */
function service(name: string, threshold: string, imports = "", objective = 99.9): string {
  return `import { alert, availabilitySli, defineService, slo } from "obsforge";
${imports}
export default defineService({
  name: "${name}",
  team: "team-${name}",
  groups: [{ name: "${name}-rules", rules: [alert({
    name: "${name.replace(/-/g, "")}Down",
    expr: \`up{job="${name}"} < \${${threshold}}\`,
    for: "5m",
    severity: "page",
    annotations: { summary: "${name} is down", runbookUrl: "https://runbooks.example.com/${name}" },
  })] }],
  slos: [slo({
    name: "availability",
    objective: ${objective},
    period: "30d",
    sli: availabilitySli({ metric: "up", matchers: { job: "${name}" } }),
    alerting: { page: { severity: "page" }, ticket: { severity: "ticket" } },
  })],
});
`;
}

const LIB = 'export const THRESHOLD = "1";\n';
const LIB_IMPORT = 'import { THRESHOLD } from "./lib/common.ts";';

/** a and b import lib/common.ts; c does not. */
async function estate(): Promise<{ dir: string; cache: string }> {
  const dir = await tempDir();
  const defs = join(dir, "definitions");
  await mkdir(join(defs, "lib"), { recursive: true });
  await writeFile(join(defs, "lib/common.ts"), LIB);
  await writeFile(join(defs, "a.ts"), service("a", "THRESHOLD", LIB_IMPORT));
  await writeFile(join(defs, "b.ts"), service("b", "THRESHOLD", LIB_IMPORT));
  await writeFile(join(defs, "c.ts"), service("c", '"3"'));
  return { dir, cache: join(dir, "cache") };
}

/** Build with the cache in `cache`; what the cache did, sorted. */
async function build(
  dir: string,
  cache: false | CacheOptions,
  out = "out",
): Promise<Pick<CacheStats, "hits" | "stored" | "refused" | "compiled"> | undefined> {
  let stats: CacheStats | undefined;
  const r = await buildProject({
    cwd: dir,
    out,
    cache,
    onCache: (s) => {
      stats = s;
    },
  });
  expect(r.ok ? [] : r.diagnostics.map((d) => d.message)).toEqual([]);
  if (stats === undefined) return undefined;
  return {
    hits: [...stats.hits].sort(),
    stored: [...stats.stored].sort(),
    refused: stats.refused,
    compiled: [...stats.compiled].sort(),
  };
}

const none = { refused: [] };

describe("incremental builds", () => {
  test("an unchanged estate is served from the cache: nothing loaded, validated or compiled", async () => {
    const { dir, cache } = await estate();
    expect(await build(dir, { dir: cache })).toEqual({
      hits: [],
      stored: ["a.ts", "b.ts", "c.ts"],
      compiled: ["a.ts", "b.ts", "c.ts"],
      ...none,
    });
    const first = await snapshotTree(join(dir, "out"));
    expect(await build(dir, { dir: cache })).toEqual({
      hits: ["a.ts", "b.ts", "c.ts"],
      stored: [],
      compiled: [],
      ...none,
    });
    expect(await snapshotTree(join(dir, "out"))).toEqual(first);
  });

  test("editing a shared helper rebuilds exactly the modules that import it", async () => {
    const { dir, cache } = await estate();
    await build(dir, { dir: cache });
    await writeFile(join(dir, "definitions/lib/common.ts"), 'export const THRESHOLD = "7";\n');
    expect(await build(dir, { dir: cache })).toEqual({
      hits: ["c.ts"],
      stored: ["a.ts", "b.ts"],
      compiled: ["a.ts", "b.ts"],
      ...none,
    });
    // The dependants really were rebuilt: their rules carry the helper's new value.
    for (const name of ["a", "b"]) {
      const rules = await readFile(join(dir, `out/prometheus/${name}.rules.yml`), "utf8");
      expect(rules).toContain(`up{job="${name}"} < 7`);
    }
    expect(await readFile(join(dir, "out/prometheus/c.rules.yml"), "utf8")).toContain(
      'up{job="c"} < 3',
    );
  });

  test("after a failed build (which writes no record, so keeps no import analyses), the next one still sees a helper's new import", async () => {
    const { dir, cache } = await estate();
    const defs = join(dir, "definitions");
    await build(dir, { dir: cache });
    // The helper now takes its value from a new file, and c is broken: the build fails.
    await writeFile(join(defs, "lib/deep.ts"), 'export const DEEP = "9";\n');
    await writeFile(
      join(defs, "lib/common.ts"),
      'import { DEEP } from "./deep.ts";\nexport const THRESHOLD = DEEP;\n',
    );
    await writeFile(
      join(defs, "c.ts"),
      service("c", '"3"').replace('period: "30d"', 'period: "30x"'),
    );
    const failed = await buildProject({ cwd: dir, cache: { dir: cache } });
    expect(failed.ok).toBe(false);
    await writeFile(join(defs, "c.ts"), service("c", '"3"'));
    expect(await build(dir, { dir: cache })).toEqual({
      hits: ["c.ts"],
      stored: ["a.ts", "b.ts"],
      compiled: ["a.ts", "b.ts"],
      ...none,
    });
    // The closure of a and b holds deep.ts: editing it rebuilds them.
    await writeFile(join(defs, "lib/deep.ts"), 'export const DEEP = "8";\n');
    expect((await build(dir, { dir: cache }))?.stored).toEqual(["a.ts", "b.ts"]);
    expect(await readFile(join(dir, "out/prometheus/a.rules.yml"), "utf8")).toContain(
      'up{job="a"} < 8',
    );
  });

  test("a module changed and changed back (a branch switched back) is served from the cache again", async () => {
    const { dir, cache } = await estate();
    const file = join(dir, "definitions/c.ts");
    const original = await readFile(file, "utf8");
    await build(dir, { dir: cache });
    const first = await snapshotTree(join(dir, "out"));
    await writeFile(file, service("c", '"4"'));
    expect((await build(dir, { dir: cache }))?.stored).toEqual(["c.ts"]);
    // The record now describes the edit; the first version's service and files are still kept.
    await writeFile(file, original);
    expect(await build(dir, { dir: cache })).toEqual({
      hits: ["a.ts", "b.ts", "c.ts"],
      stored: [],
      compiled: [],
      ...none,
    });
    expect(await snapshotTree(join(dir, "out"))).toEqual(first);
  });

  test("a helper imported through another helper is in the closure too", async () => {
    const { dir, cache } = await estate();
    const defs = join(dir, "definitions");
    await writeFile(join(defs, "lib/deep.ts"), 'export const DEEP = "1";\n');
    await writeFile(
      join(defs, "lib/common.ts"),
      'export { DEEP as THRESHOLD } from "./deep.ts";\n',
    );
    await build(dir, { dir: cache });
    await writeFile(join(defs, "lib/deep.ts"), 'export const DEEP = "5";\n');
    expect((await build(dir, { dir: cache }))?.stored).toEqual(["a.ts", "b.ts"]);
    const rules = await readFile(join(dir, "out/prometheus/a.rules.yml"), "utf8");
    expect(rules).toContain('up{job="a"} < 5');
  });

  test("editing a module rebuilds that module only", async () => {
    const { dir, cache } = await estate();
    await build(dir, { dir: cache });
    await writeFile(join(dir, "definitions/c.ts"), service("c", '"4"'));
    expect(await build(dir, { dir: cache })).toEqual({
      hits: ["a.ts", "b.ts"],
      stored: ["c.ts"],
      compiled: ["c.ts"],
      ...none,
    });
    expect(await readFile(join(dir, "out/prometheus/c.rules.yml"), "utf8")).toContain(
      'up{job="c"} < 4',
    );
  });

  test("an edit of a service's rules rebuilds its rule files, not its dashboards; an SLO edit rebuilds both", async () => {
    const { dir, cache } = await estate();
    const built = async (): Promise<Pick<CacheStats, "compiled" | "dashboards">> => {
      let stats: CacheStats | undefined;
      const r = await buildProject({
        cwd: dir,
        cache: { dir: cache },
        onCache: (s) => (stats = s),
      });
      expect(r.ok).toBe(true);
      return { compiled: stats!.compiled, dashboards: stats!.dashboards };
    };
    expect(await built()).toEqual({
      compiled: ["a.ts", "b.ts", "c.ts"],
      dashboards: ["a.ts", "b.ts", "c.ts"],
    });
    const dashboards = async () => {
      const tree = await snapshotTree(join(dir, "out"));
      return Object.entries(tree).filter(([path]) => path.startsWith("grafana/dashboards/"));
    };
    const before = await dashboards();
    expect(before.length).toBe(3);
    await writeFile(join(dir, "definitions/c.ts"), service("c", '"4"'));
    expect(await built()).toEqual({ compiled: ["c.ts"], dashboards: [] });
    expect(await readFile(join(dir, "out/prometheus/c.rules.yml"), "utf8")).toContain(
      'up{job="c"} < 4',
    );
    expect(await dashboards()).toEqual(before);
    // The SLO is what the dashboard shows: it is built again, with the new objective.
    await writeFile(join(dir, "definitions/c.ts"), service("c", '"4"', "", 99.5));
    expect(await built()).toEqual({ compiled: ["c.ts"], dashboards: ["c.ts"] });
    const after = await dashboards();
    expect(after.filter(([path]) => path.includes("/c-"))).not.toEqual(
      before.filter(([path]) => path.includes("/c-")),
    );
    expect(after.find(([path]) => path.includes("/c-"))![1]).toContain("99.5%");
    // Back to the first objective: an estate the cache has seen, nothing is built.
    await writeFile(join(dir, "definitions/c.ts"), service("c", '"4"'));
    expect(await built()).toEqual({ compiled: [], dashboards: [] });
    expect(await dashboards()).toEqual(before);
    // And all of it is what a build without the cache writes.
    expect(await build(dir, false, "out-uncached")).toBeUndefined();
    expect(await snapshotTree(join(dir, "out-uncached"))).toEqual(
      await snapshotTree(join(dir, "out")),
    );
  });

  test("the editors' schema is compiled once per obsforge, then taken from the cache", async () => {
    const { dir, cache } = await estate();
    const shared = async (options: CacheOptions = { dir: cache }) => {
      let stats: CacheStats | undefined;
      const r = await buildProject({ cwd: dir, cache: options, onCache: (s) => (stats = s) });
      expect(r.ok).toBe(true);
      return stats!.shared;
    };
    expect(await shared()).toEqual(["schema"]);
    const schema = await readFile(join(dir, "out/schema/service.schema.json"), "utf8");
    await writeFile(join(dir, "definitions/c.ts"), service("c", '"4"'));
    await rm(join(dir, "out/schema/service.schema.json"));
    expect(await shared()).toEqual([]);
    expect(await readFile(join(dir, "out/schema/service.schema.json"), "utf8")).toBe(schema);
    expect(await shared({ dir: cache, version: "99.0.0" })).toEqual(["schema"]);
  });

  test("deleting a module removes its artifacts and rebuilds nothing else", async () => {
    const { dir, cache } = await estate();
    await build(dir, { dir: cache });
    await rm(join(dir, "definitions/b.ts"));
    expect(await build(dir, { dir: cache })).toEqual({
      hits: ["a.ts", "c.ts"],
      stored: [],
      compiled: [],
      ...none,
    });
    const files = Object.keys(await snapshotTree(join(dir, "out")));
    expect(files.filter((f) => /\bb[.-]/.test(f))).toEqual([]);
    const manifest = await readFile(join(dir, "out/manifest.json"), "utf8");
    expect(manifest).not.toContain('"b.ts"');
  });

  test("adding a module builds that module only", async () => {
    const { dir, cache } = await estate();
    await build(dir, { dir: cache });
    await writeFile(join(dir, "definitions/d.ts"), service("d", "THRESHOLD", LIB_IMPORT));
    expect(await build(dir, { dir: cache })).toEqual({
      hits: ["a.ts", "b.ts", "c.ts"],
      stored: ["d.ts"],
      compiled: ["d.ts"],
      ...none,
    });
    expect(await readFile(join(dir, "out/prometheus/d.rules.yml"), "utf8")).toContain(
      'up{job="d"} < 1',
    );
  });

  test.for([
    ["another obsforge version", { version: "99.0.0" }],
    ["another transform salt", { transformSalt: "another-transform" }],
  ] as const)("%s invalidates every entry", async ([, change]) => {
    const { dir, cache } = await estate();
    await build(dir, { dir: cache });
    const all = ["a.ts", "b.ts", "c.ts"];
    expect(await build(dir, { dir: cache, ...change })).toEqual({
      hits: [],
      stored: all,
      compiled: all,
      ...none,
    });
    // …and the entries of the first version are still there for it.
    expect((await build(dir, { dir: cache }))?.hits).toEqual(all);
  });

  test("obsforge.config.json invalidates nothing: the checks it sets levels for run on every build", async () => {
    const dir = await tempDir();
    const cache = join(dir, "cache");
    await mkdir(join(dir, "definitions"));
    await writeFile(join(dir, "definitions/shop.ts"), SHOP);
    const run = async () => {
      let stats: CacheStats | undefined;
      const r = await buildProject({
        cwd: dir,
        cache: { dir: cache },
        onCache: (s) => (stats = s),
      });
      expect(r.ok).toBe(true);
      return { warnings: r.ok ? r.value.warnings.map((w) => w.code) : [], hits: stats?.hits };
    };
    expect(await run()).toEqual({ warnings: ["logql/range-under-interval"], hits: [] });
    await writeFile(
      join(dir, "obsforge.config.json"),
      JSON.stringify({ lint: { rules: { "logql/range-under-interval": "off" } } }),
    );
    expect(await run()).toEqual({ warnings: [], hits: ["shop.ts"] });
    await rm(join(dir, "obsforge.config.json"));
    expect(await run()).toEqual({ warnings: ["logql/range-under-interval"], hits: ["shop.ts"] });
  });

  test("cached and uncached builds write the same bytes, manifest included", async () => {
    const { dir, cache } = await estate();
    await build(dir, { dir: cache });
    // Warm the cache with a state, then move to another one, so the cached build mixes hits and misses.
    await writeFile(join(dir, "definitions/c.ts"), service("c", '"9"'));
    await writeFile(join(dir, "definitions/lib/common.ts"), 'export const THRESHOLD = "2";\n');
    const stats = await build(dir, { dir: cache });
    expect(stats?.hits).toEqual([]);
    expect(await build(dir, { dir: cache }, "out-again")).toMatchObject({
      hits: ["a.ts", "b.ts", "c.ts"],
    });
    expect(await build(dir, false, "out-uncached")).toBeUndefined();
    const uncached = await snapshotTree(join(dir, "out-uncached"));
    expect(Object.keys(uncached)).toContain("manifest.json");
    expect(Object.keys(uncached).length).toBeGreaterThan(8);
    expect(await snapshotTree(join(dir, "out"))).toEqual(uncached);
    expect(await snapshotTree(join(dir, "out-again"))).toEqual(uncached);
  });

  test("a file edited by hand in out/ is rewritten by a build served from the cache", async () => {
    const { dir, cache } = await estate();
    await build(dir, { dir: cache });
    const path = join(dir, "out/prometheus/a.rules.yml");
    const good = await readFile(path, "utf8");
    await writeFile(path, good.replace("< 1", "< 100"));
    expect((await build(dir, { dir: cache }))?.hits).toEqual(["a.ts", "b.ts", "c.ts"]);
    expect(await readFile(path, "utf8")).toBe(good);
  });
});

const SHOP = `import { defineService, logAlert } from "obsforge";
export default defineService({
  name: "shop",
  team: "web",
  logs: { selector: '{app="shop"}', format: "logfmt" },
  logGroups: [{ name: "shop-logs", rules: [logAlert({
    name: "ShopErrors",
    expr: 'sum(count_over_time({app="shop"} |= "error" | logfmt [30s])) > 0',
    severity: "ticket",
    annotations: { summary: "Errors", runbookUrl: "https://runbooks.example.com/shop" },
  })] }],
});
`;

describe("obsforge check uses the same cache", () => {
  test("fresh from the cache; an edit not yet built is stale, not masked by the cache", async () => {
    const { dir, cache } = await estate();
    await build(dir, { dir: cache });
    let stats: CacheStats | undefined;
    const fresh = await checkProject({
      cwd: dir,
      cache: { dir: cache },
      onCache: (s) => (stats = s),
    });
    expect(fresh.ok && fresh.value.stale).toEqual([]);
    expect(stats?.hits.sort()).toEqual(["a.ts", "b.ts", "c.ts"]);
    await writeFile(join(dir, "definitions/lib/common.ts"), 'export const THRESHOLD = "8";\n');
    const stale = await checkProject({
      cwd: dir,
      cache: { dir: cache },
      onCache: (s) => (stats = s),
    });
    expect(stale.ok && stale.value.stale).toEqual([
      "manifest.json",
      "prometheus/a.rules.yml",
      "prometheus/b.rules.yml",
    ]);
    expect(stats?.hits).toEqual(["c.ts"]);
  });
});

describe("modules whose result is not a function of their closure are never cached", () => {
  test.for([
    ["the clock", "const at = Date.now();", "it uses Date"],
    ["the environment", "const at = process.env.REGION;", "it uses process"],
    ["chance", "const at = Math.random();", "it uses Math.random or Math[…]"],
    [
      "chance, through an alias",
      "const m = Math; const at = m.random();",
      "it uses Math as a value",
    ],
    ["the disk", 'import { readFileSync as at } from "node:fs";', 'it uses an import of "node:fs"'],
    ["a package", 'import at from "left-pad";', 'it uses an import of "left-pad"'],
    ["a dynamic import", 'const at = import("./lib/common.ts");', "it uses a dynamic import()"],
    ["import.meta", "const at = import.meta.url;", "it uses import.meta"],
    ["require", 'const at = require("node:fs");', "it uses require"],
    ["an unknown global", "const at = fetch;", "it uses fetch"],
    ["a global not known to be pure", "const at = navigator;", "it uses the global navigator"],
    ["the locale", "const at = (1234.5).toLocaleString();", "it uses .toLocaleString"],
    ["a road to Function", "const at = (() => 1).constructor;", "it uses .constructor"],
    [
      "an import without its extension",
      'import { THRESHOLD as at } from "./lib/common";',
      'it uses an import of "./lib/common" without',
    ],
  ] as const)("%s", async ([, code, reason]) => {
    const { dir, cache } = await estate();
    await writeFile(join(dir, "definitions/c.ts"), `${code}\nvoid at;\n${service("c", '"3"')}`);
    const first = await buildProject({ cwd: dir, cache: { dir: cache }, onCache: () => {} });
    // Some of these do not even load; either way, the cache refuses them.
    let stats: CacheStats | undefined;
    await buildProject({ cwd: dir, cache: { dir: cache }, onCache: (s) => (stats = s) });
    if (first.ok) {
      expect(stats?.hits.sort()).toEqual(["a.ts", "b.ts"]);
      expect(stats?.stored).toEqual([]);
    }
    const refusal = (stats?.refused ?? []).find((r) => r.source === "c.ts");
    expect(refusal?.reason).toContain(reason);
  });

  test("a helper that reads the clock makes every module importing it uncached", async () => {
    const { dir, cache } = await estate();
    await writeFile(
      join(dir, "definitions/lib/common.ts"),
      "export const THRESHOLD = String(new Date(0).getUTCFullYear() - 1969);\n",
    );
    await build(dir, { dir: cache });
    const stats = await build(dir, { dir: cache });
    expect(stats?.hits).toEqual(["c.ts"]);
    expect(stats?.refused.map((r) => [r.source, r.file, r.reason])).toEqual([
      ["a.ts", "lib/common.ts", "it uses Date (line 1)"],
      ["b.ts", "lib/common.ts", "it uses Date (line 1)"],
    ]);
  });

  test("types, shadowed names and pure globals do not stop caching", async () => {
    const { dir, cache } = await estate();
    await writeFile(
      join(dir, "definitions/lib/common.ts"),
      `import type { ServiceInput } from "obsforge";
type Date = { at: number };
interface Window { x: Date }
const fetch = (xs: readonly string[]): string => [...new Set(xs)].map((x) => x.trim()).join("");
export const THRESHOLD: string = String(Math.max(1, JSON.parse("1"))) + fetch([""]);
export type Team = ServiceInput["team"];
`,
    );
    await build(dir, { dir: cache });
    const stats = await build(dir, { dir: cache });
    // `fetch` is refused even when declared: shadowing is per scope, the check per file.
    expect(stats?.refused.map((r) => r.reason)).toEqual([
      "it uses fetch (line 5)",
      "it uses fetch (line 5)",
    ]);
    await writeFile(
      join(dir, "definitions/lib/common.ts"),
      `import type { ServiceInput } from "obsforge";
type Date = { at: number };
interface Window { x: Date }
const dedupe = (xs: readonly string[]): string => [...new Set(xs)].map((x) => x.trim()).join("");
export const THRESHOLD: string = String(Math.max(1, JSON.parse("1"))) + dedupe([""]);
export type Team = ServiceInput["team"];
`,
    );
    await build(dir, { dir: cache });
    expect((await build(dir, { dir: cache }))?.hits).toEqual(["a.ts", "b.ts", "c.ts"]);
  });
});

describe("the cache folder", () => {
  const saved = process.env.XDG_CACHE_HOME;
  afterEach(() => {
    if (saved === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = saved;
  });

  test("is not used when others can write to it", async () => {
    const { dir, cache } = await estate();
    await build(dir, { dir: cache });
    await chmod(cache, 0o777);
    expect(await build(dir, { dir: cache })).toBeUndefined();
  });

  test("an entry others can write is not read", async () => {
    const { dir, cache } = await estate();
    await build(dir, { dir: cache });
    for (const name of await readdir(cache)) await chmod(join(cache, name), 0o666);
    expect((await build(dir, { dir: cache }))?.hits).toEqual([]);
  });

  test("lives in $XDG_CACHE_HOME/obsforge/incremental; --no-cache leaves it alone", async () => {
    const { dir } = await estate();
    process.env.XDG_CACHE_HOME = join(dir, "xdg");
    const off = await obsforgeInProcess(["build", "--no-cache"], dir);
    expect(off.code).toBe(0);
    await expect(readdir(join(dir, "xdg/obsforge"))).rejects.toThrow(/ENOENT/);
    const on = await obsforgeInProcess(["build"], dir);
    expect(on.code).toBe(0);
    const entries = await readdir(join(dir, "xdg/obsforge/incremental"));
    expect(entries.filter((n) => n.endsWith(".data")).length).toBeGreaterThan(3);
    const check = await obsforgeInProcess(["check", "--no-cache"], dir);
    expect(check.stdout).toBe("out/ is fresh\n");
  });
});

describe("cache entries of compiled artifacts", () => {
  async function bytesEntry(dir: string, cache: string, path: string): Promise<string> {
    const { bytesKey } = await import("../../src/pipeline/linked-entries.ts");
    const { sha256 } = await import("../../src/emit/manifest.ts");
    return join(cache, `${bytesKey(sha256(await readFile(join(dir, "out", path))))}.data`);
  }

  test("share the files of out/ (hard links) instead of copying their bytes", async () => {
    const { dir, cache } = await estate();
    await build(dir, { dir: cache });
    for (const path of ["prometheus/a.rules.yml", "tests/a.test.yml"]) {
      const entry = await stat(await bytesEntry(dir, cache, path));
      expect(entry.ino).toBe((await stat(join(dir, "out", path))).ino);
    }
  });

  test("copy a file of out/ that others may write, so editing it in place changes no entry", async () => {
    const { dir, cache } = await estate();
    await build(dir, { dir: cache });
    const good = await snapshotTree(join(dir, "out"));
    const path = join(dir, "out/prometheus/a.rules.yml");
    await chmod(path, 0o664);
    await rm(cache, { recursive: true });
    await build(dir, { dir: cache });
    const entry = await bytesEntry(dir, cache, "prometheus/a.rules.yml");
    expect((await stat(entry)).ino).not.toBe((await stat(path)).ino);
    expect((await stat(entry)).mode & 0o777).toBe(0o600);
    await writeFile(path, "groups: []\n", { flag: "r+" });
    await truncate(path, "groups: []\n".length);
    const { cachedBuild } = await import("../../src/pipeline/cached-build.ts");
    expect(await cachedBuild({ cwd: dir, cache: { dir: cache } })).toMatchObject({ ok: true });
    expect(await snapshotTree(join(dir, "out"))).toEqual(good);
  });
});

describe("the purity analysis of one file", () => {
  test("obsforge and the Grafana SDK it hands to definitions are allowed; other packages are not", async () => {
    const { analyseSource } = await import("../../src/load/module-purity.ts");
    const sdk = await analyseSource(
      'import { DashboardBuilder } from "@grafana/grafana-foundation-sdk/dashboard";\nimport { slo } from "obsforge";\nexport const d = new DashboardBuilder("x");\n',
      "x.ts",
    );
    expect(sdk).toEqual({ imports: [] });
    const other = await analyseSource(
      'import pad from "left-pad";\nexport const p = pad;\n',
      "x.ts",
    );
    expect(other.refusal).toBe(
      'it uses an import of "left-pad", which is not a file of the estate (line 1)',
    );
  });
});

/** A clock as if each run started long after the files it finds were written (see RACY_MS). */
const later = () => Date.now() + 60_000;

async function run(
  kind: "build" | "check",
  dir: string,
  cache: CacheOptions,
): Promise<{ stats: CacheStats; stale: string[] }> {
  let stats: CacheStats | undefined;
  const options = { cwd: dir, cache, onCache: (s: CacheStats) => (stats = s) };
  const r = kind === "build" ? await buildProject(options) : await checkProject(options);
  expect(r.ok ? [] : r.diagnostics.map((d) => d.message)).toEqual([]);
  const stale = r.ok && "stale" in r.value ? r.value.stale : [];
  return { stats: stats!, stale };
}

describe("the stat index of out/", () => {
  test("a build after a build reads no file of out/ it did not write", async () => {
    const { dir, cache } = await estate();
    const options = { dir: cache, now: later };
    await build(dir, options);
    // The first build wrote every file; the second compares each once and records it.
    const second = await run("build", dir, options);
    expect(second.stats.outRead.length).toBeGreaterThan(8);
    const before = await snapshotTree(join(dir, "out"));
    expect((await run("build", dir, options)).stats.outRead).toEqual([]);
    expect((await run("check", dir, options)).stats.outRead).toEqual([]);
    expect(await snapshotTree(join(dir, "out"))).toEqual(before);
  });

  test("a touched but unchanged file is read again and not rewritten", async () => {
    const { dir, cache } = await estate();
    const options = { dir: cache, now: later };
    await build(dir, options);
    await run("build", dir, options);
    const path = join(dir, "out/prometheus/a.rules.yml");
    const touched = new Date(Date.now() - 3_600_000);
    await utimes(path, touched, touched);
    const { ino } = await stat(path);
    expect((await run("build", dir, options)).stats.outRead).toEqual(["prometheus/a.rules.yml"]);
    const after = await stat(path);
    expect([after.ino, Math.round(after.mtimeMs)]).toEqual([ino, touched.getTime()]);
    // Confirmed by that build: the next one trusts it again.
    expect((await run("build", dir, options)).stats.outRead).toEqual([]);
  });

  test("check sees a hand edit of the same size whose mtime is put back", async () => {
    const { dir, cache } = await estate();
    const options = { dir: cache, now: later };
    await build(dir, options);
    const path = join(dir, "out/prometheus/a.rules.yml");
    // A whole second, so that the edit below can put the very same mtime back.
    const second = Math.floor(Date.now() / 1000) - 60;
    await utimes(path, second, second);
    await run("build", dir, options);
    const before = await stat(path, { bigint: true });
    const good = await readFile(path, "utf8");
    const edited = good.replace("< 1", "< 2");
    expect(edited.length).toBe(good.length);
    await writeFile(path, edited);
    await utimes(path, second, second);
    const after = await stat(path, { bigint: true });
    expect([after.size, after.mtimeNs, after.ino]).toEqual([
      before.size,
      before.mtimeNs,
      before.ino,
    ]);
    const checked = await run("check", dir, options);
    expect(checked.stale).toEqual(["prometheus/a.rules.yml"]);
    expect(checked.stats.outRead).toEqual(["prometheus/a.rules.yml"]);
    // …and the build puts it back.
    await run("build", dir, options);
    expect(await readFile(path, "utf8")).toBe(good);
  });
});

describe("pruning the cache", () => {
  async function entries(cache: string): Promise<string[]> {
    return (await readdir(cache)).filter((n) => n.endsWith(".data")).sort();
  }

  test("over its bound, the cache drops what the latest build does not use, and stays warm", async () => {
    const { dir, cache } = await estate();
    await build(dir, { dir: cache });
    const first = await entries(cache);
    for (const value of ['"4"', '"5"', '"6"']) {
      await writeFile(join(dir, "definitions/c.ts"), service("c", value));
      await build(dir, { dir: cache });
    }
    const grown = await entries(cache);
    // Each state of c.ts left its own entries: nothing was pruned under the default bound.
    expect(grown.length).toBeGreaterThan(first.length + 4);
    await writeFile(join(dir, "definitions/c.ts"), service("c", '"7"'));
    const pruned = await run("build", dir, { dir: cache, maxBytes: 1 });
    expect(pruned.stats.pruned).toBeGreaterThan(4);
    const left = await entries(cache);
    expect(left.length).toBeLessThan(grown.length);
    // What the latest build uses is all still there: the next build is served entirely from it.
    const next = await run("build", dir, { dir: cache, maxBytes: 1 });
    expect(next.stats.hits.sort()).toEqual(["a.ts", "b.ts", "c.ts"]);
    expect(next.stats.compiled).toEqual([]);
    expect(next.stats.stored).toEqual([]);
    // An older state of c.ts is a miss now: its entries were the ones pruned.
    await writeFile(join(dir, "definitions/c.ts"), service("c", '"4"'));
    expect((await run("build", dir, { dir: cache })).stats.stored).toEqual(["c.ts"]);
  });

  test("only entries older than the newest go, oldest first; what is kept, and other files, stay", async () => {
    const { pruneCache } = await import("../../src/load/cache-prune.ts");
    const cache = await tempDir();
    const key = (n: number) => n.toString(16).padStart(64, "0");
    for (let n = 1; n <= 4; n++) {
      const path = join(cache, `${key(n)}.data`);
      await writeFile(path, "x".repeat(100));
      const at = new Date(Date.UTC(2026, 0, n));
      await utimes(path, at, at);
    }
    await writeFile(join(cache, "notes.txt"), "x".repeat(1000));
    // 400 bytes of entries, bound 250: the two oldest not kept go (1 is kept).
    const pruned = pruneCache(cache, { keep: new Set([key(1)]), maxBytes: 250 });
    expect(pruned).toBe(2);
    expect((await readdir(cache)).sort()).toEqual(
      [`${key(1)}.data`, `${key(4)}.data`, "notes.txt"].sort(),
    );
  });
});

describe("the estate record: build and check with no module run, validated or compiled", () => {
  async function check(dir: string, cache: CacheOptions = {}) {
    let stats: CacheStats | undefined;
    const r = await checkProject({ cwd: dir, cache, onCache: (s) => (stats = s) });
    if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join("\n"));
    return { value: r.value, warnings: r.value && r.warnings, stats: stats! };
  }

  async function fastBuild(dir: string, cache: CacheOptions) {
    const { cachedBuild } = await import("../../src/pipeline/cached-build.ts");
    return cachedBuild({ cwd: dir, cache });
  }

  test("serves check and build when every input is the recorded one", async () => {
    const { dir, cache } = await estate();
    await build(dir, { dir: cache });
    const checked = await check(dir, { dir: cache });
    expect(checked.value.stale).toEqual([]);
    expect(checked.stats.hits).toEqual(["a.ts", "b.ts", "c.ts"]);
    const before = await snapshotTree(join(dir, "out"));
    const built = await fastBuild(dir, { dir: cache });
    expect(built).toEqual({
      ok: true,
      value: { services: 3, warnings: [], artifactCount: Object.keys(before).length },
    });
    expect(await snapshotTree(join(dir, "out"))).toEqual(before);
  });

  test.for([
    ["a module", (d: string) => writeFile(join(d, "definitions/c.ts"), service("c", '"4"'))],
    [
      "a shared helper",
      (d: string) => writeFile(join(d, "definitions/lib/common.ts"), LIB.replace("1", "6")),
    ],
    ["a module deleted", (d: string) => rm(join(d, "definitions/c.ts"))],
    ["a module added", (d: string) => writeFile(join(d, "definitions/d.ts"), service("d", '"2"'))],
    [
      // No definition, but it sets what is deployed: PrometheusRules appear.
      "estate.json written",
      (d: string) =>
        writeFile(
          join(d, "definitions/estate.json"),
          JSON.stringify({ kubernetes: { namespace: "monitoring" } }),
        ),
    ],
  ] as const)("is not used after %s: check sees what the edit changes", async ([, edit]) => {
    const { dir, cache } = await estate();
    await build(dir, { dir: cache });
    await edit(dir);
    expect(await fastBuild(dir, { dir: cache })).toMatchObject({ miss: true });
    const checked = await check(dir, { dir: cache });
    const { missing, stale, extra } = checked.value;
    expect([...missing, ...stale, ...extra]).toContain("manifest.json");
  });

  test("is not used by another obsforge version", async () => {
    const { dir, cache } = await estate();
    await build(dir, { dir: cache });
    expect(await fastBuild(dir, { dir: cache, version: "99.0.0" })).toMatchObject({ miss: true });
    expect(await fastBuild(dir, { dir: cache })).toMatchObject({ ok: true });
  });

  test("obsforge.config.json is an input: check prints the warnings of the config it finds", async () => {
    const dir = await tempDir();
    const cache = join(dir, "cache");
    await mkdir(join(dir, "definitions"));
    await writeFile(join(dir, "definitions/shop.ts"), SHOP);
    await buildProject({ cwd: dir, cache: { dir: cache } });
    const codes = async () => (await check(dir, { dir: cache })).warnings.map((w) => w.code);
    expect(await codes()).toEqual(["logql/range-under-interval"]);
    await writeFile(
      join(dir, "obsforge.config.json"),
      JSON.stringify({ lint: { rules: { "logql/range-under-interval": "off" } } }),
    );
    expect(await codes()).toEqual([]);
    await rm(join(dir, "obsforge.config.json"));
    expect(await codes()).toEqual(["logql/range-under-interval"]);
  });

  test("a file of out/ deleted or replaced by hand is written back from the cached bytes", async () => {
    const { dir, cache } = await estate();
    await build(dir, { dir: cache });
    const good = await snapshotTree(join(dir, "out"));
    await rm(join(dir, "out/prometheus/a.rules.yml"));
    // Replaced as editors and git do: a new file renamed over the old one.
    await writeFile(join(dir, "out/b.tmp"), "groups: []\n");
    await rename(join(dir, "out/b.tmp"), join(dir, "out/prometheus/b.rules.yml"));
    expect((await check(dir, { dir: cache })).value).toMatchObject({
      missing: ["prometheus/a.rules.yml"],
      stale: ["prometheus/b.rules.yml"],
    });
    expect(await fastBuild(dir, { dir: cache })).toMatchObject({ ok: true });
    expect(await snapshotTree(join(dir, "out"))).toEqual(good);
  });

  test("a file of out/ edited in place is compiled again, never served from the edited bytes", async () => {
    const { dir, cache } = await estate();
    await build(dir, { dir: cache });
    const good = await snapshotTree(join(dir, "out"));
    // Truncated and rewritten in place: the same inode, which the cache entry links to.
    await writeFile(join(dir, "out/prometheus/b.rules.yml"), "groups: []\n", { flag: "r+" });
    await truncate(join(dir, "out/prometheus/b.rules.yml"), "groups: []\n".length);
    expect(await fastBuild(dir, { dir: cache })).toMatchObject({ miss: true });
    const stats = await build(dir, { dir: cache });
    expect(stats?.compiled).toEqual(["b.ts"]);
    expect(await snapshotTree(join(dir, "out"))).toEqual(good);
    // The entry made again holds the right bytes: deleting out/ is then served from the cache.
    await rm(join(dir, "out"), { recursive: true });
    expect(await fastBuild(dir, { dir: cache })).toMatchObject({ ok: true });
    expect(await snapshotTree(join(dir, "out"))).toEqual(good);
  });

  test("when the cached bytes of a file to write are gone, the build takes the full road", async () => {
    const { dir, cache } = await estate();
    await build(dir, { dir: cache });
    const good = await snapshotTree(join(dir, "out"));
    await rm(join(dir, "out/prometheus/a.rules.yml"));
    // Every entry but the estate record and what it needs to be read: no artifact bytes left.
    const { readEstateRecord, openIncrementalCache } = await import(
      "../../src/pipeline/estate-record.ts"
    );
    const opened = openIncrementalCache(join(dir, "definitions"), { dir: cache })!;
    const record = readEstateRecord(opened, join(dir, "definitions"))!;
    const { bytesKey } = await import("../../src/pipeline/linked-entries.ts");
    // The entries of heads (where a build wrote them) and the linked bytes of every artifact.
    for (const a of record.artifacts) {
      await rm(join(cache, `${a.entry}.data`), { force: true });
      await rm(join(cache, `${bytesKey(a.sha256)}.data`), { force: true });
    }
    expect(await fastBuild(dir, { dir: cache })).toMatchObject({ miss: true });
    // The miss wrote nothing: out/ still lacks the file.
    expect(Object.keys(await snapshotTree(join(dir, "out")))).not.toContain(
      "prometheus/a.rules.yml",
    );
    const stats = await build(dir, { dir: cache });
    // Only the service whose bytes were needed is compiled again; the others' files are in out/.
    expect(stats?.compiled).toEqual(["a.ts"]);
    expect(await snapshotTree(join(dir, "out"))).toEqual(good);
  });

  test("a definition that is a symbolic link keeps check and build on the full road", async () => {
    const { dir, cache } = await estate();
    await rm(join(dir, "definitions/c.ts"));
    await writeFile(join(dir, "definitions/_c.ts"), service("c", '"3"'));
    await symlink("_c.ts", join(dir, "definitions/c.ts"));
    await build(dir, { dir: cache });
    expect(await fastBuild(dir, { dir: cache })).toMatchObject({ miss: true });
    expect((await check(dir, { dir: cache })).value.stale).toEqual([]);
  });
});
