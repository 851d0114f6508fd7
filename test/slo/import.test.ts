import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { load } from "js-yaml";
import { describe, expect, test } from "vitest";
import { obsforgeInProcess } from "../helpers/in-process-cli.ts";
import { BIN, SHARED } from "../helpers/paths.ts";
import { snapshotTree, tempDir } from "../helpers/temp.ts";
import { typecheckModules } from "../helpers/typecheck.ts";

const EXAMPLES = join(SHARED, "corpora/sloth/examples");
const SPECS = [
  "getting-started.yml",
  "home-wifi.yml",
  "k8s-getting-started.yml",
  "k8s-home-wifi.yml",
  "kubernetes-apiserver.yml",
  "multifile.yml",
  "no-alerts.yml",
  "openslo-getting-started.yml",
];

const cli = obsforgeInProcess;

function obsforge(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Rule files without their first line (which names the source file, .yml or .ts). */
function withoutHeaders(tree: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tree)
      .filter(([path]) => path.endsWith(".yml"))
      .map(([path, content]) => [path, content.slice(content.indexOf("\n") + 1)]),
  );
}

describe("obsforge import", () => {
  test("turns every Sloth example into TS that typechecks and builds to the same rules as the YAML", async () => {
    const dir = await tempDir();
    const yaml = join(dir, "yaml");
    await mkdir(yaml);
    for (const spec of SPECS) await copyFile(join(EXAMPLES, spec), join(yaml, spec));

    // The k8s examples and multifile.yml define services and SLOs of
    // getting-started.yml and home-wifi.yml again, so each set is imported
    // apart (together they are an error, tested below).
    const batches = {
      "ts-1": [
        "getting-started.yml",
        "home-wifi.yml",
        "kubernetes-apiserver.yml",
        "no-alerts.yml",
        "openslo-getting-started.yml",
      ],
      "ts-2": ["k8s-getting-started.yml", "k8s-home-wifi.yml"],
      "ts-3": ["multifile.yml"],
    };
    expect(Object.values(batches).flat().sort()).toEqual([...SPECS].sort());
    for (const [out, specs] of Object.entries(batches)) {
      const imported = obsforge(
        ["import", ...specs.map((s) => join("yaml", s)), "--out", out],
        dir,
      );
      expect(imported.stderr).toBe("");
      expect(imported.code).toBe(0);
    }
    expect((await readdir(join(dir, "ts-1"))).sort()).toEqual([
      "home-wifi.ts",
      "k8s-apiserver.ts",
      "my-service.ts",
      "myapp.ts",
      "myservice.ts",
    ]);
    expect((await readdir(join(dir, "ts-2"))).sort()).toEqual(["home-wifi.ts", "myservice.ts"]);
    expect((await readdir(join(dir, "ts-3"))).sort()).toEqual(["myservice.ts", "myservice2.ts"]);

    const tsc = await typecheckModules(dir, ["ts-*/*.ts"]);
    expect(tsc.output).toBe("");
    expect(tsc.status).toBe(0);

    // Build each spec alone and compare with its imported module alone (in-process: the
    // process boundary was crossed above; here the rules are what is compared).
    for (const spec of SPECS) {
      const one = join(dir, "one", spec);
      await mkdir(join(one, "yaml"), { recursive: true });
      await copyFile(join(yaml, spec), join(one, "yaml", spec));
      expect((await cli(["build", "--definitions", "yaml", "--out", "out-yaml"], one)).code).toBe(
        0,
      );
      const again = await cli(["import", join("yaml", spec), "--out", "ts"], one);
      expect(again.code).toBe(0);
      expect((await cli(["build", "--definitions", "ts", "--out", "out-ts"], one)).stderr).toBe("");
      expect(withoutHeaders(await snapshotTree(join(one, "out-ts")))).toEqual(
        withoutHeaders(await snapshotTree(join(one, "out-yaml"))),
      );
    }
  });

  test("two inputs naming one service never overwrite each other: one merged module, or an error naming both files", async () => {
    const dir = await tempDir();
    await copyFile(join(EXAMPLES, "getting-started.yml"), join(dir, "a.yml"));
    await copyFile(join(EXAMPLES, "k8s-getting-started.yml"), join(dir, "b.yml"));
    // Same service, same SLO: nothing is written.
    const clash = await cli(["import", "a.yml", "b.yml", "--out", "defs"], dir);
    expect(clash.stderr).toBe(
      'b.yml:18:14: spec.slos[0].name: expected an SLO name unique in service "myservice", got "requests-availability" here and in a.yml\n',
    );
    expect(clash.code).toBe(1);
    expect((await readdir(dir)).sort()).toEqual(["a.yml", "b.yml"]);

    // Same service, different SLOs: one module with both, building to what both YAML files build to.
    const renamed = (await readFile(join(dir, "b.yml"), "utf8")).replace(
      '- name: "requests-availability"',
      '- name: "requests-availability-k8s"',
    );
    await writeFile(join(dir, "b.yml"), renamed);
    const merged = await cli(["import", "a.yml", "b.yml", "--out", "defs"], dir);
    expect(merged.stderr).toBe("");
    expect(merged.stdout).toBe("wrote defs/myservice.ts\n");
    const module = await readFile(join(dir, "defs/myservice.ts"), "utf8");
    expect(module.split("\n")[0]).toBe("// Imported by obsforge from a.yml, b.yml.");
    await mkdir(join(dir, "yaml"));
    await copyFile(join(dir, "a.yml"), join(dir, "yaml/a.yml"));
    await copyFile(join(dir, "b.yml"), join(dir, "yaml/b.yml"));
    expect((await cli(["build", "--definitions", "yaml", "--out", "out-yaml"], dir)).stderr).toBe(
      "",
    );
    expect((await cli(["build", "--definitions", "defs", "--out", "out-ts"], dir)).stderr).toBe("");
    expect(withoutHeaders(await snapshotTree(join(dir, "out-ts")))).toEqual(
      withoutHeaders(await snapshotTree(join(dir, "out-yaml"))),
    );
  });

  test("refuses to overwrite, and reports bad specs in one line each without writing anything", async () => {
    const dir = await tempDir();
    await copyFile(join(EXAMPLES, "getting-started.yml"), join(dir, "a.yml"));
    await writeFile(
      join(dir, "bad.yml"),
      'version: "prometheus/v1"\nservice: x\nslos:\n  - name: s\n    objective: "high"\n    sli: {}\n',
    );
    const r = obsforge(["import", "a.yml", "bad.yml", "--out", "defs"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('bad.yml:5:17: slos[0].objective: expected number, got "high"\n');
    expect((await readdir(dir)).sort()).toEqual(["a.yml", "bad.yml"]);

    expect(obsforge(["import", "a.yml", "--out", "defs"], dir).code).toBe(0);
    const again = obsforge(["import", "a.yml", "--out", "defs"], dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(
      "defs/myservice.ts: expected no existing module (pass --force to overwrite), got one\n",
    );
    expect(obsforge(["import", "a.yml", "--out", "defs", "--force"], dir).code).toBe(0);
  });
});

describe("obsforge import treats every value of the YAML as data", () => {
  test("a Sloth spec with raw/call keys holding shell payloads imports to a module that builds and runs nothing", async () => {
    const dir = await tempDir();
    const sentinel = join(dir, "pwned");
    const g = globalThis as Record<string, unknown>;
    delete g.__obsforgeImportCanary;
    const touch = JSON.stringify(`touch ${sentinel}`);
    // Each payload was printed verbatim as code by the old printer: an object
    // with a string `raw` became that code, one with `call`/`arg` a call.
    const spec = [
      'version: "prometheus/v1"',
      "service: pwn",
      "labels:",
      `  raw: ${JSON.stringify(`require("child_process").execSync(${touch})`)}`,
      "slos:",
      "  - name: requests-availability",
      "    objective: 99.9",
      "    sli:",
      "      events:",
      `        error_query: ${JSON.stringify(`sum(rate(http_requests_total{code=~"5..",note='\`\${globalThis.__obsforgeImportCanary = 1}\`\\\\'}[{{.window}}]))`)}`,
      '        total_query: "sum(rate(http_requests_total[{{.window}}]))"',
      "    alerting:",
      "      name: PwnHighErrorRate",
      "      annotations:",
      `        raw: ${JSON.stringify("globalThis.__obsforgeImportCanary = 1")}`,
      "      page_alert:",
      "        labels:",
      `          call: ${JSON.stringify('require("child_process").execSync')}`,
      `          arg: ${JSON.stringify(`touch ${sentinel}`)}`,
      "",
    ].join("\n");
    await writeFile(join(dir, "evil.yml"), spec);

    const imported = await obsforgeInProcess(["import", "evil.yml", "--out", "defs"], dir);
    expect(imported).toEqual({ code: 0, stdout: "wrote defs/pwn.ts\n", stderr: "" });
    const module = await readFile(join(dir, "defs/pwn.ts"), "utf8");
    expect(module).toContain(
      `labels: { raw: ${JSON.stringify(`require("child_process").execSync(${touch})`)} }`,
    );

    const built = await obsforgeInProcess(["build", "--definitions", "defs", "--out", "out"], dir);
    expect(built.stderr).toBe("");
    expect(built.code).toBe(0);
    expect(existsSync(sentinel)).toBe(false);
    expect(g.__obsforgeImportCanary).toBeUndefined();

    // The payloads arrive in the rules as the strings they were.
    const rules = load(await readFile(join(dir, "out/prometheus/pwn.rules.yml"), "utf8")) as {
      groups: {
        rules: {
          alert?: string;
          expr: string;
          labels?: Record<string, string>;
          annotations?: Record<string, string>;
        }[];
      }[];
    };
    const all = rules.groups.flatMap((g) => g.rules);
    const page = all.find((r) => r.alert === "PwnHighErrorRate" && r.labels?.call !== undefined)!;
    expect(all.some((r) => r.labels?.raw === `require("child_process").execSync(${touch})`)).toBe(
      true,
    );
    expect(page.labels).toMatchObject({
      call: 'require("child_process").execSync',
      arg: `touch ${sentinel}`,
    });
    expect(page.annotations?.raw).toBe("globalThis.__obsforgeImportCanary = 1");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text under test
    expect(all.some((r) => r.expr.includes("`${globalThis.__obsforgeImportCanary = 1}`\\\\"))).toBe(
      true,
    );
  });
});
