import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { scaffoldFiles } from "../../src/init/scaffold.ts";
import { gitIn } from "../helpers/git.ts";
import { obsforgeInProcess } from "../helpers/in-process-cli.ts";
import { tempDir } from "../helpers/temp.ts";

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}

function workflow() {
  const file = scaffoldFiles({ name: "estate", version: "1.2.3", schemaPath: "x" }).find(
    (f) => f.path === ".github/workflows/obsforge.yml",
  );
  expect(file).toBeDefined();
  // The `yaml` package, a second YAML reader next to the js-yaml obsforge uses, parses it strictly.
  return parse(file!.content, { strict: true, uniqueKeys: true }) as {
    on: Record<string, unknown>;
    permissions: Record<string, string>;
    jobs: Record<string, { steps: Step[] }>;
  };
}

const runs = (steps: readonly Step[]) => steps.map((s) => s.run ?? "").join("\n");

describe("the CI workflow obsforge init scaffolds", () => {
  test("parses, and holds build, check, lint annotations, test and the backtest gate, in that order", () => {
    const wf = workflow();
    expect(Object.keys(wf.on).sort()).toEqual(["pull_request", "push"]);
    const steps = wf.jobs.obsforge!.steps;
    const order = [
      'npx obsforge build --out "$RUNNER_TEMP/out"',
      "npx obsforge check",
      "npx obsforge lint --format github",
      "npx obsforge test",
      "npx obsforge backtest --max-false-positives 5%",
      'npx obsforge diff --base "origin/$BASE_REF" --format markdown',
    ];
    const at = order.map((command) => steps.findIndex((s) => s.run?.includes(command) === true));
    expect(
      at.every((i) => i >= 0),
      runs(steps),
    ).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // promtool runs the tests, Prometheus the backtest: Ubuntu's package has both.
    expect(runs(steps)).toContain("apt-get install -y --no-install-recommends prometheus");
  });

  test("on pull requests the diff is posted as one sticky comment; the base branch comes in by env", () => {
    const wf = workflow();
    const steps = wf.jobs.obsforge!.steps;
    expect(wf.permissions).toEqual({ contents: "read", "pull-requests": "write" });
    // The base branch must be in the clone for `git worktree add` to check it out.
    expect(steps.find((s) => s.uses?.startsWith("actions/checkout@"))?.with).toEqual({
      "fetch-depth": 0,
    });
    const diff = steps.find((s) => s.run?.includes("obsforge diff"));
    expect(diff?.if).toBe("github.event_name == 'pull_request'");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a JS template
    expect(diff?.env).toEqual({ BASE_REF: "${{ github.base_ref }}" });
    expect(diff?.run).not.toContain("${{");
    expect(diff?.run).toContain('> "$RUNNER_TEMP/obsforge-diff.md"');
    expect(diff?.run).toContain('>> "$GITHUB_STEP_SUMMARY"');
    const comment = steps.find((s) =>
      s.uses?.startsWith("marocchino/sticky-pull-request-comment@"),
    );
    expect(comment?.if).toBe("github.event_name == 'pull_request'");
    expect(comment?.with).toEqual({
      header: "obsforge-diff",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a JS template
      path: "${{ runner.temp }}/obsforge-diff.md",
    });
    expect(steps.indexOf(comment!)).toBe(steps.indexOf(diff!) + 1);
  });

  test("its diff step runs in a freshly scaffolded estate against the base branch", async () => {
    const dir = join(await tempDir(), "estate");
    expect((await obsforgeInProcess(["init", dir], process.cwd())).code).toBe(0);
    const git = (...args: string[]) => gitIn(dir, ...args);
    git("init", "--quiet", "--initial-branch=main");
    git("add", "-A");
    git("commit", "--quiet", "-m", "scaffold");
    // What actions/checkout with fetch-depth 0 leaves for a pull request into main.
    git("update-ref", "refs/remotes/origin/main", "HEAD");
    const BASE_REF = "main";
    const r = await obsforgeInProcess(
      ["diff", "--base", `origin/${BASE_REF}`, "--format", "markdown"],
      dir,
    );
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("### obsforge diff against `origin/main`\n\n**no changes**\n");
    expect(r.code).toBe(0);
  });
});
