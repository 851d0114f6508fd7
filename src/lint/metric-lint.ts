import type { Problem, Severity } from "../core/problem.ts";
import type { ExpositionFormat, ExpositionFormatOption } from "../exposition/format.ts";
import type { ExpositionLimits } from "../exposition/limits.ts";
import { parseExpositionStream } from "../exposition/stream.ts";
import { DEFAULT_LINT_CONFIG, type LintConfig, settingLevel, settingOptions } from "./config.ts";
import { createFindingCollector, type FindingCollector, findingKey } from "./finding-collector.ts";
import type {
  ExpositionError,
  ExpositionCheck,
  Check,
  MetricFamily,
  MetricProfile,
  MetricCheck,
} from "./check.ts";
import { METRIC_CHECKS } from "./checks/metric-index.ts";
import { syntax } from "./checks/exposition/syntax.ts";
import { formatProblems } from "./messages.ts";
import { indexSemconv, loadSemconv, type SemconvIndex } from "./semconv.ts";

/**
 * The metric-name half of the linter: expositions and single families. It
 * loads no model or schema code, so `lint-metrics` starts fast.
 */

/**
 * At most this many findings of one check are reported per exposition (the
 * first ones, by line); the rest are counted in one closing finding. With
 * ExpositionLimits this keeps lint-metrics' memory bounded for any input.
 */
export const MAX_FINDINGS_PER_CHECK = 100;

const EMPTY_SEMCONV = indexSemconv(new Map());

/** The severity a check runs at under `config`, or undefined when it is off. */
export function checkLevel(check: Check, config: LintConfig): Severity | undefined {
  const level = settingLevel(config.rules[check.id]);
  if (level === "off") return undefined;
  return level ?? check.severity;
}

export function metricChecksFor(profile: MetricProfile): MetricCheck[] {
  return METRIC_CHECKS.filter((c) => profile === "strict" || c.profiles.includes(profile));
}

export interface Active<C extends Check> {
  check: C;
  severity: Severity;
  /** A configurable check's settings: the config's, else its defaults. */
  options?: unknown;
}

export function active<C extends Check>(checks: readonly C[], config: LintConfig): Active<C>[] {
  const out: Active<C>[] = [];
  for (const check of checks) {
    const severity = checkLevel(check, config);
    if (severity === undefined) continue;
    const options = checkOptions(check, config);
    out.push(options === undefined ? { check, severity } : { check, severity, options });
  }
  return out;
}

/**
 * A configurable check's settings under `config` (ESLint's `[level, options]`),
 * validated by its schema; its defaults when the config gives none. The
 * config loader has already refused invalid options with their path.
 */
export function checkOptions(check: Check, config: LintConfig): unknown {
  if (check.target !== "rule" || check.options === undefined) return undefined;
  const given = settingOptions(config.rules[check.id]);
  if (given === undefined) return check.options.defaults;
  const parsed = check.options.schema.safeParse(given);
  return parsed.success ? parsed.data : check.options.defaults;
}

// ---------------------------------------------------------------------------
// Metric families (exposition and catalogue)

export interface MetricLinter {
  /** Findings for one family; `disable` lists check ids switched off for it. */
  lint(family: MetricFamily, options?: { file?: string; disable?: readonly string[] }): Problem[];
}

export async function createMetricLinter(
  profile: MetricProfile,
  config: LintConfig = DEFAULT_LINT_CONFIG,
): Promise<MetricLinter> {
  const checks = active(metricChecksFor(profile), config);
  const semconv: SemconvIndex = checks.some((c) => c.check.needsSemconv)
    ? await loadSemconv()
    : EMPTY_SEMCONV;
  return {
    lint(family, options = {}) {
      const findings: Problem[] = [];
      const where = familyPosition(family);
      for (const { check, severity } of checks) {
        if (options.disable?.includes(check.id)) continue;
        for (const problem of formatProblems(check, check.check({ family, semconv }))) {
          findings.push({
            code: check.id,
            path: [],
            severity,
            message: problem.message,
            ...(options.file !== undefined && { file: options.file }),
            ...where,
            subject: problem.subject ?? family.name,
          });
        }
      }
      return findings;
    },
  };
}

/** Line, and the column of the name in the family's first line, for carets. */
function familyPosition(family: MetricFamily): Partial<Problem> {
  if (family.line === undefined) return {};
  const excerpt = family.excerpt ?? "";
  const base =
    family.origin === "openmetrics" ? family.name.replace(/_(total|info)$/, "") : family.name;
  const at = nameAt(excerpt, base);
  return at < 0
    ? { span: { line: family.line, excerpt } }
    : { span: { line: family.line, column: at + 1, endColumn: at + 1 + base.length, excerpt } };
}

/**
 * Where `name` first starts in `line` not as the tail of a longer name. An
 * indexOf loop, not a RegExp built per family: expositions can have millions.
 */
function nameAt(line: string, name: string): number {
  for (let at = line.indexOf(name); at >= 0; at = line.indexOf(name, at + 1)) {
    if (at === 0 || !isNameChar(line.charCodeAt(at - 1))) return at;
  }
  return -1;
}

/** `[A-Za-z0-9_:]`, as char codes. */
function isNameChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 58
  );
}

// ---------------------------------------------------------------------------
// Expositions

export interface LintExpositionOptions {
  /** Shown in findings: a path, a URL or `-`. */
  file: string;
  profile: MetricProfile;
  config?: LintConfig;
  format?: ExpositionFormatOption;
  contentType?: string;
  /** Findings kept per check (default MAX_FINDINGS_PER_CHECK); the rest are counted. */
  maxFindingsPerCheck?: number;
  /** The parser's memory limits (default EXPOSITION_LIMITS). */
  limits?: Partial<ExpositionLimits>;
}

export interface ExpositionLintResult {
  format: ExpositionFormat;
  families: number;
  findings: Problem[];
}

/**
 * Lint a Prometheus text or OpenMetrics exposition read as a stream:
 * malformed lines become `exposition/syntax` findings with line and column,
 * and every family gets the profile's naming checks as soon as it is
 * complete. Memory stays bounded: the parser keeps bounded state, and at
 * most `maxFindingsPerCheck` findings of each check are kept (the first, by
 * line), then one finding per check counts the rest.
 */
export async function lintExposition(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  options: LintExpositionOptions,
): Promise<ExpositionLintResult> {
  const config = options.config ?? DEFAULT_LINT_CONFIG;
  const linter = await createMetricLinter(options.profile, config);
  const syntaxLevel = checkLevel(syntax, config);
  const collector = createFindingCollector(options.maxFindingsPerCheck ?? MAX_FINDINGS_PER_CHECK);
  const onError = (error: ExpositionError) => {
    if (syntaxLevel === undefined) return;
    // At most one per exposition, and it must not be lost among capped syntax errors.
    if (error.kind === "limit") {
      collector.always(limitFinding(error, options.file));
      return;
    }
    // Build the finding only when it is kept: a broken stream has millions of them.
    if (collector.full(syntax.id)) collector.drop(syntax.id, syntaxLevel);
    else for (const f of syntaxFindings(syntax, syntaxLevel, error, options.file)) collector.add(f);
  };
  const lintFamily = familyLinter(linter, collector, options.file);
  const parsed = await parseExpositionStream(source, {
    onError,
    onFamily: lintFamily,
    ...(options.format !== undefined && { format: options.format }),
    ...(options.contentType !== undefined && { contentType: options.contentType }),
    ...(options.limits !== undefined && { limits: options.limits }),
  });
  return {
    format: parsed.format,
    families: parsed.families,
    findings: collector.findings(options.file),
  };
}

/** What lint-metrics remembers of a family it linted: only kept when it had findings. */
interface FamilyFindings {
  /** `findingKey`s of what it reported for the family so far. */
  keys: Set<string>;
  /** The HELP its metadata was linted with. */
  help: string | undefined;
}

/**
 * The parser's onFamily: lint each family as it comes. A continuation (a
 * text format family whose lines came back) gets the findings its new
 * labels add, and loses those its metadata no longer gives (a HELP line
 * that came later), so the findings are those of the merged family, as if
 * its lines had been together.
 */
function familyLinter(linter: MetricLinter, collector: FindingCollector, file: string) {
  const options = { file };
  return (family: MetricFamily, memo: unknown): FamilyFindings | undefined => {
    const earlier = family.continued === true ? (memo as FamilyFindings | undefined) : undefined;
    const keys = earlier?.keys ?? new Set<string>();
    if (earlier !== undefined) {
      const { help: _, ...withoutHelp } = family;
      const before = {
        ...withoutHelp,
        labels: [],
        ...(earlier.help !== undefined && { help: earlier.help }),
      };
      const now = new Set(linter.lint({ ...family, labels: [] }, options).map(findingKey));
      for (const f of linter.lint(before, options)) {
        const key = findingKey(f);
        if (!now.has(key) && keys.delete(key)) collector.retract(f);
      }
    }
    for (const f of linter.lint(family, options)) {
      const key = findingKey(f);
      if (keys.has(key)) continue;
      keys.add(key);
      collector.add(f);
    }
    return keys.size === 0 ? undefined : { keys, help: family.help };
  };
}

/**
 * A limit of ExpositionLimits was reached: a warning under exposition/syntax
 * (like the "… and K more" findings, worded by the parser, not the check).
 */
function limitFinding(error: ExpositionError, file: string): Problem {
  return {
    code: syntax.id,
    severity: "warning",
    message: error.message,
    file,
    path: [],
    span: { line: error.line, column: error.column },
  };
}

export function syntaxFindings(
  check: ExpositionCheck,
  severity: Severity,
  error: ExpositionError,
  file: string | undefined,
): Problem[] {
  return formatProblems(check, check.check({ error })).map((problem) => ({
    code: check.id,
    severity,
    message: problem.message,
    ...(file !== undefined && { file }),
    path: [],
    span: {
      line: error.line,
      column: error.column,
      ...(error.excerpt !== "" && {
        excerpt: error.excerpt,
        excerptOffset: error.excerptStart - 1,
      }),
    },
  }));
}
