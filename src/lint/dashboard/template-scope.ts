import type { FieldPath } from "../../core/problem.ts";
import {
  type DashboardView,
  isRawSeries,
  metricName,
  nodes,
  parsedTarget,
  variableName,
} from "./read.ts";
import type { CheckProblem, MessageData } from "../check.ts";

/**
 * Shared by template-job and template-instance (dashboard-linter's
 * checkTemplate): the variable exists, queries Prometheus through the
 * datasource variable, is a multi-select query whose "All" is `.+`.
 *
 * One deliberate difference: they apply only when some Prometheus target
 * selects a raw scraped series. Recorded series (`level:metric:ops`) and
 * ALERTS keep only the labels of their aggregation, so a job variable would
 * select nothing there (dashboard-linter's known false positive on SLO and
 * single-job dashboards).
 */
export function selectsRawSeries(view: DashboardView): boolean {
  return view.panels.some((panel) =>
    panel.targets.some((target) => {
      if (target.language !== "promql") return false;
      const parsed = parsedTarget(target);
      if (parsed === undefined || parsed.errors.length > 0) return false;
      return nodes(parsed, "VectorSelector").some((s) => isRawSeries(metricName(parsed, s)));
    }),
  );
}

/** The messages of template-job and template-instance (each declares them as its own). */
export const SCOPE_VARIABLE_MESSAGES = {
  noVariable:
    'expected a "{{name}}" template variable (panels select {{name}}=~"{{variable}}"), got none',
  notPrometheus:
    "expected the {{name}} variable to query Prometheus through the datasource variable, got {{datasource}}",
  notQuery: "expected the {{name}} variable to be a query variable, got {{type}}",
  wrongLabel: "expected the {{name}} variable to be labelled {{label}}, got {{got}}",
  singleSelect: "expected the {{name}} variable to be multi-select, got single-select",
  allValue: 'expected the {{name}} variable\'s "All" value to be ".+", got {{allValue}}',
} as const;

export type ScopeVariableMessageId = keyof typeof SCOPE_VARIABLE_MESSAGES;

export function checkScopeVariable(
  view: DashboardView,
  name: "job" | "instance",
): CheckProblem<ScopeVariableMessageId>[] {
  if (view.dashboardDatasource !== "prometheus" || !selectsRawSeries(view)) return [];
  const v = view.variables.find((x) => x.name === name);
  // Label mismatches are warnings, as in dashboard-linter; the rest take the check's severity.
  const finding = (
    severity: "error" | "warning",
    path: FieldPath,
    messageId: ScopeVariableMessageId,
    data: MessageData = {},
  ): CheckProblem<ScopeVariableMessageId> => ({
    path,
    messageId,
    data: { name, variable: `$${name}`, ...data },
    ...(severity === "warning" && { severity }),
  });
  if (v === undefined) return [finding("error", ["templating"], "noVariable")];
  const out: CheckProblem<ScopeVariableMessageId>[] = [];
  const ds = variableName(v.datasource?.uid);
  if (ds === undefined || view.datasourceVariables.get(ds) !== "prometheus") {
    out.push(
      finding("error", [...v.path, "datasource"], "notPrometheus", {
        datasource: JSON.stringify(v.datasource?.uid ?? ""),
      }),
    );
  }
  if (v.type !== "query")
    out.push(finding("error", [...v.path, "type"], "notQuery", { type: JSON.stringify(v.type) }));
  const label = name[0]!.toUpperCase() + name.slice(1);
  if (v.label !== label)
    out.push(
      finding("warning", [...v.path, "label"], "wrongLabel", {
        label: JSON.stringify(label),
        got: JSON.stringify(v.label),
      }),
    );
  if (!v.multi) out.push(finding("error", [...v.path, "multi"], "singleSelect"));
  if (v.allValue !== ".+")
    out.push(
      finding("error", [...v.path, "allValue"], "allValue", {
        allValue: JSON.stringify(v.allValue ?? ""),
      }),
    );
  return out;
}
