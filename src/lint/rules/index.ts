import type { LintRule } from "../rule.ts";
import { aggregationDropsLabel } from "./alert/aggregation-drops-label.ts";
import { forOnPage } from "./alert/for-on-page.ts";
import { missingRunbook } from "./alert/missing-runbook.ts";
import { missingSummary } from "./alert/missing-summary.ts";
import { templateSyntax } from "./alert/template-syntax.ts";
import { unknownLabel } from "./alert/unknown-label.ts";
import { syntax } from "./exposition/syntax.ts";
import { labelCamelCase } from "./label/camel-case.ts";
import { highCardinality } from "./label/high-cardinality.ts";
import { labelReservedPrefix } from "./label/reserved-prefix.ts";
import { labelSnakeCase } from "./label/snake-case.ts";
import { unknownRule } from "./lint/unknown-rule.ts";
import { baseUnit } from "./metric/base-unit.ts";
import { camelCase } from "./metric/camel-case.ts";
import { counterTotal } from "./metric/counter-total.ts";
import { noColon } from "./metric/no-colon.ts";
import { noHelp } from "./metric/no-help.ts";
import { reservedLabel } from "./metric/reserved-label.ts";
import { reservedSuffix } from "./metric/reserved-suffix.ts";
import { typeInName } from "./metric/type-in-name.ts";
import { unitAbbreviation } from "./metric/unit-abbreviation.ts";
import { ratioSuffix } from "./otel/ratio-suffix.ts";
import { semconvName } from "./otel/semconv-name.ts";
import { totalSuffix } from "./otel/total-suffix.ts";
import { ucumUnit } from "./otel/ucum-unit.ts";
import { unitRepeated } from "./otel/unit-repeated.ts";
import { unitSuffix } from "./otel/unit-suffix.ts";
import { counterWithoutRate } from "./promql/counter-without-rate.ts";
import { histogramQuantileLe } from "./promql/histogram-quantile-le.ts";
import { rateNonCounter } from "./promql/rate-non-counter.ts";
import { rateWindow } from "./promql/rate-window.ts";
import { regexAlwaysTrue } from "./promql/regex-always-true.ts";
import { regexLiteralRule } from "./promql/regex-literal.ts";
import { undefinedMetric } from "./promql/undefined-metric.ts";
import { duplicateName } from "./rule/duplicate-name.ts";
import { recordName } from "./rule/record-name.ts";

/** Every lint rule, by id. Adding a rule means adding its file and a line here; a test checks both. */
export const LINT_RULES: readonly LintRule[] = [
  aggregationDropsLabel,
  forOnPage,
  missingRunbook,
  missingSummary,
  templateSyntax,
  unknownLabel,
  syntax,
  labelCamelCase,
  highCardinality,
  labelReservedPrefix,
  labelSnakeCase,
  unknownRule,
  baseUnit,
  camelCase,
  counterTotal,
  noColon,
  noHelp,
  reservedLabel,
  reservedSuffix,
  typeInName,
  unitAbbreviation,
  ratioSuffix,
  semconvName,
  totalSuffix,
  ucumUnit,
  unitRepeated,
  unitSuffix,
  counterWithoutRate,
  histogramQuantileLe,
  rateNonCounter,
  rateWindow,
  regexAlwaysTrue,
  regexLiteralRule,
  undefinedMetric,
  duplicateName,
  recordName,
];

export function findRule(id: string): LintRule | undefined {
  return LINT_RULES.find((r) => r.id === id);
}
