import type { MetricCheck } from "../../check.ts";

export const labelReservedPrefix: MetricCheck<"reservedPrefix"> = {
  id: "label/reserved-prefix",
  target: "metric",
  severity: "error",
  profiles: ["strict"],
  docs: `Label names do not start with \`__\`.

Why: Prometheus reserves the \`__\` prefix for internal labels (\`__name__\`,
\`__address__\`, \`__meta_*\`); relabelling drops or overwrites them, so such a
label either vanishes at scrape time or clobbers Prometheus's own.`,
  good: [
    '# HELP jobs_running Jobs running.\n# TYPE jobs_running gauge\njobs_running{queue="default"} 1\n',
  ],
  bad: [
    '# HELP jobs_running Jobs running.\n# TYPE jobs_running gauge\njobs_running{__queue="default"} 1\n',
  ],
  messages: {
    reservedPrefix:
      'expected no label names starting with "__" (reserved by Prometheus), got {{label}}',
  },
  check({ family }) {
    return family.labels
      .filter((label) => label.startsWith("__"))
      .map((label) => ({
        messageId: "reservedPrefix" as const,
        data: { label },
      }));
  },
};
