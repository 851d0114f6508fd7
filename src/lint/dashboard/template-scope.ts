import type { FieldPath } from "../../diagnostics.ts";
import {
  type DashboardView,
  isRawSeries,
  metricName,
  nodes,
  parsedTarget,
  variableName,
} from "./read.ts";
import type { CheckProblem } from "../check.ts";

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

export function checkScopeVariable(view: DashboardView, name: "job" | "instance"): CheckProblem[] {
  if (view.dashboardDatasource !== "prometheus" || !selectsRawSeries(view)) return [];
  const v = view.variables.find((x) => x.name === name);
  // Label mismatches are warnings, as in dashboard-linter; the rest take the rule's severity.
  const finding = (severity: "error" | "warning", path: FieldPath, message: string) => ({
    path,
    message,
    ...(severity === "warning" && { severity }),
  });
  if (v === undefined) {
    return [
      finding(
        "error",
        ["templating"],
        `expected a "${name}" template variable (panels select ${name}=~"$${name}"), got none`,
      ),
    ];
  }
  const out: CheckProblem[] = [];
  const ds = variableName(v.datasource?.uid);
  if (ds === undefined || view.datasourceVariables.get(ds) !== "prometheus") {
    out.push(
      finding(
        "error",
        [...v.path, "datasource"],
        `expected the ${name} variable to query Prometheus through the datasource variable, got ${JSON.stringify(v.datasource?.uid ?? "")}`,
      ),
    );
  }
  if (v.type !== "query")
    out.push(
      finding(
        "error",
        [...v.path, "type"],
        `expected the ${name} variable to be a query variable, got ${JSON.stringify(v.type)}`,
      ),
    );
  const label = name[0]!.toUpperCase() + name.slice(1);
  if (v.label !== label)
    out.push(
      finding(
        "warning",
        [...v.path, "label"],
        `expected the ${name} variable to be labelled ${JSON.stringify(label)}, got ${JSON.stringify(v.label)}`,
      ),
    );
  if (!v.multi)
    out.push(
      finding(
        "error",
        [...v.path, "multi"],
        `expected the ${name} variable to be multi-select, got single-select`,
      ),
    );
  if (v.allValue !== ".+")
    out.push(
      finding(
        "error",
        [...v.path, "allValue"],
        `expected the ${name} variable's "All" value to be ".+", got ${JSON.stringify(v.allValue ?? "")}`,
      ),
    );
  return out;
}
