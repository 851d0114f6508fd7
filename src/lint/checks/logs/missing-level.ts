import type { LogLineCheck } from "../../check.ts";

export const missingLevel: LogLineCheck<"missing"> = {
  id: "logs/missing-level",
  target: "logs",
  scope: "line",
  severity: "warning",
  docs: `Every structured log line has a level.

It is in the profile's field (\`severity_text\` in the OpenTelemetry log
data model; the service's \`logs.fields.level\` with \`--service\`).

Why: the logs dashboard's volume and error panels and the correlation
rules group lines by level; a line without one is counted under no level,
and an error among them is not on the "Error lines" panel. Plain-text lines
are not checked (Loki detects their level itself).`,
  messages: {
    missing: "expected a level in {{field}}, got none",
  },
  good: ['{"severity_text":"WARN","body":"retrying"}\n', "severity_text=ERROR msg=failed\n"],
  bad: ['{"body":"retrying"}\n', 'msg="payment settled" amount=12\n'],
  check({ line, profile }) {
    if (line.format === "plain" || line.fields.has(profile.level)) return [];
    return [{ messageId: "missing", data: { field: profile.level }, subject: profile.level }];
  },
};
