import type { Problem } from "../core/problem.ts";
import type { Check } from "../lint/check.ts";
import { formatGithub } from "./github.ts";
import { formatJson } from "./json.ts";
import { formatSarif } from "./sarif.ts";
import type { Paint } from "./paint.ts";
import { formatText } from "./text.ts";

export const REPORT_FORMATS = ["text", "json", "github", "sarif"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * Every reporter gets the same problems; none decides what is a problem.
 * `paint` and `summary` concern the text format only: the machine formats
 * never carry colour or a count line.
 */
export function formatFindings(
  problems: readonly Problem[],
  format: ReportFormat,
  options: { rules: readonly Check[]; paint?: Paint; summary?: boolean; unlinted?: number },
): string {
  switch (format) {
    case "text":
      return formatText(problems, options.paint, {
        ...(options.summary !== undefined && { summary: options.summary }),
        ...(options.unlinted !== undefined && { unlinted: options.unlinted }),
      });
    case "json":
      return formatJson(problems);
    case "github":
      return formatGithub(problems);
    case "sarif":
      return formatSarif(problems, options);
  }
}
