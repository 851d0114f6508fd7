import { UID_RE } from "../../../model/dashboards.ts";
import { fixture } from "./fixtures.ts";
import { readDashboard } from "./read.ts";
import type { DashboardFinding, DashboardLintRule } from "./types.ts";

export const titleUid: DashboardLintRule = {
  id: "dashboard/title-uid",
  severity: "error",
  docs: "Why: without a fixed uid, Grafana makes up a new one on every import, so links and alert annotations to the dashboard break; a uid is at most 40 letters, digits, - and _. A title is what people search for (mixtool requires both).",
  good: [fixture()],
  bad: [
    fixture((d) => {
      delete d.uid;
    }),
    fixture((d) => {
      d.uid = "a dashboard uid that is far too long for grafana";
    }),
    fixture((d) => {
      d.title = "";
    }),
  ],
  check(dashboard) {
    const view = readDashboard(dashboard);
    const out: DashboardFinding[] = [];
    if (typeof view.uid !== "string" || !UID_RE.test(view.uid)) {
      out.push({
        rule: this.id,
        severity: "error",
        path: ["uid"],
        message: `expected a uid of at most 40 letters, digits, - and _, got ${typeof view.uid === "string" ? JSON.stringify(view.uid) : "none"}`,
      });
    }
    if (view.title.trim() === "") {
      out.push({
        rule: this.id,
        severity: "error",
        path: ["title"],
        message: "expected a title, got none",
      });
    }
    return out;
  },
};
