import type { CheckProblem, MetricCheck } from "../../check.ts";

export const ratioSuffix: MetricCheck<"noRatioSuffix" | "ratioNotUnitOne"> = {
  id: "otel/ratio-suffix",
  target: "metric",
  severity: "error",
  profiles: ["otel", "strict"],
  docs: `Gauges of unit \`1\` end in \`_ratio\`; \`_ratio\` means unit \`1\`.

Why: prometheus/otlptranslator exports a gauge with UCUM unit \`1\` (a
dimensionless utilisation, 0–1) as \`…_ratio\`; a catalogue name without it does
not match the stored series, and a \`_ratio\` metric with another unit (\`%\`)
breaks the 0–1 expectation of every query built on it.`,
  good: [
    'metrics:\n  - name: system_cpu_utilization_ratio\n    type: gauge\n    unit: "1"\n    help: CPU busy fraction.\n',
  ],
  bad: [
    'metrics:\n  - name: system_cpu_utilization\n    type: gauge\n    unit: "1"\n    help: CPU busy fraction.\n',
    'metrics:\n  - name: system_cpu_utilization_ratio\n    type: gauge\n    unit: "%"\n    help: CPU busy percentage.\n',
  ],
  messages: {
    noRatioSuffix: 'expected "_ratio" at the end of gauge {{name}} with unit "1"',
    ratioNotUnitOne: 'expected unit "1" for a name ending in "_ratio", got {{unit}}',
  },
  check({ family }) {
    if (family.unit === undefined || family.unitKind !== "ucum") return [];
    const problems: CheckProblem<"noRatioSuffix" | "ratioNotUnitOne">[] = [];
    const ratio = family.name.endsWith("_ratio");
    if (family.unit === "1" && family.type === "gauge" && !ratio) {
      problems.push({ messageId: "noRatioSuffix", data: { name: family.name } });
    }
    if (ratio && family.unit !== "1") {
      problems.push({ messageId: "ratioNotUnitOne", data: { unit: JSON.stringify(family.unit) } });
    }
    return problems;
  },
};
