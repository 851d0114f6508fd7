import type { Problem } from "../core/problem.ts";

/** The finding shape of DESIGN.md's CLI contract, with keys in this order. */
export interface JsonFinding {
  rule: string;
  severity: Problem["severity"];
  message: string;
  file?: string;
  line?: number;
  subject?: string;
}

export function toJsonFinding(f: Problem): JsonFinding {
  return {
    rule: f.code,
    severity: f.severity,
    message: f.message,
    ...(f.file !== undefined && { file: f.file }),
    ...(f.span !== undefined && { line: f.span.line }),
    ...(f.subject !== undefined && { subject: f.subject }),
  };
}

/** One JSON document on stdout: an array of findings (the problems of `lint`). */
export function formatJson(problems: readonly Problem[]): string {
  return `${JSON.stringify(problems.map(toJsonFinding), null, 2)}\n`;
}
