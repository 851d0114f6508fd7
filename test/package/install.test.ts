import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { builtinModules } from "node:module";
import { dirname, join, resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { PROJECT_ROOT } from "../helpers/paths.ts";
import { tempDir } from "../helpers/temp.ts";

/**
 * The package as a user gets it: `npm pack`, `npm install <tarball>` into
 * an empty project, `obsforge init`, then build, check, lint and test in
 * the scaffold, all from node_modules/.bin. Slow (one real npm install,
 * from the npm cache where it can), so everything it proves sits in this
 * one file and one install.
 */

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: readonly string[], cwd: string): Run {
  const r = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_UPDATE_NOTIFIER: "1", npm_config_fund: "false" },
    timeout: 240_000,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectOk(r: Run, what: string): void {
  expect(r.status, `${what}\n${r.stdout}\n${r.stderr}`).toBe(0);
}

const pkg = JSON.parse(await readFile(join(PROJECT_ROOT, "package.json"), "utf8")) as {
  name: string;
  version: string;
  private?: boolean;
  bin: Record<string, string>;
  files: string[];
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** Every module specifier a built module imports, statically or with import(). */
async function importedSpecifiers(dir: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile() || !e.name.endsWith(".js")) continue;
    const path = join(e.parentPath, e.name);
    const text = await readFile(path, "utf8");
    for (const m of text.matchAll(
      /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^"'\s]+)["']/g,
    )) {
      const spec = m[1] as string;
      if (!found.has(spec)) found.set(spec, path);
    }
  }
  return found;
}

function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? `${parts[0]}/${parts[1]}` : (parts[0] as string);
}

describe("the npm package", () => {
  test("is publishable: not private, bin in dist, every runtime import a dependency", async () => {
    expect(pkg.private).toBeUndefined();
    expect(pkg.bin.obsforge).toBe("dist/cli/bin.js");
    const bin = await readFile(join(PROJECT_ROOT, pkg.bin.obsforge ?? ""), "utf8");
    expect(bin.startsWith("#!/usr/bin/env node\n")).toBe(true);
    const builtins = new Set(builtinModules);
    const missing: string[] = [];
    const specifiers = await importedSpecifiers(join(PROJECT_ROOT, "dist"));
    // The scan sees imports at all: static (zod, commander) and dynamic (the lazily loaded CLI commands).
    expect([...specifiers.keys()]).toEqual(
      expect.arrayContaining(["zod", "commander", "jiti", "./commands/build.js"]),
    );
    for (const [spec, file] of specifiers) {
      if (spec.startsWith(".") || spec.startsWith("node:") || builtins.has(spec)) continue;
      const name = packageOf(spec);
      // The package's own name: definitions import it, and the loader resolves it to itself.
      if (name === pkg.name) continue;
      if (!(name in pkg.dependencies))
        missing.push(
          `${file}: imports ${spec} (${name in pkg.devDependencies ? "a devDependency" : "not a dependency"})`,
        );
    }
    expect(missing).toEqual([]);
  });

  test("packs, installs into an empty project, and init scaffolds an estate that is green at once", async () => {
    const work = await tempDir("obsforge-pack-");
    // dist/ is built by `npm test` (and by `prepare` for a user's `npm pack`); no second build here.
    expect(existsSync(join(PROJECT_ROOT, "dist/schema/service.schema.json"))).toBe(true);
    const packed = run(
      "npm",
      ["pack", "--ignore-scripts", "--json", "--pack-destination", work],
      PROJECT_ROOT,
    );
    expectOk(packed, "npm pack");
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    const files = (info?.files ?? []).map((f) => f.path);
    for (const needed of [
      "package.json",
      "README.md",
      "dist/cli/bin.js",
      "dist/index.js",
      "dist/index.d.ts",
      "dist/api.d.ts",
      "dist/schema/service.schema.json",
    ])
      expect(files).toContain(needed);
    expect(files.filter((f) => /^(src|test|definitions|out|bench)\//.test(f))).toEqual([]);

    const app = join(work, "app");
    await rm(app, { recursive: true, force: true });
    await writeFile(join(work, "placeholder"), "");
    const tarball = join(work, info?.filename ?? "");
    const installed = run(
      "npm",
      ["install", "--prefer-offline", "--no-audit", "--no-fund", "--prefix", app, tarball],
      work,
    );
    expectOk(installed, "npm install <tarball>");
    const bin = join(app, "node_modules/.bin/obsforge");
    expectOk(run(bin, ["--version"], app), "obsforge --version from node_modules/.bin");

    const init = run(bin, ["init", "estate"], app);
    expectOk(init, "obsforge init estate");
    const estate = join(app, "estate");
    for (const file of [
      "package.json",
      "tsconfig.json",
      "definitions/example-api.ts",
      "definitions/example-worker.yaml",
      ".github/workflows/obsforge.yml",
      ".vscode/settings.json",
    ])
      expect(existsSync(join(estate, file)), file).toBe(true);

    // build, check, lint, test: the scaffold's own scripts, green at once.
    for (const script of ["build", "check", "lint", "test"])
      expectOk(run("npm", ["run", script], estate), `npm run ${script} in the scaffold`);
    const github = run(bin, ["lint", "--format", "github"], estate);
    expectOk(github, "obsforge lint --format github");
    const built = JSON.parse(await readFile(join(estate, "out/manifest.json"), "utf8")) as {
      artifacts: { path: string }[];
    };
    expect(built.artifacts.map((a) => a.path)).toEqual(
      expect.arrayContaining([
        "prometheus/example-api.rules.yml",
        "prometheus/example-worker.rules.yml",
        "loki/example-api.rules.yml",
        "tests/example-api.test.yml",
        "grafana/dashboards/example-team/example-api-example-api.json",
      ]),
    );

    // The YAML definition's schema comment points at the schema the installed package ships.
    const yaml = await readFile(join(estate, "definitions/example-worker.yaml"), "utf8");
    const schema = /^# yaml-language-server: \$schema=(\S+)$/m.exec(yaml)?.[1] ?? "";
    expect(schema).toContain("node_modules/obsforge/dist/schema/service.schema.json");
    expect(existsSync(resolve(join(estate, "definitions"), schema))).toBe(true);

    // TS types resolve from the installed package: the sample type-checks, a misspelt field does not.
    const tsc = join(PROJECT_ROOT, "node_modules/typescript/bin/tsc");
    expectOk(run(process.execPath, [tsc, "-p", "tsconfig.json"], estate), "tsc on the scaffold");
    await writeFile(
      join(estate, "definitions/typo.ts"),
      'import { defineService } from "obsforge";\nexport default defineService({ name: "typo", team: "t", objectiv: 1 });\n',
    );
    const typo = run(process.execPath, [tsc, "-p", "tsconfig.json"], estate);
    expect(typo.status).not.toBe(0);
    expect(typo.stdout).toContain("objectiv");
    await rm(join(estate, "definitions/typo.ts"));

    // init never overwrites: a second run refuses, naming the file, and changes nothing.
    const before = await readFile(join(estate, "package.json"), "utf8");
    const again = run(bin, ["init", "estate"], app);
    expect(again.status).toBe(1);
    expect(again.stderr.trim().split("\n")).toHaveLength(1);
    expect(again.stderr).toContain(
      "estate/package.json: expected no file here (obsforge init never overwrites), got an existing package.json: remove it or init another folder",
    );
    expect(await readFile(join(estate, "package.json"), "utf8")).toBe(before);
    expect(dirname(bin)).toBe(join(app, "node_modules/.bin"));
  }, 600_000);
});
