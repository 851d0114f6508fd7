import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { SAMPLE_SERVICE_TS } from "../../src/init/sample-service.ts";
import { gitIn } from "../helpers/git.ts";
import { expectGoldenFile } from "../helpers/golden.ts";
import { obsforgeInProcess } from "../helpers/in-process-cli.ts";
import { BIN, PROJECT_ROOT } from "../helpers/paths.ts";
import { tempTree } from "../helpers/temp.ts";

const ROUTING = `import { defineRouting, slackReceiver, webhookReceiver } from "obsforge";

export default defineRouting({
  receivers: [
    webhookReceiver({ name: "example-pager", url: "https://pager.example.com/hook" }),
    slackReceiver({ name: "example-chat", apiUrlFile: "/etc/alertmanager/slack-url", channel: "#example" }),
  ],
  teams: { "example-team": { page: "example-pager", ticket: "example-chat" } },
});
`;

/** Replace `from` by `to` in `text`, failing when `from` is not there (a fixture that silently stopped applying). */
function edit(text: string, from: string, to: string): string {
  expect(text, `fixture edit: ${from}`).toContain(from);
  return text.replace(from, to);
}

const SLOW_ALERT = `        alert({
          name: "ExampleApiSlow",
          expr: \`histogram_quantile(0.99, sum by (le) (rate(\${selector("http_server_request_duration_seconds_bucket", job)}[5m]))) > 2.5\`,
          for: "10m",
          severity: "ticket",
          annotations: { summary: "example-api answers slowly.", runbookUrl: "https://runbooks.example.com/example-api/slow" },
        }),
`;

/**
 * The sample service and a routing, then one edit of every kind: an alert's
 * \`for\` (and its expression re-spaced, which is no change), an alert added,
 * the SLO objective, a LogQL alert's query, a panel's unit, a receiver's
 * channel.
 */
const BEFORE = {
  "definitions/example-api.ts": SAMPLE_SERVICE_TS,
  "definitions/routing.ts": ROUTING,
};
const AFTER = {
  "definitions/example-api.ts": [
    (s: string) => edit(s, 'for: "5m",', 'for: "10m",'),
    (s: string) => edit(s, "max by (job) (${", "max by(job)(  ${"),
    (s: string) =>
      edit(s, "      ],\n    },\n  ],\n  slos:", `${SLOW_ALERT}      ],\n    },\n  ],\n  slos:`),
    (s: string) => edit(s, "objective: 99.9,", "objective: 99.5,"),
    (s: string) => edit(s, 'lineContains("panic")', 'lineContains("fatal")'),
    (s: string) => edit(s, 'unit: "reqps"', 'unit: "ops"'),
  ].reduce((s, f) => f(s), SAMPLE_SERVICE_TS),
  "definitions/routing.ts": edit(ROUTING, 'channel: "#example"', 'channel: "#example-alerts"'),
};

const git = gitIn;

/** A git repository whose HEAD holds `committed`, with `working` written over it (not committed). */
async function repo(
  committed: Record<string, string>,
  working?: Record<string, string>,
): Promise<string> {
  const dir = await tempTree(committed);
  git(dir, "init", "--quiet", "--initial-branch=main");
  git(dir, "add", "-A");
  git(dir, "commit", "--quiet", "-m", "base");
  for (const [path, content] of Object.entries(working ?? {}))
    await writeFile(join(dir, path), content);
  return dir;
}

async function scratchWorktrees(): Promise<string[]> {
  return (await readdir(tmpdir())).filter((n) => n.startsWith("obsforge-diff-")).sort();
}

describe("obsforge diff", () => {
  test("against a project folder: the markdown comment, read by eye", async () => {
    const base = await tempTree(BEFORE);
    const head = await tempTree(AFTER);
    const r = await obsforgeInProcess(["diff", "--base", base, "--format", "markdown"], head);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const shown = r.stdout.replaceAll(base, "BASE");
    await expectGoldenFile(join(PROJECT_ROOT, "test/golden/diff/pr-comment.md"), shown);
    // The edits that are changes are there; the re-spaced expression is not one.
    expect(shown).toContain("- `for`: `5m` → `10m`");
    expect(shown).not.toMatch(/max by\(job\)/);
  });

  test("against HEAD in a temporary worktree: the same change list, and the worktree is gone after", async () => {
    const dir = await repo(BEFORE, AFTER);
    const before = await scratchWorktrees();
    const status = git(dir, "status", "--porcelain");
    const text = await obsforgeInProcess(["diff"], dir);
    expect(text.stderr).toBe("");
    expect(text.code).toBe(0);
    expect(text.stdout.split("\n")[0]).toBe(
      "obsforge diff against HEAD: rules: 1 added, 7 changed · SLOs: 1 changed · dashboards: 2 changed · routing: 1 changed · other files: 2 changed",
    );
    const folder = await tempTree(BEFORE);
    const json = JSON.parse((await obsforgeInProcess(["diff", "--format", "json"], dir)).stdout);
    const fromFolder = JSON.parse(
      (await obsforgeInProcess(["diff", "--base", folder, "--format", "json"], dir)).stdout,
    );
    expect(json.artifacts).toEqual(fromFolder.artifacts);
    expect(json.base).toBe("HEAD");
    // One worktree (the repository's own), no scratch folder left, the working tree untouched.
    expect(git(dir, "worktree", "list", "--porcelain").match(/^worktree /gm)).toHaveLength(1);
    expect(await scratchWorktrees()).toEqual(before);
    expect(git(dir, "status", "--porcelain")).toBe(status);
  });

  test("the SLO's objective change is shown with its effect on detection, from explain's formulas", async () => {
    const dir = await repo(BEFORE, AFTER);
    const r = await obsforgeInProcess(["diff", "--base", "HEAD"], dir);
    const slo = r.stdout.slice(r.stdout.indexOf("~ SLO"), r.stdout.indexOf("~ Dashboard"));
    // page-quick: factor 14.4 over 1h. Fires above 14.4 x 0.1% = 1.44%, then 14.4 x 0.5% = 7.2%.
    // At 100% errors it fires after 0.0144 x 3600 s = 52 s, then 0.072 x 3600 s = 4m19s; at the base's
    // 100x (10% errors) after 0.144 x 3600 s = 8m38s, then 0.72 x 3600 s = 43m12s; at 10x (1%) never
    // either way (1% < 1.44%). page-slow (6 over 6h) at 1%: 0.6/1 x 6h = 3h36m, then never (1% < 3%).
    expect(slo).toContain(`  ~ slo settings
      objective: 99.9% → 99.5%
  ~ tier page-quick
      fires above: 1.44% → 7.2%
      time to fire at 100% errors: 52s → 4m19s
      time to fire at 10% errors: 8m38s → 43m12s
  ~ tier page-slow
      fires above: 0.6% → 3%
      time to fire at 100% errors: 2m10s → 10m48s
      time to fire at 10% errors: 21m36s → 1h48m
      time to fire at 1% errors: 3h36m → never
`);
  });

  test("against an output folder: artifacts only, with a note that SLOs were not compared", async () => {
    const base = await tempTree(BEFORE);
    expect((await obsforgeInProcess(["build", "--no-cache"], base)).code).toBe(0);
    const head = await tempTree(AFTER);
    const r = await obsforgeInProcess(["diff", "--base", join(base, "out"), "--exit-code"], head);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "~ alert ExampleApiDown (example-api-health)\n      for: 5m → 10m\n",
    );
    expect(r.stdout).not.toContain("~ SLO");
    expect(r.stdout).toContain(
      "note: SLOs not compared: the base is an output folder, which holds no SLO model\n",
    );
  });

  test("an output folder whose listed file links outside it is refused; what the link points at is not read", async () => {
    const base = await tempTree(BEFORE);
    expect((await obsforgeInProcess(["build", "--no-cache"], base)).code).toBe(0);
    const secret = await tempTree({
      "secret.yml":
        'groups:\n  - name: s\n    rules:\n      - alert: ExampleApiDown\n        expr: up == 0\n        labels: { token: "s3cr3t" }\n',
    });
    const listed = join(base, "out/prometheus/example-api.rules.yml");
    await rm(listed);
    await symlink(join(secret, "secret.yml"), listed);
    const head = await tempTree(AFTER);
    const r = await obsforgeInProcess(["diff", "--base", join(base, "out")], head);
    expect(r).toEqual({
      code: 1,
      stdout: "",
      stderr: `obsforge diff: ${join(base, "out")}/prometheus/example-api.rules.yml: listed in manifest.json: expected a file inside the folder, got a link to ${join(secret, "secret.yml")}\n`,
    });
  });

  test("--exit-code: 0 when nothing changed, 1 when something did; a formatting-only edit is no change", async () => {
    const respaced = {
      ...BEFORE,
      "definitions/example-api.ts": edit(
        SAMPLE_SERVICE_TS,
        "max by (job) (${",
        "max  by  (job)  (${",
      ),
    };
    const dir = await repo(BEFORE, respaced);
    const same = await obsforgeInProcess(["diff", "--exit-code"], dir);
    // The rule file's bytes differ (the expression is re-spaced) but the rule means the same.
    expect(same.stdout).toBe("obsforge diff against HEAD: no changes\n");
    expect(same.code).toBe(0);
    expect(
      (await obsforgeInProcess(["diff", "--format", "markdown", "--exit-code"], dir)).stdout,
    ).toBe("### obsforge diff against `HEAD`\n\n**no changes**\n");
    await writeFile(join(dir, "definitions/example-api.ts"), AFTER["definitions/example-api.ts"]);
    expect((await obsforgeInProcess(["diff", "--exit-code"], dir)).code).toBe(1);
    expect((await obsforgeInProcess(["diff"], dir)).code).toBe(0);
  });

  test("a base that is neither a folder nor a revision is one line and exit 1", async () => {
    const dir = await repo(BEFORE);
    const r = await obsforgeInProcess(["diff", "--base", "no-such-branch"], dir);
    expect(r).toEqual({
      code: 1,
      stdout: "",
      stderr: `obsforge diff: --base "no-such-branch" is neither a folder nor a git revision of ${git(dir, "rev-parse", "--show-toplevel").trim()}\n`,
    });
    const outside = await tempTree(BEFORE);
    const r2 = await obsforgeInProcess(["diff", "--base", "main"], outside);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(
      /^obsforge diff: --base "main" is not a folder, and .* is not in a git repository\n$/,
    );
    expect(await obsforgeInProcess(["diff", "--format", "html"], dir)).toEqual({
      code: 2,
      stdout: "",
      stderr: 'error: --format must be one of text, json, markdown, got "html"\n',
    });
    const empty = await tempTree({ "x.txt": "" });
    const r3 = await obsforgeInProcess(["diff", "--base", empty], outside);
    expect(r3.stderr).toBe(
      `obsforge diff: --base ${empty}: expected an output folder (with manifest.json) or a project folder (with definitions/), got neither\n`,
    );
  });

  test("an empty --base or --definitions (an unset variable) is refused, not read as the working tree", async () => {
    const dir = await repo(BEFORE, AFTER);
    expect(await obsforgeInProcess(["diff", "--base", "", "--exit-code"], dir)).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "obsforge diff: --base is empty (an unset variable?); pass a git revision or a folder, e.g. --base HEAD\n",
    });
    const r = await obsforgeInProcess(["diff", "--definitions", ""], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "obsforge diff: --definitions is empty (an unset variable?); pass a folder, e.g. --definitions definitions\n",
    );
  });

  test("a base revision that does not build fails with its problems, and its worktree is removed", async () => {
    const broken = {
      ...BEFORE,
      "definitions/example-api.ts": edit(SAMPLE_SERVICE_TS, "objective: 99.9,", "objective: 120,"),
    };
    const dir = await repo(broken, BEFORE);
    const before = await scratchWorktrees();
    const r = await obsforgeInProcess(["diff"], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines[0]).toBe("obsforge diff: the base HEAD does not build:");
    expect(lines[1]).toMatch(/^definitions\/example-api\.ts:\d+:\d+: slos\[0\]\.objective: /);
    expect(git(dir, "worktree", "list", "--porcelain").match(/^worktree /gm)).toHaveLength(1);
    expect(await scratchWorktrees()).toEqual(before);
  });

  test("a base revision without the definitions folder is an empty estate: everything is added", async () => {
    const dir = await repo({ "README.md": "before obsforge\n" }, undefined);
    for (const [path, content] of Object.entries(BEFORE)) {
      const file = join(dir, path);
      if (!existsSync(join(dir, "definitions")))
        execFileSync("mkdir", ["-p", join(dir, "definitions")]);
      await writeFile(file, content);
    }
    const r = await obsforgeInProcess(["diff", "--format", "json"], dir);
    const diff = JSON.parse(r.stdout);
    expect(diff.artifacts.every((a: { status: string }) => a.status === "added")).toBe(true);
    expect(diff.artifacts.map((a: { kind: string; id: string }) => `${a.kind} ${a.id}`)).toContain(
      "slo example-api/availability",
    );
  });

  test("backtests of both sides: the change in fires per week; an unreadable one is one line", async () => {
    const dir = await repo(BEFORE);
    const line = (firesPerWeek: number) => [
      {
        alert: "ExampleApiAvailabilityBudgetBurn",
        slo: "example-api/availability",
        tier: "page-quick",
        firesPerWeek,
      },
    ];
    const files = await tempTree({
      "base.json": JSON.stringify(line(0.5)),
      "head.json": JSON.stringify(line(1.75)),
      "bad.json": "{",
    });
    const r = await obsforgeInProcess(
      [
        "diff",
        "--backtest-base",
        join(files, "base.json"),
        "--backtest-head",
        join(files, "head.json"),
      ],
      dir,
    );
    expect(r.stdout).toBe(`obsforge diff against HEAD: backtest: 1 changed
~ Backtest backtest: 1 changed
  ~ alert ExampleApiAvailabilityBudgetBurn (page-quick) (example-api/availability)
      fires per week: 0.5 → 1.75
`);
    const bad = await obsforgeInProcess(
      [
        "diff",
        "--backtest-base",
        join(files, "bad.json"),
        "--backtest-head",
        join(files, "head.json"),
      ],
      dir,
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(
      /^obsforge diff: .*bad\.json: expected the JSON of `obsforge backtest --format json`: .+\n$/,
    );
    const alone = await obsforgeInProcess(
      ["diff", "--backtest-base", join(files, "base.json")],
      dir,
    );
    expect(alone.code).toBe(2);
  });
});

describe("obsforge diff stopped by a signal", () => {
  test("SIGINT while the base builds removes the worktree at once and exits 130", async () => {
    const marks = await tempTree({});
    const loading = join(marks, "loading");
    const go = join(marks, "go");
    // The base's module says it is loading, then waits until the test lets it finish.
    const waiting = `import { existsSync, writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(loading)}, "");\nwhile (!existsSync(${JSON.stringify(go)})) await new Promise((r) => setTimeout(r, 20));\n${SAMPLE_SERVICE_TS}`;
    const dir = await repo({ ...BEFORE, "definitions/example-api.ts": waiting }, BEFORE);
    const before = await scratchWorktrees();
    const child = spawn(process.execPath, [BIN, "diff"], {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += String(d);
    });
    const exit = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
    await until(() => existsSync(loading));
    expect(worktrees(dir)).toBe(2);
    child.kill("SIGINT");
    // Removed by the signal handler itself, before the base's build is done.
    await until(() => worktrees(dir) === 1);
    await writeFile(go, "");
    expect(await exit).toBe(130);
    expect(stderr).toBe(
      "obsforge diff: interrupted by SIGINT; its temporary worktree is removed\n",
    );
    expect(await scratchWorktrees()).toEqual(before);
  });
});

function worktrees(dir: string): number {
  return git(dir, "worktree", "list", "--porcelain").match(/^worktree /gm)?.length ?? 0;
}

/** Wait for a state another process reaches; vitest's timeout bounds it. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 20));
}
