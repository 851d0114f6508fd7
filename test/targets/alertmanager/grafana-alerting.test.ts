import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { load } from "js-yaml";
import { describe, expect, test } from "vitest";
import { parseRouting } from "../../../src/estate/build.ts";
import type { AlertmanagerConfig, AmRoute } from "../../../src/targets/alertmanager/config-file.ts";
import { estateAlerts } from "../../../src/targets/alertmanager/alerts.ts";
import { grafanaAlertingProvisioning } from "../../../src/targets/alertmanager/grafana-alerting.ts";
import type { GrafanaAlertingProvisioning } from "../../../src/targets/alertmanager/grafana-alerting.ts";
import { formatMatcher, type LabelMatcher } from "../../../src/targets/alertmanager/matchers.ts";
import { readConfig } from "../../../src/targets/alertmanager/read-config.ts";
import { matchRoutes } from "../../../src/targets/alertmanager/route-match.ts";
import { type RouteNode, routeTree } from "../../../src/targets/alertmanager/tree.ts";
import type { NotificationPolicy } from "@grafana/grafana-foundation-sdk/alerting";
import { validateProject } from "../../../src/pipeline/project.ts";
import { obsforgeInProcess } from "../../helpers/in-process-cli.ts";
import { DEFINITIONS, PROJECT_ROOT } from "../../helpers/paths.ts";
import { tempDir, tempTree } from "../../helpers/temp.ts";
import { typecheckModules } from "../../helpers/typecheck.ts";

/**
 * out/grafana/provisioning/alerting.yml: Grafana-managed alerting from the
 * same routing definition. Debian has no Grafana, so the file is judged by
 * what stands in for it: its policy tree must mean what alertmanager.yml's
 * route tree means (amtool checks that one, and the converted policy tree
 * too), its mute timings are alertmanager.yml's time intervals, its shape
 * typechecks against the foundation SDK's alerting types, and each
 * integration's settings keys are grafana/alerting's (receivers/<type>/v1/config.go).
 */
const OUT = join(PROJECT_ROOT, "out");
const grafanaFile = load(
  readFileSync(join(OUT, "grafana/provisioning/alerting.yml"), "utf8"),
) as GrafanaAlertingProvisioning;
const amFile = load(
  readFileSync(join(OUT, "alertmanager/alertmanager.yml"), "utf8"),
) as AlertmanagerConfig;

type Policy = NotificationPolicy;

/** Grafana reads `$$` back as `$` in policies and settings. */
const readDollars = (s: string) => s.replaceAll("$$", "$");

/** A notification policy read back into the tree the route semantics walk. */
function policyNode(policy: Policy, origin: string): RouteNode {
  const timing = {
    ...(policy.group_wait !== undefined && { groupWait: policy.group_wait }),
    ...(policy.group_interval !== undefined && { groupInterval: policy.group_interval }),
    ...(policy.repeat_interval !== undefined && { repeatInterval: policy.repeat_interval }),
  };
  return {
    origin,
    matchers: (policy.object_matchers ?? []).map(([name, op, value]) => ({
      name: name!,
      op: op as LabelMatcher["op"],
      value: readDollars(value!),
    })),
    ...(policy.receiver !== undefined && { receiver: policy.receiver }),
    continue: policy.continue === true,
    ...(policy.group_by !== undefined && { groupBy: policy.group_by }),
    ...(Object.keys(timing).length > 0 && { timing }),
    activeTimeIntervals: (policy.active_time_intervals ?? []).map(readDollars),
    muteTimeIntervals: (policy.mute_time_intervals ?? []).map(readDollars),
    routes: (policy.routes ?? []).map((r, i) => policyNode(r, `${origin}.routes[${i}]`)),
  };
}

/** A tree without its origins (they name positions, which differ by file). */
function meaning(node: RouteNode, receiverOf: (r: string) => string = (r) => r): unknown {
  const { origin: _, routes, receiver, ...rest } = node;
  return {
    ...rest,
    ...(receiver !== undefined && { receiver: receiverOf(receiver) }),
    routes: routes.map((r) => meaning(r, receiverOf)),
  };
}

/** The policy tree back in alertmanager.yml's words, for amtool. */
function amRoute(node: RouteNode): AmRoute {
  return {
    ...(node.receiver !== undefined && { receiver: node.receiver }),
    ...(node.groupBy !== undefined && { group_by: node.groupBy }),
    ...(node.continue && { continue: true }),
    ...(node.matchers.length > 0 && { matchers: node.matchers.map(formatMatcher) }),
    ...(node.timing?.groupWait !== undefined && { group_wait: node.timing.groupWait }),
    ...(node.timing?.groupInterval !== undefined && { group_interval: node.timing.groupInterval }),
    ...(node.timing?.repeatInterval !== undefined && {
      repeat_interval: node.timing.repeatInterval,
    }),
    ...(node.muteTimeIntervals.length > 0 && { mute_time_intervals: node.muteTimeIntervals }),
    ...(node.activeTimeIntervals.length > 0 && {
      active_time_intervals: node.activeTimeIntervals,
    }),
    ...(node.routes.length > 0 && { routes: node.routes.map(amRoute) }),
  };
}

const SERVICE = `import { alert, defineService } from "obsforge";
export default defineService({
  name: "api",
  team: "web",
  groups: [{ name: "api", rules: [alert({ name: "ApiDown", expr: 'up{job="api"} == 0', severity: "page" })] }],
});
`;

function routingModule(receivers: string, extra = "grafana: { orgId: 3 },"): string {
  return `import { defineRouting, emailReceiver, msteamsReceiver, opsgenieReceiver, pagerdutyReceiver, slackReceiver, webhookReceiver } from "obsforge";
export default defineRouting({
  receivers: [
    ${receivers}
  ],
  teams: { web: { page: "web-pagerduty", ticket: "web-pagerduty" } },
  ${extra}
});
`;
}

describe("out/grafana/provisioning/alerting.yml of the example estate", () => {
  const policies = grafanaFile.policies;
  const grafanaTree = policyNode(policies[0]!, "policies[0]");
  const amTree = readConfig(amFile).tree;
  const declared = new Set(grafanaFile.contactPoints.map((c) => c.name));
  // alertmanager.yml's default receiver has no integrations; Grafana's root takes its default contact point.
  const toGrafana = (r: string) => (declared.has(r) ? r : "grafana-default-email");

  test("is one organisation's file: apiVersion 1, one root policy, orgId 1 everywhere", () => {
    expect(grafanaFile.apiVersion).toBe(1);
    expect(policies).toHaveLength(1);
    const orgIds = [
      ...grafanaFile.contactPoints.map((c) => c.orgId),
      ...policies.map((p) => p.orgId),
      ...(grafanaFile.muteTimes ?? []).map((m) => m.orgId),
    ];
    expect(new Set(orgIds)).toEqual(new Set([1]));
  });

  test("its policy tree is alertmanager.yml's route tree, route for route", () => {
    expect(amTree.receiver).toBe("unrouted");
    expect(grafanaTree.receiver).toBe("grafana-default-email");
    expect(meaning(grafanaTree)).toEqual(meaning(amTree, toGrafana));
  });

  test("every alert of the estate reaches the same receivers, with the same timing, in both trees", async () => {
    const project = await validateProject({
      definitions: DEFINITIONS,
      cwd: PROJECT_ROOT,
      cache: false,
    });
    expect(project.ok).toBe(true);
    if (!project.ok) return;
    const alerts = estateAlerts(project.value.estate);
    expect(alerts.length).toBeGreaterThan(20);
    for (const alert of alerts) {
      const labels = { alertname: alert.name, ...alert.labels };
      const strip = (m: ReturnType<typeof matchRoutes>[number], receiverOf = (r: string) => r) => ({
        receiver: receiverOf(m.receiver),
        groupBy: m.groupBy,
        timing: m.timing,
        activeTimeIntervals: m.activeTimeIntervals,
        muteTimeIntervals: m.muteTimeIntervals,
      });
      expect(matchRoutes(grafanaTree, labels).map((m) => strip(m))).toEqual(
        matchRoutes(amTree, labels).map((m) => strip(m, toGrafana)),
      );
    }
  });

  test("the policy tree, in alertmanager.yml's words, is a tree amtool accepts", async () => {
    const dir = await tempDir();
    const config = {
      route: amRoute(grafanaTree),
      receivers: [...declared, "grafana-default-email"].map((name) => ({ name })),
      time_intervals: grafanaFile.muteTimes?.map(({ orgId: _, ...t }) => t),
    };
    await writeFile(join(dir, "alertmanager.yml"), JSON.stringify(config));
    const run = spawnSync("amtool", ["check-config", join(dir, "alertmanager.yml")], {
      encoding: "utf8",
    });
    expect(run.stdout + run.stderr).toContain("SUCCESS");
    expect(run.status).toBe(0);
  });

  test("its mute timings are alertmanager.yml's time intervals, in the same YAML", () => {
    expect(grafanaFile.muteTimes?.map(({ orgId: _, ...t }) => t)).toEqual(amFile.time_intervals);
  });

  test("one contact point per receiver, one integration each, uid a valid Grafana uid", () => {
    const amReceivers = amFile.receivers.filter((r) => Object.keys(r).length > 1);
    expect(grafanaFile.contactPoints.map((c) => c.name)).toEqual(amReceivers.map((r) => r.name));
    for (const c of grafanaFile.contactPoints) {
      expect(c.receivers).toHaveLength(1);
      expect(c.receivers[0]!.uid).toMatch(/^[A-Za-z0-9_-]{1,40}$/);
    }
  });

  test("no secret is written: every secret setting is a $__file reference to alertmanager.yml's file", () => {
    const files = JSON.stringify(amFile.receivers).match(/\/etc\/alertmanager\/secrets\/[\w-]+/g)!;
    const text = JSON.stringify(grafanaFile.contactPoints);
    const references = text.match(/\$__file\{[^}]+\}/g)!;
    // The SMTP password is Grafana's [smtp] setting, not the email contact point's.
    expect(references.map((r) => r.slice(8, -1)).sort()).toEqual(
      files.filter((f) => !f.endsWith("smtp-password")).sort(),
    );
  });

  test("typechecks against the foundation SDK's alerting types, excess keys refused", async () => {
    const dir = await tempDir();
    const module = (
      doc: GrafanaAlertingProvisioning,
    ) => `import type { ContactPoint, NotificationPolicy } from "@grafana/grafana-foundation-sdk/alerting";
export const policies = ${JSON.stringify(doc.policies.map(({ orgId: _, ...p }) => p))} satisfies NotificationPolicy[];
export const integrations = ${JSON.stringify(doc.contactPoints.flatMap((c) => c.receivers.map((r) => ({ ...r, name: c.name }))))} satisfies ContactPoint[];
`;
    await writeFile(join(dir, "alerting.ts"), module(grafanaFile));
    // The check can fail: a misspelt policy key is refused.
    const misspelt = JSON.parse(JSON.stringify(grafanaFile)) as GrafanaAlertingProvisioning;
    (misspelt.policies[0] as unknown as Record<string, unknown>).object_matcher = [["a", "=", "b"]];
    await writeFile(join(dir, "misspelt.ts"), module(misspelt));
    const sdk = {
      "@grafana/grafana-foundation-sdk/*": [
        resolve(PROJECT_ROOT, "node_modules/@grafana/grafana-foundation-sdk/dist/*/index.d.ts"),
      ],
    };
    const good = await typecheckModules(dir, ["alerting.ts"], sdk);
    expect(good.output).toBe("");
    expect(good.status).toBe(0);
    const bad = await typecheckModules(dir, ["misspelt.ts"], sdk);
    expect(bad.output).toMatch(/'"object_matcher"' does not exist in type 'NotificationPolicy'/);
    expect(bad.status).not.toBe(0);
  }, 300_000);
});

describe("Grafana contact points per receiver kind", () => {
  test("each kind maps to Grafana's type with grafana/alerting's settings keys", async () => {
    const dir = await tempTree({
      "definitions/api.ts": SERVICE,
      "definitions/routing.ts":
        routingModule(`slackReceiver({ name: "web-slack", apiUrlFile: "/s/slack-11", channel: "#web-12", title: "t13", text: "x14" }),
    pagerdutyReceiver({ name: "web-pagerduty", routingKeyFile: "/s/pd-21", severity: "error", sendResolved: false }),
    webhookReceiver({ name: "web-hook", url: "https://hook.example.com/31", credentialsFile: "/s/tok-32", maxAlerts: 33 }),
    emailReceiver({ name: "web-email", to: "a41@example.com", from: "b42@example.com", smarthost: "smtp.example.com:43", authPasswordFile: "/s/pw-44", sendResolved: true }),
    opsgenieReceiver({ name: "web-opsgenie", apiKeyFile: "/s/og-51" }),
    msteamsReceiver({ name: "web-msteams", webhookUrlFile: "/s/teams-61", title: "t62", text: "x63" }),`),
    });
    const run = await obsforgeInProcess(["build"], dir);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const doc = load(
      readFileSync(join(dir, "out/grafana/provisioning/alerting.yml"), "utf8"),
    ) as GrafanaAlertingProvisioning;
    const integration = (name: string, type: string, settings: object, disable: boolean) => ({
      orgId: 3,
      name,
      receivers: [{ uid: name, type, settings, disableResolveMessage: disable }],
    });
    expect(doc.contactPoints).toEqual([
      // Slack leaves send_resolved off in Alertmanager; Grafana would send it.
      integration(
        "web-slack",
        "slack",
        { url: "$__file{/s/slack-11}", recipient: "#web-12", title: "t13", text: "x14" },
        true,
      ),
      integration(
        "web-pagerduty",
        "pagerduty",
        { integrationKey: "$__file{/s/pd-21}", severity: "error" },
        true,
      ),
      integration(
        "web-hook",
        "webhook",
        {
          url: "https://hook.example.com/31",
          maxAlerts: 33,
          authorization_credentials: "$__file{/s/tok-32}",
        },
        false,
      ),
      // Sender, server and login are Grafana's [smtp] settings.
      integration("web-email", "email", { addresses: "a41@example.com" }, false),
      integration("web-opsgenie", "opsgenie", { apiKey: "$__file{/s/og-51}" }, false),
      integration(
        "web-msteams",
        "teams",
        { url: "$__file{/s/teams-61}", title: "t62", message: "x63" },
        false,
      ),
    ]);
    expect(JSON.stringify(doc)).not.toContain("b42@example.com");
    expect(JSON.stringify(doc)).not.toContain("/s/pw-44");
  });

  test("without grafana in the routing no alerting.yml is written", async () => {
    const dir = await tempTree({
      "definitions/api.ts": SERVICE,
      "definitions/routing.ts": routingModule(
        `pagerdutyReceiver({ name: "web-pagerduty", routingKeyFile: "/s/pd" }),`,
        "",
      ),
    });
    const run = await obsforgeInProcess(["build"], dir);
    expect(run.code).toBe(0);
    expect(existsSync(join(dir, "out/alertmanager/alertmanager.yml"))).toBe(true);
    expect(existsSync(join(dir, "out/grafana/provisioning/alerting.yml"))).toBe(false);
    expect(readFileSync(join(dir, "out/manifest.json"), "utf8")).not.toContain("alerting.yml");
  });

  test("a PagerDuty service key file with grafana fails the build in one line and writes nothing", async () => {
    const dir = await tempTree({
      "definitions/api.ts": SERVICE,
      "definitions/routing.ts": routingModule(
        `pagerdutyReceiver({ name: "web-pagerduty", serviceKeyFile: "/s/pd-v1" }),`,
      ),
    });
    const run = await obsforgeInProcess(["build"], dir);
    expect(run.code).toBe(1);
    expect(run.stderr.trimEnd().split("\n")).toEqual([
      expect.stringMatching(
        /^definitions\/routing\.ts(:\d+:\d+)?: receivers\[0\]\.serviceKeyFile: expected routingKeyFile when the routing sets grafana, got serviceKeyFile: Grafana's PagerDuty integration sends to the Events API v2 only/,
      ),
      "obsforge build: 1 error(s); out/ left unchanged",
    ]);
    expect(existsSync(join(dir, "out"))).toBe(false);
    // The same receiver without grafana is Alertmanager's v1 integration, and builds.
    const plain = await tempTree({
      "definitions/api.ts": SERVICE,
      "definitions/routing.ts": routingModule(
        `pagerdutyReceiver({ name: "web-pagerduty", serviceKeyFile: "/s/pd-v1" }),`,
        "",
      ),
    });
    expect((await obsforgeInProcess(["build"], plain)).code).toBe(0);
  });

  test.for([
    [
      "an OpsGenie priority",
      `opsgenieReceiver({ name: "web-opsgenie", apiKeyFile: "/s/og", priority: "P2" })`,
      /receivers\[1\]\.priority: expected no priority when the routing sets grafana, got "P2"/,
    ],
    [
      "a relative secret path",
      `slackReceiver({ name: "web-slack", apiUrlFile: "secrets/slack" })`,
      /receivers\[1\]\.apiUrlFile: expected an absolute path when the routing sets grafana, got "secrets\/slack"/,
    ],
    [
      "a secret path with a }",
      `msteamsReceiver({ name: "web-msteams", webhookUrlFile: "/s/te}ams" })`,
      /receivers\[1\]\.webhookUrlFile: expected a path without \$ or \} when the routing sets grafana, got "\/s\/te\}ams"/,
    ],
  ] as const)("%s is refused with grafana", async ([, receiver, message]) => {
    const dir = await tempTree({
      "definitions/api.ts": SERVICE,
      "definitions/routing.ts": routingModule(
        `pagerdutyReceiver({ name: "web-pagerduty", routingKeyFile: "/s/pd" }),\n    ${receiver},`,
      ),
    });
    const run = await obsforgeInProcess(["build"], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(existsSync(join(dir, "out"))).toBe(false);
  });
});

describe("grafanaAlertingProvisioning", () => {
  function provisioning(spec: Record<string, unknown>) {
    const parsed = parseRouting({ kind: "routing", ...spec });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const routing = parsed.value;
    return grafanaAlertingProvisioning(
      { ...routing, grafana: routing.grafana! },
      routeTree(routing),
    );
  }

  test("a literal $ in a matcher, a template or an interval name is written $$; mute timing names are not expanded", () => {
    const doc = provisioning({
      receivers: [{ type: "slack", name: "s", apiUrlFile: "/s/a", title: "{{ $labels.job }}" }],
      timeIntervals: [{ name: "off$hours", intervals: [{ weekdays: ["saturday"] }] }],
      routes: [
        {
          matchers: { job: { op: "=~", value: "api.*$" } },
          receivers: ["s"],
          muteTimeIntervals: ["off$hours"],
        },
      ],
      grafana: {},
    });
    expect(doc.contactPoints[0]!.receivers[0]!.settings.title).toBe("{{ $$labels.job }}");
    const route = doc.policies[0]!.routes![0]!;
    expect(route.object_matchers).toEqual([["job", "=~", "api.*$$"]]);
    expect(route.mute_time_intervals).toEqual(["off$$hours"]);
    expect(doc.muteTimes![0]!.name).toBe("off$hours");
  });

  test("a receiver name longer than 40 characters gets a slug-and-hash uid", () => {
    const name = "payments-checkout-europe-west-primary-pagerduty-escalation";
    const doc = provisioning({
      receivers: [{ type: "pagerduty", name, routingKeyFile: "/s/pd" }],
      grafana: {},
    });
    const uid = doc.contactPoints[0]!.receivers[0]!.uid;
    expect(uid.length).toBeLessThanOrEqual(40);
    expect(uid).toMatch(/^payments-checkout-europe-west-p-[0-9a-f]{8}$/);
    expect(doc.contactPoints[0]!.name).toBe(name);
  });

  test("the root takes the default receiver when it is declared, else defaultContactPoint", () => {
    const receivers = [{ type: "pagerduty", name: "oncall", routingKeyFile: "/s/pd" }];
    expect(provisioning({ receivers, grafana: {} }).policies[0]!.receiver).toBe(
      "grafana-default-email",
    );
    expect(
      provisioning({ receivers, grafana: { defaultContactPoint: "ops-catch-all" } }).policies[0]!
        .receiver,
    ).toBe("ops-catch-all");
    expect(
      provisioning({ receivers, defaultReceiver: "oncall", grafana: {} }).policies[0]!.receiver,
    ).toBe("oncall");
  });

  test("a route naming the undeclared default receiver also takes defaultContactPoint", () => {
    const doc = provisioning({
      receivers: [{ type: "pagerduty", name: "oncall", routingKeyFile: "/s/pd" }],
      routes: [{ matchers: { env: "dev" }, receivers: ["unrouted"] }],
      grafana: { orgId: 7 },
    });
    expect(doc.policies[0]).toMatchObject({
      orgId: 7,
      receiver: "grafana-default-email",
      routes: [{ receiver: "grafana-default-email", object_matchers: [["env", "=", "dev"]] }],
    });
  });
});
