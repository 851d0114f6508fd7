import { alert, defineService, record, selector } from "obsforge";

export default defineService({
  name: "demo",
  team: "platform",
  groups: [
    {
      name: "demo",
      rules: [
        record({ name: "job:up:sum", expr: `sum by (job) (${selector("up", { job: 'a"b' })})` }),
        alert({
          name: "Down",
          expr: "job:up:sum == 0",
          for: "5m",
          severity: "page",
          annotations: { summary: "Down", runbookUrl: "https://x.example/r" },
        }),
      ],
    },
  ],
});
