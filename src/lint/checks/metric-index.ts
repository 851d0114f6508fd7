import type { ExpositionCheck, MetricCheck } from "../check.ts";
import { syntax } from "./exposition/syntax.ts";
import { labelCamelCase } from "./label/camel-case.ts";
import { highCardinality } from "./label/high-cardinality.ts";
import { labelReservedPrefix } from "./label/reserved-prefix.ts";
import { labelSnakeCase } from "./label/snake-case.ts";
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

/**
 * The checks of `lint-metrics`: exposition syntax and metric names. Listed
 * apart from the full registry (src/lint/checks/index.ts, which includes
 * these) so linting an exposition loads no PromQL, LogQL or dashboard code.
 */
export const EXPOSITION_CHECKS: readonly ExpositionCheck[] = [syntax];

export const METRIC_CHECKS: readonly MetricCheck[] = [
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
