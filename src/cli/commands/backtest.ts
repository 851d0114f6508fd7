import { ENGINES, type EngineName } from "../../backtest/engines.ts";
import type { BacktestReport } from "../../backtest/report.ts";
import { DURATION_RE, durationSeconds } from "../../core/duration.ts";
import { type CliIO, EXIT, signalExitCode } from "../io.ts";
import { commandOutput } from "../output.ts";
import { printDiagnostics } from "../report.ts";

export interface BacktestFlags {
  definitions: string;
  slo?: string;
  alert?: string;
  format: string;
  history?: string;
  incidents?: string;
  maxFalsePositives?: string;
  scenarios?: string;
  prometheus?: string;
  strategies?: boolean;
  engine: string;
  range: string;
  end?: string;
  /** `--quiet`: no progress, no summary line. */
  quiet?: boolean;
}

const FORMATS = ["text", "json", "markdown", "html"] as const;

/** `5%` or `0.05` → 0.05; undefined for anything else. */
export function parseShare(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(%?)$/.exec(text.trim());
  if (m === null) return undefined;
  const n = Number(m[1]) / (m[2] === "%" ? 100 : 1);
  return n >= 0 && n <= 1 ? n : undefined;
}

/**
 * `obsforge backtest`: replay the compiled alerts in a real Prometheus over
 * generated scenarios or a history, print what they did, and exit 1 when an
 * alert is noisier than the gate allows.
 */
export async function runBacktest(flags: BacktestFlags, io: CliIO): Promise<number> {
  if (!(FORMATS as readonly string[]).includes(flags.format)) {
    io.stderr(`error: --format must be one of ${FORMATS.join(", ")}, got "${flags.format}"\n`);
    return EXIT.usage;
  }
  const gate =
    flags.maxFalsePositives === undefined ? undefined : parseShare(flags.maxFalsePositives);
  if (flags.maxFalsePositives !== undefined && gate === undefined) {
    io.stderr(
      `error: --max-false-positives must be a share such as 5% or 0.05, got "${flags.maxFalsePositives}"\n`,
    );
    return EXIT.usage;
  }
  if (
    flags.strategies === true &&
    (flags.history !== undefined || flags.prometheus !== undefined)
  ) {
    io.stderr(
      "error: --strategies compares strategies on the generated scenarios; drop --history/--prometheus\n",
    );
    return EXIT.usage;
  }
  if (flags.history !== undefined && flags.prometheus !== undefined) {
    io.stderr("error: --history and --prometheus are two sources of history; give one\n");
    return EXIT.usage;
  }
  if (!(ENGINES as readonly string[]).includes(flags.engine)) {
    io.stderr(`error: --engine must be one of ${ENGINES.join(", ")}, got "${flags.engine}"\n`);
    return EXIT.usage;
  }
  const range = DURATION_RE.test(flags.range) ? durationSeconds(flags.range) : 0;
  if (range <= 0) {
    io.stderr(`error: --range must be a duration such as 30d, got "${flags.range}"\n`);
    return EXIT.usage;
  }
  const end =
    flags.end === undefined ? Math.floor(Date.now() / 1000) : Date.parse(flags.end) / 1000;
  if (Number.isNaN(end)) {
    io.stderr(`error: --end must be an RFC 3339 time, got "${flags.end}"\n`);
    return EXIT.usage;
  }
  if (
    flags.incidents !== undefined &&
    flags.history === undefined &&
    flags.prometheus === undefined
  ) {
    io.stderr(
      "error: --incidents labels a --history; generated scenarios label their own incidents\n",
    );
    return EXIT.usage;
  }
  const [{ backtestProject }, { gateFailures }] = await Promise.all([
    import("../../pipeline/backtest.ts"),
    import("../../backtest/report.ts"),
  ]);
  const output = commandOutput("backtest", io, { quiet: flags.quiet === true });
  const result = await backtestProject({
    ...(output.onProgress !== undefined && { onProgress: output.onProgress }),
    definitions: flags.definitions,
    cwd: io.cwd,
    ...(flags.slo !== undefined && { slo: flags.slo }),
    ...(flags.alert !== undefined && { alert: flags.alert }),
    ...(flags.history !== undefined && { history: flags.history }),
    ...(flags.incidents !== undefined && { incidents: flags.incidents }),
    ...(flags.prometheus !== undefined && { prometheus: { url: flags.prometheus, range, end } }),
    ...(flags.strategies === true && { strategies: true }),
    engine: flags.engine as EngineName,
    ...(io.signal !== undefined && { signal: io.signal }),
    ...(flags.scenarios !== undefined && {
      scenarios: flags.scenarios.split(",").map((s) => s.trim()),
    }),
  });
  output.endProgress();
  if (!result.ok) {
    const { failure } = result;
    if (failure.kind === "stopped") {
      io.stderr(`backtest stopped (${failure.signal}): engines stopped, temporary files removed\n`);
      return signalExitCode(failure.signal);
    }
    if (failure.kind === "definitions") printDiagnostics(io, failure.diagnostics);
    else io.stderr(`error: ${failure.message}\n`);
    return EXIT.failure;
  }
  const report = result.value;
  const unmatched = nothingMatched(flags, report);
  if (unmatched !== undefined) {
    io.stderr(`error: no ${unmatched}\n`);
    return EXIT.failure;
  }
  io.stdout(await rendered(report, flags.format as (typeof FORMATS)[number]));
  const failures = gateFailures(report, gate);
  for (const f of failures) io.stderr(`backtest gate: ${f}\n`);
  output.summary({
    ok: failures.length === 0,
    counts: `${report.alerts.length} alert(s) replayed`,
  });
  return failures.length > 0 ? EXIT.failure : EXIT.ok;
}

/** What `--slo`/`--alert` asked for when they matched no alert: `SLO named "x" with alerts to backtest`. */
function nothingMatched(
  flags: BacktestFlags,
  report: { alerts: readonly unknown[]; skipped: readonly unknown[] },
): string | undefined {
  if (flags.slo === undefined && flags.alert === undefined) return undefined;
  if (report.alerts.length > 0 || report.skipped.length > 0) return undefined;
  return flags.alert !== undefined
    ? `alert named "${flags.alert}"${flags.slo !== undefined ? ` in SLO "${flags.slo}"` : ""} to backtest`
    : `SLO named "${flags.slo}" with alerts to backtest (use <slo> or <service>/<slo>)`;
}

/** The report in the format asked for; the page's modules load only for html. */
async function rendered(report: BacktestReport, format: (typeof FORMATS)[number]): Promise<string> {
  if (format === "html") {
    const [{ backtestPage }, { chartAssets }] = await Promise.all([
      import("../../report/html/backtest-page.ts"),
      import("../../report/html/uplot-assets.ts"),
    ]);
    return backtestPage(report, chartAssets());
  }
  const text = await import("../../backtest/format.ts");
  return { text: text.backtestText, json: text.backtestJson, markdown: text.backtestMarkdown }[
    format
  ](report);
}
