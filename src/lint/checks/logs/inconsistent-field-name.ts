import { compareStrings } from "../../../core/order.ts";
import type { CheckProblem, LogStreamCheck } from "../../check.ts";
import type { LogProfile } from "../../logs/profile.ts";
import { share } from "../../logs/share.ts";
import type { FirstSeen, LogStreamStats } from "../../logs/stats.ts";

/**
 * Spellings loggers use for the three fields every line needs, by their
 * name without case and separators: OpenTelemetry (`trace_id`,
 * `severity_text`), Zap and Logrus (`level`), Bunyan and Pino (`level`),
 * Serilog (`TraceId`, `Level`), Logback's JSON encoder (`traceId`,
 * `level`), ECS (`trace.id`, `log.level`).
 */
const CONCEPTS: Readonly<Record<string, string>> = {
  traceid: "trace id",
  spanid: "span id",
  level: "level",
  lvl: "level",
  loglevel: "level",
  severity: "level",
  severitytext: "level",
};

function normalized(name: string): string {
  return name.toLowerCase().replace(/[._-]/g, "");
}

type Group = { what: string; preferred?: string; names: [string, FirstSeen][] };

/** Field names grouped by what they stand for: a concept above, else their normalized spelling. */
function groups(stats: LogStreamStats, profile: LogProfile): Map<string, Group> {
  const own: Record<string, string> = {
    [profile.traceId]: "trace id",
    [profile.spanId]: "span id",
    [profile.level]: "level",
  };
  const preferred: Record<string, string> = {
    "trace id": profile.traceId,
    "span id": profile.spanId,
    level: profile.level,
  };
  const out = new Map<string, Group>();
  for (const [name, seen] of stats.names) {
    const concept = own[name] ?? CONCEPTS[normalized(name)];
    const key = concept === undefined ? `=${normalized(name)}` : concept;
    let group = out.get(key);
    if (group === undefined) {
      group =
        concept === undefined
          ? { what: "the same field", names: [] }
          : { what: `the ${concept}`, preferred: preferred[concept]!, names: [] };
      out.set(key, group);
    }
    group.names.push([name, seen]);
  }
  return out;
}

export const inconsistentFieldName: LogStreamCheck<"several" | "notProfile"> = {
  id: "logs/inconsistent-field-name",
  target: "logs",
  scope: "stream",
  severity: "warning",
  docs: `One thing has one field name across a stream, and the profile's fields have its names.

The trace id, span id and level are spelled as the profile says.

Why: Loki's parsers extract fields by name, so \`traceId\` on some lines and
\`trace_id\` on others (two logging libraries, or a JSON encoder and a
hand-written line) splits every query, alert and derived field in two; the
correlation rules read the profile's name only. Names are the same thing
when they differ only in case and separators (\`traceId\`, \`trace_id\`,
\`trace.id\`, \`TraceID\`), and for the level also across the usual synonyms
(\`level\`, \`lvl\`, \`severity\`, \`severity_text\`, \`log.level\`). Reported
once per group, at the first line of its least-used spelling, with the share
of lines each spelling is on. The first 10,000 distinct field names of a
stream are compared.`,
  messages: {
    several: "expected one name for {{what}} ({{expected}}), got {{names}}",
    notProfile: "expected {{expected}} for {{what}} ({{profile}}), got {{names}}",
  },
  good: [
    '{"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"00f067aa0ba902b7","severity_text":"INFO","user_id":1}\n{"trace_id":"5bf92f3577b34da6a3ce929d0e0e4736","span_id":"10f067aa0ba902b7","severity_text":"INFO","user_id":2}\n',
  ],
  bad: [
    '{"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"00f067aa0ba902b7","severity_text":"INFO"}\n{"traceId":"5bf92f3577b34da6a3ce929d0e0e4736","span_id":"10f067aa0ba902b7","severity_text":"INFO"}\n{"trace.id":"6bf92f3577b34da6a3ce929d0e0e4736","span_id":"20f067aa0ba902b7","severity_text":"INFO"}\n',
    "level=info msg=a userId=1\nlevel=info msg=b user_id=2\n",
  ],
  check({ stats, profile }) {
    const out: CheckProblem<"several" | "notProfile">[] = [];
    for (const group of groups(stats, profile).values()) {
      // The profile's name first, then the most used: the last is the one to report.
      const rank = (name: string) => (name === group.preferred ? 0 : 1);
      const names = group.names.sort(
        ([a, x], [b, y]) => rank(a) - rank(b) || y.count - x.count || compareStrings(a, b),
      );
      const onlyProfile = names.length === 1 && names[0]![0] === group.preferred;
      if (names.length === 1 && (group.preferred === undefined || onlyProfile)) continue;
      const listed = names
        .map(([name, seen]) => `${name} on ${share(seen.count, stats.structured)} of lines`)
        .join(", ");
      const [least, seen] = names.at(-1)!;
      const at = { line: seen.firstLine, excerpt: seen.excerpt };
      if (group.preferred !== undefined && !names.some(([n]) => n === group.preferred)) {
        out.push({
          messageId: "notProfile",
          data: {
            expected: group.preferred,
            what: group.what,
            profile: profile.source,
            names: listed,
          },
          subject: least,
          at,
        });
      } else {
        out.push({
          messageId: "several",
          data: { what: group.what, expected: group.preferred ?? names[0]![0], names: listed },
          subject: least,
          at,
        });
      }
    }
    return out;
  },
};
