import { sample, variable } from "../../dashboard/fixtures.ts";
import { readDashboard } from "../../dashboard/read.ts";
import type { DashboardCheck, CheckProblem } from "../../check.ts";

/** `Prometheus`, as dashboard-linter title-cases a plugin id. */
function titleCase(id: string): string {
  return id === "" ? id : id[0]!.toUpperCase() + id.slice(1).toLowerCase();
}

export const templateDatasource: DashboardCheck<"noVariable" | "wrongName" | "wrongLabel"> = {
  id: "dashboard/template-datasource",
  target: "dashboard",
  reportOrder: 1,
  severity: "error",
  docs: "The dashboard has a datasource variable, named and labelled by convention.\n\nWhy: a dashboard whose panels name a datasource uid works on one Grafana only; a datasource variable lets every installation (and every environment) pick its own. Name it `datasource` when it is the only one, `<type>_datasource` (labelled `<Type> data source`) when there are several, so links and provisioning agree across dashboards.",
  good: [sample(), sample(undefined, "loki")],
  bad: [
    sample((d) => {
      (d.templating as { list: unknown[] }).list = [];
    }),
    sample((d) => {
      variable(d, "datasource").name = "ds_prometheus";
    }),
    sample((d) => {
      variable(d, "datasource").label = "Prometheus";
    }),
  ],
  messages: {
    noVariable:
      "expected a datasource template variable for the panels to select their datasource through, got none",
    wrongName: "expected the {{type}} datasource variable to be named {{names}}, got {{name}}",
    wrongLabel: "expected datasource variable {{name}} to be labelled {{labels}}, got {{label}}",
  },
  check({ dashboard }) {
    const view = readDashboard(dashboard);
    const sources = view.variables.filter((v) => v.type === "datasource");
    if (sources.length === 0) {
      return [
        {
          path: ["templating"],
          messageId: "noVariable",
        },
      ];
    }
    const out: CheckProblem<"noVariable" | "wrongName" | "wrongLabel">[] = [];
    for (const v of sources) {
      const specific = `${v.query.toLowerCase()}_datasource`;
      const names = sources.length === 1 ? [specific, "datasource"] : [specific];
      const labels =
        sources.length === 1
          ? [`${titleCase(v.query)} data source`, "Data source"]
          : [`${titleCase(v.query)} data source`];
      if (!names.includes(v.name)) {
        out.push({
          path: [...v.path, "name"],
          messageId: "wrongName",
          data: {
            type: v.query || "?",
            names: names.map((n) => JSON.stringify(n)).join(" or "),
            name: JSON.stringify(v.name),
          },
        });
      } else if (!labels.includes(v.label)) {
        out.push({
          severity: "warning",
          path: [...v.path, "label"],
          messageId: "wrongLabel",
          data: {
            name: JSON.stringify(v.name),
            labels: labels.map((n) => JSON.stringify(n)).join(" or "),
            label: JSON.stringify(v.label),
          },
        });
      }
    }
    return out;
  },
};
