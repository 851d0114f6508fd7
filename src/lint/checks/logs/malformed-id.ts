import {
  SPAN_ID_RE,
  TRACE_ID_RE,
  ZERO_SPAN_ID,
  ZERO_TRACE_ID,
} from "../../../core/trace-context.ts";
import type { LogValue } from "../../../loglines/line.ts";
import type { CheckProblem, LogLineCheck } from "../../check.ts";
import { valueSpan } from "../../logs/locate.ts";

type Id = "badFormat" | "allZeros";

export const malformedId: LogLineCheck<Id> = {
  id: "logs/malformed-id",
  target: "logs",
  scope: "line",
  severity: "error",
  docs: `Trace and span ids are W3C Trace Context ids.

A trace id is 32 lowercase hex digits, a span id 16, and neither is all
zeros.

Why: Tempo looks traces up by exactly that spelling, and the all-zero id is
the spec's "invalid" value (a span that was never sampled or a logger that
printed an empty context). An id with dashes (a UUID), in upper case, with
a \`0x\` prefix, or written as a number finds no trace, and the correlation
rules (\`| trace_id =~ "^[0-9a-f]{32}$"\`) do not count the line.`,
  messages: {
    badFormat: "expected {{field}} to be {{digits}} lowercase hex digits, got {{got}}",
    allZeros: "expected a valid {{field}}, got all zeros (the W3C invalid id: no trace behind it)",
  },
  good: [
    '{"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span_id":"00f067aa0ba902b7","severity_text":"INFO","body":"ok"}\n',
  ],
  bad: [
    '{"trace_id":"4BF92F3577B34DA6A3CE929D0E0E4736","span_id":"00f067aa0ba902b7","severity_text":"INFO","body":"upper case"}\n',
    "severity_text=INFO trace_id=00000000000000000000000000000000 span_id=0000000000000000 msg=unsampled\n",
    '{"trace_id":"4bf92f35-77b3-4da6-a3ce-929d0e0e4736","span_id":12345,"severity_text":"INFO"}\n',
  ],
  check({ line, profile }) {
    const out: CheckProblem<Id>[] = [];
    const trace = line.fields.get(profile.traceId);
    if (trace !== undefined) {
      const problem = idProblem(trace, TRACE_ID_RE, ZERO_TRACE_ID, "32");
      if (problem !== undefined) out.push(placed(problem, profile.traceId, trace));
    }
    const span = line.fields.get(profile.spanId);
    if (span !== undefined) {
      const problem = idProblem(span, SPAN_ID_RE, ZERO_SPAN_ID, "16");
      if (problem !== undefined) out.push(placed(problem, profile.spanId, span));
    }
    return out;

    function placed(
      problem: { messageId: Id; got: string; digits: string },
      field: string,
      value: LogValue,
    ): CheckProblem<Id> {
      const span = valueSpan(line, field, value);
      return {
        messageId: problem.messageId,
        data: { field, digits: problem.digits, got: problem.got },
        subject: field,
        ...(span !== undefined && { span }),
      };
    }
  },
};

function idProblem(
  value: LogValue,
  re: RegExp,
  zero: string,
  digits: string,
): { messageId: Id; got: string; digits: string } | undefined {
  if (typeof value !== "string") return { messageId: "badFormat", got: describe(value), digits };
  if (value === zero) return { messageId: "allZeros", got: "", digits };
  if (re.test(value)) return undefined;
  return { messageId: "badFormat", got: JSON.stringify(short(value)), digits };
}

function describe(value: LogValue): string {
  if (value === null) return "null";
  if (value === "[array]") return "an array";
  return `a ${typeof value} (${String(value)})`;
}

function short(text: string): string {
  return text.length > 48 ? `${text.slice(0, 45)}...` : text;
}
