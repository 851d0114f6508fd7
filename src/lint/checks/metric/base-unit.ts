import type { MetricCheck } from "../../check.ts";
import { promlintUnit } from "../../metric-names.ts";

export const baseUnit: MetricCheck<"baseUnit"> = {
  id: "metric/base-unit",
  target: "metric",
  severity: "error",
  profiles: ["promlint", "strict"],
  docs: `Units in metric names must be base units: seconds, bytes, meters, grams, joules, volts, amperes, celsius, kelvin.

Why: Prometheus convention (and promlint) is one base unit per quantity, so that
queries can combine metrics without conversions; Grafana scales for display.
An underscore-separated token such as \`milliseconds\`, \`kilobytes\`, \`hours\` or \`bits\`
is reported as \`use base unit "seconds" instead of "milliseconds"\`.`,
  good: [
    "# HELP job_duration_seconds Time spent per job.\n# TYPE job_duration_seconds gauge\njob_duration_seconds 0.25\n",
  ],
  bad: [
    "# HELP job_duration_milliseconds Time spent per job.\n# TYPE job_duration_milliseconds gauge\njob_duration_milliseconds 250\n",
    "# HELP node_entropy_available_bits Entropy available.\n# TYPE node_entropy_available_bits gauge\nnode_entropy_available_bits 256\n",
  ],
  messages: {
    baseUnit: 'use base unit "{{base}}" instead of "{{unit}}"',
  },
  check({ family }) {
    const unit = promlintUnit(family.name);
    if (unit === undefined || unit.unit === unit.base) return [];
    return [{ messageId: "baseUnit", data: { base: unit.base, unit: unit.unit } }];
  },
};
