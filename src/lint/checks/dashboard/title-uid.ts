import { UID_RE } from "../../../core/names.ts";
import { sample } from "../../dashboard/fixtures.ts";
import { readDashboard } from "../../dashboard/read.ts";
import type { DashboardCheck, CheckProblem } from "../../check.ts";

export const titleUid: DashboardCheck<"badUid" | "noUid" | "noTitle"> = {
  id: "dashboard/title-uid",
  target: "dashboard",
  reportOrder: 18,
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
  messages: {
    badUid: "expected a uid of at most 40 letters, digits, - and _, got {{uid}}",
    noUid: "expected a uid of at most 40 letters, digits, - and _, got none",
    noTitle: "expected a title, got none",
  },
  check({ dashboard }) {
    const view = readDashboard(dashboard);
    const out: CheckProblem<"badUid" | "noUid" | "noTitle">[] = [];
    if (typeof view.uid !== "string" || !UID_RE.test(view.uid)) {
      out.push({
        path: ["uid"],
        ...(typeof view.uid === "string"
          ? { messageId: "badUid", data: { uid: JSON.stringify(view.uid) } }
          : { messageId: "noUid" }),
      });
    }
    if (view.title.trim() === "") {
      out.push({
        path: ["title"],
        messageId: "noTitle",
      });
    }
    return out;
  },
};
