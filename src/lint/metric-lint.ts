import type { Severity } from "../diagnostics.ts";
import { DEFAULT_LINT_CONFIG, type LintConfig } from "./config.ts";
import type { ExpositionFormat } from "./exposition/parser.ts";
import { type ExpositionFormatOption, parseExpositionStream } from "./exposition/stream.ts";
import { type Finding, sortFindings } from "./finding.ts";
import type {
  ExpositionError,
  ExpositionRule,
  LintRule,
  MetricFamily,
  MetricProfile,
  MetricRule,
} from "./rule.ts";
import { METRIC_RULES } from "./metric-rules.ts";
import { syntax } from "./rules/exposition/syntax.ts";
import { indexSemconv, loadSemconv, type SemconvIndex } from "./semconv.ts";

/**
 * The metric-name half of the linter: expositions and single families. It
 * loads no model or schema code, so `lint-metrics` starts fast.
 */

/** At most this many syntax errors are reported per exposition; a broken file says so once. */
export const MAX_SYNTAX_ERRORS = 1000;

const EMPTY_SEMCONV = indexSemconv(new Set());

/** The severity a rule runs at under `config`, or undefined when it is off. */
export function ruleLevel(rule: LintRule, config: LintConfig): Severity | undefined {
  const level = config.rules[rule.id];
  if (level === "off") return undefined;
  return level ?? rule.severity;
}

export function metricRulesFor(profile: MetricProfile): MetricRule[] {
  return METRIC_RULES.filter((r) => profile === "strict" || r.profiles.includes(profile));
}

export interface Active<R extends LintRule> {
  rule: R;
  severity: Severity;
}

export function active<R extends LintRule>(rules: readonly R[], config: LintConfig): Active<R>[] {
  const out: Active<R>[] = [];
  for (const rule of rules) {
    const severity = ruleLevel(rule, config);
    if (severity !== undefined) out.push({ rule, severity });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Metric families (exposition and catalogue)

export interface MetricLinter {
  /** Findings for one family; `disable` lists rule ids switched off for it. */
  lint(family: MetricFamily, options?: { file?: string; disable?: readonly string[] }): Finding[];
}

export async function createMetricLinter(
  profile: MetricProfile,
  config: LintConfig = DEFAULT_LINT_CONFIG,
): Promise<MetricLinter> {
  const rules = active(metricRulesFor(profile), config);
  const semconv: SemconvIndex = rules.some((r) => r.rule.needsSemconv)
    ? await loadSemconv()
    : EMPTY_SEMCONV;
  return {
    lint(family, options = {}) {
      const findings: Finding[] = [];
      const where = familyPosition(family);
      for (const { rule, severity } of rules) {
        if (options.disable?.includes(rule.id)) continue;
        for (const problem of rule.check({ family, semconv })) {
          findings.push({
            rule: rule.id,
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
function familyPosition(family: MetricFamily): Partial<Finding> {
  if (family.line === undefined) return {};
  const excerpt = family.excerpt ?? "";
  const base =
    family.origin === "openmetrics" ? family.name.replace(/_(total|info)$/, "") : family.name;
  const at = excerpt.search(
    new RegExp(`(?<![A-Za-z0-9_:])${base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`),
  );
  return at < 0
    ? { line: family.line, excerpt }
    : { line: family.line, column: at + 1, endColumn: at + 1 + base.length, excerpt };
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
}

export interface ExpositionLintResult {
  format: ExpositionFormat;
  families: number;
  findings: Finding[];
}

/**
 * Lint a Prometheus text or OpenMetrics exposition read as a stream:
 * malformed lines become `exposition/syntax` findings with line and column,
 * and every family gets the profile's naming rules.
 */
export async function lintExposition(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  options: LintExpositionOptions,
): Promise<ExpositionLintResult> {
  const config = options.config ?? DEFAULT_LINT_CONFIG;
  const linter = await createMetricLinter(options.profile, config);
  const syntaxLevel = ruleLevel(syntax, config);
  const findings: Finding[] = [];
  let syntaxErrors = 0;
  const onError = (error: ExpositionError) => {
    if (syntaxLevel === undefined) return;
    syntaxErrors++;
    if (syntaxErrors <= MAX_SYNTAX_ERRORS)
      findings.push(...syntaxFindings(syntax, syntaxLevel, error, options.file));
  };
  const parsed = await parseExpositionStream(source, {
    onError,
    ...(options.format !== undefined && { format: options.format }),
    ...(options.contentType !== undefined && { contentType: options.contentType }),
  });
  if (syntaxErrors > MAX_SYNTAX_ERRORS && syntaxLevel !== undefined) {
    findings.push({
      rule: syntax.id,
      severity: syntaxLevel,
      message: `${syntaxErrors - MAX_SYNTAX_ERRORS} more malformed line(s) not shown`,
      file: options.file,
    });
  }
  for (const family of parsed.families)
    findings.push(...linter.lint(family, { file: options.file }));
  return {
    format: parsed.format,
    families: parsed.families.length,
    findings: sortFindings(findings),
  };
}

export function syntaxFindings(
  rule: ExpositionRule,
  severity: Severity,
  error: ExpositionError,
  file: string | undefined,
): Finding[] {
  return rule.check({ error }).map((problem) => ({
    rule: rule.id,
    severity,
    message: problem.message,
    ...(file !== undefined && { file }),
    line: error.line,
    column: error.column,
    ...(error.excerpt !== "" && { excerpt: error.excerpt, excerptOffset: error.excerptStart - 1 }),
  }));
}
