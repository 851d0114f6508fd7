import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { Readable } from "node:stream";
import fc from "fast-check";
import { dump, load, loadAll } from "js-yaml";
import { run } from "../../src/cli/main.ts";
import { loadDefinitions } from "../../src/load/definitions.ts";
import { applyMutations, applyTextEdits, mutations, textEdits } from "./mutate.ts";

const ROOT = new URL("../..", import.meta.url).pathname;
const SHARED = join(ROOT, "../shared");

/** What one CLI invocation did. */
export interface Invocation {
  argv: string[];
  code: number;
  stdout: string;
  stderr: string;
  /** Whether out/ (or the folder a command writes) exists afterwards. */
  wroteOut: boolean;
}

export interface FuzzTarget<Case> {
  name: string;
  /** Inputs derived from real files; loaded once per run. */
  arbitrary: () => Promise<fc.Arbitrary<Case>>;
  /** A readable copy of the input, saved with any failure. */
  describe: (input: Case) => string;
  /** Run obsforge on the input; every invocation is checked by the oracle. */
  execute: (input: Case) => Promise<Invocation[]>;
}

async function invoke(
  argv: string[],
  options: { cwd: string; stdin?: string; outDir?: string },
): Promise<Invocation> {
  let stdout = "";
  let stderr = "";
  const code = await run(argv, {
    cwd: options.cwd,
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    ...(options.stdin !== undefined && { stdin: Readable.from([Buffer.from(options.stdin)]) }),
  });
  const wroteOut =
    options.outDir !== undefined &&
    (await stat(join(options.cwd, options.outDir)).then(
      () => true,
      () => false,
    ));
  return { argv, code, stdout, stderr, wroteOut };
}

/** A fresh folder per case, removed afterwards whatever happened. */
async function inTempDir<T>(body: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "obsforge-fuzz-"));
  try {
    return await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Build, and when the build passes, `check` (must be fresh) and `lint`: the
 * three commands that read definitions from a pull request in CI.
 */
async function buildCheckLint(dir: string, definitions = "definitions"): Promise<Invocation[]> {
  const build = await invoke(["build", "--definitions", definitions], { cwd: dir, outDir: "out" });
  if (build.code !== 0) return [build];
  const check = await invoke(["check", "--definitions", definitions], { cwd: dir });
  const lint = await invoke(["lint", "--definitions", definitions, "--format", "json"], {
    cwd: dir,
  });
  return [build, check, lint, await promtoolCheck(dir)];
}

const NEWER_THAN_ENGINE =
  /unknown function with name "(sort_by_label|sort_by_label_desc|limitk|limit_ratio|info|double_exponential_smoothing|ts_of_\w+|first_over_time|step|range|min_of|max_of|start|end)"|unexpected duration "[^"]*" in @|unexpected identifier "(anchored|smoothed|fill|fill_left|fill_right)"|unexpected <op:[-+*/%^]>|expected duration|unexpected number "[^"]*" in subquery|unexpected <op:</;

/** The real engine reads what was written: `promtool check rules` on every Prometheus rule file. */
async function promtoolCheck(dir: string): Promise<Invocation> {
  const files = (await readdir(join(dir, "out/prometheus")).catch(() => [] as string[]))
    .filter((f) => f.endsWith(".yml"))
    .sort()
    .map((f) => join("out/prometheus", f));
  const argv = ["promtool", "check", "rules", ...files];
  if (files.length === 0) return { argv, code: 0, stdout: "", stderr: "", wroteOut: false };
  const r = spawnSync("promtool", argv.slice(1), { cwd: dir, encoding: "utf8" });
  // The grammar obsforge parses with is Prometheus 3.x's; Debian's promtool is 2.42. Syntax only
  // 3.x knows is a known gap (listed in test/promql/typecheck-parity.test.ts), not a finding:
  // obsforge does not gate syntax by Prometheus version yet.
  if (r.status !== 0 && NEWER_THAN_ENGINE.test(r.stdout + r.stderr))
    return { argv, code: 0, stdout: r.stdout, stderr: "", wroteOut: false };
  // promtool's own exit 1 means obsforge wrote a file the engine rejects: not one of obsforge's codes.
  return {
    argv,
    code: r.status === 0 ? 0 : 70,
    stdout: r.stdout,
    stderr: r.stderr,
    wroteOut: false,
  };
}

async function exampleServices(): Promise<unknown[]> {
  const loaded = await loadDefinitions(join(ROOT, "definitions"), { cwd: ROOT });
  if (!loaded.ok) throw new Error("the example estate does not load");
  // The example estate's exports are plain data (helpers only tag objects).
  return loaded.value.map((d) => JSON.parse(JSON.stringify(d.exported)));
}

function moduleOf(value: unknown): string {
  // JSON is a subset of TS expressions: data stays data.
  return `export default ${JSON.stringify(value)};\n`;
}

/** Example services with edits anywhere in their tree, as TS definition modules. */
export const definitionsTarget: FuzzTarget<{ service: unknown }> = {
  name: "definitions",
  async arbitrary() {
    const seeds = await exampleServices();
    return fc
      .tuple(fc.constantFrom(...seeds.keys()), mutations)
      .map(([i, edits]) => ({ service: applyMutations(seeds[i], edits) }));
  },
  describe: (input) => moduleOf(input.service),
  execute: (input) =>
    inTempDir(async (dir) => {
      await mkdir(join(dir, "definitions"));
      await writeFile(join(dir, "definitions/fuzzed.ts"), moduleOf(input.service));
      return buildCheckLint(dir);
    }),
};

const SPEC_FILES = [
  "sloth/examples/getting-started.yml",
  "sloth/examples/home-wifi.yml",
  "sloth/examples/k8s-getting-started.yml",
  "sloth/examples/kubernetes-apiserver.yml",
  "sloth/examples/multifile.yml",
  "sloth/examples/no-alerts.yml",
  "sloth/examples/openslo-getting-started.yml",
];

/**
 * Sloth and OpenSLO specs, edited as documents (fields replaced, dropped,
 * renamed) or as text (YAML syntax broken, aliases and tags inserted), read
 * by `build` from definitions/ and by `import`; an import that succeeds
 * must build whenever the spec itself builds.
 */
export const specTarget: FuzzTarget<{ name: string; yaml: string }> = {
  name: "specs",
  async arbitrary() {
    const seeds = await Promise.all(
      SPEC_FILES.map(async (f) => ({
        name: basename(f),
        text: await readFile(join(SHARED, "corpora", f), "utf8"),
      })),
    );
    const parsed = seeds.map((seed) => ({
      name: seed.name,
      docs: loadAll(seed.text).filter((d) => d !== undefined && d !== null),
    }));
    const asDocuments = fc.tuple(fc.constantFrom(...parsed), mutations).map(([seed, edits]) => ({
      name: seed.name,
      yaml: seed.docs.map((d) => dump(applyMutations(d, edits))).join("---\n"),
    }));
    const asText = fc
      .tuple(fc.constantFrom(...seeds), textEdits)
      .map(([seed, edits]) => ({ name: seed.name, yaml: applyTextEdits(seed.text, edits) }));
    return fc.oneof(asDocuments, asText);
  },
  describe: (input) => `# ${input.name}\n${input.yaml}`,
  execute: (input) =>
    inTempDir(async (dir) => {
      await mkdir(join(dir, "definitions"));
      await writeFile(join(dir, "definitions", input.name), input.yaml);
      const built = await buildCheckLint(dir);
      const imported = await invoke(["import", join("definitions", input.name), "--out", "ts"], {
        cwd: dir,
        outDir: "ts",
      });
      const runs = [...built, imported];
      if (imported.code === 0 && built[0]!.code === 0) {
        const rebuilt = await invoke(["build", "--definitions", "ts", "--out", "out-ts"], {
          cwd: dir,
          outDir: "out-ts",
        });
        // Differential oracle: what builds as YAML builds as imported TS too.
        if (rebuilt.code !== 0) rebuilt.stderr = `imported TS does not build:\n${rebuilt.stderr}`;
        runs.push({ ...rebuilt, code: rebuilt.code === 0 ? 0 : 70 });
      }
      return runs;
    }),
};

async function jsonLines(path: string, field: string): Promise<string[]> {
  const text = await readFile(path, "utf8");
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => (JSON.parse(l) as Record<string, string>)[field]!);
}

/** A service holding one alert on `expr`: the smallest definition that reaches the PromQL checks. */
function alertService(expr: string): unknown {
  return {
    kind: "service",
    name: "fuzz",
    team: "fuzzers",
    groups: [
      {
        name: "fuzz",
        rules: [
          {
            kind: "alert",
            name: "FuzzAlert",
            expr,
            for: "5m",
            severity: "ticket",
            annotations: { summary: "s", runbook_url: "https://r.example.com/x" },
          },
        ],
      },
    ],
  };
}

/** PromQL from Prometheus's own test suite and real rule files, with text edits. */
export const promqlTarget: FuzzTarget<{ expr: string }> = {
  name: "promql",
  async arbitrary() {
    const dir = join(SHARED, "corpora/promql/expressions");
    const seeds = (
      await Promise.all((await readdir(dir)).map((f) => jsonLines(join(dir, f), "expr")))
    ).flat();
    return fc
      .tuple(fc.constantFrom(...seeds), fc.option(textEdits, { freq: 4 }))
      .map(([expr, edits]) => ({ expr: edits === null ? expr : applyTextEdits(expr, edits) }));
  },
  describe: (input) => input.expr,
  execute: (input) =>
    inTempDir(async (dir) => {
      await mkdir(join(dir, "definitions"));
      await writeFile(join(dir, "definitions/fuzz.ts"), moduleOf(alertService(input.expr)));
      return buildCheckLint(dir);
    }),
};

/** LogQL from the example estate's Loki rules, with text edits, as a log alert. */
export const logqlTarget: FuzzTarget<{ expr: string }> = {
  name: "logql",
  async arbitrary() {
    const exprs: string[] = [];
    const lokiDir = join(ROOT, "out/loki");
    for (const f of (await readdir(lokiDir)).sort()) {
      const doc = load(await readFile(join(lokiDir, f), "utf8")) as {
        groups: { rules: { expr: string }[] }[];
      };
      for (const g of doc.groups) for (const r of g.rules) exprs.push(r.expr);
    }
    return fc
      .tuple(fc.constantFrom(...exprs), fc.option(textEdits, { freq: 4 }))
      .map(([expr, edits]) => ({ expr: edits === null ? expr : applyTextEdits(expr, edits) }));
  },
  describe: (input) => input.expr,
  execute: (input) =>
    inTempDir(async (dir) => {
      await mkdir(join(dir, "definitions"));
      const service = {
        kind: "service",
        name: "fuzz",
        team: "fuzzers",
        logGroups: [
          {
            name: "fuzz-logs",
            rules: [
              {
                kind: "logAlert",
                name: "FuzzLogAlert",
                expr: input.expr,
                for: "5m",
                severity: "ticket",
                annotations: { summary: "s" },
              },
            ],
          },
        ],
      };
      await writeFile(join(dir, "definitions/fuzz.ts"), moduleOf(service));
      return buildCheckLint(dir);
    }),
};

/** Prometheus text and OpenMetrics expositions (promlint's and OpenMetrics' own test files), edited. */
export const expositionTarget: FuzzTarget<{ text: string; format: string }> = {
  name: "exposition",
  async arbitrary() {
    const base = join(SHARED, "corpora/exposition");
    const files: string[] = [];
    for (const e of await readdir(base, { recursive: true, withFileTypes: true })) {
      if (e.isFile() && !e.name.endsWith(".md") && !e.name.endsWith(".json"))
        files.push(join(e.parentPath, e.name));
    }
    files.sort();
    const seeds = await Promise.all(files.map((f) => readFile(f, "utf8")));
    return fc.record({
      text: fc
        .tuple(fc.constantFrom(...seeds), fc.option(textEdits, { freq: 5 }))
        .map(([text, edits]) => (edits === null ? text : applyTextEdits(text, edits))),
      format: fc.constantFrom("text", "json", "github", "sarif"),
    });
  },
  describe: (input) => input.text,
  execute: async (input) => {
    const r = await invoke(["lint-metrics", "-", "--format", input.format], {
      cwd: tmpdir(),
      stdin: input.text,
    });
    if (input.format === "json" || input.format === "sarif") {
      try {
        JSON.parse(r.stdout);
      } catch {
        return [
          { ...r, code: 70, stderr: `--format ${input.format} printed invalid JSON\n${r.stderr}` },
        ];
      }
    }
    return [r];
  },
};

export const TARGETS = [
  definitionsTarget,
  specTarget,
  promqlTarget,
  logqlTarget,
  expositionTarget,
] as const;
