import type { CheckProblem, LogStreamCheck } from "../../check.ts";
import { share } from "../../logs/share.ts";

type Id = "id" | "level" | "correlated";

export const fieldCoverage: LogStreamCheck<Id> = {
  id: "logs/field-coverage",
  target: "logs",
  scope: "stream",
  severity: "info",
  docs: `The summary of a stream: how many lines carry each field of the profile.

The share of structured lines with the trace id, the span id (each also:
with a valid value) and the level, and the share of request-scoped lines
that carry both valid ids, the number the correlation objective of a
service with \`logs\` is about.

It reports, it does not judge: the findings are \`info\`, they never fail a
run, and a stream without structured lines gives none. The same shares are
what the Loki correlation rules record per level
(\`service_level:log_lines_correlated:count5m\` over
\`service_level:log_lines_request_scoped:count5m\`).`,
  messages: {
    id: "{{field}} on {{present}} of {{lines}} structured line(s) ({{presentShare}}), valid on {{valid}} ({{validShare}})",
    level: "{{field}} on {{present}} of {{lines}} structured line(s) ({{presentShare}})",
    correlated:
      "{{correlated}} of {{scoped}} request-scoped line(s) carry a valid {{traceId}} and {{spanId}} ({{share}})",
  },
  good: ["plain text only, no fields\n"],
  bad: [
    '{"severity_text":"INFO","http.route":"/a","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"00f067aa0ba902b7"}\n{"severity_text":"INFO","http.route":"/b","trace_id":"00000000000000000000000000000000","span_id":"00f067aa0ba902b7"}\n{"http.route":"/c"}\n{"severity_text":"INFO","body":"idle"}\n',
  ],
  check({ stats, profile }) {
    const lines = stats.structured;
    if (lines === 0) return [];
    const out: CheckProblem<Id>[] = [];
    for (const [field, counted] of [
      [profile.traceId, stats.traceId],
      [profile.spanId, stats.spanId],
    ] as const) {
      out.push({
        messageId: "id",
        data: {
          field,
          present: counted.present,
          lines,
          presentShare: share(counted.present, lines),
          valid: counted.valid,
          validShare: share(counted.valid, lines),
        },
        subject: field,
      });
    }
    out.push({
      messageId: "level",
      data: {
        field: profile.level,
        present: stats.level.present,
        lines,
        presentShare: share(stats.level.present, lines),
      },
      subject: profile.level,
    });
    out.push({
      messageId: "correlated",
      data: {
        correlated: stats.correlated,
        scoped: stats.requestScoped,
        traceId: profile.traceId,
        spanId: profile.spanId,
        share:
          stats.requestScoped === 0
            ? "none to check"
            : share(stats.correlated, stats.requestScoped),
      },
      subject: "correlation",
    });
    return out;
  },
};
