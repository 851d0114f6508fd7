import type { ExpositionRule, MetricRule } from "./rule.ts";
import { syntax } from "./rules/exposition/syntax.ts";
import { labelCamelCase } from "./rules/label/camel-case.ts";
import { highCardinality } from "./rules/label/high-cardinality.ts";
import { labelReservedPrefix } from "./rules/label/reserved-prefix.ts";
import { labelSnakeCase } from "./rules/label/snake-case.ts";
import { baseUnit } from "./rules/metric/base-unit.ts";
import { camelCase } from "./rules/metric/camel-case.ts";
import { counterTotal } from "./rules/metric/counter-total.ts";
import { noColon } from "./rules/metric/no-colon.ts";
import { noHelp } from "./rules/metric/no-help.ts";
import { reservedLabel } from "./rules/metric/reserved-label.ts";
import { reservedSuffix } from "./rules/metric/reserved-suffix.ts";
import { typeInName } from "./rules/metric/type-in-name.ts";
import { unitAbbreviation } from "./rules/metric/unit-abbreviation.ts";
import { ratioSuffix } from "./rules/otel/ratio-suffix.ts";
import { semconvName } from "./rules/otel/semconv-name.ts";
import { totalSuffix } from "./rules/otel/total-suffix.ts";
import { ucumUnit } from "./rules/otel/ucum-unit.ts";
import { unitRepeated } from "./rules/otel/unit-repeated.ts";
import { unitSuffix } from "./rules/otel/unit-suffix.ts";

/**
 * The rules of `lint-metrics`: exposition syntax and metric names. Listed
 * apart from the full registry (src/lint/rules/index.ts, which includes
 * these) so linting an exposition loads no PromQL, LogQL or dashboard code.
 */
export const EXPOSITION_RULES: readonly ExpositionRule[] = [syntax];

export const METRIC_RULES: readonly MetricRule[] = [
  labelCamelCase,
  highCardinality,
  labelReservedPrefix,
  labelSnakeCase,
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
];
