import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { load } from "js-yaml";
import { buildProject } from "../../../src/pipeline/project.ts";
import { obsforgeInProcess } from "../../helpers/in-process-cli.ts";
import { DEFINITIONS, PROJECT_ROOT } from "../../helpers/paths.ts";
import { copyTree, tempDir, tempTree } from "../../helpers/temp.ts";

/** The real amtool (Debian's prometheus-alertmanager package, 0.25). */
function amtool(args: readonly string[]) {
  const r = spawnSync("amtool", args, { encoding: "utf8" });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SERVICE = `import { alert, defineService } from "obsforge";
export default defineService({
  name: "api",
  team: "web",
  groups: [{ name: "api", rules: [alert({ name: "ApiDown", expr: 'up{job="api"} == 0', severity: "page" })] }],
});
`;

function routingModule(receiver: string): string {
  return `import { defineRouting, slackReceiver } from "obsforge";
export default defineRouting({
  receivers: [
    ${receiver},
  ],
  teams: { web: { page: "web-slack", ticket: "web-slack" } },
});
`;
}

describe("out/alertmanager/alertmanager.yml", () => {
  test("the example estate's configuration is accepted by amtool check-config", async () => {
    const dir = await tempDir();
    const built = await buildProject({
      definitions: DEFINITIONS,
      out: join(dir, "out"),
      cwd: PROJECT_ROOT,
      cache: false,
    });
    expect(built.ok).toBe(true);
    const file = join(dir, "out/alertmanager/alertmanager.yml");
    const run = amtool(["check-config", file]);
    expect(run.stdout + run.stderr).toContain("SUCCESS");
    expect(run.status).toBe(0);
    // And it is the committed out/ byte for byte (check covers it too).
    expect(readFileSync(file, "utf8")).toBe(
      readFileSync(join(PROJECT_ROOT, "out/alertmanager/alertmanager.yml"), "utf8"),
    );
    const manifest = JSON.parse(readFileSync(join(dir, "out/manifest.json"), "utf8"));
    expect(JSON.stringify(manifest)).toContain("alertmanager/alertmanager.yml");
  });

  test("a definition with an inline secret fails the build in one line, without the secret, and writes nothing", async () => {
    const secret = "https://hooks.slack.com/services/T000/B000/s3cr3tT0ken";
    const dir = await tempTree({
      "definitions/api.ts": SERVICE,
      "definitions/routing.ts": routingModule(
        `slackReceiver({ name: "web-slack", apiUrl: ${JSON.stringify(secret)} })`,
      ),
    });
    const run = await obsforgeInProcess(["build"], dir);
    expect(run.code).toBe(1);
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines).toEqual([
      expect.stringMatching(
        /^definitions\/routing\.ts:4:\d+: receivers\[0\]\.apiUrl: expected a secret reference, got an inline secret .*set apiUrlFile to its path$/,
      ),
      "obsforge build: 1 error(s); out/ left unchanged",
    ]);
    expect(run.stderr).not.toContain("s3cr3t");
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  test("a webhook URL with credentials counts as an inline secret", async () => {
    const dir = await tempTree({
      "definitions/api.ts": SERVICE,
      "definitions/routing.ts": routingModule(
        `slackReceiver({ name: "web-slack", apiUrlFile: "/s/slack" }),
    { type: "webhook", name: "hook", url: "https://user:hunter2@hooks.example.com/x" }`,
      ),
    });
    const run = await obsforgeInProcess(["build"], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/receivers\[1\]\.url: expected a URL without credentials/);
    expect(run.stderr).not.toContain("hunter2");
    expect(existsSync(join(dir, "out"))).toBe(false);
  });

  test("every receiver type is written with its secret as a *_file path", async () => {
    const dir = await tempTree({
      "definitions/api.ts": SERVICE,
      "definitions/routing.ts": `import { defineRouting, emailReceiver, msteamsReceiver, opsgenieReceiver, pagerdutyReceiver, slackReceiver, webhookReceiver } from "obsforge";
export default defineRouting({
  receivers: [
    slackReceiver({ name: "a-slack", apiUrlFile: "/s/slack", channel: "#a" }),
    pagerdutyReceiver({ name: "b-pagerduty", routingKeyFile: "/s/pd" }),
    webhookReceiver({ name: "c-webhook", url: "https://hook.example.com/x", credentialsFile: "/s/tok" }),
    emailReceiver({ name: "d-email", to: "a@example.com", from: "b@example.com", smarthost: "smtp.example.com:25", authPasswordFile: "/s/pw" }),
    opsgenieReceiver({ name: "e-opsgenie", apiKeyFile: "/s/og" }),
    msteamsReceiver({ name: "f-msteams", webhookUrlFile: "/s/teams" }),
  ],
  teams: { web: { page: ["b-pagerduty", "e-opsgenie"], ticket: ["a-slack", "c-webhook", "d-email", "f-msteams"] } },
});
`,
    });
    const run = await obsforgeInProcess(["build"], dir);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const doc = load(readFileSync(join(dir, "out/alertmanager/alertmanager.yml"), "utf8")) as {
      receivers: Record<string, unknown>[];
    };
    expect(doc.receivers).toEqual([
      { name: "a-slack", slack_configs: [{ api_url_file: "/s/slack", channel: "#a" }] },
      { name: "b-pagerduty", pagerduty_configs: [{ routing_key_file: "/s/pd" }] },
      {
        name: "c-webhook",
        webhook_configs: [
          {
            url: "https://hook.example.com/x",
            http_config: { authorization: { credentials_file: "/s/tok" } },
          },
        ],
      },
      {
        name: "d-email",
        email_configs: [
          {
            to: "a@example.com",
            from: "b@example.com",
            smarthost: "smtp.example.com:25",
            auth_password_file: "/s/pw",
          },
        ],
      },
      { name: "e-opsgenie", opsgenie_configs: [{ api_key_file: "/s/og" }] },
      // msteams_configs needs Alertmanager 0.26; amtool 0.25 here cannot check it.
      { name: "f-msteams", msteams_configs: [{ webhook_url_file: "/s/teams" }] },
      { name: "unrouted" },
    ]);
  });

  test("obsforge check finds an edited alertmanager.yml stale", async () => {
    const dir = await tempDir();
    await copyTree(DEFINITIONS, join(dir, "definitions"));
    expect((await obsforgeInProcess(["build", "--no-cache"], dir)).code).toBe(0);
    expect(await obsforgeInProcess(["check", "--no-cache"], dir)).toMatchObject({ code: 0 });
    const path = join(dir, "out/alertmanager/alertmanager.yml");
    writeFileSync(
      path,
      readFileSync(path, "utf8").replace("repeat_interval: 4h", "repeat_interval: 1h"),
    );
    const stale = await obsforgeInProcess(["check", "--no-cache"], dir);
    expect(stale.code).toBe(1);
    expect(stale.stdout + stale.stderr).toContain("alertmanager/alertmanager.yml");
  });

  test("two builds of the example estate write the same bytes", async () => {
    const dir = await tempDir();
    await copyTree(DEFINITIONS, join(dir, "definitions"));
    await obsforgeInProcess(["build", "--no-cache"], dir);
    const first = readFileSync(join(dir, "out/alertmanager/alertmanager.yml"), "utf8");
    await obsforgeInProcess(["build"], dir);
    await obsforgeInProcess(["build"], dir);
    expect(readFileSync(join(dir, "out/alertmanager/alertmanager.yml"), "utf8")).toBe(first);
  });
});
