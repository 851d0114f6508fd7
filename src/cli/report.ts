import type { Problem } from "../core/problem.ts";
import { formatCheckProblem, formatProblem } from "../report/line.ts";
import { type Paint, PLAIN, paintSeverity } from "../report/paint.ts";
import { compareOtherKinds, type OtherKind } from "../load/foreign/other-kinds.ts";
import type { CliIO } from "./io.ts";

/**
 * Print problems one per line on stderr; returns how many were errors.
 * `checks`: they come from lint checks (the build's LogQL warnings), so each names its check.
 * `paint`: colours the `warning:` and `info:` prefixes (stderr's, from src/cli/output.ts).
 */
export function printDiagnostics(
  io: CliIO,
  diagnostics: readonly Problem[],
  options: { checks?: boolean; paint?: Paint } = {},
): number {
  const format = options.checks === true ? formatCheckProblem : formatProblem;
  const paint = options.paint ?? PLAIN;
  for (const d of diagnostics) {
    const prefix =
      d.severity === "error" ? "" : `${paintSeverity(paint, d.severity, `${d.severity}:`)} `;
    io.stderr(`${prefix}${format(d)}\n`);
  }
  return diagnostics.filter((d) => d.severity === "error").length;
}

/** The one line naming the templates a folder walk skipped (src/load/foreign/template-files.ts), on stderr. */
export function printSkippedTemplates(io: CliIO, command: string, files: readonly string[]): void {
  if (files.length === 0) return;
  io.stderr(
    `obsforge ${command}: skipped ${files.length} template file(s), YAML only once rendered (Helm, Jinja): ${files.join(", ")}\n`,
  );
}

/** Names a kind lists on the skip line before "and N more": the line stays one line on a big repository. */
const NAMES_PER_KIND = 3;

/**
 * The one line naming the files of other kinds a folder walk skipped
 * (src/load/foreign/other-kinds.ts), grouped by kind in the table's order,
 * files in walk order, on stderr.
 */
export function printSkippedOtherKinds(
  io: CliIO,
  command: string,
  skipped: readonly { file: string; kind: OtherKind }[],
): void {
  if (skipped.length === 0) return;
  const byKind = new Map<string, { kind: OtherKind; files: string[] }>();
  for (const { file, kind } of skipped) {
    const group = byKind.get(kind.id) ?? { kind, files: [] };
    group.files.push(file);
    byKind.set(kind.id, group);
  }
  const groups = [...byKind.values()].sort((a, b) => compareOtherKinds(a.kind, b.kind));
  const parts = groups.map(({ kind, files }) => {
    const shown = files.slice(0, NAMES_PER_KIND).join(", ");
    const more = files.length > NAMES_PER_KIND ? ` and ${files.length - NAMES_PER_KIND} more` : "";
    return `${kind.label} (${shown}${more})`;
  });
  io.stderr(
    `obsforge ${command}: skipped ${skipped.length} file(s) of kinds lint does not check: ${parts.join("; ")}\n`,
  );
}
