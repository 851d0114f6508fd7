import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AlertmanagerConfig } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1alpha1/AlertmanagerConfig";
import { load } from "js-yaml";
import { describe, expect, test } from "vitest";
import { PROJECT_ROOT } from "../../helpers/paths.ts";

/**
 * out/alertmanager/alertmanagerconfig.yml against the AlertmanagerConfig
 * CRD schema, through @kubernetes-models/prometheus-operator's validator
 * (ajv code generated from the CRD's openAPIV3Schema).
 */
const OUT = join(PROJECT_ROOT, "out/alertmanager");
const text = readFileSync(join(OUT, "alertmanagerconfig.yml"), "utf8");
const resource = load(text) as Record<string, unknown> & { spec: Record<string, unknown> };

function validate(doc: unknown): string {
  try {
    new AlertmanagerConfig(doc as never).validate();
    return "valid";
  } catch (error) {
    return (error as Error).message;
  }
}

interface Route {
  receiver?: string;
  routes?: Route[];
  matchers?: unknown[];
  continue?: boolean;
}

describe("AlertmanagerConfig resource", () => {
  test("the example estate's resource validates against the CRD schema, every nested route too", () => {
    expect(resource.apiVersion).toBe("monitoring.coreos.com/v1alpha1");
    expect(resource.kind).toBe("AlertmanagerConfig");
    expect(validate(resource)).toBe("valid");
    // The CRD leaves nested routes unchecked (the operator reads them with the same Route
    // type): each is validated as the top route of a copy.
    const nested: Route[] = [];
    const walk = (r: Route) => {
      for (const child of r.routes ?? []) {
        nested.push(child);
        walk(child);
      }
    };
    walk(resource.spec.route as Route);
    expect(nested.length).toBe(7);
    for (const r of nested)
      expect(
        validate({ ...resource, spec: { ...resource.spec, route: { ...r, routes: [] } } }),
      ).toBe("valid");
  });

  test("the validator refuses what the CRD refuses (a matcher type it does not know)", () => {
    const broken = {
      ...resource,
      spec: {
        ...resource.spec,
        route: { receiver: "unrouted", matchers: [{ name: "a", value: "b", matchType: "~=" }] },
      },
    };
    expect(validate(broken)).toMatch(/matchType must be equal to one of the allowed values/);
  });

  test("its routes are alertmanager.yml's, route for route, and its secrets are Secret keys", () => {
    const config = load(readFileSync(join(OUT, "alertmanager.yml"), "utf8")) as { route: Route };
    const shape = (r: Route): unknown => ({
      receiver: r.receiver,
      continue: r.continue === true,
      matchers: r.matchers?.length ?? 0,
      routes: (r.routes ?? []).map(shape),
    });
    expect(shape(resource.spec.route as Route)).toEqual(shape(config.route));
    const receivers = resource.spec.receivers as Record<string, unknown>[];
    expect(receivers.find((r) => r.name === "payments-slack")).toEqual({
      name: "payments-slack",
      slackConfigs: [
        {
          sendResolved: true,
          apiURL: { name: "alertmanager-secrets", key: "payments-slack-url" },
          channel: "#payments-alerts",
        },
      ],
    });
    expect(text).not.toMatch(/hooks\.slack\.com|_file:/);
  });

  test("its header says which namespace matcher the operator adds", () => {
    expect(text).toContain(
      '# The Prometheus Operator adds namespace="monitoring" to this resource\'s route and inhibit rules',
    );
  });
});
