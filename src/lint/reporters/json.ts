import type { Finding } from "../finding.ts";

/** The finding shape of DESIGN.md's CLI contract, with keys in this order. */
export interface JsonFinding {
  rule: string;
  severity: Finding["severity"];
  message: string;
  file?: string;
  line?: number;
  subject?: string;
}

export function toJsonFinding(f: Finding): JsonFinding {
  return {
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    ...(f.file !== undefined && { file: f.file }),
    ...(f.line !== undefined && { line: f.line }),
    ...(f.subject !== undefined && { subject: f.subject }),
  };
}

/** One JSON document on stdout: an array of findings. */
export function formatJson(findings: readonly Finding[]): string {
  return `${JSON.stringify(findings.map(toJsonFinding), null, 2)}\n`;
}
