import type { LogLineCheck } from "../../check.ts";

type Id = "notJson" | "notLogfmt" | "broken" | "tooLong";

export const unparsableLine: LogLineCheck<Id> = {
  id: "logs/unparsable-line",
  target: "logs",
  scope: "line",
  severity: "error",
  docs: `Every line is in the stream's format.

A line of a JSON stream is a JSON object, a line of a logfmt stream is
\`key=value\` pairs (go-logfmt's grammar, which Loki's \`| logfmt\`
follows).

Why: Loki's parser stage marks any other line with \`__error__\`
(\`JSONParserErr\`, \`LogfmtParserErr\`) and extracts nothing from it: its
level, trace id and span id are lost to alerts, SLIs, the dashboard and the
correlation rules. Typical causes: a stack trace printed by a crash handler
after the JSON logger, a truncated line, a banner on start-up, a library
that logs in its own format. The stream's format is the service's
\`logs.format\` with \`--service\`; otherwise the first non-blank line's.
Lines longer than the reader's limit (256 KiB, Loki's default
\`max_line_size\`) are reported here and skipped.`,
  messages: {
    notJson: "expected a JSON object (the stream is JSON), got {{got}}",
    notLogfmt: "expected logfmt key=value pairs (the stream is logfmt), got {{got}}",
    broken: "{{error}}",
    tooLong: "expected lines of at most {{max}} characters, got a longer one (skipped)",
  },
  good: [
    '{"severity_text":"INFO","body":"started"}\n{"severity_text":"INFO","body":"ready"}\n',
    "level=info msg=started\nlevel=info msg=ready\n",
  ],
  bad: [
    '{"severity_text":"INFO","body":"started"}\npanic: runtime error: index out of range\n{"severity_text":"INFO","body":"trunc\n',
    'level=info msg=started\nlevel=info msg="unterminated\n{"level":"info"}\n',
  ],
  check({ line, streamFormat }) {
    if (streamFormat === "plain" || line.format === streamFormat) return [];
    if (line.error !== undefined && line.error.tried === streamFormat)
      return [
        {
          messageId: "broken",
          data: { error: line.error.message },
          span: { from: line.error.column - 1, to: line.error.column },
        },
      ];
    const got =
      line.format === "json"
        ? "a JSON object"
        : line.format === "logfmt"
          ? "a logfmt line"
          : "plain text";
    return [{ messageId: streamFormat === "json" ? "notJson" : "notLogfmt", data: { got } }];
  },
};
