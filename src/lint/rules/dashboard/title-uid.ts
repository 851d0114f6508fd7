import { UID_RE } from "../../../core/names.ts";
import { sample } from "../../dashboard/fixtures.ts";
import { readDashboard } from "../../dashboard/read.ts";
import type { DashboardRule, LintProblem } from "../../rule.ts";

export const titleUid: DashboardRule = {
  id: "dashboard/title-uid",
  target: "dashboard",
  severity: "error",
  docs: "The dashboard has a title and a fixed, valid uid.\n\nWhy: without a fixed uid, Grafana makes up a new one on every import, so links and alert annotations to the dashboard break; a uid is at most 40 letters, digits, - and _. A title is what people search for (mixtool requires both).",
  good: [sample()],
  bad: [
    sample((d) => {
      delete d.uid;
    }),
    sample((d) => {
      d.uid = "a dashboard uid that is far too long for grafana";
    }),
    sample((d) => {
      d.title = "";
    }),
  ],
  check({ dashboard }) {
    const view = readDashboard(dashboard);
    const out: LintProblem[] = [];
    if (typeof view.uid !== "string" || !UID_RE.test(view.uid)) {
      out.push({
        path: ["uid"],
        message: `expected a uid of at most 40 letters, digits, - and _, got ${typeof view.uid === "string" ? JSON.stringify(view.uid) : "none"}`,
      });
    }
    if (view.title.trim() === "") {
      out.push({
        path: ["title"],
        message: "expected a title, got none",
      });
    }
    return out;
  },
};
