import type { Severity } from "../diagnostics.ts";
import { DEFAULT_LINT_CONFIG, type LintConfig } from "./config.ts";
import type { ExpositionFormat, ExpositionLimits } from "./exposition/parser.ts";
import { type ExpositionFormatOption, parseExpositionStream } from "./exposition/stream.ts";
import { type Finding, sortFindings } from "./finding.ts";
import { compareStrings } from "../core/order.ts";
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

/**
 * At most this many findings of one rule are reported per exposition (the
 * first ones, by line); the rest are counted in one closing finding. With
 * ExpositionLimits this keeps lint-metrics' memory bounded for any input.
 */
export const MAX_FINDINGS_PER_RULE = 100;

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
  const at = nameAt(excerpt, base);
  return at < 0
    ? { line: family.line, excerpt }
    : { line: family.line, column: at + 1, endColumn: at + 1 + base.length, excerpt };
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
  /** Findings kept per rule (default MAX_FINDINGS_PER_RULE); the rest are counted. */
  maxFindingsPerRule?: number;
  /** The parser's memory limits (default EXPOSITION_LIMITS). */
  limits?: Partial<ExpositionLimits>;
}

export interface ExpositionLintResult {
  format: ExpositionFormat;
  families: number;
  findings: Finding[];
}

/**
 * Lint a Prometheus text or OpenMetrics exposition read as a stream:
 * malformed lines become `exposition/syntax` findings with line and column,
 * and every family gets the profile's naming rules as soon as it is
 * complete. Memory stays bounded: the parser keeps bounded state, and at
 * most `maxFindingsPerRule` findings of each rule are kept (the first, by
 * line), then one finding per rule counts the rest.
 */
export async function lintExposition(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  options: LintExpositionOptions,
): Promise<ExpositionLintResult> {
  const config = options.config ?? DEFAULT_LINT_CONFIG;
  const linter = await createMetricLinter(options.profile, config);
  const syntaxLevel = ruleLevel(syntax, config);
  const collector = createFindingCollector(options.maxFindingsPerRule ?? MAX_FINDINGS_PER_RULE);
  const onError = (error: ExpositionError) => {
    if (syntaxLevel === undefined) return;
    // Build the finding only when it is kept: a broken stream has millions of them.
    if (collector.full(syntax.id)) collector.drop(syntax.id, syntaxLevel);
    else for (const f of syntaxFindings(syntax, syntaxLevel, error, options.file)) collector.add(f);
  };
  const parsed = await parseExpositionStream(source, {
    onError,
    onFamily: (family) => {
      for (const f of linter.lint(family, { file: options.file })) collector.add(f);
    },
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

interface FindingCollector {
  full(rule: string): boolean;
  add(finding: Finding): void;
  /** Count a finding of `rule` that is not kept. */
  drop(rule: string, severity: Severity): void;
  /** The kept findings, sorted, then one "… and K more" finding per capped rule. */
  findings(file: string): Finding[];
}

function createFindingCollector(max: number): FindingCollector {
  const kept: Finding[] = [];
  const perRule = new Map<string, number>();
  const dropped = new Map<string, { count: number; severity: Severity }>();
  const full = (rule: string) => (perRule.get(rule) ?? 0) >= max;
  const drop = (rule: string, severity: Severity) => {
    const d = dropped.get(rule);
    if (d === undefined) dropped.set(rule, { count: 1, severity });
    else d.count++;
  };
  return {
    full,
    drop,
    add(finding) {
      if (full(finding.rule)) {
        drop(finding.rule, finding.severity);
        return;
      }
      perRule.set(finding.rule, (perRule.get(finding.rule) ?? 0) + 1);
      kept.push(finding);
    },
    findings(file) {
      const more: Finding[] = [...dropped]
        .sort(([a], [b]) => compareStrings(a, b))
        .map(([rule, d]) => ({
          rule,
          severity: d.severity,
          message: `… and ${d.count} more not shown (at most ${max} per rule; see --max-findings)`,
          file,
          omitted: d.count,
        }));
      return [...sortFindings(kept), ...more];
    },
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
