import { UNIT_WORDS, unitDimension, unitWords } from "../../metric-names.ts";
import type { CheckProblem, MetricCheck } from "../../check.ts";

export const unitSuffix: MetricCheck<"noUnit" | "otherUnit" | "noPer"> = {
  id: "otel/unit-suffix",
  target: "metric",
  severity: "error",
  profiles: ["otel", "strict"],
  docs: `The name carries the word for its UCUM unit, as the OpenTelemetry → Prometheus translation writes it.

Why: an OTel metric with unit \`s\` is exported as \`…_seconds\`, with \`By\` as
\`…_bytes\`, with \`By/s\` as \`…_bytes_per_second\` (OpenTelemetry specification,
"Prometheus and OpenMetrics compatibility"). A catalogue entry whose name
lacks that word, or has another unit of the same quantity, does not match the
series Prometheus will store. Applies where the unit is known: the catalogue
and OpenMetrics \`# UNIT\`.`,
  good: [
    "metrics:\n  - name: http_server_request_duration_seconds\n    type: histogram\n    unit: s\n    help: Duration of HTTP server requests.\n",
    "metrics:\n  - name: network_io_bytes_per_second\n    type: gauge\n    unit: By/s\n    help: Network throughput.\n",
  ],
  bad: [
    "metrics:\n  - name: http_server_request_duration\n    type: histogram\n    unit: s\n    help: Duration of HTTP server requests.\n",
    "metrics:\n  - name: http_server_request_duration_milliseconds\n    type: histogram\n    unit: s\n    help: Duration of HTTP server requests.\n",
    "metrics:\n  - name: network_io_bytes\n    type: gauge\n    unit: By/s\n    help: Network throughput.\n",
  ],
  messages: {
    noUnit: 'expected the unit {{unit}} in the name as "_{{word}}", got {{name}}',
    otherUnit: 'expected the unit {{unit}} in the name as "_{{word}}", got "_{{other}}"',
    noPer: 'expected "_per_{{per}}" in the name for the unit {{unit}}, got {{name}}',
  },
  check({ family }) {
    if (family.unit === undefined || family.unit === "") return [];
    const words =
      family.unitKind === "word" ? { main: family.unit, per: "" } : unitWords(family.unit);
    const tokens = family.name.split("_");
    const problems: CheckProblem<"noUnit" | "otherUnit" | "noPer">[] = [];
    if (words.main !== "" && !tokens.includes(words.main)) {
      const dimension = unitDimension(words.main);
      const other = tokens.find(
        (t) => t !== words.main && UNIT_WORDS.has(t) && unitDimension(t) === dimension,
      );
      const unit = JSON.stringify(family.unit);
      problems.push(
        other === undefined
          ? { messageId: "noUnit", data: { unit, word: words.main, name: family.name } }
          : { messageId: "otherUnit", data: { unit, word: words.main, other } },
      );
    }
    if (words.per !== "") {
      const at = tokens.indexOf("per");
      if (at < 0 || tokens[at + 1] !== words.per) {
        problems.push({
          messageId: "noPer",
          data: { per: words.per, unit: JSON.stringify(family.unit), name: family.name },
        });
      }
    }
    return problems;
  },
};
