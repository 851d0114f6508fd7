import type { MetricCheck } from "../../check.ts";
import { hasToken, PROMLINT_ABBREVIATIONS } from "../../metric-names.ts";

export const unitAbbreviation: MetricCheck<"abbreviation"> = {
  id: "metric/unit-abbreviation",
  target: "metric",
  severity: "error",
  profiles: ["promlint", "strict"],
  docs: `Units are spelled out: \`seconds\`, not \`s\`, \`ms\`, \`sec\`; \`bytes\`, not \`b\`, \`kb\`, \`mb\`.

Why: abbreviations are ambiguous (\`m\` is minutes or meters, \`b\` bits or
bytes). Tokens checked, as in promlint: s, ms, us, ns, sec, b, kb, mb, gb, tb,
pb, m, h, d. promlint repeats the finding once per abbreviation; obsforge
reports it once per family.`,
  good: [
    "# HELP request_duration_seconds Request latency.\n# TYPE request_duration_seconds gauge\nrequest_duration_seconds 0.2\n",
  ],
  bad: [
    "# HELP request_duration_ms Request latency.\n# TYPE request_duration_ms gauge\nrequest_duration_ms 200\n",
  ],
  messages: {
    abbreviation: "metric names should not contain abbreviated units",
  },
  check({ family }) {
    const lower = family.name.toLowerCase();
    return PROMLINT_ABBREVIATIONS.some((a) => hasToken(lower, a))
      ? [{ messageId: "abbreviation" }]
      : [];
  },
};
