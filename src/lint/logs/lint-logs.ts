import type { Problem, Severity, Span } from "../../core/problem.ts";
import { type LineFormat, type LogLine, readLine } from "../../loglines/line.ts";
import { MAX_LOG_LINE_LENGTH, readLogStream } from "../../loglines/stream.ts";
import type { CheckProblem, LogCheck, LogLineCheck, LogStreamCheck } from "../check.ts";
import { LOG_CHECKS } from "../checks/logs-index.ts";
import { unparsableLine } from "../checks/logs/unparsable-line.ts";
import { DEFAULT_LINT_CONFIG, type LintConfig } from "../config.ts";
import { createFindingCollector } from "../finding-collector.ts";
import { formatMessage } from "../messages.ts";
import { active, checkLevel, MAX_FINDINGS_PER_CHECK } from "../metric-lint.ts";
import { type LogProfile, OTEL_LOG_PROFILE } from "./profile.ts";
import { createStatsCounter } from "./stats.ts";

export interface LintLogsOptions {
  /** Shown in findings: a path or `-`. */
  file: string;
  /** Default OTEL_LOG_PROFILE. */
  profile?: LogProfile;
  config?: LintConfig;
  /** Findings kept per check (default MAX_FINDINGS_PER_CHECK); the rest are counted. */
  maxFindingsPerCheck?: number;
  /** Longest line read (default MAX_LOG_LINE_LENGTH). */
  maxLineLength?: number;
}

export interface LogLintResult {
  /** Lines in the input, blank ones included. */
  lines: number;
  /** The stream's format: the profile's, or the first line's. */
  format: LineFormat;
  findings: Problem[];
}

/** Characters of a line shown under a finding; the caret's window moves along longer lines. */
const EXCERPT_MAX = 200;

/**
 * Lint structured log lines read as a stream: each line goes through the
 * line checks as it is read, and the stream checks run once at the end on
 * counters (stats.ts). Memory stays bounded: one line at a time, at most
 * `maxFindingsPerCheck` findings per check, and counters of bounded size.
 */
export async function lintLogStream(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  options: LintLogsOptions,
): Promise<LogLintResult> {
  const profile = options.profile ?? OTEL_LOG_PROFILE;
  const config = options.config ?? DEFAULT_LINT_CONFIG;
  const checks = active<LogCheck>(LOG_CHECKS, config);
  const lineChecks = checks.filter(
    (c): c is { check: LogLineCheck; severity: Severity } => c.check.scope === "line",
  );
  const streamChecks = checks.filter(
    (c): c is { check: LogStreamCheck; severity: Severity } => c.check.scope === "stream",
  );
  const collector = createFindingCollector(options.maxFindingsPerCheck ?? MAX_FINDINGS_PER_CHECK);
  const counter = createStatsCounter(profile);
  const file = options.file;
  let streamFormat: LineFormat | undefined = profile.format === "auto" ? undefined : profile.format;

  const onLine = (line: LogLine) => {
    streamFormat ??= line.format;
    counter.add(line);
    const ctx = { line, profile, streamFormat };
    for (const { check, severity } of lineChecks) {
      const problems = check.check(ctx);
      if (problems.length === 0) continue;
      if (collector.full(check.id)) {
        for (const _ of problems) collector.drop(check.id, severity);
        continue;
      }
      for (const p of problems) collector.add(lineFinding(p, { check, severity, file, line }));
    }
  };
  const tooLong = checkLevel(unparsableLine, config);
  const max = options.maxLineLength ?? MAX_LOG_LINE_LENGTH;
  const onOverlong = (lineNumber: number) => {
    if (tooLong === undefined) return;
    if (collector.full(unparsableLine.id)) return collector.drop(unparsableLine.id, tooLong);
    collector.add({
      code: unparsableLine.id,
      severity: tooLong,
      message: formatMessage(unparsableLine, { messageId: "tooLong", data: { max } }),
      file,
      path: [],
      span: { line: lineNumber },
    });
  };
  const read = await readLogStream(source, { onLine, onOverlong, maxLineLength: max });
  const format = streamFormat ?? (profile.format === "auto" ? "plain" : profile.format);
  const stats = counter.stats();
  for (const { check, severity } of streamChecks)
    for (const p of check.check({ stats, profile, streamFormat: format }))
      collector.always(streamFinding(p, { check, severity, file }));
  return { lines: read.lines, format, findings: collector.findings(file) };
}

/** Which check a problem is of, at which level, in which input. */
interface Origin {
  check: LogCheck;
  severity: Severity;
  file: string;
}

/** A line check's problem, placed on its line (the excerpt a window of long lines around the span). */
function lineFinding(problem: CheckProblem, origin: Origin & { line: LogLine }): Problem {
  const { line } = origin;
  const from = problem.span?.from;
  const start = from === undefined || line.text.length <= EXCERPT_MAX ? 0 : Math.max(0, from - 80);
  return finding(problem, origin, {
    line: line.number,
    ...(problem.span !== undefined && {
      column: problem.span.from + 1,
      endColumn: problem.span.to + 1,
    }),
    excerpt: line.text.slice(start, start + EXCERPT_MAX),
    ...(start > 0 && { excerptOffset: start }),
  });
}

/** A stream check's problem, at the line it names (where what it counts was first seen), if any. */
function streamFinding(problem: CheckProblem, origin: Origin): Problem {
  const at = problem.at;
  return finding(problem, origin, at && { line: at.line, excerpt: at.excerpt });
}

function finding(problem: CheckProblem, origin: Origin, span: Span | undefined): Problem {
  return {
    code: origin.check.id,
    severity: problem.severity ?? origin.severity,
    message: formatMessage(origin.check, problem),
    file: origin.file,
    path: [],
    ...(span !== undefined && { span }),
    ...(problem.subject !== undefined && { subject: problem.subject }),
  };
}

/**
 * One check's problems on a whole text (check samples): every line through
 * it if it reads lines, else the stream's counters once, with the profile
 * and the format choice lintLogStream uses.
 */
export function logCheckProblems(
  check: LogCheck,
  text: string,
  profile: LogProfile = OTEL_LOG_PROFILE,
): CheckProblem[] {
  const counter = createStatsCounter(profile);
  let streamFormat: LineFormat | undefined = profile.format === "auto" ? undefined : profile.format;
  const out: CheckProblem[] = [];
  for (const [i, raw] of text.split("\n").entries()) {
    if (raw.trim() === "") continue;
    const line = readLine(raw, i + 1);
    streamFormat ??= line.format;
    counter.add(line);
    if (check.scope === "line") out.push(...check.check({ line, profile, streamFormat }));
  }
  if (check.scope === "stream")
    out.push(
      ...check.check({ stats: counter.stats(), profile, streamFormat: streamFormat ?? "plain" }),
    );
  return out;
}
