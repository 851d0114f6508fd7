import { UCUM_UNIT_WORDS, unitWords } from "../../metric-names.ts";
import type { MetricCheck } from "../../check.ts";

const WORD_TO_UCUM = new Map(Object.entries(UCUM_UNIT_WORDS).map(([ucum, word]) => [word, ucum]));

/** Semantic-convention preferences (general/metrics.md): By not MiBy, s for durations, 1 for utilisation. */
const PREFERRED: Readonly<Record<string, string>> = {
  KiBy: "By",
  MiBy: "By",
  GiBy: "By",
  TiBy: "By",
  kBy: "By",
  MBy: "By",
  GBy: "By",
  TBy: "By",
  ms: "s",
  us: "s",
  ns: "s",
  min: "s",
  h: "s",
  "%": "1",
};

export const ucumUnit: MetricCheck<"notUcum" | "notUcumHint" | "notPreferred"> = {
  id: "otel/ucum-unit",
  target: "metric",
  severity: "warning",
  profiles: ["otel", "strict"],
  docs: `Catalogue units are UCUM codes as OpenTelemetry writes them, in the semantic conventions' preferred scale.

Why: the unit decides the suffix the exporter appends; \`seconds\` or \`sec\` is
not UCUM and is appended as written. The semantic conventions also prefer
\`s\` for durations, \`By\` (not \`MiBy\`) for sizes and \`1\` (not \`%\`) for
utilisation, so that one quantity has one unit across services. Annotations
in braces (\`{request}\`) are fine.`,
  good: [
    "metrics:\n  - name: http_server_request_duration_seconds\n    type: histogram\n    unit: s\n    help: Duration of HTTP server requests.\n",
    'metrics:\n  - name: queue_messages_total\n    type: counter\n    unit: "{message}"\n    help: Messages handled.\n',
  ],
  bad: [
    "metrics:\n  - name: http_server_request_duration_seconds\n    type: histogram\n    unit: seconds\n    help: Duration of HTTP server requests.\n",
    "metrics:\n  - name: cache_size_mebibytes\n    type: gauge\n    unit: MiBy\n    help: Cache size.\n",
    "metrics:\n  - name: track_length_furlongs\n    type: gauge\n    unit: furlongs\n    help: Track length.\n",
  ],
  messages: {
    notUcum: 'expected a UCUM unit such as "s", "By", "1" or "{request}", got {{unit}}',
    notUcumHint:
      'expected a UCUM unit such as "s", "By", "1" or "{request}", got {{unit}} (UCUM: "{{hint}}")',
    notPreferred:
      'expected the semantic conventions\' unit "{{preferred}}" instead of {{unit}} (one unit per quantity)',
  },
  check({ family }) {
    if (family.unit === undefined || family.unitKind !== "ucum") return [];
    const unit = family.unit;
    if (!unitWords(unit).known) {
      const hint = WORD_TO_UCUM.get(unit) ?? WORD_TO_UCUM.get(`${unit}s`);
      const data = { unit: JSON.stringify(unit), ...(hint !== undefined && { hint }) };
      return [{ messageId: hint === undefined ? "notUcum" : "notUcumHint", data }];
    }
    const main = unit.split("/")[0] ?? unit;
    const preferred = PREFERRED[main];
    if (preferred !== undefined) {
      return [{ messageId: "notPreferred", data: { preferred, unit: JSON.stringify(main) } }];
    }
    return [];
  },
};
