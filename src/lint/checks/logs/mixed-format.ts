import type { LineFormat } from "../../../loglines/line.ts";
import type { CheckProblem, LogStreamCheck } from "../../check.ts";
import { share } from "../../logs/share.ts";

const NAMES: Record<LineFormat, string> = { json: "JSON", logfmt: "logfmt", plain: "plain text" };

export const mixedFormat: LogStreamCheck<"mixed"> = {
  id: "logs/mixed-format",
  target: "logs",
  scope: "stream",
  severity: "warning",
  docs: `A stream is written in one format: all JSON, all logfmt, or all plain text.

Why: one LogQL pipeline reads a stream, with one parser. Lines in another
format are invisible to it (and to every alert and panel built on it), and
two loggers writing to one stream usually means one of them bypasses the
configured one. Reported once per other format, at its first line, with the
share of lines it has; \`logs/unparsable-line\` names each line.`,
  messages: {
    mixed:
      "expected every line in {{format}} ({{main}} of lines), got {{other}} on {{count}} line(s) ({{share}}), the first here",
  },
  good: ['{"severity_text":"INFO","body":"a"}\n{"severity_text":"INFO","body":"b"}\n'],
  bad: [
    '{"severity_text":"INFO","body":"a"}\nlevel=info msg=b\n{"severity_text":"INFO","body":"c"}\nGoodbye\n',
  ],
  check({ stats, streamFormat }) {
    const main = stats.formats.get(streamFormat)?.count ?? 0;
    const out: CheckProblem<"mixed">[] = [];
    for (const format of ["json", "logfmt", "plain"] as const) {
      const seen = stats.formats.get(format);
      if (format === streamFormat || seen === undefined) continue;
      out.push({
        messageId: "mixed",
        data: {
          format: NAMES[streamFormat],
          main: share(main, stats.lines),
          other: NAMES[format],
          count: seen.count,
          share: share(seen.count, stats.lines),
        },
        subject: format,
        at: { line: seen.firstLine, excerpt: seen.excerpt },
      });
    }
    return out;
  },
};
