import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { lintProject } from "../../src/pipeline/lint.ts";
import { formatText } from "../../src/report/text.ts";
import { PROJECT_ROOT } from "../helpers/paths.ts";
import { tempTree } from "../helpers/temp.ts";

const SERVICE = `import { alert, defineService } from "obsforge";
export default defineService({
  name: "api",
  team: "mobile",
  groups: [{ name: "api", rules: [alert({ name: "ApiDown", expr: 'up{job="api"} == 0', severity: "page", for: "5m", annotations: { summary: "x", runbookUrl: "https://x.example.com" } })] }],
});
`;

const ROUTING = `import { defineRouting, slackReceiver } from "obsforge";
export default defineRouting({
  receivers: [
    slackReceiver({ name: "web-slack", apiUrlFile: "/s/slack" }),
    slackReceiver({ name: "old-slack", apiUrlFile: "/s/old" }),
  ],
  teams: { web: { page: "web-slack", ticket: "web-slack" } },
  routes: [{ matchers: { servce: "api" }, receivers: ["web-slack"] }],
  inhibitions: { rules: [{ source: { alertname: "ApiDown" }, target: { severity: "page" }, equal: ["route"] }] },
});
`;

describe("routing checks on an estate", () => {
  test("each finding is placed in the routing definition, at the field to fix", async () => {
    const dir = await tempTree({
      "definitions/api.ts": SERVICE,
      "definitions/routing.ts": ROUTING,
    });
    const result = await lintProject({ cwd: dir });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const routing = result.value.findings.filter((f) => f.code.startsWith("routing/"));
    expect(
      routing.map((f) => [f.code, f.file, f.span?.line, f.span?.column, f.path.join(".")]),
    ).toEqual([
      ["routing/unused-receiver", "definitions/routing.ts", 5, 28, "receivers.1.name"],
      ["routing/unrouted-alert", "definitions/routing.ts", 7, 3, "teams"],
      [
        "routing/unknown-matcher-label",
        "definitions/routing.ts",
        8,
        35,
        "routes.0.matchers.servce",
      ],
      [
        "routing/inhibit-equal-absent",
        "definitions/routing.ts",
        9,
        92,
        "inhibitions.rules.0.equal",
      ],
    ]);
    expect(formatText(routing)).toContain(
      'error routing/unrouted-alert: expected a route for alert ApiDown (prometheus/api.rules.yml, team "mobile", severity "page"), got none: it goes to the default receiver unrouted; add its team to teams',
    );
  });

  test("the example estate's routing gives no routing finding", async () => {
    expect(readFileSync(join(PROJECT_ROOT, "definitions/routing.ts"), "utf8")).toContain(
      "defineRouting",
    );
    const result = await lintProject({ cwd: PROJECT_ROOT });
    expect(result.ok && result.value.findings.filter((f) => f.code.startsWith("routing/"))).toEqual(
      [],
    );
  });
});
