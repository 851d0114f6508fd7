import { type FieldPath, formatPath, type Problem } from "../../core/problem.ts";
import type { ForeignDocument } from "../../load/foreign/read.ts";
import type { DashboardCheck } from "../check.ts";
import { formatProblems } from "../messages.ts";
import type { Active } from "../metric-lint.ts";
import type { ForeignPlacer } from "./place.ts";

/**
 * The dashboard checks on a Grafana dashboard as exported (classic
 * `panels`, legacy `rows`, any schema version: the checks read any JSON
 * forgivingly). No catalogue comes with a foreign dashboard, so the checks
 * that need one (defined metrics, catalogued labels) are silent.
 */
export function lintForeignDashboard(
  file: string,
  doc: ForeignDocument,
  checks: readonly Active<DashboardCheck>[],
  placer: ForeignPlacer,
): Problem[] {
  const out: Problem[] = [];
  for (const { check, severity } of checks) {
    for (const problem of formatProblems(check, check.check({ dashboard: doc.value }))) {
      const inner: FieldPath = problem.path ?? [];
      const path: FieldPath = [...doc.path, ...inner];
      const span = placer.span(doc.document, [
        { path, ...(problem.span !== undefined && { value: problem.span }) },
      ]);
      out.push({
        code: check.id,
        severity: problem.severity ?? severity,
        message: problem.message,
        file,
        path,
        ...(inner.length > 0 && { subject: formatPath(inner) }),
        ...(span !== undefined && { span }),
      });
    }
  }
  return out;
}
