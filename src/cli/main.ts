import { readFileSync } from "node:fs";
import { Command, CommanderError, Option } from "commander";
import { type CliIO, EXIT } from "./io.ts";

/**
 * Parse argv and run one command; returns the exit code. Commander only
 * wires flags; each command lives in ./commands and is imported when it
 * runs, and loads the library lazily in turn, so `--version` and `--help`
 * load nothing but bin.ts, this file, io.ts, commander and node's own modules (a test in
 * test/cli/startup.test.ts holds it to that).
 */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command("obsforge")
    .description(
      "Observability as code: TypeScript definitions → Prometheus, Loki and Grafana artifacts",
    )
    .version(packageVersion(), "-V, --version", "print the obsforge version")
    .option(
      "-q, --quiet",
      "print only errors: no summary lines, no progress; lint prints error findings only",
    )
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError("(run obsforge --help for usage)");

  const withPaths = (cmd: Command) =>
    cmd
      .option("--definitions <dir>", "folder of definition modules", "definitions")
      .option("--out <dir>", "output folder", "out");

  const quiet = (): boolean => program.opts().quiet === true;
  const watchOption = (what: string) =>
    new Option(
      "-w, --watch",
      `${what} again on every change to the definitions or the config file, until Ctrl-C`,
    );
  /** The command once, or, with --watch, on every change (src/cli/watch.ts). */
  const runOrWatch = async (
    command: string,
    flags: { watch?: boolean; definitions: string; out?: string; config?: string },
    once: () => Promise<number>,
  ): Promise<number> => {
    if (flags.watch !== true) return once();
    const { watchRuns, projectWatch } = await import("./watch.ts");
    return watchRuns(once, projectWatch(command, flags, { cwd: io.cwd, quiet: quiet() }), io);
  };

  const noCache = (cmd: Command) =>
    cmd.option(
      "--no-cache",
      "run, validate and compile every module (no incremental cache, no transpile cache)",
    );
  noCache(
    withPaths(
      program.command("build").description("validate definitions and write artifacts into out/"),
    ),
  )
    .addOption(watchOption("build"))
    .action(async (flags) => {
      const { runBuild } = await import("./commands/build.ts");
      exitCode = await runOrWatch("build", flags, () => runBuild({ ...flags, quiet: quiet() }, io));
    });
  noCache(
    withPaths(
      program
        .command("check")
        .description("fail if out/ differs from a fresh build (never writes)"),
    ),
  ).action(async (flags) => {
    exitCode = await (await import("./commands/check.ts")).runCheck(
      { ...flags, quiet: quiet() },
      io,
    );
  });

  // Choices are listed here (not imported) so `--help` loads no lint code.
  const formatOption = () =>
    new Option("--format <format>", "output format")
      .choices(["text", "json", "github", "sarif"])
      .default("text");
  const profileOption = (what: string) =>
    new Option("--profile <profile>", `metric-name rules (${what})`).choices([
      "promlint",
      "otel",
      "strict",
    ]);
  program
    .command("lint")
    .description(
      "lint rules (as compiled for Prometheus), the metric catalogue, LogQL queries and dashboards; with FILE|DIR..., lint existing rule files, PrometheusRules, dashboards and SLO specs in place",
    )
    .argument("[paths...]", "foreign files or folders to lint in place (yaml, yml, json)")
    .option("--definitions <dir>", "folder of definition modules", "definitions")
    .option("--out <dir>", "output folder the dashboards are reported under", "out")
    .addOption(formatOption())
    .addOption(profileOption("for the catalogue; default: config lint.profile, else strict"))
    .option("--config <file>", "lint settings (default obsforge.config.json when present)")
    .addOption(watchOption("lint"))
    .action(async (paths: string[], flags) => {
      if (paths.length > 0) {
        if (flags.watch === true) {
          io.stderr("obsforge lint: --watch lints the definitions; it takes no FILE|DIR\n");
          exitCode = EXIT.usage;
          return;
        }
        exitCode = await (await import("./commands/lint-files.ts")).runLintFiles(
          paths,
          { ...flags, quiet: quiet() },
          io,
        );
        return;
      }
      const { runLint } = await import("./commands/lint.ts");
      exitCode = await runOrWatch("lint", flags, () => runLint({ ...flags, quiet: quiet() }, io));
    });
  program
    .command("lint-metrics")
    .description(
      "lint metric names in a Prometheus text or OpenMetrics exposition (FILE, URL or - for stdin)",
    )
    .argument("[input]", "file, http(s) URL of a /metrics endpoint, or - for stdin")
    .addOption(formatOption())
    .addOption(profileOption("default promlint; strict with --catalogue"))
    .addOption(
      new Option("--exposition <format>", "input format")
        .choices(["auto", "text", "openmetrics"])
        .default("auto"),
    )
    .option(
      "--catalogue",
      "lint the metric catalogue of the definitions instead of an exposition",
      false,
    )
    .option("--definitions <dir>", "folder of definition modules (with --catalogue)", "definitions")
    .option("--config <file>", "lint settings (default obsforge.config.json when present)")
    .option(
      "--timeout <duration>",
      "URL: give up when the response, or more of its body, takes longer (e.g. 10s, 500ms)",
      "10s",
    )
    .option(
      "--max-size <size>",
      "URL: largest response read (bytes, or with KiB, MiB, GiB)",
      "64MiB",
    )
    .option("--max-findings <n>", "findings printed per rule; the rest are counted", "100")
    .action(async (input: string | undefined, flags) => {
      exitCode = await (await import("./commands/lint-metrics.ts")).runLintMetrics(
        { ...flags, quiet: quiet(), ...(input !== undefined && { input }) },
        io,
      );
    });

  program
    .command("lint-logs")
    .description(
      "lint structured log lines (JSON, logfmt; FILE or - for stdin): trace context, ids, levels, field names, formats",
    )
    .argument("[input]", "file of log lines (a logcli export, an app's stdout), or - for stdin")
    .addOption(formatOption())
    .option(
      "--service <name>",
      "take the format and field names from this service's logs (default: OpenTelemetry's trace_id, span_id, severity_text)",
    )
    .option("--definitions <dir>", "folder of definition modules (with --service)", "definitions")
    .option("--config <file>", "lint settings (default obsforge.config.json when present)")
    .option("--max-findings <n>", "findings printed per check; the rest are counted", "100")
    .action(async (input: string | undefined, flags) => {
      exitCode = await (await import("./commands/lint-logs.ts")).runLintLogs(
        { ...flags, quiet: quiet(), ...(input !== undefined && { input }) },
        io,
      );
    });

  withPaths(
    program
      .command("test")
      .description(
        "run generated and hand-written alert tests in promtool; with PATH..., the promtool test files there",
      )
      .argument("[paths...]", "promtool test files or folders of them (plain rule YAML repos)"),
  ).action(async (paths: string[], flags) => {
    exitCode = await (await import("./commands/test.ts")).runTest(
      { ...flags, quiet: quiet() },
      io,
      paths,
    );
  });

  program
    .command("import")
    .description(
      "turn Sloth (prometheus/v1, PrometheusServiceLevel) and OpenSLO v1alpha specs, Prometheus rule files and PrometheusRules (YAML), and Grafana dashboard JSON, into TS definitions",
    )
    .argument("<files...>", "spec files (YAML) and dashboards (JSON)")
    .option("--out <dir>", "folder for the generated modules", "definitions")
    .option("--force", "overwrite existing modules")
    .action(async (files: string[], flags) => {
      exitCode = await (await import("./commands/import.ts")).runImport(files, flags, io);
    });

  program
    .command("explain")
    .description("burn-rate alert table per SLO: thresholds, budget spent and time to detect")
    .option("--definitions <dir>", "folder of definition modules", "definitions")
    .option("--slo <name>", "only this SLO (<slo> or <service>/<slo>)")
    .option(
      "--alerts",
      "per alert instead: who is notified, after what grouping delay, what inhibits it",
    )
    .option("--alert <name>", "with --alerts, only this alert (<alert> or <service>/<alert>)")
    .option("--format <format>", "text | json | markdown | html (a page with charts)", "text")
    .action(async (flags) => {
      exitCode = await (await import("./commands/explain.ts")).runExplain(flags, io);
    });

  program
    .command("diff")
    .description(
      "semantic change list against a git revision (built in a temporary worktree) or a folder: rules, SLOs, dashboards, routing",
    )
    .option("--definitions <dir>", "folder of definition modules", "definitions")
    .option(
      "--base <ref|dir>",
      "git revision to build in a temporary worktree, an output folder, or a project folder",
      "HEAD",
    )
    .option("--format <format>", "text | json | markdown (a pull-request comment)", "text")
    .option("--exit-code", "exit 1 when anything changed")
    .option(
      "--backtest-base <file>",
      "the base's `obsforge backtest --format json`, for fires per week",
    )
    .option("--backtest-head <file>", "the working tree's `obsforge backtest --format json`")
    .action(async (flags) => {
      exitCode = await (await import("./commands/diff.ts")).runDiff(flags, io);
    });

  program
    .command("preview")
    .description(
      "write a static HTML page per dashboard (its grid, panel kinds, units, thresholds, queries) and an index",
    )
    .option("--definitions <dir>", "folder of definition modules", "definitions")
    .option("--out <dir>", "folder for the pages (replaced as a whole; never out/)", "preview")
    .option(
      "--dashboards <dir>",
      "preview the dashboard JSON files in this folder (out/grafana/dashboards, exported dashboards) instead of building",
    )
    .action(async (flags) => {
      exitCode = await (await import("./commands/preview.ts")).runPreview(flags, io);
    });

  program
    .command("init")
    .description(
      "scaffold a new estate (package.json scripts, tsconfig, sample definitions, CI workflow, editor settings); never overwrites a file",
    )
    .argument("[dir]", "folder to write into (made when missing)", ".")
    .action(async (dir: string) => {
      exitCode = await (await import("./commands/init.ts")).runInit(dir, io);
    });

  program
    .command("backtest")
    .description(
      "replay the compiled alerts in a real Prometheus (or VictoriaMetrics) over generated scenarios or a history: fires, detection and reset time, precision, recall",
    )
    .option("--definitions <dir>", "folder of definition modules", "definitions")
    .option("--slo <name>", "only this SLO (<slo> or <service>/<slo>)")
    .option("--alert <name>", "only alerts of this name")
    .option("--format <format>", "text | json | markdown | html (a timeline page)", "text")
    .option(
      "--history <file>",
      "OpenMetrics text with timestamps, or a Prometheus query_range JSON answer",
    )
    .option(
      "--incidents <file>",
      "YAML incidents: [{start, end, slo?, alert?}] (RFC 3339), with --history",
    )
    .option(
      "--max-false-positives <share>",
      "exit 1 when an alert's false-positive share is above this (5% or 0.05)",
    )
    .option("--scenarios <ids>", "generated scenarios to run, comma-separated (default: all)")
    .option(
      "--strategies",
      "replay the SRE workbook's chapter 5 alerting strategies per SLO over the scenarios, instead of its alerts",
    )
    .option(
      "--prometheus <url>",
      "read the raw series the rules need from this Prometheus's HTTP API",
    )
    .option(
      "--engine <engine>",
      "prometheus (2.42, promtool backfill) | victoria-metrics (1.79, vmalert -replay)",
      "prometheus",
    )
    .option("--range <duration>", "with --prometheus: how much history, up to --end", "7d")
    .option("--end <time>", "with --prometheus: end of the range, RFC 3339 (default: now)")
    .action(async (flags) => {
      exitCode = await (await import("./commands/backtest.ts")).runBacktest(
        { ...flags, quiet: quiet() },
        io,
      );
    });

  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      const informational = ["commander.helpDisplayed", "commander.version", "commander.help"];
      return informational.includes(error.code) ? EXIT.ok : EXIT.usage;
    }
    throw error;
  }
  return exitCode;
}

/** The version in obsforge's package.json (one folder above src/ and dist/ alike). */
function packageVersion(): string {
  const text = readFileSync(new URL("../../package.json", import.meta.url), "utf8");
  return (JSON.parse(text) as { version: string }).version;
}
