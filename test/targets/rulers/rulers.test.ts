import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { dump, load } from "js-yaml";
import { describe, expect, test } from "vitest";
import { parseLogQL } from "../../../src/logql/parse.ts";
import type { RulersSettingsInput } from "../../../src/model/rulers.ts";
import { compileProject } from "../../../src/pipeline/project.ts";
import { expectGoldenTree } from "../../helpers/golden.ts";
import { obsforgeInProcess } from "../../helpers/in-process-cli.ts";
import { DEFINITIONS, PROJECT_ROOT } from "../../helpers/paths.ts";
import { checkRulesText } from "../../helpers/promtool.ts";
import { copyTree, tempDir, tempTree } from "../../helpers/temp.ts";

const FIXTURES = resolve(PROJECT_ROOT, "test/targets/rulers/fixtures");
const GOLDEN = resolve(PROJECT_ROOT, "test/targets/rulers/golden/expected");

/** The example estate's ruler files with a team layout and two tenants. */
const EXAMPLE_RULERS: RulersSettingsInput = {
  namespaceBy: "team",
  tenants: { shop: { teams: ["payments"] }, core: { services: ["orders-db"] } },
};

/**
 * Set the `rulers` of a copied estate's definitions/estate.json (undefined
 * removes it), keeping what else the file says.
 */
async function setEstateRulers(dir: string, rulers: RulersSettingsInput | undefined) {
  const path = join(dir, "definitions/estate.json");
  const current = JSON.parse(await readFile(path, "utf8").catch(() => "{}")) as Record<
    string,
    unknown
  >;
  const { rulers: _, ...rest } = current;
  await writeFile(
    path,
    `${JSON.stringify(rulers === undefined ? rest : { ...rest, rulers }, null, 2)}\n`,
  );
}

async function rulerFiles(options: Parameters<typeof compileProject>[0]) {
  const compiled = await compileProject({ cache: false, logqlWarnings: false, ...options });
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.diagnostics));
  return Object.fromEntries(
    compiled.value.artifacts
      .filter((a) => a.path.startsWith("rulers/"))
      .map((a) => [a.path.slice("rulers/".length), a.content]),
  );
}

/** Mimir's group fields that Debian's promtool 2.42 does not know (query_offset came in 2.53). */
const MIMIR_ONLY = ["source_tenants", "evaluation_delay", "align_evaluation_time_on_interval"];

/** A namespace file as promtool reads a rule file: no namespace wrapper, no Mimir-only field. */
function asPromtoolRuleFile(text: string): string {
  const doc = load(text) as { namespace: string; groups: Record<string, unknown>[] };
  const groups = doc.groups.map((g) => {
    const copy = { ...g };
    for (const key of [...MIMIR_ONLY, "query_offset"]) delete copy[key];
    return copy;
  });
  return dump({ groups });
}

describe("ruler layout (Mimir, Cortex, Loki)", () => {
  test("the example estate's Mimir layout matches the golden, namespace per team, folder per tenant", async () => {
    const files = await rulerFiles({ definitions: DEFINITIONS, rulers: EXAMPLE_RULERS });
    expect(Object.keys(files).sort()).toEqual([
      "loki/core/storage.yml",
      "loki/shop/payments.yml",
      "mimir/core/storage.yml",
      "mimir/shop/payments.yml",
    ]);
    const mimir = Object.fromEntries(Object.entries(files).filter(([p]) => p.startsWith("mimir/")));
    await expectGoldenTree(GOLDEN, mimir);
    // The namespace is the file's `namespace:` key, as mimirtool reads it before the file name.
    for (const [path, text] of Object.entries(files)) {
      const doc = load(text) as Record<string, unknown>;
      expect(Object.keys(doc)).toEqual(["namespace", "groups"]);
      expect(`${doc.namespace}.yml`).toBe(path.split("/").pop());
    }
  });

  test("promtool accepts the groups of every generated namespace file", async () => {
    const files = {
      ...(await rulerFiles({ definitions: DEFINITIONS, rulers: EXAMPLE_RULERS })),
      ...(await rulerFiles({ cwd: join(FIXTURES, "good") })),
    };
    const mimir = Object.entries(files).filter(([p]) => p.startsWith("mimir/"));
    expect(mimir.length).toBeGreaterThanOrEqual(4);
    for (const [path, text] of mimir) {
      const run = checkRulesText(asPromtoolRuleFile(text));
      expect(run.status, `${path}: ${run.stdout}${run.stderr}`).toBe(0);
    }
    // Loki's files hold LogQL, which promtool cannot read: the official grammar checks each expr.
    for (const [path, text] of Object.entries(files).filter(([p]) => p.startsWith("loki/"))) {
      const doc = load(text) as { groups: { rules: { expr: string }[] }[] };
      for (const rule of doc.groups.flatMap((g) => g.rules))
        expect(parseLogQL(rule.expr).errors, `${path}: ${rule.expr}`).toEqual([]);
    }
  });

  test("namespace per service (the default), one folder without tenants, Mimir group fields pass through", async () => {
    const files = await rulerFiles({ cwd: join(FIXTURES, "good"), rulers: {} });
    expect(Object.keys(files).sort()).toEqual([
      "loki/cards.yml",
      "mimir/cards.yml",
      "mimir/ledger.yml",
    ]);
    const ledger = load(files["mimir/ledger.yml"] as string) as {
      namespace: string;
      groups: Record<string, unknown>[];
    };
    expect(ledger.namespace).toBe("ledger");
    expect(ledger.groups.map((g) => Object.keys(g))).toEqual([
      ["name", "interval", "source_tenants", "rules"],
      [
        "name",
        "interval",
        "query_offset",
        "evaluation_delay",
        "align_evaluation_time_on_interval",
        "rules",
      ],
    ]);
    expect(ledger.groups[0]?.source_tenants).toEqual(["prod-eu", "prod-us"]);
  });

  test("a service in two tenants is written into both; names are the same in every build", async () => {
    const first = await rulerFiles({ cwd: join(FIXTURES, "good") });
    expect(Object.keys(first).sort()).toEqual([
      "loki/prod-eu/payments.yml",
      "loki/prod-us/payments.yml",
      "mimir/prod-eu/payments.yml",
      "mimir/prod-us/payments.yml",
    ]);
    expect(first["mimir/prod-eu/payments.yml"]).toBe(first["mimir/prod-us/payments.yml"]);
    expect(await rulerFiles({ cwd: join(FIXTURES, "good") })).toEqual(first);
  });

  test("without a rulers section nothing is written under rulers/", async () => {
    const dir = await tempDir();
    await copyTree(join(FIXTURES, "good", "definitions"), join(dir, "definitions"));
    await setEstateRulers(dir, undefined);
    expect(await rulerFiles({ cwd: dir })).toEqual({});
  });

  test("build writes the layout into the manifest, and check finds an edited namespace file", async () => {
    const out = await tempDir();
    const cwd = join(FIXTURES, "good");
    const built = await obsforgeInProcess(["build", "--out", out, "--no-cache"], cwd);
    expect(built.stderr).toBe("");
    expect(built.code).toBe(0);
    const manifest = JSON.parse(await readFile(join(out, "manifest.json"), "utf8")) as {
      artifacts: { path: string }[];
    };
    expect(manifest.artifacts.map((a) => a.path)).toContain("rulers/mimir/prod-eu/payments.yml");
    expect((await obsforgeInProcess(["check", "--out", out, "--no-cache"], cwd)).code).toBe(0);
    const file = join(out, "rulers/mimir/prod-eu/payments.yml");
    await writeFile(file, (await readFile(file, "utf8")).replace("interval: 1m", "interval: 2m"));
    const stale = await obsforgeInProcess(["check", "--out", out, "--no-cache"], cwd);
    expect(stale.code).toBe(1);
    expect(stale.stdout + stale.stderr).toContain("rulers/mimir/prod-eu/payments.yml");
  });
});

describe("where the ruler layout is read from", () => {
  /** The good fixture with its rulers moved back to obsforge.config.json, as before estate.json had them. */
  async function legacyCopy(): Promise<string> {
    const dir = await tempDir();
    await copyTree(join(FIXTURES, "good", "definitions"), join(dir, "definitions"));
    const estate = JSON.parse(await readFile(join(dir, "definitions/estate.json"), "utf8"));
    await setEstateRulers(dir, undefined);
    await writeFile(
      join(dir, "obsforge.config.json"),
      `${JSON.stringify({ rulers: estate.rulers }, null, 2)}\n`,
    );
    return dir;
  }

  test("obsforge.config.json's rulers still work, with one deprecation warning, and build the same files", async () => {
    const dir = await legacyCopy();
    const r = await obsforgeInProcess(["build", "--out", join(dir, "out"), "--no-cache"], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      "warning: obsforge.config.json:2:4: rulers: expected the ruler layout in definitions/estate.json, got it in obsforge.config.json (deprecated, still read): move the rulers section there (config/deprecated-rulers)\n",
    );
    expect(await rulerFiles({ cwd: dir })).toEqual(
      await rulerFiles({ cwd: join(FIXTURES, "good") }),
    );
  });

  test("rulers in both files is an error naming the one to delete, and nothing is written", async () => {
    const dir = await legacyCopy();
    await setEstateRulers(dir, { namespaceBy: "service" });
    const r = await obsforgeInProcess(["build", "--no-cache"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split("\n")).toEqual([
      "obsforge.config.json:2:4: rulers: expected the ruler layout in definitions/estate.json only, got a rulers section here too: delete this one (obsforge.config.json's rulers is deprecated)",
      "obsforge build: 1 error(s); out/ left unchanged",
    ]);
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  test("the library option wins over both files, and its layout errors name estate.json", async () => {
    const files = await rulerFiles({ cwd: join(FIXTURES, "good"), rulers: {} });
    expect(Object.keys(files)).toContain("mimir/ledger.yml");
    const compiled = await compileProject({
      cwd: join(FIXTURES, "good"),
      cache: false,
      logqlWarnings: false,
      rulers: { tenants: { eu: { teams: ["nobody"] } } },
    });
    expect(compiled.ok).toBe(false);
    if (!compiled.ok)
      expect(compiled.diagnostics[0]).toMatchObject({
        file: "definitions/estate.json",
        path: ["rulers", "tenants", "eu", "teams", 0],
      });
  });
});

describe("ruler layout errors", () => {
  async function build(cwd: string) {
    const out = await tempDir();
    const r = await obsforgeInProcess(["build", "--out", out, "--no-cache"], cwd);
    return { ...r, out };
  }

  test("a group name twice in one team namespace is an error naming both services", async () => {
    const r = await build(join(FIXTURES, "bad-repeated"));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'definitions/two.ts:9:14: groups[0].name: expected a group name unique in ruler namespace "platform" (rulers/mimir/platform.yml), got "availability" again (also in service "one"): rename one, or set rulers.namespaceBy to "service"',
    );
  });

  test("tenants naming no team of the estate, and services in no tenant, are errors", async () => {
    const dir = await tempDir();
    await copyTree(join(FIXTURES, "good", "definitions"), join(dir, "definitions"));
    await setEstateRulers(dir, { tenants: { eu: { teams: ["paymnts"] } } });
    const r = await build(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'definitions/estate.json:10:12: rulers.tenants.eu.teams[0]: expected a team of the estate, got "paymnts"',
    );
    expect(r.stderr).toContain(
      'definitions/cards.ts:6:10: team: expected a tenant for service "cards" (team "payments")',
    );
  });

  test("two team namespaces that are one file on macOS are an error", async () => {
    const service = (name: string, team: string) =>
      `import { defineService, record } from "obsforge";\nexport default defineService({ name: "${name}", team: "${team}", groups: [{ name: "${name}", rules: [record({ name: "job:${name}:max", expr: "max(up)" })] }] });\n`;
    const dir = await tempTree({
      "definitions/estate.json": JSON.stringify({ rulers: { namespaceBy: "team" } }),
      "definitions/a.ts": service("a", "Payments"),
      "definitions/b.ts": service("b", "payments"),
      "definitions/c.ts": service("c", "web team"),
    });
    const r = await build(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'definitions/b.ts:2:50: team: expected one file per ruler namespace, got namespaces "Payments" and "payments" sharing rulers/mimir/payments.yml (the paths differ only in case)',
    );
    expect(r.stderr).toContain(
      'definitions/c.ts:2:50: team: expected a team name of letters, digits, _, - and . to name its ruler namespace file (rulers.namespaceBy is "team"), got "web team"',
    );
  });

  test("a bad rulers section names the field", async () => {
    const dir = await tempDir();
    await copyTree(join(FIXTURES, "good", "definitions"), join(dir, "definitions"));
    await setEstateRulers(dir, { namespaceBy: "tenant" } as unknown as RulersSettingsInput);
    const r = await build(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^definitions\/estate\.json:\d+:\d+: rulers\.namespaceBy: expected "service" \| "team", got "tenant"$/m,
    );
  });
});

describe("shard checks", () => {
  test("good: the good fixture builds without a finding", async () => {
    const r = await obsforgeInProcess(
      ["build", "--out", await tempDir(), "--no-cache"],
      join(FIXTURES, "good"),
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
  });

  test("bad: a group over maxRulesPerGroup fails the build with a split suggestion", async () => {
    const r = await obsforgeInProcess(
      ["build", "--out", await tempDir(), "--no-cache"],
      join(FIXTURES, "bad-size"),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'definitions/big.ts:9:14: groups[0].name: expected at most 5 rules in a group (rulers.maxRulesPerGroup; a ruler shards by group and refuses larger ones), got 12 in group "big-shards": split group "big-shards" (12 rules) into 3 groups of ≤ 5, keeping each recording rule in the group of the rules that read it',
    );
  });

  test("groupSize warning: the same finding as a warning, and the build goes on", async () => {
    const dir = await tempDir();
    await copyTree(join(FIXTURES, "bad-size", "definitions"), join(dir, "definitions"));
    await setEstateRulers(dir, { maxRulesPerGroup: 5, groupSize: "warning" });
    const r = await obsforgeInProcess(["build", "--out", join(dir, "out"), "--no-cache"], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      "warning: definitions/big.ts:9:14: groups[0].name: expected at most 5 rules",
    );
    expect(r.stderr).toContain("(rulers/group-size)");
  });

  test("bad: a group reading a series recorded at another interval is reported with the fix", async () => {
    const r = await obsforgeInProcess(
      ["build", "--out", await tempDir(), "--no-cache"],
      join(FIXTURES, "bad-mixed"),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'definitions/mixed.ts:19:14: groups[1].name: expected group "mixed-alerts" (interval 5m) to read series recorded at its own interval, got "job:mixed_errors:rate1m" from group "mixed-records" (interval 30s): give both groups the same interval, or move the rule into "mixed-records"',
    );
  });

  test("mixedIntervals off: the same estate builds", async () => {
    const dir = await tempDir();
    await copyTree(join(FIXTURES, "bad-mixed", "definitions"), join(dir, "definitions"));
    await setEstateRulers(dir, { mixedIntervals: "off" });
    const r = await obsforgeInProcess(["build", "--out", join(dir, "out"), "--no-cache"], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });
});
