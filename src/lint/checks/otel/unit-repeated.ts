import { UNIT_WORDS, unitWords } from "../../metric-names.ts";
import type { CheckProblem, MetricCheck } from "../../check.ts";

export const unitRepeated: MetricCheck<"unitRepeated" | "unitInOtelName"> = {
  id: "otel/unit-repeated",
  target: "metric",
  severity: "error",
  profiles: ["otel", "strict"],
  docs: `The unit appears once in the Prometheus name, and not at all in the OpenTelemetry name.

Why: OpenTelemetry semantic conventions put the unit in metadata, not in the
instrument name; exporters append it. An instrument called
\`request.duration_seconds\` or a name such as \`…_seconds_seconds\` comes out
with the unit twice in some exporter, and dashboards end up with two names
for one quantity.`,
  good: [
    "metrics:\n  - name: process_memory_usage_bytes\n    type: gauge\n    unit: By\n    help: Resident memory.\n    otelName: process.memory.usage\n",
  ],
  bad: [
    "metrics:\n  - name: process_memory_bytes_usage_bytes\n    type: gauge\n    unit: By\n    help: Resident memory.\n",
    "metrics:\n  - name: process_memory_usage_bytes\n    type: gauge\n    unit: By\n    help: Resident memory.\n    otelName: process.memory.usage_bytes\n",
  ],
  messages: {
    unitRepeated: 'expected the unit "{{unit}}" once in the name, got it {{count}} times',
    unitInOtelName:
      'expected no unit in the OpenTelemetry name (it is metadata), got "{{unit}}" in {{otelName}}',
  },
  check({ family }) {
    const problems: CheckProblem<"unitRepeated" | "unitInOtelName">[] = [];
    const counts = new Map<string, number>();
    for (const token of family.name.split("_")) {
      if (UNIT_WORDS.has(token)) counts.set(token, (counts.get(token) ?? 0) + 1);
    }
    for (const [word, count] of counts) {
      if (count > 1) problems.push({ messageId: "unitRepeated", data: { unit: word, count } });
    }
    if (family.otelName !== undefined && family.unit !== undefined && family.unitKind === "ucum") {
      const words = unitWords(family.unit);
      const otelTokens = family.otelName.split(/[._]/);
      if (words.main !== "" && otelTokens.includes(words.main)) {
        problems.push({
          messageId: "unitInOtelName",
          data: { unit: words.main, otelName: family.otelName },
        });
      }
    }
    return problems;
  },
};
