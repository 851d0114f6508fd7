import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { type CliIO, EXIT, signalExitCode } from "../io.ts";
import { printDiagnostics } from "../report.ts";
import type { BacktestLine } from "../../diff/backtest.ts";
import { cacheOption, emptyFlag } from "./outcome.ts";

export interface DiffFlags {
  definitions: string;
  base: string;
  format: string;
  exitCode?: boolean;
  backtestBase?: string;
  backtestHead?: string;
}

const FORMATS = ["text", "json", "markdown"] as const;

/**
 * `obsforge diff`: what the working tree builds against what the base
 * builds (a git revision, checked out into a temporary worktree) or holds
 * (an output folder). Exit 0, or 1 with `--exit-code` when anything changed.
 */
export async function runDiff(flags: DiffFlags, io: CliIO): Promise<number> {
  if (!(FORMATS as readonly string[]).includes(flags.format)) {
    io.stderr(`error: --format must be one of ${FORMATS.join(", ")}, got "${flags.format}"\n`);
    return EXIT.usage;
  }
  // `--base ""` resolves to the working directory: the tree compared with itself, "no changes".
  const empty =
    flags.base === ""
      ? "obsforge diff: --base is empty (an unset variable?); pass a git revision or a folder, e.g. --base HEAD\n"
      : emptyFlag("diff", { definitions: flags.definitions });
  if (empty !== undefined) {
    io.stderr(empty);
    return EXIT.failure;
  }
  if ((flags.backtestBase === undefined) !== (flags.backtestHead === undefined)) {
    io.stderr(
      "error: --backtest-base and --backtest-head go together (the base's and the working tree's `obsforge backtest --format json`)\n",
    );
    return EXIT.usage;
  }
  const [{ snapshotProject }, { snapshotBase, BASE_CODE }, { diffSnapshots }] = await Promise.all([
    import("../../diff/snapshot.ts"),
    import("../../diff/base.ts"),
    import("../../diff/estate-diff.ts"),
  ]);
  const backtest = await readBacktests(flags, io);
  if (typeof backtest === "string") {
    io.stderr(`obsforge diff: ${backtest}\n`);
    return EXIT.failure;
  }
  const head = await snapshotProject({
    definitions: flags.definitions,
    cwd: io.cwd,
    cache: cacheOption(undefined),
  });
  if (!head.ok) {
    printDiagnostics(io, head.diagnostics);
    return EXIT.failure;
  }
  const base = await snapshotBase(flags.base, {
    cwd: io.cwd,
    definitions: flags.definitions,
    ...(io.signal !== undefined && { signal: io.signal }),
  });
  // Stopped by a signal: the worktree was removed at once; what the build of it said no longer matters.
  if (io.signal?.aborted === true) {
    const signal = String(io.signal.reason);
    io.stderr(`obsforge diff: interrupted by ${signal}; its temporary worktree is removed\n`);
    return signalExitCode(signal);
  }
  if (!base.ok) {
    const own = base.diagnostics.filter((d) => d.code === BASE_CODE);
    for (const d of own) io.stderr(`obsforge diff: ${d.message}\n`);
    if (own.length === 0) {
      io.stderr(`obsforge diff: the base ${flags.base} does not build:\n`);
      printDiagnostics(io, base.diagnostics);
    }
    return EXIT.failure;
  }
  const diff = diffSnapshots(base.value, head.value, {
    base: flags.base,
    ...(backtest !== undefined && { backtest }),
  });
  io.stdout(await render(flags.format as (typeof FORMATS)[number], diff));
  return flags.exitCode === true && diff.artifacts.length > 0 ? EXIT.failure : EXIT.ok;
}

async function render(
  format: (typeof FORMATS)[number],
  diff: import("../../diff/model.ts").EstateDiff,
): Promise<string> {
  switch (format) {
    case "text":
      return (await import("../../diff/format-text.ts")).diffText(diff);
    case "json":
      return (await import("../../diff/format-json.ts")).diffJson(diff);
    case "markdown":
      return (await import("../../diff/format-markdown.ts")).diffMarkdown(diff);
  }
}

type Backtests = { before: BacktestLine[]; after: BacktestLine[] };

/** Both backtest reports, undefined when none was given, or a one-line reason one cannot be read. */
async function readBacktests(flags: DiffFlags, io: CliIO): Promise<Backtests | undefined | string> {
  if (flags.backtestBase === undefined || flags.backtestHead === undefined) return undefined;
  const { readBacktestLines } = await import("../../diff/backtest.ts");
  const read = async (file: string): Promise<BacktestLine[] | string> => {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(resolve(io.cwd, file), "utf8"));
    } catch (error) {
      const e = error as { code?: string; message?: string };
      return `${file}: expected the JSON of \`obsforge backtest --format json\`: ${e.code ?? e.message}`;
    }
    const lines = readBacktestLines(json);
    return typeof lines === "string" ? `${file}: ${lines}` : lines;
  };
  const before = await read(flags.backtestBase);
  if (typeof before === "string") return before;
  const after = await read(flags.backtestHead);
  if (typeof after === "string") return after;
  return { before, after };
}
