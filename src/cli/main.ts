import { Command, CommanderError } from "commander";
import { runBuild } from "./commands/build.ts";
import { runCheck } from "./commands/check.ts";
import { runExplain } from "./commands/explain.ts";
import { runTest } from "./commands/test.ts";
import { type CliIO, EXIT } from "./io.ts";

/**
 * Parse argv and run one command; returns the exit code. Commander only
 * wires flags; each command lives in ./commands and loads the library
 * lazily, so `--help` stays fast.
 */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command("obsforge")
    .description(
      "Observability as code: TypeScript definitions → Prometheus, Loki and Grafana artifacts",
    )
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError("(run obsforge --help for usage)");

  const withPaths = (cmd: Command) =>
    cmd
      .option("--definitions <dir>", "folder of definition modules", "definitions")
      .option("--out <dir>", "output folder", "out");

  withPaths(
    program.command("build").description("validate definitions and write artifacts into out/"),
  ).action(async (flags) => {
    exitCode = await runBuild(flags, io);
  });
  withPaths(
    program.command("check").description("fail if out/ differs from a fresh build (never writes)"),
  ).action(async (flags) => {
    exitCode = await runCheck(flags, io);
  });

  withPaths(
    program.command("test").description("run generated and hand-written alert tests in promtool"),
  ).action(async (flags) => {
    exitCode = await runTest(flags, io);
  });

  program
    .command("explain")
    .description("burn-rate alert table per SLO: thresholds, budget spent and time to detect")
    .option("--definitions <dir>", "folder of definition modules", "definitions")
    .option("--slo <name>", "only this SLO (<slo> or <service>/<slo>)")
    .option("--format <format>", "text | json | markdown", "text")
    .action(async (flags) => {
      exitCode = await runExplain(flags, io);
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
