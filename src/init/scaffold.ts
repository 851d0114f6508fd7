import { SAMPLE_SERVICE_TS, sampleServiceYaml } from "./sample-service.ts";

/** One file `obsforge init` writes: POSIX path relative to the new estate's folder. */
export interface ScaffoldFile {
  path: string;
  content: string;
}

export interface ScaffoldOptions {
  /** The package name in package.json (the folder's name, made a valid npm name). */
  name: string;
  /** The obsforge version that runs init, which the estate depends on. */
  version: string;
  /** From definitions/ to the JSON Schema the installed package ships. */
  schemaPath: string;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * Everything a new estate needs to be green at once: scripts for build,
 * check, lint and test, a tsconfig that types definitions from the
 * installed package, the sample services, a CI workflow and editor
 * settings. Pure: the caller writes the files.
 */
export function scaffoldFiles(options: ScaffoldOptions): ScaffoldFile[] {
  return [
    { path: "package.json", content: packageJson(options) },
    { path: "tsconfig.json", content: tsconfigJson() },
    { path: "definitions/example-api.ts", content: SAMPLE_SERVICE_TS },
    { path: "definitions/example-worker.yaml", content: sampleServiceYaml(options.schemaPath) },
    { path: ".github/workflows/obsforge.yml", content: CI_WORKFLOW },
    { path: ".vscode/settings.json", content: vscodeSettings(options) },
    { path: ".vscode/extensions.json", content: json({ recommendations: ["redhat.vscode-yaml"] }) },
    { path: ".gitignore", content: "node_modules/\n" },
  ];
}

function packageJson(options: ScaffoldOptions): string {
  return json({
    name: options.name,
    version: "0.0.0",
    private: true,
    type: "module",
    scripts: {
      build: "obsforge build",
      check: "obsforge check",
      lint: "obsforge lint",
      test: "obsforge test",
      watch: "obsforge build --watch",
    },
    devDependencies: { obsforge: `^${options.version}` },
  });
}

/** Type-checks definitions against the installed package's types; nothing is emitted. */
function tsconfigJson(): string {
  return json({
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      allowImportingTsExtensions: true,
      types: [],
    },
    include: ["definitions"],
  });
}

function vscodeSettings(options: ScaffoldOptions): string {
  return json({
    // TS types come from node_modules/obsforge through tsconfig.json; use the project's TypeScript when it has one.
    "typescript.tsdk": "node_modules/typescript/lib",
    "yaml.schemas": {
      [options.schemaPath.replace(/^\.\.\//, "")]: ["definitions/**/*.yaml"],
    },
  });
}

/**
 * GitHub Actions, the review loop of README "Reviewing changes": build into
 * a scratch folder, prove the committed out/ is fresh, lint with
 * annotations on the pull request, run the rule tests in promtool and the
 * backtest gate in Prometheus (Debian's and Ubuntu's `prometheus` package
 * ships both), and on a pull request post `obsforge diff` against the base
 * branch as one comment that each push updates. The full history is fetched
 * so the base branch is there to check out; the branch name reaches the
 * shell through an environment variable, never spliced into the script.
 */
const CI_WORKFLOW = `name: obsforge
on:
  push:
    branches: [main]
  pull_request:
permissions:
  contents: read
  pull-requests: write
jobs:
  obsforge:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci
      - name: Install promtool and Prometheus
        run: sudo apt-get update && sudo apt-get install -y --no-install-recommends prometheus
      - name: Build
        run: npx obsforge build --out "$RUNNER_TEMP/out"
      - name: Check out/ is fresh
        run: npx obsforge check
      - name: Lint
        run: npx obsforge lint --format github
      - name: Test
        run: npx obsforge test
      - name: Backtest gate
        run: npx obsforge backtest --max-false-positives 5%
      - name: Diff against the base branch
        if: github.event_name == 'pull_request'
        env:
          BASE_REF: \${{ github.base_ref }}
        run: |
          npx obsforge diff --base "origin/$BASE_REF" --format markdown > "$RUNNER_TEMP/obsforge-diff.md"
          cat "$RUNNER_TEMP/obsforge-diff.md" >> "$GITHUB_STEP_SUMMARY"
      - name: Post the diff on the pull request
        if: github.event_name == 'pull_request'
        uses: marocchino/sticky-pull-request-comment@v2
        with:
          header: obsforge-diff
          path: \${{ runner.temp }}/obsforge-diff.md
`;
