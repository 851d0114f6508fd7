import { sample, mainPanel, mainTarget } from "../../dashboard/fixtures.ts";
import {
  type DatasourceRef,
  MIXED_DATASOURCE,
  readDashboard,
  variableName,
  where,
} from "../../dashboard/read.ts";
import type { DashboardCheck, CheckProblem } from "../../check.ts";

export const panelDatasource: DashboardCheck<"defaultDatasource" | "fixedDatasource"> = {
  id: "dashboard/panel-datasource",
  target: "dashboard",
  reportOrder: 6,
  severity: "error",
  docs: 'Panels and targets select their datasource through the datasource variable.\n\nWhy: a panel that names a datasource uid (or relies on the default datasource) ignores the datasource variable and breaks on any other Grafana. Use `{"type": "prometheus", "uid": "$datasource"}`; a "Mixed" panel is fine when every target names a datasource variable.',
  good: [
    sample(),
    sample((d) => {
      mainPanel(d).datasource = { type: "datasource", uid: MIXED_DATASOURCE };
      mainTarget(d).datasource = { type: "prometheus", uid: "$datasource" };
    }),
  ],
  bad: [
    sample((d) => {
      mainPanel(d).datasource = { type: "prometheus", uid: "P1809F7CD0C75ACF3" };
    }),
    sample((d) => {
      mainPanel(d).datasource = { type: "datasource", uid: MIXED_DATASOURCE };
    }),
    sample((d) => {
      delete mainPanel(d).datasource;
    }),
  ],
  messages: {
    defaultDatasource:
      '{{where}}: expected its datasource through a datasource variable such as "$datasource", got the default datasource',
    fixedDatasource:
      '{{where}}: expected its datasource through a datasource variable such as "$datasource", got {{datasource}}',
  },
  check({ dashboard }) {
    const view = readDashboard(dashboard);
    const templated = (ref: DatasourceRef | undefined) => {
      const name = variableName(ref?.uid);
      return name !== undefined && view.datasourceVariables.has(name);
    };
    const out: CheckProblem<"defaultDatasource" | "fixedDatasource">[] = [];
    for (const panel of view.panels) {
      if (panel.type === "row" || panel.targets.length === 0) continue;
      if (templated(panel.datasource)) continue;
      const passThrough =
        panel.datasource === undefined || panel.datasource.uid === MIXED_DATASOURCE;
      if (passThrough && panel.targets.every((t) => templated(t.datasource))) continue;
      out.push({
        path: [...panel.path, "datasource"],
        ...(panel.datasource === undefined
          ? { messageId: "defaultDatasource", data: { where: where(panel) } }
          : {
              messageId: "fixedDatasource",
              data: {
                where: where(panel),
                datasource: JSON.stringify(panel.datasource.uid ?? panel.datasource.type ?? ""),
              },
            }),
      });
    }
    return out;
  },
};
