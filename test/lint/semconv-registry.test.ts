import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { extractSemconv, REGISTRY_FILE, SEMCONV_CORPUS } from "../../scripts/extract-semconv.ts";
import { loadSemconvRegistry } from "../../src/lint/semconv-registry.ts";

describe("the semantic-conventions registry data", () => {
  test("src/lint/semconv-registry.json is what `npm run semconv` extracts from ../shared/corpora/semconv (run it after a registry update)", () => {
    expect(readFileSync(REGISTRY_FILE, "utf8")).toBe(extractSemconv(SEMCONV_CORPUS));
  });

  test("records the registry release it came from", async () => {
    expect((await loadSemconvRegistry()).version).toBe("1.44.0");
  });

  // Values read by hand in model/http/metrics.yaml and model/http/common.yaml (v1.44.0).
  test("http.server.request.duration: a stable histogram in s, with the attributes its extends chain brings", async () => {
    const m = (await loadSemconvRegistry()).metrics["http.server.request.duration"];
    expect(m).toEqual({
      instrument: "histogram",
      unit: "s",
      stability: "stable",
      attributes: {
        "error.type": "conditionally_required",
        "http.request.method": "required",
        "http.response.status_code": "conditionally_required",
        "http.route": "conditionally_required",
        "network.protocol.name": "conditionally_required",
        "network.protocol.version": "recommended",
        "server.address": "opt_in",
        "server.port": "opt_in",
        "url.scheme": "required",
        "user_agent.synthetic.type": "opt_in",
      },
    });
  });

  test("reads the v2 file format (hardware) and joins a metric's refinements into its attributes", async () => {
    const { metrics } = await loadSemconvRegistry();
    expect(metrics["hw.temperature"]).toMatchObject({ instrument: "gauge", unit: "Cel" });
    // hw.status is refined per hardware type; the fan's and the battery's attributes are both on it.
    expect(Object.keys(metrics["hw.status"]!.attributes)).toEqual(
      expect.arrayContaining(["hw.id", "hw.state", "hw.type", "hw.battery.chemistry"]),
    );
  });

  test("keeps deprecated metrics with the name they were renamed to", async () => {
    const { metrics } = await loadSemconvRegistry();
    const deprecated = Object.entries(metrics).filter(([, m]) => m.deprecated !== undefined);
    expect(deprecated.length).toBeGreaterThan(0);
    for (const [, m] of deprecated) expect(m.deprecated).not.toBe("");
  });
});
