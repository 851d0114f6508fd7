import type { Finding } from "../finding.ts";
import type { Check } from "../check.ts";
import { formatGithub } from "./github.ts";
import { formatJson } from "./json.ts";
import { formatSarif } from "./sarif.ts";
import { formatText } from "./text.ts";

export const REPORT_FORMATS = ["text", "json", "github", "sarif"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Every reporter gets the same findings; none decides what is a problem. */
export function formatFindings(
  findings: readonly Finding[],
  format: ReportFormat,
  options: { rules: readonly Check[] },
): string {
  switch (format) {
    case "text":
      return formatText(findings);
    case "json":
      return formatJson(findings);
    case "github":
      return formatGithub(findings);
    case "sarif":
      return formatSarif(findings, options);
  }
}
